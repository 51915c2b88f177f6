// Periods and steps in IANA time zones. The table tests/data/unit/time_zone_cases.tsv is written
// by make_time_cases.py with Python's zoneinfo (days around every 2025 clock change of seven zones,
// Kyiv's among them); the hand-written cases below give each rule once, with the Python that
// checks it in a comment.
#include <gtest/gtest.h>

#include <map>

#include "frontline/time.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

constexpr std::int64_t kHour = 3600;

TimeZone zone(std::string_view name) {
  auto z = TimeZone::named(name);
  EXPECT_TRUE(z) << name << ": " << (z ? "" : z.error().message);
  return z ? *z : TimeZone{};
}

TEST(TimeZones, UnknownNamesAreBadRequests) {
  for (const char* bad : {"Europe/Kiyv", "", "Mars/Olympus", "../../etc/passwd", "europe/kyiv"}) {
    auto z = TimeZone::named(bad);
    ASSERT_FALSE(z) << bad;
    EXPECT_EQ(z.error().code, ErrorCode::bad_request);
    EXPECT_NE(z.error().message.find(std::string("'") + bad + "'"), std::string::npos) << z.error().message;
  }
  EXPECT_TRUE(TimeZone::named("UTC")->is_utc());
  EXPECT_EQ(TimeZone{}.name(), "UTC");
  EXPECT_EQ(zone("Europe/Kiev").offset_at(Timestamp{1751328000}), 3 * kHour);  // the old name is a link
}

TEST(TimeZones, KyivDaysAcrossTheClockChangesOf2025) {
  const TimeZone kyiv = zone("Europe/Kyiv");
  EXPECT_EQ(kyiv.name(), "Europe/Kyiv");
  // datetime(2025,3,30,tzinfo=ZoneInfo("Europe/Kyiv")).timestamp() = 1743285600 (22:00Z the day
  // before); 2025-03-31 local midnight = 1743368400: the day of the change lasts 23 hours.
  const Timestamp noon_mar30{1743285600 + 12 * kHour};
  EXPECT_EQ(start_of_step(noon_mar30, Step::day, kyiv).seconds, 1743285600);
  EXPECT_EQ(period_start(noon_mar30, Step::day, 1, kyiv).seconds, 1743368400);
  EXPECT_EQ(1743368400 - 1743285600, 23 * kHour);
  EXPECT_EQ(format_period(Timestamp{1743285600}, Step::day, kyiv), "2025-03-30");
  // 2025-10-26 local midnight = 1761426000, 10-27 = 1761516000: 25 hours.
  const Timestamp noon_oct26{1761426000 + 12 * kHour};
  EXPECT_EQ(start_of_step(noon_oct26, Step::day, kyiv).seconds, 1761426000);
  EXPECT_EQ(period_start(noon_oct26, Step::day, 1, kyiv).seconds, 1761516000);
  EXPECT_EQ(1761516000 - 1761426000, 25 * kHour);
}

TEST(TimeZones, KyivWeeksAndMonths) {
  const TimeZone kyiv = zone("Europe/Kyiv");
  // ISO week 2025-W13 runs from Monday 03-24 (1742767200) to Monday 03-31 (1743368400), 7 days
  // less an hour; 2025-W43 from 10-20 (1760907600) to 10-27 (1761516000), 7 days and an hour.
  EXPECT_EQ(start_of_step(Timestamp{1743285600}, Step::week, kyiv).seconds, 1742767200);
  EXPECT_EQ(period_start(Timestamp{1743285600}, Step::week, 1, kyiv).seconds, 1743368400);
  EXPECT_EQ(format_period(Timestamp{1742767200}, Step::week, kyiv), "2025-W13");
  EXPECT_EQ(period_start(Timestamp{1761426000}, Step::week, 0, kyiv).seconds, 1760907600);
  EXPECT_EQ(period_start(Timestamp{1761426000}, Step::week, 1, kyiv).seconds, 1761516000);
  // March 2025 in Kyiv: 1740780000 (02-28T22:00Z) to 1743454800 (03-31T21:00Z); October:
  // 1759266000 (09-30T21:00Z) to 1761948000 (10-31T22:00Z). The month's label is local: the
  // instant 2025-02-28T22:00Z is already March.
  EXPECT_EQ(start_of_step(Timestamp{1742000000}, Step::month, kyiv).seconds, 1740780000);
  EXPECT_EQ(period_start(Timestamp{1742000000}, Step::month, 1, kyiv).seconds, 1743454800);
  EXPECT_EQ(format_period(Timestamp{1740780000}, Step::month, kyiv), "2025-03");
  EXPECT_EQ(format_period(Timestamp{1740780000}, Step::month), "2025-02");  // in UTC
  EXPECT_EQ(period_start(Timestamp{1760000000}, Step::month, 0, kyiv).seconds, 1759266000);
  EXPECT_EQ(period_start(Timestamp{1760000000}, Step::month, 1, kyiv).seconds, 1761948000);
}

