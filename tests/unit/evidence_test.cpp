// Evidence: the CSV and KML layers, the time and URL rules, confidence, and the point index the
// check runs on (against geo::covers and a brute-force nearest edge).
#include <gtest/gtest.h>

#include <random>

#include "frontline/evidence.hpp"
#include "geo/locate.hpp"
#include "geo/plane.hpp"
#include "geo/point_index.hpp"
#include "io/csv.hpp"
#include "io/evidence_readers.hpp"
#include "io/kml_reader.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

std::vector<std::vector<std::string>> all_rows(std::string_view text, std::vector<std::size_t>* lines = nullptr) {
  io::CsvReader r(text, "t.csv");
  std::vector<std::vector<std::string>> out;
  for (;;) {
    auto row = r.next();
    EXPECT_TRUE(row) << row.error().message;
    if (!row || !*row) break;
    out.push_back(**row);
    if (lines != nullptr) lines->push_back(r.line());
  }
  return out;
}

TEST(Csv, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  std::vector<std::size_t> lines;
  const auto rows = all_rows(
      "\xEF\xBB\xBF"
      "a,b,c\r\n1,\"x, \"\"y\"\"\nz\",3\r\n\r\n4,,\"\"\n",
      &lines);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "x, \"y\"\nz", "3"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"4", "", ""}));
  // The line each record starts on: the quoted line break moves the third record to line 5.
  EXPECT_EQ(lines, (std::vector<std::size_t>{1, 2, 5}));
}

TEST(Csv, AnUnclosedQuoteNamesTheLineItStartsOn) {
  io::CsvReader r("a,b\n1,2\n3,\"open\nmore\n", "t.csv");
  ASSERT_TRUE(r.next());
  ASSERT_TRUE(r.next());
  auto bad = r.next();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::bad_input);
  EXPECT_NE(bad.error().message.find("t.csv:3:"), std::string::npos) << bad.error().message;
}

TEST(Csv, FieldsAndRecordsAreBounded) {
  io::CsvLimits limits;
  limits.max_field_bytes = 8;
  io::CsvReader r("123456789,1\n", "t.csv", limits);
  auto row = r.next();
  ASSERT_FALSE(row);
  EXPECT_NE(row.error().message.find("longer than 8 bytes"), std::string::npos);
  limits = {};
  limits.max_fields = 3;
  io::CsvReader r2("1,2,3,4\n", "t.csv", limits);
  EXPECT_FALSE(r2.next());
}

TEST(EvidenceTime, FormsAndPrecision) {
  auto day = io::parse_observed_time("2025-11-12", "w");
  ASSERT_TRUE(day);
  EXPECT_EQ(format_iso(day->at), "2025-11-12T00:00:00Z");
  EXPECT_EQ(day->precision, TimePrecision::day);
  auto exact = io::parse_observed_time("2025-11-12T08:30:00+02:00", "w");
  ASSERT_TRUE(exact);
  EXPECT_EQ(format_iso(exact->at), "2025-11-12T06:30:00Z");
  EXPECT_EQ(exact->precision, TimePrecision::exact);
  // ISO week 1 of 2025 begins on Monday 2024-12-30; week 46 on 2025-11-10.
  auto w1 = io::parse_observed_time("2025-W01", "w");
  ASSERT_TRUE(w1);
  EXPECT_EQ(format_date(w1->at), "2024-12-30");
  EXPECT_EQ(w1->precision, TimePrecision::week);
  EXPECT_EQ(format_date(io::parse_observed_time("2025-W46", "w")->at), "2025-11-10");
  EXPECT_EQ(format_date(io::parse_observed_time("2026-W01", "w")->at), "2025-12-29");
  EXPECT_EQ(format_date(io::parse_observed_time("02/24/2022", "w")->at), "2022-02-24");
  auto post = io::parse_observed_time("1985358695761321992", "f.csv:4");
  ASSERT_FALSE(post);
  EXPECT_NE(post.error().message.find("f.csv:4: '1985358695761321992' is not a date"), std::string::npos);
  EXPECT_FALSE(io::parse_observed_time("2025-13-01", "w"));
  EXPECT_FALSE(io::parse_observed_time("2025-W54", "w"));
}

