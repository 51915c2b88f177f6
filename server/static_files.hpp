// The built web app (web/dist) served by `frontline serve`, through the same memory cache and
// compression as the API's answers.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "server/api.hpp"

namespace frontline::server {

// The paths the API answers (/api/..., /tiles/..., /base/..., /site.json) are never files.
bool is_api_path(std::string_view path);

// The file of `dir` that `path` names ("/" is index.html), as an answer with its media type;
// nullopt when there is none. Paths that climb out of `dir` ("..") or name hidden files are never
// served; files over 64 MB neither. Files under /assets/ (named by their content by Vite) are
// immutable.
std::optional<ApiResponse> static_file(const std::filesystem::path& dir, std::string_view path);

}  // namespace frontline::server
