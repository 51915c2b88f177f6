// Walks the inputs of an import: a single file, a folder (recursively, sorted by name), or a
// tar archive, plain or compressed with zstd, gzip or xz (src/io/decoded_stream.hpp), read as a
// stream through libarchive.
//
// Every input is untrusted, so the walk is bounded: an entry's contents grow only as its bytes
// arrive (a header's size claim is never used to allocate), one file or entry may hold at most
// `max_entry_bytes`, one archive may unpack to at most `max_unpacked_bytes`, and a decoder's
// window is bounded. An archive that ends early (inside a compressed frame, inside an entry, or
// before the tar's end-of-archive marker) is an error, never a shorter import. Anything that is
// not a regular file or a folder (a FIFO, a device) is refused before it is opened for reading.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "frontline/error.hpp"
#include "io/byte_source.hpp"

namespace frontline::io {

struct InputFile {
  std::string display_name;  // "archive.tar.zst:dir/123.geojson" or the file path
  std::string base_name;     // "123.geojson"
  std::string contents;      // capacity leaves room for the JSON parser's padding
};

struct WalkOptions {
  // Bytes one input file or archive entry may hold. DeepState's snapshots are under 2 MB;
  // parsing a file holds about 20 times its size, which next to a 1 GiB zstd window keeps a
  // 16 MiB file within the import's memory budget of 1.5 GB (docs/architecture.md).
  std::size_t max_entry_bytes = std::size_t{16} << 20;
  // Bytes one archive may unpack to (its tar stream, decompressed): bounds the work a small
  // hostile archive can ask for. The bundled history unpacks to 662 MB.
  std::uint64_t max_unpacked_bytes = std::uint64_t{16} << 30;
  // Memory a decompressor may use for its window (zstd; `zstd --long=30` writes 1 GiB windows,
  // as the bundled archives have) or dictionary (xz).
  std::uint64_t max_window_bytes = std::uint64_t{1} << 30;
};

using Visit = std::function<Result<void>(InputFile&)>;

// Calls `visit` for every .geojson / .json input in order. A visit error stops the walk.
Result<void> for_each_input(const std::filesystem::path& path, const WalkOptions& options, const Visit& visit);
Result<void> for_each_input(const std::filesystem::path& path, const Visit& visit);

// The .geojson / .json entries of one tar archive (plain or compressed) read from `source`.
Result<void> for_each_archive_entry(ByteSource& source, const WalkOptions& options, const Visit& visit);

// Padding the JSON parser may read past the end of the contents.
inline constexpr std::size_t kParsePadding = 64;

}  // namespace frontline::io
