// Time as frontline reads and prints it: instants are Unix seconds, UTC; calendar periods (days,
// ISO weeks, months) are cut at midnight in a time zone, UTC unless the caller names another.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "frontline/error.hpp"

namespace frontline {

struct Timestamp {
  std::int64_t seconds = 0;  // Unix seconds, UTC
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
  friend constexpr auto operator<=>(const Timestamp&, const Timestamp&) = default;
};

// The instants frontline accepts wherever it reads a time (a request, a file name):
// 1970-01-01T00:00:00Z to 2100-01-01T00:00:00Z, both included. A map of a war in this century
// has no business outside them, and the bounds keep every calendar computation exact.
inline constexpr Timestamp kEarliestTime{0};
inline constexpr Timestamp kLatestTime{4102444800};

// A zone of the IANA time zone database (Europe/Kyiv), read from the operating system's tzdata
// (/usr/share/zoneinfo), or UTC. Cheap to copy; the database stays out of this header.
class TimeZone {
 public:
  TimeZone();  // UTC
  // An IANA name ("Europe/Kyiv", "UTC"); bad_request with a message for a name the database
  // does not hold.
  static Result<TimeZone> named(std::string_view iana_name);

  const std::string& name() const noexcept { return name_; }
  bool is_utc() const noexcept { return zone_ == nullptr; }

  // Local wall time minus UTC at t, in seconds (+10800 in Kyiv in summer).
  std::int64_t offset_at(Timestamp t) const;
  // The instant of a local wall time, given as seconds since 1970-01-01T00:00 on the local
  // clock. A wall time that a clock change skips is the instant of the change; one that a
  // change repeats is its first occurrence.
  Timestamp from_local(std::int64_t local_seconds) const;
  // The last instant at which local time is known exactly. Zones still observing daylight saving
  // time when the database's list of clock changes ends (2037) have their later changes only as
  // a rule, which the date library does not apply: local periods stop there.
  Timestamp exact_until() const noexcept { return exact_until_; }

 private:
  struct Zone;
  std::shared_ptr<const Zone> zone_;  // null: UTC
  std::string name_ = "UTC";
  Timestamp exact_until_ = kLatestTime;
};

// Accepts "2025-06-01", "2025-06-01T12:00", "2025-06-01T12:00:00Z", "...+03:00", and a DeepState
// version id (Unix seconds, 9 or more digits). A date or a date-time without an offset is a wall
// time in `zone`. bad_request for anything else, and for instants outside kEarliestTime ..
// kLatestTime (or after zone.exact_until() when the zone placed them).
Result<Timestamp> parse_time(std::string_view text, const TimeZone& zone = TimeZone{});

// "2025-11" -> the first day of that month, 00:00 in `zone`. Also accepts what parse_time does.
Result<Timestamp> parse_month_or_time(std::string_view text, const TimeZone& zone = TimeZone{});

// The version time a snapshot's file name gives (base_name: without folders).
//  - "<9 or 10 digits>.<ext>": Unix seconds, DeepState's version ids (1735711200.geojson);
//  - with dates_in_name: the first run of exactly 8 digits that is a date, YYYYMMDD, 00:00 UTC
//    (deepstatemap_data_20250102.geojson); never without it, since 20250102 are also seconds;
//  - anything else is bad_input, and the message says what to give instead (--time-from-name
//    for a name holding a date, --time otherwise).
// Times outside kEarliestTime .. kLatestTime are bad_input.
Result<Timestamp> time_from_file_name(std::string_view base_name, bool dates_in_name);

std::string format_iso(Timestamp t);    // 2025-06-01T12:00:00Z
std::string format_date(Timestamp t);   // 2025-06-01
std::string format_month(Timestamp t);  // 2025-06

enum class Step { day, week, month };
Result<Step> parse_step(std::string_view text);

// The start of the period `n` steps after the one holding t, at local midnight in `zone`
// (weeks start on Monday; n may be negative). n = 0 floors t to its period.
Timestamp period_start(Timestamp t, Step step, int n, const TimeZone& zone = TimeZone{});
inline Timestamp start_of_step(Timestamp t, Step step, const TimeZone& zone = TimeZone{}) {
  return period_start(t, step, 0, zone);
}
// t moved by n calendar steps on the local clock of `zone`, keeping the local time of day. A
// month step keeps the day of the month where the target month has it and clamps to its last
// day where it does not: 01-31 + 1 month = 02-28 (02-29 in a leap year). To step a series
// without drift, add k steps to its start rather than one step to the previous element.
Timestamp add_steps(Timestamp t, Step step, int n, const TimeZone& zone = TimeZone{});
// The name of the period that starts at `start`, in `zone`'s calendar: 2025-06-01, 2025-W23
// (ISO 8601 week), 2025-06.
std::string format_period(Timestamp start, Step step, const TimeZone& zone = TimeZone{});

}  // namespace frontline
