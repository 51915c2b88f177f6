// Area and perimeter on WGS84 against independent references: pyproj's values for the shapes in
// tests/data/unit/geodesic_cases.tsv (written by make_geodesic_cases.py, both as frontline
// measures an edge, the straight line in lon/lat, and with every edge one geodesic), the closed
// form of a lon/lat quadrangle's area on the ellipsoid, and the planimeter values published in
// GeographicLib's own test suite.
#include <gtest/gtest.h>

#include <algorithm>
#include <numbers>

#include "geo/geodesic.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

using test::GeodesicCase;

constexpr double kRelTolerance = 1e-9;
constexpr double kAbsAreaTolerance = 1e-3;  // m²

}  // namespace
}  // namespace frontline

namespace frontline::test {
void PrintTo(const GeodesicCase& c, std::ostream* os) {
  *os << c.name;
}
}  // namespace frontline::test

namespace frontline {
namespace {

class GeodesicAgainstPyproj : public testing::TestWithParam<GeodesicCase> {};

TEST_P(GeodesicAgainstPyproj, AreaAndPerimeterAgree) {
  const GeodesicCase& c = GetParam();
  const Polygon p = test::polygon_from_wkt(c.wkt);
  ASSERT_FALSE(p.outer.empty());

  const double area = geo::area_m2(p);
  EXPECT_TRUE(test::relative_difference(area, c.area_m2) <= kRelTolerance ||
              std::fabs(area - c.area_m2) <= kAbsAreaTolerance)
      << c.name << ": frontline " << area << " m², pyproj " << c.area_m2 << " m²";

  double perimeter = geo::measure_ring(p.outer).perimeter_m;
  for (const auto& h : p.holes) perimeter += geo::measure_ring(h).perimeter_m;
  EXPECT_LE(test::relative_difference(perimeter, c.perimeter_m), kRelTolerance)
      << c.name << ": frontline " << perimeter << " m, pyproj " << c.perimeter_m << " m";
}

TEST_P(GeodesicAgainstPyproj, GeodesicEdgesAgree) {
  const GeodesicCase& c = GetParam();
  const Polygon p = test::polygon_from_wkt(c.wkt);
  double area = geo::geodesic_ring(p.outer).area_m2;
  double perimeter = geo::geodesic_ring(p.outer).perimeter_m;
  for (const auto& h : p.holes) {
    area -= geo::geodesic_ring(h).area_m2;
    perimeter += geo::geodesic_ring(h).perimeter_m;
  }
  EXPECT_TRUE(test::relative_difference(area, c.geodesic_area_m2) <= kRelTolerance ||
              std::fabs(area - c.geodesic_area_m2) <= kAbsAreaTolerance)
      << c.name << ": frontline " << area << " m², pyproj " << c.geodesic_area_m2 << " m²";
  EXPECT_LE(test::relative_difference(perimeter, c.geodesic_perimeter_m), kRelTolerance) << c.name;
}

// The caching measurer (runs of edges summed once) must give the same answers.
TEST_P(GeodesicAgainstPyproj, CachingMeasurerAgrees) {
  const GeodesicCase& c = GetParam();
  const Polygon p = test::polygon_from_wkt(c.wkt);
  geo::RingMeasurer measurer;
  for (int pass = 0; pass < 2; ++pass) {  // the second pass comes from the cache
    double area = measurer.measure(p.outer).area_m2;
    double perimeter = measurer.measure(p.outer).perimeter_m;
    for (const auto& h : p.holes) {
      area -= measurer.measure(h).area_m2;
      perimeter += measurer.measure(h).perimeter_m;
    }
    EXPECT_TRUE(test::relative_difference(area, c.area_m2) <= kRelTolerance ||
                std::fabs(area - c.area_m2) <= kAbsAreaTolerance)
        << c.name << " pass " << pass << ": frontline " << area << " m², pyproj " << c.area_m2 << " m²";
    EXPECT_LE(test::relative_difference(perimeter, c.perimeter_m), kRelTolerance)
        << c.name << " pass " << pass << ": frontline " << perimeter << " m, pyproj " << c.perimeter_m << " m";
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, GeodesicAgainstPyproj, testing::ValuesIn(test::geodesic_cases()),
                         [](const testing::TestParamInfo<GeodesicCase>& p) { return p.param.name; });

TEST(Geodesic, TableHasTheExpectedShapes) {
  for (const char* name : {"cell_equator", "cell_48n", "cell_60n", "triangle", "square_with_hole", "long_thin",
                           "cell_48n_cw", "cell_48n_ccw", "oblast_donetsk", "city_kyiv"}) {
    EXPECT_GT(test::case_area(name), 0) << name;
  }
}

TEST(Geodesic, OrientationDoesNotChangeTheMeasure) {
  const Polygon ccw = test::case_polygon("cell_48n_ccw");
  Polygon cw = ccw;
  std::reverse(cw.outer.begin(), cw.outer.end());
  const auto a = geo::measure_ring(ccw.outer);
  const auto b = geo::measure_ring(cw.outer);
  EXPECT_DOUBLE_EQ(a.area_m2, b.area_m2);
  EXPECT_DOUBLE_EQ(a.perimeter_m, b.perimeter_m);
  EXPECT_GT(a.area_m2, 0);
}

TEST(Geodesic, CellsShrinkTowardsThePole) {
  // A 1°×1° cell spans ~111 km of latitude and 111·cos(lat) km of longitude.
  const double equator = test::case_area("cell_equator");
  const double at48 = test::case_area("cell_48n");
  const double at60 = test::case_area("cell_60n");
  EXPECT_GT(equator, at48);
  EXPECT_GT(at48, at60);
  EXPECT_NEAR(at48 / equator, std::cos(48.5 * std::numbers::pi / 180) / std::cos(0.5 * std::numbers::pi / 180), 0.01);
}

TEST(Geodesic, HoleIsSubtractedFromItsShell) {
  const Polygon p = test::case_polygon("square_with_hole");
  ASSERT_EQ(p.holes.size(), 1u);
  const double shell = geo::measure_ring(p.outer).area_m2;
  const double hole = geo::measure_ring(p.holes[0]).area_m2;
  EXPECT_GT(hole, 0);
  EXPECT_DOUBLE_EQ(geo::area_m2(p), shell - hole);
  EXPECT_DOUBLE_EQ(geo::area_m2(MultiPolygon{p, test::case_polygon("triangle")}),
                   geo::area_m2(p) + geo::area_m2(test::case_polygon("triangle")));
}

// A ring that starts at another vertex, or runs the other way, is the same ring.
Ring rotated(const Ring& r, std::size_t k) {
  Ring out(r.begin() + static_cast<std::ptrdiff_t>(k), r.end() - 1);
  out.insert(out.end(), r.begin(), r.begin() + static_cast<std::ptrdiff_t>(k));
  out.push_back(out.front());
  return out;
}

TEST(RingMeasurer, StartVertexAndDirectionDoNotMatter) {
  const Ring ring = test::case_polygon("oblast_donetsk").outer;
  const double expected = test::case_area("oblast_donetsk");
  geo::RingMeasurer measurer;
  for (std::size_t k : {std::size_t{1}, std::size_t{17}, ring.size() / 2, ring.size() - 2}) {
    Ring r = rotated(ring, k);
    EXPECT_LE(test::relative_difference(measurer.measure(r).area_m2, expected), kRelTolerance) << "start " << k;
    std::reverse(r.begin(), r.end());
    EXPECT_LE(test::relative_difference(measurer.measure(r).area_m2, expected), kRelTolerance) << "reversed " << k;
  }
}

TEST(RingMeasurer, AnEditedRingIsMeasuredAfresh) {
  // Measure a long ring, then versions of it with one vertex moved (as a front line moves):
  // cached runs must never leak the old geometry into the new measure.
  const Ring ring = test::case_polygon("oblast_donetsk").outer;
  geo::RingMeasurer measurer;
  (void)measurer.measure(ring);
  for (std::size_t k : {std::size_t{5}, ring.size() / 3, ring.size() - 3}) {
    Ring edited = ring;
    edited[k].lat += 200000;  // 0.02 degree, about 2 km
    const auto fresh = geo::measure_ring(edited);
    const auto cached = measurer.measure(edited);
    EXPECT_LE(test::relative_difference(cached.area_m2, fresh.area_m2), kRelTolerance) << "vertex " << k;
    EXPECT_LE(test::relative_difference(cached.perimeter_m, fresh.perimeter_m), kRelTolerance) << "vertex " << k;
    EXPECT_NE(cached.area_m2, measurer.measure(ring).area_m2) << "vertex " << k;
  }
  EXPECT_LE(test::relative_difference(measurer.measure(ring).area_m2, test::case_area("oblast_donetsk")),
            kRelTolerance);
}

TEST(Geodesic, RingsWithFewerThanFourPointsMeasureZero) {
  EXPECT_EQ(geo::measure_ring(Ring{}).area_m2, 0);
  const Ring line{{300000000, 480000000}, {310000000, 480000000}, {300000000, 480000000}};
  EXPECT_EQ(geo::measure_ring(line).area_m2, 0);
  EXPECT_EQ(geo::measure_ring(line).perimeter_m, 0);
}

// GeographicLib's test suite (geodtest "Planimeter0"), points as (lat, lon) there; the values
// are published with tolerances of 1e-4 m (perimeter) and 1 m² (area). Longitude 270 becomes
// -90: the grid holds longitudes in -180..180, and it is the same meridian.
Ring ring_latlon(std::initializer_list<std::pair<double, double>> lat_lon) {
  Ring r;
  for (auto [lat, lon] : lat_lon) {
    r.push_back({static_cast<std::int32_t>(std::lround(lon * kGridPerDegree)),
                 static_cast<std::int32_t>(std::lround(lat * kGridPerDegree))});
  }
  r.push_back(r.front());
  return r;
}

TEST(Geodesic, GeographicLibPlanimeterAroundThePole) {
  const auto m = geo::geodesic_ring(ring_latlon({{89, 0}, {89, 90}, {89, 180}, {89, -90}}));
  EXPECT_NEAR(m.perimeter_m, 631819.8745, 1e-4);
  EXPECT_NEAR(m.area_m2, 24952305678.0, 1);
  const auto south = geo::geodesic_ring(ring_latlon({{-89, 0}, {-89, 90}, {-89, 180}, {-89, -90}}));
  EXPECT_NEAR(south.perimeter_m, 631819.8745, 1e-4);
  EXPECT_NEAR(south.area_m2, 24952305678.0, 1);  // frontline reports |area|
}

TEST(Geodesic, GeographicLibPlanimeterDiamondAndOctant) {
  const auto diamond = geo::geodesic_ring(ring_latlon({{0, -1}, {-1, 0}, {0, 1}, {1, 0}}));
  EXPECT_NEAR(diamond.perimeter_m, 627598.2731, 1e-4);
  EXPECT_NEAR(diamond.area_m2, 24619419146.0, 1);
  const auto octant = geo::geodesic_ring(ring_latlon({{90, 0}, {0, 0}, {0, 90}}));
  EXPECT_NEAR(octant.perimeter_m, 30022685, 1);
  EXPECT_NEAR(octant.area_m2, 63758202715511.0, 1);
}

// The area between two meridians and two parallels on the ellipsoid, in closed form:
// (a²(1 − e²)/2) Δλ (q(φ2) − q(φ1)), q the authalic function (Snyder, Map Projections: A Working
// Manual, eq. 3-12). Independent of GeographicLib: the model's measure of a lon/lat rectangle must
// approach it, where one geodesic per edge cuts the parallels' arcs short.
double quadrangle_m2(double lon0, double lat0, double lon1, double lat1) {
  const double a = 6378137.0;
  const double f = 1 / 298.257223563;
  const double e2 = f * (2 - f);
  const double e = std::sqrt(e2);
  auto q = [&](double lat) {
    const double s = std::sin(lat * std::numbers::pi / 180);
    return s / (1 - e2 * s * s) - std::log((1 - e * s) / (1 + e * s)) / (2 * e);
  };
  return a * a * (1 - e2) / 2 * ((lon1 - lon0) * std::numbers::pi / 180) * (q(lat1) - q(lat0));
}

TEST(Geodesic, ALonLatRectangleMeasuresAsTheQuadrangleItIs) {
  struct Cell {
    const char* name;
    double lon0, lat0, lon1, lat1;
  };
  for (const Cell& c : {Cell{"cell_equator", 30, 0, 31, 1}, Cell{"cell_48n", 30, 48, 31, 49},
                        Cell{"cell_60n", 30, 59.5, 31, 60.5}, Cell{"b_minus_a", 31, 48, 31.5, 49}}) {
    const double exact = quadrangle_m2(c.lon0, c.lat0, c.lon1, c.lat1);
    const Polygon p = test::case_polygon(c.name);
    EXPECT_LE(test::relative_difference(geo::area_m2(p), exact), 2e-7)
        << c.name << ": " << geo::area_m2(p) << " m², closed form " << exact << " m²";
    // One geodesic per edge misses it by far more: the test can tell the two rules apart.
    EXPECT_GT(test::relative_difference(geo::geodesic_ring(p.outer).area_m2, exact), 2e-6) << c.name;
  }
}

// Pieces of a cut edge add up to the whole: a rectangle cut along a meridian at any point.
TEST(Geodesic, ACutRectangleAddsUp) {
  const double whole = geo::area_m2(test::polygon_from_wkt("POLYGON ((30 48, 31 48, 31 49, 30 49, 30 48))"));
  const double left = geo::area_m2(test::polygon_from_wkt("POLYGON ((30 48, 30.3217 48, 30.3217 49, 30 49, 30 48))"));
  const double right =
      geo::area_m2(test::polygon_from_wkt("POLYGON ((30.3217 48, 31 48, 31 49, 30.3217 49, 30.3217 48))"));
  EXPECT_NEAR(left + right, whole, 100) << "m²";  // 0.0001 km²
  const double g_whole =
      geo::geodesic_ring(test::polygon_from_wkt("POLYGON ((30 48, 31 48, 31 49, 30 49, 30 48))").outer).area_m2;
  const double g_parts =
      geo::geodesic_ring(test::polygon_from_wkt("POLYGON ((30 48, 30.3217 48, 30.3217 49, 30 49, 30 48))").outer)
          .area_m2 +
      geo::geodesic_ring(test::polygon_from_wkt("POLYGON ((30.3217 48, 31 48, 31 49, 30.3217 49, 30.3217 48))").outer)
          .area_m2;
  EXPECT_GT(std::fabs(g_parts - g_whole), 10'000) << "one geodesic per edge: the pieces do not add up";
}

TEST(Geodesic, EdgePiecesAreDecidedOnTheGrid) {
  const std::int64_t m = geo::kMaxMeasuredEdgeGrid;
  const auto c = [](std::int64_t lon, std::int64_t lat) {
    return FixedCoordinate{static_cast<std::int32_t>(lon), static_cast<std::int32_t>(lat)};
  };
  EXPECT_EQ(geo::edge_pieces(c(0, 0), c(m, 0)), 1);
  EXPECT_EQ(geo::edge_pieces(c(0, 0), c(m + 1, 0)), 2);
  EXPECT_EQ(geo::edge_pieces(c(0, 0), c(3 * m / 5, 4 * m / 5)), 1);  // length exactly m
  EXPECT_EQ(geo::edge_pieces(c(0, 0), c(3 * m / 5 + 1, 4 * m / 5)), 2);
  EXPECT_EQ(geo::edge_pieces(c(0, 0), c(0, -5 * m)), 5);
  EXPECT_EQ(geo::edge_pieces(c(-1'800'000'000, -900'000'000), c(1'800'000'000, 900'000'000)),
            40'250);  // sqrt(3.6e9² + 1.8e9²) = 4,024,922,359.5 grid units
}

}  // namespace
}  // namespace frontline
