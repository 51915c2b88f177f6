// Byte sizes on the command line: "64M", "1G", "500K", "4096" (binary units: 1K = 1024 bytes).
#pragma once

#include <cstdint>
#include <string_view>

#include "frontline/error.hpp"

namespace frontline::cli {

// A positive size: digits, then optionally K, M, G or T (any case, optionally followed by "iB"
// or "B"), or "B". Anything else is bad_request, naming `option`.
Result<std::uint64_t> parse_byte_size(std::string_view text, std::string_view option);

}  // namespace frontline::cli
