// Time parsing and calendar steps. Expected instants and ISO weeks were computed with Python's
// datetime (timestamp(), isocalendar()), not with frontline.
#include <gtest/gtest.h>

#include <algorithm>

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

}  // namespace
}  // namespace frontline
