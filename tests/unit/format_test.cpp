// The library's writers: CSV as RFC 4180 says, aligned text tables, rounding, and GeoJSON that a
// JSON parser reads back. Expected texts are written out by hand from the rules in format.hpp.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "frontline/format.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

TEST(Format, CsvQuotesFieldsWithCommasQuotesAndLineBreaks) {
  format::Table t({"name", "value"});
  t.add({"plain", "1"});
  t.add({"with, comma", "2"});
  t.add({"a \"quoted\" word", "3"});
  t.add({"two\nlines", "4"});
  EXPECT_EQ(t.csv(),
            "name,value\n"
            "plain,1\n"
            "\"with, comma\",2\n"
            "\"a \"\"quoted\"\" word\",3\n"
            "\"two\nlines\",4\n");
}

TEST(Format, TextTableAlignsTheFirstColumnLeftAndTheRestRight) {
  format::Table t({"period", "net_km2"});
  t.add({"2025-11", "482.9"});
  t.add({"2025-W45", "-3.0"});
  EXPECT_EQ(t.text(),
            "period    net_km2\n"
            "2025-11     482.9\n"
            "2025-W45     -3.0\n");
}

TEST(Format, RoundingNeverPrintsMinusZero) {
  EXPECT_EQ(format::round_to(-0.0004, 3), 0.0);
  EXPECT_FALSE(std::signbit(format::round_to(-0.0004, 3)));
  EXPECT_EQ(format::km2_text(-0.04), "0.0");
  EXPECT_EQ(format::km2_text(std::nullopt), "-");
  EXPECT_EQ(format::km2_text(1234.56), "1234.6");
}

TEST(Format, DiffGeoJsonParsesBackWithItsPieces) {
  DiffResult d;
  DiffPiece p;
  p.kind = ChangeKind::gained;
  p.after = Status::occupied;
  p.area_km2 = 12.34567;
  p.geometry = test::polygons_from_wkt("POLYGON ((37 47, 37.1 47, 37.1 47.1, 37 47.1, 37 47))");
  d.pieces.push_back(p);
  const auto j = nlohmann::json::parse(format::diff_geojson(d));
  ASSERT_EQ(j["features"].size(), 1u);
  const auto& f = j["features"][0];
  EXPECT_EQ(f["properties"]["change"], "gained");
  EXPECT_TRUE(f["properties"]["status_before"].is_null());
  EXPECT_EQ(f["properties"]["status_after"], "occupied");
  EXPECT_DOUBLE_EQ(f["properties"]["area_km2"].get<double>(), 12.3457);
  EXPECT_EQ(f["geometry"]["coordinates"][0][0][2][0].get<double>(), 37.1);
}

}  // namespace
}  // namespace frontline
