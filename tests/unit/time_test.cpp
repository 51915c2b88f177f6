// Time parsing and calendar steps. Expected instants and ISO weeks were computed with Python's
// datetime (timestamp(), isocalendar()), not with frontline.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "frontline/time.hpp"

namespace frontline {
namespace {

constexpr std::int64_t kDay = 86400;

std::int64_t seconds_of(std::string_view text) {
  auto t = parse_time(text);
  EXPECT_TRUE(t) << text << ": " << (t ? "" : t.error().message);
  return t ? t->seconds : -1;
}

TEST(ParseTime, Dates) {
  EXPECT_EQ(seconds_of("2025-06-01"), 1748736000);
  EXPECT_EQ(seconds_of("1970-01-01"), 0);
  EXPECT_EQ(seconds_of("2024-02-29"), 1709164800);  // leap year
  EXPECT_EQ(seconds_of("2000-02-29"), 951782400);   // divisible by 400: leap
}

TEST(ParseTime, DateTimesInUtc) {
  EXPECT_EQ(seconds_of("2025-06-01T12:00"), 1748779200);
  EXPECT_EQ(seconds_of("2025-06-01T12:00:00"), 1748779200);
  EXPECT_EQ(seconds_of("2025-06-01T12:00:00Z"), 1748779200);
  EXPECT_EQ(seconds_of("2025-06-01T12:00:59Z"), 1748779200 + 59);
  EXPECT_EQ(seconds_of("2025-06-01T23:59:59Z"), 1748736000 + kDay - 1);
}

TEST(ParseTime, OffsetsAreTakenAwayToGetUtc) {
  // 15:00 in Kyiv summer time (+03:00) and 07:00 in New York (-05:00) are both 12:00Z.
  EXPECT_EQ(seconds_of("2025-06-01T15:00:00+03:00"), 1748779200);
  EXPECT_EQ(seconds_of("2025-06-01T15:00+03:00"), 1748779200);
  EXPECT_EQ(seconds_of("2025-06-01T07:00:00-0500"), 1748779200);
  EXPECT_EQ(seconds_of("2025-06-01T07:00:00-05:00"), 1748779200);
  EXPECT_EQ(seconds_of("2025-06-01T17:30:00+05:30"), 1748779200);
  // An offset can move the instant into the previous day.
  EXPECT_EQ(seconds_of("2025-06-01T01:00:00+03:00"), 1748736000 - 2 * 3600);
}

TEST(ParseTime, DeepStateVersionIds) {
  EXPECT_EQ(seconds_of("1648989208"), 1648989208);  // 2022-04-03T12:33:28Z, the first history version
  EXPECT_EQ(seconds_of("1754251105"), 1754251105);
  EXPECT_EQ(seconds_of("123456789"), 123456789);  // nine digits is the shortest id
}

TEST(ParseTime, RejectsImpossibleDatesAndGarbage) {
  for (const char* bad :
       {"2025-13-01", "2025-02-30", "2025-02-29", "1900-02-29", "2025-00-10", "2025-06-00", "2025-06-32", "garbage", "",
        "2025-6-1", "2025/06/01", "2025-06-01T24:00", "2025-06-01T12:60", "2025-06-01T12", "2025-06-01T12:00:00+3",
        "2025-06-01T12:00:00Q", "2025-06-01T12:00:00Z junk", "-1648989208", "12345678x9"}) {
    auto t = parse_time(bad);
    EXPECT_FALSE(t) << "'" << bad << "' parsed as " << (t ? t->seconds : 0);
    if (!t) {
      EXPECT_EQ(t.error().code, ErrorCode::bad_request) << bad;
      EXPECT_NE(t.error().message.find(bad), std::string::npos)
          << "message should quote the input: " << t.error().message;
    }
  }
}

TEST(ParseTime, RefusesTimesOutside1970To2100) {
  // 999999999999 s is in the year 33658; before the range check it printed as year -31878.
  // 4102444800 is 2100-01-01T00:00:00Z (Python: datetime(2100,1,1,tzinfo=timezone.utc).timestamp()).
  for (const char* bad :
       {"999999999999", "4102444801", "9999999999", "1969-12-31", "1969-12-31T23:59:59Z", "2100-01-01T00:00:01Z",
        "2100-01-02", "1970-01-01T01:00:00+02:00", "0001-01-01", "9999-12-31T23:59:59Z", "99999999999999999999"}) {
    auto t = parse_time(bad);
    EXPECT_FALSE(t) << "'" << bad << "' parsed as " << (t ? t->seconds : 0);
    if (!t) {
      EXPECT_EQ(t.error().code, ErrorCode::bad_request) << bad;
      EXPECT_NE(t.error().message.find(bad), std::string::npos) << t.error().message;
    }
  }
  EXPECT_EQ(seconds_of("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(seconds_of("2100-01-01"), 4102444800);
  EXPECT_EQ(seconds_of("2100-01-01T03:00:00+03:00"), 4102444800);
  EXPECT_EQ(seconds_of("4102444800"), 4102444800);
  EXPECT_EQ(kLatestTime.seconds, 4102444800);
  auto month = parse_month_or_time("1969-12");
  ASSERT_FALSE(month);
  EXPECT_EQ(month.error().code, ErrorCode::bad_request);
  EXPECT_FALSE(parse_month_or_time("2100-02"));
  EXPECT_FALSE(parse_month_or_time("999999999999"));
  auto last = parse_month_or_time("2100-01");
  ASSERT_TRUE(last);
  EXPECT_EQ(last->seconds, 4102444800);
}

TEST(ParseMonthOrTime, MonthMeansItsFirstDay) {
  auto t = parse_month_or_time("2025-11");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->seconds, 1761955200);
  auto dec = parse_month_or_time("2024-12");
  ASSERT_TRUE(dec);
  EXPECT_EQ(dec->seconds, 1733011200);
}

TEST(ParseMonthOrTime, AcceptsFullTimesAndRejectsBadMonths) {
  auto d = parse_month_or_time("2025-06-01T12:00:00Z");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->seconds, 1748779200);
  auto id = parse_month_or_time("1648989208");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->seconds, 1648989208);
  EXPECT_FALSE(parse_month_or_time("2025-13"));
  EXPECT_FALSE(parse_month_or_time("2025-00"));
  EXPECT_FALSE(parse_month_or_time("2025-1"));
  EXPECT_FALSE(parse_month_or_time("Nov 2025"));
}

TEST(FormatTime, IsoDateAndMonth) {
  const Timestamp t{1648989208};
  EXPECT_EQ(format_iso(t), "2022-04-03T12:33:28Z");
  EXPECT_EQ(format_date(t), "2022-04-03");
  EXPECT_EQ(format_month(t), "2022-04");
  EXPECT_EQ(format_iso(Timestamp{-1}), "1969-12-31T23:59:59Z");
}

TEST(Steps, ParseStep) {
  EXPECT_EQ(*parse_step("day"), Step::day);
  EXPECT_EQ(*parse_step("week"), Step::week);
  EXPECT_EQ(*parse_step("month"), Step::month);
  auto bad = parse_step("fortnight");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::bad_request);
}

