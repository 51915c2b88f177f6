// Walks the inputs of an import: a single file, a folder (recursively, sorted by name), or a
// .tar / .tar.zst / .tar.gz archive read as a stream (libarchive; zstd frames with a window of
// up to 2 GiB, as `zstd --long` writes them, are decoded here because libarchive caps the window).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "frontline/error.hpp"

namespace frontline::io {

struct InputFile {
  std::string display_name;  // "archive.tar.zst:dir/123.geojson" or the file path
  std::string base_name;     // "123.geojson"
  std::string contents;      // capacity leaves room for the JSON parser's padding
};

// Calls `visit` for every .geojson / .json input in order. A visit error stops the walk.
Result<void> for_each_input(const std::filesystem::path& path, const std::function<Result<void>(InputFile&)>& visit);

// Padding the JSON parser may read past the end of the contents.
inline constexpr std::size_t kParsePadding = 64;

}  // namespace frontline::io
