#include "frontline/time.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <optional>

namespace frontline {

// A zone of the date library, which owns it: its database lives as long as the process.
struct TimeZone::Zone {
  const date::time_zone* tz = nullptr;
};

namespace {
using namespace std::chrono;

constexpr std::int64_t kDay = 86400;
// tzdata's files list clock changes up to 2037 and give later ones as a rule (a POSIX TZ string)
// that date's reader of the system database ignores: a zone whose last listed change falls in
// 2037 or later still changes its clocks after it.
constexpr std::int64_t kListedChangesEnd = 2114380800;  // 2037-01-01T00:00:00Z

Error bad_time(std::string_view text) {
  return make_error(ErrorCode::bad_request,
                    fmt::format("cannot read time '{}': use an ISO 8601 date (2025-06-01), date-time "
                                "(2025-06-01T12:00:00Z or with an offset such as +03:00), or a DeepState "
                                "version id (Unix seconds)",
                                text));
}

bool in_range(Timestamp t) {
  return kEarliestTime <= t && t <= kLatestTime;
}

std::string range_rule() {
  return fmt::format("frontline reads times from {} to {}", format_iso(kEarliestTime), format_iso(kLatestTime));
}

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return std::from_chars(s.data() + pos, s.data() + pos + len, out).ec == std::errc{};
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Days since 1970-01-01 of a civil date; nullopt when the date does not exist (02-30).
std::optional<std::int64_t> days_from_civil(int y, int m, int d) {
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd}.time_since_epoch().count();
}

sys_days day_of(std::int64_t unix_seconds) {
  return floor<days>(sys_seconds{seconds{unix_seconds}});
}

std::int64_t seconds_of(sys_days d) {
  return std::int64_t{d.time_since_epoch().count()} * kDay;
}

// Calendar arithmetic on local dates (a local date is held as a sys_days: only its y/m/d count).
sys_days floor_to(sys_days d, Step step) {
  switch (step) {
    case Step::day:
      return d;
    case Step::week:
      return d - days{(weekday{d}.c_encoding() + 6) % 7};  // back to Monday
    case Step::month: {
      const year_month_day ymd{d};
      return sys_days{ymd.year() / ymd.month() / 1};
    }
  }
  return d;
}

sys_days shift(sys_days d, Step step, int n) {
  switch (step) {
    case Step::day:
      return d + days{n};
    case Step::week:
      return d + days{std::int64_t{7} * n};
    case Step::month: {
      const year_month_day ymd{d};
      const year_month target = year_month{ymd.year(), ymd.month()} + months{n};
      const year_month_day_last last{target.year(), month_day_last{target.month()}};
      // The same day of the month where the target month has it, else its last day.
      return ymd.day() <= last.day() ? sys_days{target / ymd.day()} : sys_days{last};
    }
  }
  return d;
}

// A time as written: an instant (Unix seconds, or a wall time with an offset) or a wall time
// that the caller's zone places.
struct Written {
  std::int64_t seconds = 0;
  bool instant = false;  // false: local wall seconds
};

std::optional<Written> read_written(std::string_view text) {
  if (text.size() >= 9 && text.find_first_not_of("0123456789") == std::string_view::npos) {
    std::int64_t v = 0;
    if (std::from_chars(text.data(), text.data() + text.size(), v).ec != std::errc{}) return std::nullopt;
    return Written{v, true};
  }
  int y = 0;
  int mo = 0;
  int d = 0;
  if (!read_int(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !read_int(text, 5, 2, mo) || text[7] != '-' ||
      !read_int(text, 8, 2, d)) {
    return std::nullopt;
  }
  const auto day_number = days_from_civil(y, mo, d);
  if (!day_number) return std::nullopt;
  std::int64_t secs = *day_number * kDay;
  std::size_t pos = 10;
  if (pos == text.size()) return Written{secs, false};
  if (text[pos] != 'T' && text[pos] != ' ') return std::nullopt;
  ++pos;
  int hh = 0;
  int mm = 0;
  int ss = 0;
  if (!read_int(text, pos, 2, hh) || pos + 2 >= text.size() || text[pos + 2] != ':' ||
      !read_int(text, pos + 3, 2, mm)) {
    return std::nullopt;
  }
  pos += 5;
  if (pos < text.size() && text[pos] == ':') {
    if (!read_int(text, pos + 1, 2, ss)) return std::nullopt;
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {  // fractions of a second are dropped
      ++pos;
      while (pos < text.size() && is_digit(text[pos])) ++pos;
    }
  }
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  secs += hh * 3600 + mm * 60 + ss;
  if (pos == text.size()) return Written{secs, false};
  if (text[pos] == 'Z' && pos + 1 == text.size()) return Written{secs, true};
  if (text[pos] == '+' || text[pos] == '-') {
    int oh = 0;
    int om = 0;
    const bool colon = pos + 3 < text.size() && text[pos + 3] == ':';
    if (!read_int(text, pos + 1, 2, oh) || !read_int(text, pos + (colon ? 4 : 3), 2, om) ||
        pos + (colon ? 6 : 5) != text.size() || oh > 23 || om > 59) {
      return std::nullopt;
    }
    const std::int64_t sign = text[pos] == '+' ? 1 : -1;
    return Written{secs - sign * (std::int64_t{oh} * 3600 + std::int64_t{om} * 60), true};
  }
  return std::nullopt;
}

// The instant of a written time, checked against the range frontline accepts.
Result<Timestamp> place(std::string_view text, Written w, const TimeZone& zone) {
  // A day's margin either side lets every zone's offset through to the exact check below, and
  // keeps absurd wall times (year 9999) away from the zone's arithmetic.
  const bool near = kEarliestTime.seconds - kDay <= w.seconds && w.seconds <= kLatestTime.seconds + kDay;
  const Timestamp t = near && !w.instant ? zone.from_local(w.seconds) : Timestamp{w.seconds};
  if (!near || !in_range(t)) {
    return make_error(ErrorCode::bad_request, fmt::format("time '{}' is out of range: {}", text, range_rule()));
  }
  if (!w.instant && t > zone.exact_until()) {
    return make_error(ErrorCode::bad_request,
                      fmt::format("time '{}' in time zone {} is after {}: the time zone database lists that "
                                  "zone's clock changes only until then; give the time in UTC or with an offset",
                                  text, zone.name(), format_iso(zone.exact_until())));
  }
  return t;
}

std::int64_t wall_seconds(Timestamp t, const TimeZone& zone) {
  return t.seconds + zone.offset_at(t);
}
}  // namespace

// ---- TimeZone ----

TimeZone::TimeZone() = default;

Result<TimeZone> TimeZone::named(std::string_view iana_name) {
  if (iana_name == "UTC") return TimeZone{};
  const date::time_zone* tz = nullptr;
  date::sys_info last;
  try {
    tz = date::locate_zone(iana_name);
    // Reading the zone's file happens on first use and may throw: do it here, where it can be
    // reported, so that later conversions cannot fail.
    last = tz->get_info(sys_seconds{seconds{kLatestTime.seconds}});
  } catch (const std::exception& e) {
    return make_error(ErrorCode::bad_request,
                      fmt::format("unknown time zone '{}' ({}): give an IANA name such as Europe/Kyiv or UTC, "
                                  "as listed under /usr/share/zoneinfo (Debian package tzdata)",
                                  iana_name, e.what()));
  }
  TimeZone out;
  out.zone_ = std::make_shared<const Zone>(Zone{tz});
  out.name_ = std::string(iana_name);
  const std::int64_t last_change = last.begin.time_since_epoch().count();
  if (last_change >= kListedChangesEnd) out.exact_until_ = Timestamp{last_change};
  return out;
}

std::int64_t TimeZone::offset_at(Timestamp t) const {
  if (!zone_) return 0;
  return zone_->tz->get_info(sys_seconds{seconds{t.seconds}}).offset.count();
}

Timestamp TimeZone::from_local(std::int64_t local_seconds) const {
  if (!zone_) return Timestamp{local_seconds};
  // choose::earliest: a repeated wall time is its first occurrence; a skipped one maps to the
  // instant of the change (date returns the end of the interval before the gap).
  const auto sys = zone_->tz->to_sys(date::local_seconds{seconds{local_seconds}}, date::choose::earliest);
  return Timestamp{sys.time_since_epoch().count()};
}

// ---- parsing ----

Result<Timestamp> parse_time(std::string_view text, const TimeZone& zone) {
  const auto w = read_written(text);
  if (!w) return bad_time(text);
  return place(text, *w, zone);
}

Result<Timestamp> parse_month_or_time(std::string_view text, const TimeZone& zone) {
  int y = 0;
  int mo = 0;
  if (text.size() == 7 && read_int(text, 0, 4, y) && text[4] == '-' && read_int(text, 5, 2, mo)) {
    const auto d = days_from_civil(y, mo, 1);
    if (!d) return bad_time(text);
    return place(text, Written{*d * kDay, false}, zone);
  }
  return parse_time(text, zone);
}

Result<Timestamp> time_from_file_name(std::string_view base_name, bool dates_in_name) {
  const std::string_view stem = base_name.substr(0, base_name.find('.'));
  const bool all_digits = !stem.empty() && stem.find_first_not_of("0123456789") == std::string_view::npos;
  const bool version_id = all_digits && (stem.size() == 9 || stem.size() == 10);
  auto out_of_range = [&](std::string_view what) {
    return make_error(ErrorCode::bad_input,
                      fmt::format("the time in the file name ({}) is out of range: {}", what, range_rule()));
  };
  if (dates_in_name) {
    std::string_view not_a_date;
    for (std::size_t i = 0; i < base_name.size();) {
      if (!is_digit(base_name[i])) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < base_name.size() && is_digit(base_name[j])) ++j;
      const std::string_view run = base_name.substr(i, j - i);
      i = j;
      if (run.size() != 8) continue;  // a longer run (seconds, YYYYMMDDhhmm) holds no date
      int y = 0;
      int m = 0;
      int d = 0;
      read_int(run, 0, 4, y);
      read_int(run, 4, 2, m);
      read_int(run, 6, 2, d);
      const auto day_number = days_from_civil(y, m, d);
      if (!day_number) {
        if (not_a_date.empty()) not_a_date = run;
        continue;
      }
      const Timestamp t{*day_number * kDay};
      if (!in_range(t)) return out_of_range(run);
      return t;
    }
    std::string msg = "no YYYYMMDD date in the file name, which --time-from-name needs";
    if (!not_a_date.empty()) {
      msg += fmt::format(" ('{}' is not a date)", not_a_date);
    } else if (version_id) {
      msg += "; the name is a DeepState version id (Unix seconds): import it without --time-from-name";
    } else {
      msg += "; give the time of a single file with --time";
    }
    return make_error(ErrorCode::bad_input, msg);
  }
  if (version_id) {
    std::int64_t v = 0;
    std::from_chars(stem.data(), stem.data() + stem.size(), v);
    const Timestamp t{v};
    if (!in_range(t)) return out_of_range(stem);
    return t;
  }
  if (all_digits && stem.size() == 8) {
    return make_error(ErrorCode::bad_input,
                      "cannot read a version time from the file name: 8 digits are a date (YYYYMMDD), not a "
                      "DeepState version id (Unix seconds, 9 or 10 digits); give --time-from-name to read the "
                      "date, or --time");
  }
  return make_error(ErrorCode::bad_input,
                    "cannot read a version time from the file name: DeepState snapshots are named "
                    "<unix_seconds>.geojson (9 or 10 digits); for a YYYYMMDD date in the name give "
                    "--time-from-name, for any other file --time");
}

