// Time as frontline reads and prints it: Unix seconds, UTC.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "frontline/error.hpp"

namespace frontline {

struct Timestamp {
  std::int64_t seconds = 0;  // Unix seconds, UTC
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
  friend constexpr auto operator<=>(const Timestamp&, const Timestamp&) = default;
};

// Accepts "2025-06-01", "2025-06-01T12:00", "2025-06-01T12:00:00Z", "...+03:00", and a DeepState
// version id (Unix seconds, 9 or more digits).
Result<Timestamp> parse_time(std::string_view text);

// "2025-11" -> first day of that month, 00:00 UTC. Also accepts a full date or date-time.
Result<Timestamp> parse_month_or_time(std::string_view text);

std::string format_iso(Timestamp t);    // 2025-06-01T12:00:00Z
std::string format_date(Timestamp t);   // 2025-06-01
std::string format_month(Timestamp t);  // 2025-06

enum class Step { day, week, month };
Result<Step> parse_step(std::string_view text);
Timestamp start_of_step(Timestamp t, Step step);  // floor to the step (weeks start on Monday)
Timestamp add_steps(Timestamp t, Step step, int n);
std::string format_period(Timestamp start, Step step);  // 2025-06-01, 2025-W23, 2025-06

}  // namespace frontline
