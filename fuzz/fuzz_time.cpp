// libFuzzer target: the time parsers (parse_time, parse_month_or_time, in UTC and in a zone with
// clock changes) and the file-name rule on arbitrary text, and the formatting and period
// arithmetic of whatever they accept.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "frontline/time.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frontline;
  static const TimeZone kyiv = *TimeZone::named("Europe/Kyiv");
  const std::string text(reinterpret_cast<const char*>(data), size);  // no terminator reliance
  const std::string_view sv(text);
  auto check = [](const Result<Timestamp>& t, ErrorCode refusal, const TimeZone& zone) {
    if (!t) {
      if (t.error().code != refusal) __builtin_trap();
      return;
    }
    if (*t < kEarliestTime || *t > kLatestTime) __builtin_trap();
    // Whatever is accepted must print and step without undefined behaviour.
    volatile std::size_t n = format_iso(*t).size() + format_date(*t).size() + format_month(*t).size() +
                             format_period(start_of_step(*t, Step::week, zone), Step::week, zone).size();
    (void)n;
    volatile std::int64_t s = add_steps(*t, Step::month, 13, zone).seconds;
    (void)s;
  };
  for (const TimeZone* zone : {&kyiv, static_cast<const TimeZone*>(nullptr)}) {
    const TimeZone utc;
    const TimeZone& z = zone != nullptr ? *zone : utc;
    check(parse_time(sv, z), ErrorCode::bad_request, z);
    check(parse_month_or_time(sv, z), ErrorCode::bad_request, z);
  }
  check(time_from_file_name(sv, false), ErrorCode::bad_input, TimeZone{});
  check(time_from_file_name(sv, true), ErrorCode::bad_input, TimeZone{});
  (void)parse_step(sv);
  (void)TimeZone::named(sv);
  return 0;
}