TEST(Steps, StartOfDayAndMonthFloor) {
  EXPECT_EQ(start_of_step(Timestamp{1648989208}, Step::day).seconds, 1648944000);    // 2022-04-03
  EXPECT_EQ(start_of_step(Timestamp{1648989208}, Step::month).seconds, 1648771200);  // 2022-04-01
  EXPECT_EQ(start_of_step(Timestamp{1767225600}, Step::month).seconds, 1767225600);  // 2026-01-01 stays
  EXPECT_EQ(start_of_step(Timestamp{1767225599}, Step::month).seconds, 1764547200);  // 2025-12-31T23:59:59
  // Before 1970 the floor still goes down, not towards zero.
  EXPECT_EQ(start_of_step(Timestamp{-kDay / 2}, Step::day).seconds, -kDay);
}

struct IsoWeekCase {
  const char* date;
  std::int64_t monday;  // Unix seconds of that week's Monday, 00:00 UTC
  const char* period;   // ISO 8601 week, as Python's isocalendar() gives it
};

void PrintTo(const IsoWeekCase& c, std::ostream* os) {
  *os << c.date;
}

class IsoWeeks : public testing::TestWithParam<IsoWeekCase> {};

TEST_P(IsoWeeks, WeekStartsOnMondayAndIsNamedByIso8601) {
  const auto& c = GetParam();
  const Timestamp t{seconds_of(c.date) + 13 * 3600};  // the middle of the day
  const Timestamp start = start_of_step(t, Step::week);
  EXPECT_EQ(start.seconds, c.monday) << c.date;
  EXPECT_EQ(format_period(start, Step::week), c.period) << c.date;
}

