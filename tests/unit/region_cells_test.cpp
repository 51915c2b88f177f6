// The part of a ring on another country's land, cell by cell (geo/region_cells.hpp), against the
// same measure of overlaps drawn by hand.
#include <gtest/gtest.h>

#include <algorithm>

#include "geo/geodesic.hpp"
#include "geo/region_cells.hpp"
#include "test_support.hpp"

namespace frontline::geo {
namespace {

// One degree square of "foreign land", four cells by four.
constexpr const char* kLand = "POLYGON((30 50, 31 50, 31 51, 30 51, 30 50))";

RegionCells land_of(GeosContext& /*ctx*/, const char* wkt) {
  auto land = RegionCells::build(test::polygons_from_wkt(wkt));
  EXPECT_TRUE(land) << land.error().message;
  return std::move(*land);
}

double on_land(GeosContext& ctx, const RegionCells& land, const char* wkt) {
  auto v = land.area_on_land_m2(ctx, test::polygon_from_wkt(wkt));
  EXPECT_TRUE(v) << v.error().message;
  return v ? *v : -1;
}

double area(const char* wkt) {
  return area_m2(test::polygons_from_wkt(wkt));
}

TEST(RegionCells, CutIntoCellsThatAddUpToTheLand) {
  GeosContext ctx;
  const RegionCells land = land_of(ctx, kLand);
  auto total = land.land_area_m2(ctx);
  ASSERT_TRUE(total);
  EXPECT_NEAR(*total, area(kLand), 1e-6 * area(kLand));
}

TEST(RegionCells, ARingAcrossTheBorderCountsOnlyTheOverlap) {
  GeosContext ctx;
  const RegionCells land = land_of(ctx, kLand);
  const double want = area("POLYGON((30.5 50.5, 31 50.5, 31 51, 30.5 51, 30.5 50.5))");
  EXPECT_NEAR(on_land(ctx, land, "POLYGON((30.5 50.5, 31.5 50.5, 31.5 51.5, 30.5 51.5, 30.5 50.5))"), want, 0.01);
}

TEST(RegionCells, CellsTheRingCoversWithoutAnEdgeCountWhole) {
  GeosContext ctx;
  const RegionCells land = land_of(ctx, kLand);
  // Edges in no cell of the land: every cell is decided by the crossing test alone.
  EXPECT_NEAR(on_land(ctx, land, "POLYGON((29 49, 32 49, 32 52, 29 52, 29 49))"), area(kLand), 0.01);
  EXPECT_EQ(on_land(ctx, land, "POLYGON((32 49, 33 49, 33 52, 32 52, 32 49))"), 0.0);
  // A ring round the land with a hole over part of it: outer minus hole.
  const double hole = area("POLYGON((30.1 50.1, 30.6 50.1, 30.6 50.6, 30.1 50.6, 30.1 50.1))");
  EXPECT_NEAR(on_land(ctx, land,
                      "POLYGON((29 49, 32 49, 32 52, 29 52, 29 49),"
                      "(30.1 50.1, 30.1 50.6, 30.6 50.6, 30.6 50.1, 30.1 50.1))"),
              area(kLand) - hole, 0.01);
}

TEST(RegionCells, ARingInsideOneCell) {
  GeosContext ctx;
  const RegionCells land = land_of(ctx, kLand);
  const char* small = "POLYGON((30.3 50.3, 30.4 50.3, 30.35 50.4, 30.3 50.3))";
  EXPECT_NEAR(on_land(ctx, land, small), area(small), 1e-6);
}

TEST(RegionCells, TheAnswerDoesNotDependOnWhereTheRingStartsOrWhatWasAskedBefore) {
  GeosContext ctx;
  // An irregular border that crosses many cells.
  const char* border = "POLYGON((30 50, 31.3 50.2, 31.1 51.2, 30.4 51.05, 30.2 50.6, 30 50))";
  const RegionCells warm = land_of(ctx, border);
  const RegionCells cold = land_of(ctx, border);
  const char* ring = "POLYGON((30.6 49.8, 31.6 50.1, 31.5 50.9, 30.9 51.4, 30.6 49.8))";
  const char* rotated = "POLYGON((31.5 50.9, 30.9 51.4, 30.6 49.8, 31.6 50.1, 31.5 50.9))";
  const char* reversed = "POLYGON((30.6 49.8, 30.9 51.4, 31.5 50.9, 31.6 50.1, 30.6 49.8))";
  // Fill the warm one's memory with another ring that shares cells.
  (void)on_land(ctx, warm, "POLYGON((30.6 49.8, 31.6 50.1, 31.5 50.9, 31.0 51.3, 30.6 49.8))");
  const double a = on_land(ctx, warm, ring);
  EXPECT_EQ(a, on_land(ctx, cold, rotated));
  EXPECT_EQ(a, on_land(ctx, warm, rotated));
  EXPECT_NEAR(a, on_land(ctx, cold, reversed), 1e-6);
  // Against the overlap computed in one piece, without cells.
  auto whole = intersection(ctx, to_geos(ctx, test::polygon_from_wkt(ring))->get(),
                            to_geos(ctx, test::polygon_from_wkt(border))->get());
  ASSERT_TRUE(whole);
  auto mp = from_geos(ctx, whole->get());
  ASSERT_TRUE(mp);
  EXPECT_NEAR(a, area_m2(*mp), 1e-6 * area_m2(*mp));
  EXPECT_GT(a, 1e9);
}

TEST(RegionCells, SmallerCellsForASmallPlaceGiveTheSameArea) {
  // A town-sized place gets cells of 1/32° (half its side, at most 0.25°); a ring's share of it
  // is the same whatever the cells, and equals the hand-drawn overlap.
  const char* town = "POLYGON((37.00 48.00, 37.06 48.00, 37.06 48.04, 37.00 48.04, 37.00 48.00))";
  const char* ring = "POLYGON((36.9 47.9, 37.03 47.9, 37.03 48.02, 36.9 48.02, 36.9 47.9))";
  const char* overlap = "POLYGON((37.00 48.00, 37.03 48.00, 37.03 48.02, 37.00 48.02, 37.00 48.00))";
  EXPECT_EQ(RegionCells::cell_grid_for(bbox_of(test::polygons_from_wkt(town))), RegionCells::kCellGrid / 8);
  EXPECT_EQ(RegionCells::cell_grid_for(bbox_of(test::polygons_from_wkt(kLand))), RegionCells::kCellGrid);
  GeosContext ctx;
  auto coarse = RegionCells::build(test::polygons_from_wkt(town));
  auto fine = RegionCells::build(test::polygons_from_wkt(town), RegionCells::kCellGrid / 8);
  ASSERT_TRUE(coarse && fine);
  const double want = area(overlap);
  EXPECT_NEAR(on_land(ctx, *coarse, ring), want, 1e-6 * want);
  EXPECT_NEAR(on_land(ctx, *fine, ring), want, 1e-6 * want);
  EXPECT_FALSE(RegionCells::build(test::polygons_from_wkt(town), 3'000'000));  // does not divide 0.25°
}

TEST(RegionCells, NoLandNoArea) {
  GeosContext ctx;
  auto land = RegionCells::build({});
  ASSERT_TRUE(land);
  EXPECT_EQ(on_land(ctx, *land, kLand), 0.0);
}

}  // namespace
}  // namespace frontline::geo