TEST(TimeZones, WallTimesAreReadInTheZone) {
  const TimeZone kyiv = zone("Europe/Kyiv");
  // datetime(2025,11,1,tzinfo=kyiv).timestamp() = 1761948000; datetime(2025,6,1,12,...) = 1748768400.
  EXPECT_EQ(parse_month_or_time("2025-11", kyiv)->seconds, 1761948000);
  EXPECT_EQ(parse_time("2025-11-01", kyiv)->seconds, 1761948000);
  EXPECT_EQ(parse_time("2025-06-01T12:00", kyiv)->seconds, 1748768400);
  // An offset, Z or Unix seconds name an instant, whatever the zone.
  EXPECT_EQ(parse_time("2025-06-01T12:00:00Z", kyiv)->seconds, 1748779200);
  EXPECT_EQ(parse_time("2025-06-01T12:00:00+01:00", kyiv)->seconds, 1748775600);
  EXPECT_EQ(parse_time("1748779200", kyiv)->seconds, 1748779200);
  // 03:30 on 2025-03-30 does not exist in Kyiv (03:00 -> 04:00 at 01:00Z = 1743296400): the
  // instant of the change. 03:30 on 2025-10-26 happens twice: the first, in summer time (+03:00),
  // = 1761438600 (Python: fold=0).
  EXPECT_EQ(parse_time("2025-03-30T03:30", kyiv)->seconds, 1743296400);
  EXPECT_EQ(parse_time("2025-10-26T03:30", kyiv)->seconds, 1761438600);
  // The range holds in the zone too: local 1970-01-01T00:00 in Kyiv (then +03:00) is 1969.
  auto early = parse_time("1970-01-01", kyiv);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::bad_request);
}

TEST(TimeZones, KyivIsExactUntilItsLastListedClockChange) {
  // tzdata lists Kyiv's changes to 2037-10-25T01:00Z (Python: the offset changes from +3 to +2
  // at 2140045200); after that only a rule, which the date library does not apply.
  const TimeZone kyiv = zone("Europe/Kyiv");
  EXPECT_EQ(kyiv.exact_until().seconds, 2140045200);
  auto late = parse_time("2040-06-01", kyiv);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::bad_request);
  EXPECT_NE(late.error().message.find("Europe/Kyiv"), std::string::npos) << late.error().message;
  EXPECT_TRUE(parse_time("2040-06-01T00:00:00Z", kyiv));  // an instant needs no local time
  // Zones without clock changes at the end of the list are exact to the end of the range.
  EXPECT_EQ(zone("Asia/Kolkata").exact_until(), kLatestTime);
  EXPECT_EQ(zone("America/Sao_Paulo").exact_until(), kLatestTime);  // no DST since 2019
  EXPECT_EQ(TimeZone{}.exact_until(), kLatestTime);
}

TEST(TimeZones, TableFromPythonZoneinfo) {
  std::map<std::string, TimeZone> zones;
  std::size_t periods = 0;
  std::size_t steps = 0;
  for (const auto& row : test::read_tsv(test::unit_data("time_zone_cases.tsv"))) {
    ASSERT_EQ(row.size(), 8u);
    auto [it, added] = zones.try_emplace(row[1]);
    if (added) it->second = zone(row[1]);
    const TimeZone& z = it->second;
    const Timestamp t{std::stoll(row[2])};
    auto step = parse_step(row[3]);
    ASSERT_TRUE(step) << row[3];
    const int n = std::stoi(row[4]);
    const std::int64_t expected = std::stoll(row[5]);
    const std::string context = row[1] + " " + row[3] + " " + row[4] + ": " + row[7];
    if (row[0] == "period") {
      const Timestamp start = period_start(t, *step, n, z);
      EXPECT_EQ(start.seconds, expected) << context;
      EXPECT_EQ(format_period(start, *step, z), row[6]) << context;
      ++periods;
    } else {
      ASSERT_EQ(row[0], "step");
      EXPECT_EQ(add_steps(t, *step, n, z).seconds, expected) << context;
      ++steps;
    }
  }
  EXPECT_GT(periods, 1000u);
  EXPECT_GT(steps, 300u);
  EXPECT_EQ(zones.size(), 7u);
}

}  // namespace
}  // namespace frontline
