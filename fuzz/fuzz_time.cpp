// libFuzzer target: the time parsers (parse_time, parse_month_or_time) on arbitrary text, and
// the formatting of whatever they accept.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "frontline/time.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frontline;
  const std::string text(reinterpret_cast<const char*>(data), size);  // no terminator reliance
  const std::string_view sv(text);
  for (auto parse : {&parse_time, &parse_month_or_time}) {
    auto t = parse(sv);
    if (!t) {
      if (t.error().code != ErrorCode::bad_request) __builtin_trap();
      continue;
    }
    // Whatever is accepted must print without undefined behaviour.
    volatile std::size_t n = format_iso(*t).size() + format_date(*t).size() + format_month(*t).size();
    (void)n;
  }
  (void)parse_step(sv);
  return 0;
}
