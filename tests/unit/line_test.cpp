// The geometry under the line of contact and its advance: outlines of tiled polygons, sampling
// along paths, the nearest point of a line, and which points a country covers. Distances are
// checked against pyproj's Geod (an independent implementation of Karney's geodesics).
#include <gtest/gtest.h>

#include "geo/front_line.hpp"
#include "geo/line_distance.hpp"
#include "geo/plane.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

FixedCoordinate at(double lon, double lat) {
  return *to_fixed(Longitude{lon}, Latitude{lat});
}

geo::Path path(std::initializer_list<std::pair<double, double>> points) {
  geo::Path p;
  for (auto [lon, lat] : points) p.push_back(at(lon, lat));
  return p;
}

TEST(Outline, TwoSquaresSharingAnEdgeHaveSixOutlineEdges) {
  const auto tiles = test::polygons_from_wkt(
      "MULTIPOLYGON(((36 47, 37 47, 37 48, 36 48, 36 47)), ((37 47, 38 47, 38 48, 37 48, 37 47)))");
  const auto outline = geo::outline_edges(tiles);
  EXPECT_EQ(outline.size(), 6u);
  for (const auto& e : outline) {
    // The shared edge, lon 37 from 47 to 48, is an internal border.
    EXPECT_FALSE(e[0].lon == at(37, 47).lon && e[1].lon == at(37, 47).lon);
  }
}

TEST(CountryShape, CoversInsideAndNotAtSea) {
  geo::CountryShape country(test::polygons_from_wkt("POLYGON((36 47, 38 47, 38 48, 36 48, 36 47))"));
  EXPECT_TRUE(country.covers(at(37, 47.5)));
  EXPECT_TRUE(country.covers(at(36, 47.5)));  // on the boundary
  EXPECT_FALSE(country.covers(at(38.5, 47.5)));
  EXPECT_TRUE(country.near_outline(at(36.005, 47.5), 1000));  // 380 m from the west edge
  EXPECT_FALSE(country.near_outline(at(36.02, 47.5), 1000));  // 1.5 km
  EXPECT_FALSE(country.cell_crosses_outline(at(37.02, 47.52)));
  EXPECT_TRUE(country.cell_crosses_outline(at(36.01, 47.52)));
}

// The slivers DeepState's occupied layers leave when united: 8.3 km long, 62 m² (mean width 1.5
// cm) on the map of 2025-08-01. A field of 100 m by 100 m is ground; so is a strip 5 m wide.
TEST(Sliver, ZeroWidthRingsAreNotGround) {
  const Ring sliver = path({{37.85, 48.36}, {37.95, 48.3600001}, {37.85, 48.3600002}, {37.85, 48.36}});
  EXPECT_TRUE(geo::is_sliver(sliver, 1.0));
  const Ring field = path({{37.0, 48.0}, {37.00135, 48.0}, {37.00135, 48.0009}, {37.0, 48.0009}, {37.0, 48.0}});
  EXPECT_FALSE(geo::is_sliver(field, 1.0));
  // 10 km by 5 m: mean width 2 x 50,000 / 20,010 = 5.0 m.
  const Ring strip = path({{37.0, 48.0}, {37.1343, 48.0}, {37.1343, 48.000045}, {37.0, 48.000045}, {37.0, 48.0}});
  EXPECT_FALSE(geo::is_sliver(strip, 1.0));
  EXPECT_TRUE(geo::is_sliver(strip, 10.0));
}

TEST(AwayFrom, DropsTheBorderTheCoastAndTheSea) {
  // Ground held from the country's west border (36) to 37, and out to sea south of 47.
  geo::CountryShape country(test::polygons_from_wkt("POLYGON((36 47, 38 47, 38 48, 36 48, 36 47))"));
  const Ring ground = path({{36, 46.5}, {37, 46.5}, {37, 47.5}, {36, 47.5}, {36, 46.5}});
  const auto line = geo::away_from({&ground}, country, 1000);
  ASSERT_EQ(line.size(), 1u);
  // What is left: the east side from 1 km north of the coast to the corner, then the north side
  // to 1 km from the border, each end within one 0.005° piece of the tolerance.
  const auto& p = line.front();
  EXPECT_EQ(p.front().lon, at(37, 0).lon);
  EXPECT_NEAR(p.front().lat * kGridDegrees, 47.009, 0.0051);
  EXPECT_EQ(p.back().lat, at(0, 47.5).lat);
  EXPECT_NEAR(p.back().lon * kGridDegrees, 36.0133, 0.0051);
  for (const auto& c : p) EXPECT_GE(c.lat, at(0, 47.0).lat);  // nothing at sea
}

TEST(SamplePaths, EveryStepAndTheEnd) {
  // 0.1° of longitude at 48°: 7,462.5 m (pyproj); every 1 km gives 0..7 km and the end.
  const auto samples = geo::sample_paths({path({{37.5, 48}, {37.6, 48}})}, 1000);
  ASSERT_EQ(samples.size(), 9u);
  EXPECT_DOUBLE_EQ(samples[0].along_m, 0);
  EXPECT_DOUBLE_EQ(samples[7].along_m, 7000);
  EXPECT_NEAR(samples[8].along_m, 7462.535, 0.1);  // the local plane, east along a parallel
  EXPECT_EQ(samples[8].at, at(37.6, 48));
  EXPECT_TRUE(geo::sample_paths({path({{37.5, 48}, {37.6, 48}})}, 0).empty());
}

TEST(NearestOnPaths, FootOfThePerpendicular) {
  const geo::NearestOnPaths old_line({path({{37.5, 47.5}, {37.5, 48.5}})});
  const auto hit = old_line.nearest(at(37.6, 48));
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->at, at(37.5, 48));
  EXPECT_NEAR(geo::geodesic_distance_m(at(37.6, 48), hit->at), 7462.535, 0.01);  // pyproj
  EXPECT_NEAR(hit->plane_m, 7462.535, 0.1);
}

TEST(NearestOnPaths, FarAwayAndEndpoints) {
  // A point 1° of longitude east at 50°, 71.7 km (pyproj): many empty cells between.
  const geo::NearestOnPaths old_line({path({{30, 49}, {30, 50}}), path({{29, 52}, {29.5, 52}})});
  const auto hit = old_line.nearest(at(31, 50.5));
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->at, at(30, 50));  // the end of the first path
  EXPECT_NEAR(geo::geodesic_distance_m(at(31, 50), at(30, 50)), 71695.220, 0.01);
  EXPECT_FALSE(geo::NearestOnPaths({}).nearest(at(31, 50)));
}

TEST(NearestOnPaths, AgreesWithBruteForce) {
  // A zigzag line and points around it: the index finds what visiting every edge finds.
  geo::Path zigzag;
  for (int i = 0; i <= 200; ++i) zigzag.push_back(at(35 + i * 0.02, 47 + (i % 2) * 0.013 + (i % 7) * 0.004));
  const geo::NearestOnPaths index({zigzag});
  for (int k = 0; k < 300; ++k) {
    const auto p = at(34.5 + (k * 37 % 500) * 0.01, 46.6 + (k * 53 % 100) * 0.01);
    const auto hit = index.nearest(p);
    ASSERT_TRUE(hit);
    double best = 1e300;
    for (std::size_t i = 0; i + 1 < zigzag.size(); ++i)
      best = std::min(best, geo::point_segment_m(p, zigzag[i], zigzag[i + 1]));
    EXPECT_DOUBLE_EQ(hit->plane_m, best) << "point " << k;
  }
}

}  // namespace
}  // namespace frontline
