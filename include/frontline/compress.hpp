// gzip and zstd for answers and archives that frontline writes (zlib and libzstd from Debian).
#pragma once

#include <string>
#include <string_view>

#include "frontline/error.hpp"

namespace frontline {

// gzip (RFC 1952) of `bytes`, at zlib's default level.
Result<std::string> gzip(std::string_view bytes);

// A zstd frame (RFC 8878) of `bytes` with its content size, at `level` (1..19).
Result<std::string> zstd_compress(std::string_view bytes, int level = 6);

}  // namespace frontline