INSTANTIATE_TEST_SUITE_P(
    AroundNewYear, IsoWeeks,
    testing::Values(
        IsoWeekCase{"2024-12-30", 1735516800, "2025-W01"}, IsoWeekCase{"2025-01-01", 1735516800, "2025-W01"},
        IsoWeekCase{"2020-12-31", 1609113600, "2020-W53"}, IsoWeekCase{"2021-01-01", 1609113600, "2020-W53"},
        IsoWeekCase{"2021-01-04", 1609718400, "2021-W01"}, IsoWeekCase{"2023-01-01", 1672012800, "2022-W52"},
        IsoWeekCase{"2023-01-02", 1672617600, "2023-W01"}, IsoWeekCase{"2025-12-29", 1766966400, "2026-W01"},
        IsoWeekCase{"2026-01-01", 1766966400, "2026-W01"}, IsoWeekCase{"2026-12-31", 1798416000, "2026-W53"},
        IsoWeekCase{"2027-01-01", 1798416000, "2026-W53"}, IsoWeekCase{"2027-01-04", 1799020800, "2027-W01"},
        IsoWeekCase{"2015-12-31", 1451260800, "2015-W53"}, IsoWeekCase{"2016-01-03", 1451260800, "2015-W53"},
        IsoWeekCase{"2025-06-04", 1748822400, "2025-W23"}),
    [](const testing::TestParamInfo<IsoWeekCase>& p) {
      std::string name = p.param.date;
      std::replace(name.begin(), name.end(), '-', '_');
      return "d" + name;
    });

TEST(Steps, WeekOfTheEpoch) {
  // 1970-01-01 was a Thursday: its week began on Monday 1969-12-29 and is 1970-W01.
  EXPECT_EQ(start_of_step(Timestamp{0}, Step::week).seconds, -3 * kDay);
  EXPECT_EQ(format_period(Timestamp{-3 * kDay}, Step::week), "1970-W01");
}

TEST(Steps, MonthArithmeticCrossesYearEnds) {
  const Timestamp nov{1761955200};                                // 2025-11-01
  EXPECT_EQ(add_steps(nov, Step::month, 1).seconds, 1764547200);  // 2025-12-01
  EXPECT_EQ(add_steps(nov, Step::month, 2).seconds, 1767225600);  // 2026-01-01
  EXPECT_EQ(add_steps(Timestamp{1767225600}, Step::month, -1).seconds, 1764547200);
  EXPECT_EQ(add_steps(Timestamp{1733011200}, Step::month, 13).seconds, 1767225600);  // 2024-12 + 13
  EXPECT_EQ(add_steps(Timestamp{1767225600}, Step::month, -13).seconds, 1733011200);
  EXPECT_EQ(add_steps(nov, Step::month, 0).seconds, nov.seconds);
  // The time of day is kept.
  EXPECT_EQ(add_steps(Timestamp{1765794600}, Step::month, 1).seconds,
            1768473000);  // 2025-12-15T10:30 -> 2026-01-15T10:30
}