TEST(EvidenceSources, UrlsAreComparedWithoutTrackingAndMirrors) {
  EXPECT_EQ(normalize_source_url("https://twitter.com/a/status/1?s=20&t=abc"), "https://x.com/a/status/1");
  EXPECT_EQ(normalize_source_url("http://www.X.com/a/status/1/"), "https://x.com/a/status/1");
  EXPECT_EQ(normalize_source_url("https://www.youtube.com/watch?v=abc&t=42"), "https://youtube.com/watch?v=abc");
  EXPECT_EQ(normalize_source_url("https://t.me/chan/5?single"), "https://t.me/chan/5");
  EXPECT_EQ(normalize_source_url("https://example.com/?utm_source=x&id=7"), "https://example.com/?id=7");
  EvidenceRecord r;
  r.sources = {"https://twitter.com/a/status/1", "https://x.com/b/status/2", "https://t.me/c/3"};
  r.geolocation = "https://mobile.twitter.com/geo/status/9";
  EXPECT_EQ(independent_sources(r), 2u);  // x.com and t.me
}

TEST(EvidenceConfidence, ProductOfPlaceTimeAndSources) {
  // docs/evidence.md's table, row by row.
  EvidenceRecord r;
  r.precision_m = 50;
  r.time_precision = TimePrecision::exact;
  EXPECT_DOUBLE_EQ(evidence_confidence(r), 0.2);  // no source
  r.sources = {"https://t.me/a/1"};
  EXPECT_DOUBLE_EQ(evidence_confidence(r), 0.6);
  r.geolocation = "https://x.com/g/status/1";
  EXPECT_DOUBLE_EQ(evidence_confidence(r), 0.85);
  r.sources.push_back("https://youtube.com/watch?v=1");
  EXPECT_DOUBLE_EQ(evidence_confidence(r), 1.0);
  r.time_precision = TimePrecision::week;
  r.precision_m = 2000;
  EXPECT_DOUBLE_EQ(evidence_confidence(r), 0.3);  // 0.5 x 0.6 x 1.0
  r.time_precision = TimePrecision::day;
  r.precision_m = 1000;
  EXPECT_DOUBLE_EQ(evidence_confidence(r), 0.72);  // 0.8 x 0.9 x 1.0
  r.precision_m = 10'000;
  EXPECT_DOUBLE_EQ(evidence_confidence(r), 0.225);  // 0.25 x 0.9 x 1.0
}

TEST(EvidenceReaders, FormatsAreRecognisedFromTheContent) {
  auto owl = io::parse_evidence(
      "date,side,lat,lon,description,source_urls,source_file,index\n"
      "2025-11-04,ru,48.39,37.88,\"text\nhttps://x.com/a/status/2\",https://x.com/a/status/1) "
      "https://x.com/a/status/2,f,1\n",
      "owl.csv");
  ASSERT_TRUE(owl) << owl.error().message;
  ASSERT_EQ(owl->rows.size(), 1u);
  EXPECT_EQ(owl->dataset, "owlmaps");
  const auto& r = owl->rows[0].record;
  EXPECT_EQ(r.side, Side::russian);
  EXPECT_EQ(r.point, (FixedCoordinate{378'800'000, 483'900'000}));
  // The URL before ")" ends there; the description's URL is the second one again.
  EXPECT_EQ(r.sources, (std::vector<std::string>{"https://x.com/a/status/1", "https://x.com/a/status/2"}));

  auto unknown = io::parse_evidence("a,b\n1,2\n", "x.csv");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("x.csv:1: the header names no evidence format"), std::string::npos);

  auto bad_side =
      io::parse_evidence("id,observed_at,lon,lat,side,sources\n1,2025-01-01,37,47,blue,https://t.me/a\n", "s.csv");
  ASSERT_FALSE(bad_side);
  EXPECT_NE(bad_side.error().message.find("s.csv:2: side 'blue'"), std::string::npos);

  auto out_of_range =
      io::parse_evidence("id,observed_at,lon,lat,side,sources\n1,2025-01-01,370,47,ru,https://t.me/a\n", "r.csv");
  ASSERT_FALSE(out_of_range);
  EXPECT_NE(out_of_range.error().message.find("r.csv:2: the point"), std::string::npos);
}

