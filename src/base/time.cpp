#include "frontline/time.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>

namespace frontline {

namespace {
using namespace std::chrono;

Error bad_time(std::string_view text) {
  return make_error(ErrorCode::bad_request,
                    fmt::format("cannot read time '{}': use an ISO 8601 date (2025-06-01), date-time "
                                "(2025-06-01T12:00:00Z or with an offset such as +03:00), or a DeepState "
                                "version id (Unix seconds)",
                                text));
}

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return std::from_chars(s.data() + pos, s.data() + pos + len, out).ec == std::errc{};
}

std::int64_t days_from_civil(int y, int m, int d, bool& ok) {
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  ok = ymd.ok();
  return sys_days{ymd}.time_since_epoch().count();
}

year_month_day civil(Timestamp t) {
  return year_month_day{floor<days>(sys_seconds{seconds{t.seconds}})};
}
}  // namespace

Result<Timestamp> parse_time(std::string_view text) {
  if (text.size() >= 9 && text.find_first_not_of("0123456789") == std::string_view::npos) {
    std::int64_t v = 0;
    if (std::from_chars(text.data(), text.data() + text.size(), v).ec != std::errc{}) return bad_time(text);
    return Timestamp{v};
  }
  int y = 0;
  int mo = 0;
  int d = 0;
  if (!read_int(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !read_int(text, 5, 2, mo) || text[7] != '-' ||
      !read_int(text, 8, 2, d)) {
    return bad_time(text);
  }
  bool ok = false;
  std::int64_t secs = days_from_civil(y, mo, d, ok) * 86400;
  if (!ok) return bad_time(text);
  std::size_t pos = 10;
  if (pos == text.size()) return Timestamp{secs};
  if (text[pos] != 'T' && text[pos] != ' ') return bad_time(text);
  ++pos;
  int hh = 0;
  int mm = 0;
  int ss = 0;
  if (!read_int(text, pos, 2, hh) || pos + 2 >= text.size() || text[pos + 2] != ':' ||
      !read_int(text, pos + 3, 2, mm)) {
    return bad_time(text);
  }
  pos += 5;
  if (pos < text.size() && text[pos] == ':') {
    if (!read_int(text, pos + 1, 2, ss)) return bad_time(text);
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {  // fractions of a second are dropped
      ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    }
  }
  if (hh > 23 || mm > 59 || ss > 60) return bad_time(text);
  secs += hh * 3600 + mm * 60 + ss;
  if (pos == text.size()) return Timestamp{secs};
  if (text[pos] == 'Z' && pos + 1 == text.size()) return Timestamp{secs};
  if (text[pos] == '+' || text[pos] == '-') {
    int oh = 0;
    int om = 0;
    const bool colon = pos + 3 < text.size() && text[pos + 3] == ':';
    if (!read_int(text, pos + 1, 2, oh) || !read_int(text, pos + (colon ? 4 : 3), 2, om) ||
        pos + (colon ? 6 : 5) != text.size() || oh > 23 || om > 59) {
      return bad_time(text);
    }
    const std::int64_t sign = text[pos] == '+' ? 1 : -1;
    return Timestamp{secs - sign * (std::int64_t{oh} * 3600 + std::int64_t{om} * 60)};
  }
  return bad_time(text);
}

Result<Timestamp> parse_month_or_time(std::string_view text) {
  int y = 0;
  int mo = 0;
  if (text.size() == 7 && read_int(text, 0, 4, y) && text[4] == '-' && read_int(text, 5, 2, mo)) {
    bool ok = false;
    const std::int64_t d = days_from_civil(y, mo, 1, ok);
    if (!ok) return bad_time(text);
    return Timestamp{d * 86400};
  }
  return parse_time(text);
}

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
  const auto ymd = civil(t);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::string format_month(Timestamp t) {
  const auto ymd = civil(t);
  return fmt::format("{:04}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()));
}

Result<Step> parse_step(std::string_view text) {
  if (text == "day") return Step::day;
  if (text == "week") return Step::week;
  if (text == "month") return Step::month;
  return make_error(ErrorCode::bad_request, fmt::format("unknown period '{}': use day, week or month", text));
}

Timestamp start_of_step(Timestamp t, Step step) {
  const sys_days d = floor<days>(sys_seconds{seconds{t.seconds}});
  switch (step) {
    case Step::day:
      return Timestamp{d.time_since_epoch().count() * 86400};
    case Step::week: {
      const weekday wd{d};
      const sys_days monday = d - days{(wd.c_encoding() + 6) % 7};
      return Timestamp{monday.time_since_epoch().count() * 86400};
    }
    case Step::month: {
      const year_month_day ymd{d};
      return Timestamp{sys_days{ymd.year() / ymd.month() / 1}.time_since_epoch().count() * 86400};
    }
  }
  return t;
}

Timestamp add_steps(Timestamp t, Step step, int n) {
  switch (step) {
    case Step::day:
      return Timestamp{t.seconds + std::int64_t{n} * 86400};
    case Step::week:
      return Timestamp{t.seconds + std::int64_t{n} * 7 * 86400};
    case Step::month: {
      const sys_seconds s{seconds{t.seconds}};
      const sys_days d = floor<days>(s);
      const year_month_day ymd{d};
      const year_month_day next = ymd.year() / ymd.month() / ymd.day() + months{n};
      return Timestamp{sys_days{next}.time_since_epoch().count() * 86400 + (s - d).count()};
    }
  }
  return t;
}

std::string format_period(Timestamp start, Step step) {
  switch (step) {
    case Step::day:
      return format_date(start);
    case Step::week: {
      // ISO 8601 week: the week belongs to the year of its Thursday.
      const sys_days d = floor<days>(sys_seconds{seconds{start.seconds}});
      const sys_days thursday = d + days{3};
      const year_month_day ty{thursday};
      const sys_days jan1 = sys_days{ty.year() / January / 1};
      const auto week = (thursday - jan1).count() / 7 + 1;
      return fmt::format("{:04}-W{:02}", static_cast<int>(ty.year()), week);
    }
    case Step::month:
      return format_month(start);
  }
  return format_date(start);
}

}  // namespace frontline