TEST(Steps, CalendarMonthsClampToTheMonthsLastDay) {
  // Python: calendar.monthrange(y, m)[1] gives the last day; datetime(...).timestamp() the instant.
  // 2025-01-31 + k months: 02-28 (2025 is not a leap year), 03-31, 04-30. Before the fix, one
  // month after 01-31 was "02-31", normalised to 03-03.
  const Timestamp jan31{1738281600};                                 // 2025-01-31T00:00:00Z
  EXPECT_EQ(add_steps(jan31, Step::month, 1).seconds, 1740700800);   // 2025-02-28
  EXPECT_EQ(add_steps(jan31, Step::month, 2).seconds, 1743379200);   // 2025-03-31
  EXPECT_EQ(add_steps(jan31, Step::month, 3).seconds, 1745971200);   // 2025-04-30
  EXPECT_EQ(add_steps(jan31, Step::month, -2).seconds, 1732924800);  // 2024-11-30
  EXPECT_EQ(add_steps(jan31, Step::month, 13).seconds, 1772236800);  // 2026-02-28
  // Leap years: 2024, and 2000 (divisible by 400).
  EXPECT_EQ(add_steps(Timestamp{1706659200}, Step::month, 1).seconds, 1709164800);   // 2024-01-31 -> 02-29
  EXPECT_EQ(add_steps(Timestamp{949276800}, Step::month, 1).seconds, 951782400);     // 2000-01-31 -> 02-29
  EXPECT_EQ(add_steps(Timestamp{1709164800}, Step::month, 12).seconds, 1740700800);  // 2024-02-29 -> 2025-02-28
  // The time of day is kept through the clamp: 2025-03-31T18:45 - 1 month = 2025-02-28T18:45.
  EXPECT_EQ(add_steps(Timestamp{1743446700}, Step::month, -1).seconds, 1740768300);
  // Days that every month has are untouched.
  EXPECT_EQ(add_steps(Timestamp{1736899200}, Step::month, 1).seconds, 1739577600);  // 2025-01-15 -> 02-15
}

TEST(Steps, PeriodStartCountsWholePeriods) {
  const Timestamp mid_jan{1736942400};                                    // 2025-01-15T12:00Z
  EXPECT_EQ(period_start(mid_jan, Step::month, 0).seconds, 1735689600);   // 2025-01-01
  EXPECT_EQ(period_start(mid_jan, Step::month, 1).seconds, 1738368000);   // 2025-02-01
  EXPECT_EQ(period_start(mid_jan, Step::month, -1).seconds, 1733011200);  // 2024-12-01
  EXPECT_EQ(period_start(mid_jan, Step::week, 1).seconds, 1737331200);    // Monday 2025-01-20
  EXPECT_EQ(period_start(mid_jan, Step::day, 2).seconds, 1737072000);     // 2025-01-17
  EXPECT_EQ(start_of_step(mid_jan, Step::week).seconds, 1736726400);      // Monday 2025-01-13
}

TEST(Steps, DaysAndWeeksAreFixedLengths) {
  EXPECT_EQ(add_steps(Timestamp{1735516800}, Step::week, 1).seconds, 1735516800 + 7 * kDay);
  EXPECT_EQ(add_steps(Timestamp{1735516800}, Step::week, -2).seconds, 1735516800 - 14 * kDay);
  EXPECT_EQ(add_steps(Timestamp{1709164800}, Step::day, 1).seconds, 1709164800 + kDay);  // 2024-02-29 -> 03-01
  EXPECT_EQ(format_period(add_steps(Timestamp{1709164800}, Step::day, 1), Step::day), "2024-03-01");
}

TEST(Steps, PeriodNames) {
  EXPECT_EQ(format_period(Timestamp{1764547200}, Step::month), "2025-12");
  EXPECT_EQ(format_period(Timestamp{1767225600}, Step::month), "2026-01");
  EXPECT_EQ(format_period(Timestamp{1748736000}, Step::day), "2025-06-01");
}

// ---- file names ----

struct FileNameCase {
  const char* name;
  bool dates_in_name;
  std::int64_t seconds;  // expected; -1: refused (bad_input)
  const char* says;      // a part of the refusal's message
};