TEST(Kml, PlacemarksWithFoldersStylesAndSections) {
  const std::string kml =
      "<?xml version=\"1.0\"?><kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><Folder><name>B. Last 7 "
      "days</name><Placemark><name>3 SEP 2025</name><description><![CDATA[A Russian position.\n\nSource(s):\n"
      "https://t.me/a/1\nhttps://t.me/a/2.\n\nGeolocation(s):\nhttps://x.com/g/status/1\nhttps://x.com/g/status/2"
      "]]></description><styleUrl>#api/icons/E00000/False/template/61.png</styleUrl><Point><coordinates>37.24,48.34,0"
      "</coordinates></Point></Placemark><Placemark><name/><Point><coordinates>37,48</coordinates></Point></Placemark>"
      "</Folder></Document></kml>";
  auto placemarks = io::read_kml_placemarks(kml, "g.kml");
  ASSERT_TRUE(placemarks) << placemarks.error().message;
  ASSERT_EQ(placemarks->size(), 2u);
  EXPECT_EQ((*placemarks)[0].folders, (std::vector<std::string>{"B. Last 7 days"}));
  auto file = io::parse_kml(kml, "g.kml");
  ASSERT_TRUE(file) << file.error().message;
  ASSERT_EQ(file->rows.size(), 1u);  // the undated placemark is a legend's, not evidence
  EXPECT_EQ(file->without_place, 1);
  const auto& r = file->rows[0].record;
  EXPECT_EQ(format_date(r.observed_at), "2025-09-03");
  EXPECT_EQ(r.side, Side::russian);
  EXPECT_EQ(r.sources, (std::vector<std::string>{"https://t.me/a/1", "https://t.me/a/2"}));
  EXPECT_EQ(r.geolocation, "https://x.com/g/status/1");
  EXPECT_EQ(r.text, "A Russian position.");
}

TEST(Kml, EntitiesDepthAndMalformedXmlAreRefused) {
  auto bomb = io::read_kml_placemarks(
      "<?xml version=\"1.0\"?><!DOCTYPE kml [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;\">]><kml><Placemark>"
      "<name>&b;</name></Placemark></kml>",
      "b.kml");
  ASSERT_FALSE(bomb);
  EXPECT_NE(bomb.error().message.find("entity"), std::string::npos) << bomb.error().message;
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<a>";
  auto nested = io::read_kml_placemarks(deep, "d.kml");
  ASSERT_FALSE(nested);
  EXPECT_NE(nested.error().message.find("deeper than 64"), std::string::npos) << nested.error().message;
  auto broken = io::read_kml_placemarks("<kml>\n<Placemark>\n</kml>", "x.kml");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("x.kml:3:"), std::string::npos) << broken.error().message;
}

// EdgeStripes answers as geo::covers does, on random points around polygons with holes, points on
// vertices and edges included; its nearest point is the brute-force nearest edge's.
TEST(EdgeStripes, CoversAndNearestAgreeWithBruteForce) {
  const MultiPolygon polys = test::polygons_from_wkt(
      "MULTIPOLYGON(((37.0 47.0, 37.5 47.0, 37.52 47.31, 37.2 47.5, 37.0 47.0), (37.1 47.1, 37.2 47.1, 37.2 47.2, "
      "37.1 47.2, 37.1 47.1)), ((37.6 47.0, 37.8 47.0, 37.8 47.03, 37.6 47.0)))");
  const geo::EdgeStripes index(polys);
  std::mt19937 rng(20261129);
  std::uniform_int_distribution<std::int32_t> lon(369'000'000, 379'000'000), lat(469'000'000, 476'000'000);
  std::vector<FixedCoordinate> points;
  for (int i = 0; i < 20000; ++i) points.push_back({lon(rng), lat(rng)});
  for (const auto& p : polys) {
    for (const auto& c : p.outer) points.push_back(c);
    for (std::size_t i = 0; i + 1 < p.outer.size(); ++i)
      points.push_back(geo::point_along(p.outer[i], p.outer[i + 1], 0.5));
  }
  points.push_back({371'500'000, 471'000'000});  // on the hole's edge
  for (const auto& pt : points) {
    ASSERT_EQ(index.covers(pt), geo::covers(polys, pt)) << pt.lon << " " << pt.lat;
    double best = 1e300;
    for (const auto& p : polys) {
      auto scan = [&](const Ring& r) {
        for (std::size_t i = 0; i + 1 < r.size(); ++i) best = std::min(best, geo::point_segment_m(pt, r[i], r[i + 1]));
      };
      scan(p.outer);
      for (const auto& h : p.holes) scan(h);
    }
    auto near = index.nearest(pt, 50'000);
    if (best <= 50'000) {
      ASSERT_TRUE(near);
      EXPECT_NEAR(near->plane_m, best, 1e-6 * std::max(1.0, best));
    } else {
      EXPECT_FALSE(near);
    }
  }
}

}  // namespace
}  // namespace frontline
