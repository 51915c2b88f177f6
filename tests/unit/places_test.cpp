// Pieces of the places module that need no store: labels, radii, point location, the geometry codec.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "frontline/places.hpp"
#include "geo/locate.hpp"
#include "store/codec.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

struct LabelCase {
  double occupied, contested;
  const char* label;
};

// The thresholds of issue 6: >= 95 % occupied held by Russia, >= 50 % mostly; grey zone >= 50 %
// or no side >= 50 % contested; the rest (no status, or liberated) is Ukraine's.
constexpr LabelCase kLabels[] = {
    {1.0, 0.0, "held by Russia"},         {0.95, 0.05, "held by Russia"}, {0.949, 0.0, "mostly held by Russia"},
    {0.5, 0.5, "mostly held by Russia"},  {0.49, 0.5, "contested"},       {0.3, 0.3, "contested"},
    {0.2, 0.3, "mostly held by Ukraine"}, {0.0, 0.05, "held by Ukraine"}, {0.0, 0.051, "mostly held by Ukraine"},
    {0.0, 0.0, "held by Ukraine"},
};

TEST(ControlLabel, Thresholds) {
  for (const auto& c : kLabels) {
    EXPECT_EQ(control_label(c.occupied, c.contested), c.label) << c.occupied << " occupied, " << c.contested << " grey";
  }
}

TEST(SettlementRadius, DiscHoldsThePopulationAtTwoThousandPerSquareKilometre) {
  // 50,000 people at 2,000 per km² fill 25 km²: a radius of sqrt(25 / pi) km.
  EXPECT_NEAR(settlement_radius_m(50'000), std::sqrt(25.0 / std::numbers::pi) * 1000, 1e-9);
  EXPECT_EQ(settlement_radius_m(100), 500.0);         // a hamlet: the floor
  EXPECT_EQ(settlement_radius_m(2'000'000), 8000.0);  // a city: the ceiling (cities have boundaries)
  EXPECT_EQ(settlement_radius_m(std::nullopt), 1000.0);
}

TEST(Locate, InsideOnTheBoundaryInAHoleOutside) {
  const Polygon p = test::polygon_from_wkt(
      "POLYGON((30 50, 31 50, 31 51, 30 51, 30 50), "
      "(30.2 50.2, 30.2 50.4, 30.4 50.4, 30.4 50.2, 30.2 50.2))");
  auto at = [](double lon, double lat) { return *to_fixed(Longitude{lon}, Latitude{lat}); };
  EXPECT_TRUE(geo::covers(p, at(30.5, 50.5)));
  EXPECT_TRUE(geo::covers(p, at(31.0, 50.5)));   // on an edge
  EXPECT_TRUE(geo::covers(p, at(30.0, 50.0)));   // on a vertex
  EXPECT_FALSE(geo::covers(p, at(30.3, 50.3)));  // in the hole
  EXPECT_TRUE(geo::covers(p, at(30.2, 50.3)));   // on the hole's edge
  EXPECT_FALSE(geo::covers(p, at(31.5, 50.5)));
  EXPECT_FALSE(geo::covers(p, at(30.5, 50.0 - 1e-7)));  // one grid step below the bottom edge
}

TEST(PlaceGeometryCodec, RoundTripsAndRefusesDamage) {
  const MultiPolygon mp = test::polygons_from_wkt(
      "MULTIPOLYGON(((30 50, 31 50, 31 51, 30 51, 30 50), (30.2 50.2, 30.2 50.4, 30.4 50.4, 30.2 50.2)),"
      "((32 50, 32.5 50, 32.5 50.5, 32 50)))");
  const auto blob = store::encode_multipolygon(mp);
  auto back = store::decode_multipolygon(blob);
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].outer, mp[0].outer);
  EXPECT_EQ((*back)[0].holes, mp[0].holes);
  EXPECT_EQ((*back)[1].outer, mp[1].outer);
  for (std::size_t cut : {std::size_t{1}, blob.size() / 2, blob.size() - 1}) {
    auto damaged = store::decode_multipolygon(std::span(blob).first(cut));
    EXPECT_FALSE(damaged) << "cut at " << cut;
  }
}

}  // namespace
}  // namespace frontline
