// gzip for answers and archives that frontline writes (zlib from Debian).
#pragma once

#include <string>
#include <string_view>

#include "frontline/error.hpp"

namespace frontline {

// gzip (RFC 1952) of `bytes`, at zlib's default level.
Result<std::string> gzip(std::string_view bytes);

}  // namespace frontline