// ---- printing ----

std::string format_iso(Timestamp t) {
  const sys_seconds s{seconds{t.seconds}};
  const auto dp = floor<days>(s);
  const year_month_day ymd{dp};
  const hh_mm_ss hms{s - dp};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count());
}

std::string format_date(Timestamp t) {
  const year_month_day ymd{day_of(t.seconds)};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::string format_month(Timestamp t) {
  const year_month_day ymd{day_of(t.seconds)};
  return fmt::format("{:04}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()));
}

// ---- periods ----

Result<Step> parse_step(std::string_view text) {
  if (text == "day") return Step::day;
  if (text == "week") return Step::week;
  if (text == "month") return Step::month;
  return make_error(ErrorCode::bad_request, fmt::format("unknown period '{}': use day, week or month", text));
}

Timestamp period_start(Timestamp t, Step step, int n, const TimeZone& zone) {
  const sys_days local_day = day_of(wall_seconds(t, zone));
  return zone.from_local(seconds_of(shift(floor_to(local_day, step), step, n)));
}

Timestamp add_steps(Timestamp t, Step step, int n, const TimeZone& zone) {
  const std::int64_t wall = wall_seconds(t, zone);
  const sys_days local_day = day_of(wall);
  return zone.from_local(seconds_of(shift(local_day, step, n)) + (wall - seconds_of(local_day)));
}

std::string format_period(Timestamp start, Step step, const TimeZone& zone) {
  const Timestamp local{wall_seconds(start, zone)};
  switch (step) {
    case Step::day:
      return format_date(local);
    case Step::week: {
      // ISO 8601 week: the week belongs to the year of its Thursday.
      const sys_days thursday = floor_to(day_of(local.seconds), Step::week) + days{3};
      const year_month_day ty{thursday};
      const sys_days jan1 = sys_days{ty.year() / January / 1};
      const auto week = (thursday - jan1).count() / 7 + 1;
      return fmt::format("{:04}-W{:02}", static_cast<int>(ty.year()), week);
    }
    case Step::month:
      return format_month(local);
  }
  return format_date(local);
}

}  // namespace frontline