void PrintTo(const FileNameCase& c, std::ostream* os) {
  *os << c.name << (c.dates_in_name ? " --time-from-name" : "");
}

class FileNames : public testing::TestWithParam<FileNameCase> {};

TEST_P(FileNames, VersionTimeFromTheName) {
  const auto& c = GetParam();
  auto t = time_from_file_name(c.name, c.dates_in_name);
  if (c.seconds >= 0) {
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_EQ(t->seconds, c.seconds);
  } else {
    ASSERT_FALSE(t) << "read as " << t->seconds;
    EXPECT_EQ(t.error().code, ErrorCode::bad_input);
    EXPECT_NE(t.error().message.find(c.says), std::string::npos) << t.error().message;
  }
}

// Expected instants: Python datetime(y, m, d, tzinfo=timezone.utc).timestamp() for dates; the
// digits themselves for Unix seconds.
INSTANTIATE_TEST_SUITE_P(
    Rule, FileNames,
    testing::Values(
        // DeepState version ids: 9 or 10 digits.
        FileNameCase{"1735711200.geojson", false, 1735711200, ""},
        FileNameCase{"1648989208.json", false, 1648989208, ""},
        FileNameCase{"123456789.geojson", false, 123456789, ""},  // 1973-11-29
        FileNameCase{"4102444800.geojson", false, 4102444800, ""},
        FileNameCase{"4102444801.geojson", false, -1, "out of range"},
        FileNameCase{"9999999999.geojson", false, -1, "out of range"},
        // Before the fix, an all-digit stem of up to 12 digits was seconds: 20250102 -> 1970-08-23.
        FileNameCase{"20250102.geojson", false, -1, "--time-from-name"},
        FileNameCase{"20250102.geojson", false, -1, "YYYYMMDD"}, FileNameCase{"12345.geojson", false, -1, "--time"},
        FileNameCase{"123456789012.geojson", false, -1, "9 or 10 digits"},
        FileNameCase{"snapshot-latest.geojson", false, -1, "cannot read a version time from the file name"},
        FileNameCase{"deepstatemap_data_20250102.geojson", false, -1, "--time-from-name"},
        FileNameCase{".geojson", false, -1, "--time"}, FileNameCase{"", false, -1, "--time"},
        // Dates, only when asked for.
        FileNameCase{"20250102.geojson", true, 1735776000, ""},
        FileNameCase{"deepstatemap_data_20250102.geojson", true, 1735776000, ""},
        FileNameCase{"deepstatemap_data_20240229.geojson", true, 1709164800, ""},
        FileNameCase{"v2_20251130_final.geojson", true, 1764460800, ""}, FileNameCase{"19700101.geojson", true, 0, ""},
        FileNameCase{"21000101.geojson", true, 4102444800, ""},
        FileNameCase{"21000102.geojson", true, -1, "out of range"},
        FileNameCase{"19691231.geojson", true, -1, "out of range"},
        // An invalid run is skipped for a later valid one, and named when none is valid.
        FileNameCase{"20251340_20250102.geojson", true, 1735776000, ""},
        FileNameCase{"data_20250230.geojson", true, -1, "'20250230' is not a date"},
        // Runs of other lengths are no dates (a 9-digit run used to yield its last 8 digits).
        FileNameCase{"920250102.geojson", true, -1, "no YYYYMMDD date"},
        FileNameCase{"202501021200.geojson", true, -1, "no YYYYMMDD date"},
        FileNameCase{"1735711200.geojson", true, -1, "import it without --time-from-name"},
        FileNameCase{"snapshot-latest.geojson", true, -1, "no YYYYMMDD date in the file name"}),
    [](const testing::TestParamInfo<FileNameCase>& p) {
      std::string name = std::to_string(p.index) + "_";
      for (const char* c = p.param.name; *c != '\0' && *c != '.'; ++c) name += std::isalnum(*c) != 0 ? *c : '_';
      return name + (p.param.dates_in_name ? "_dates" : "");
    });

}  // namespace
}  // namespace frontline
