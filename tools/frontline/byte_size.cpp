#include "byte_size.hpp"

#include <fmt/format.h>

#include <cctype>
#include <limits>
#include <string>

namespace frontline::cli {

Result<std::uint64_t> parse_byte_size(std::string_view text, std::string_view option) {
  auto bad = [&](std::string_view why) {
    return make_error(ErrorCode::bad_request, fmt::format("{} '{}': {}; give a size such as 64M, 1G or 500K "
                                                          "(K = 1024 bytes)",
                                                          option, text, why));
  };
  std::size_t i = 0;
  std::uint64_t digits = 0;
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0) {
    const auto d = static_cast<std::uint64_t>(text[i] - '0');
    if (digits > (kMax - d) / 10) return bad("too large");
    digits = digits * 10 + d;
    ++i;
  }
  if (i == 0) return bad("not a size");
  std::string unit;
  for (; i < text.size(); ++i) unit += static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
  int shift = 0;
  if (!unit.empty() && unit != "B") {
    switch (unit[0]) {
      case 'K':
        shift = 10;
        break;
      case 'M':
        shift = 20;
        break;
      case 'G':
        shift = 30;
        break;
      case 'T':
        shift = 40;
        break;
      default:
        return bad("unknown unit");
    }
    const std::string_view rest = std::string_view(unit).substr(1);
    if (!rest.empty() && rest != "B" && rest != "IB") return bad("unknown unit");
  }
  if (digits > (kMax >> shift)) return bad("too large");
  if (digits == 0) return bad("must be more than 0 bytes");
  return digits << shift;
}

}  // namespace frontline::cli
