// Writing an output file so that a reader never sees half of it and nothing valuable is lost.
#pragma once

#include <filesystem>
#include <string_view>

#include "frontline/error.hpp"

namespace frontline {

// Writes `contents` to a temporary file beside `path`, flushes and closes it (checking both), then
// renames it over `path`: `path` holds either its old contents or the new ones, never a part.
// Refuses (bad_request) when `path` is `protect` (the store being read) or one of its journal
// files, or a folder.
Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view contents,
                                   const std::filesystem::path& protect = {});

}  // namespace frontline
