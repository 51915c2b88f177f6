// Invalid source polygons: what they mean (a hole is never area) and what their repair may cost
// (geo/repair.hpp, geo/budget.hpp). Areas are pyproj's (tests/data/unit/geodesic_cases.tsv, the
// hole_test_* rows); counts and refusals follow from the shapes, derived in the comments. Timing
// is not asserted here (bench/ and docs/benchmarks.md): a refusal is.
#include <gtest/gtest.h>

#include <random>

#include "geo/geodesic.hpp"
#include "geo/resolve.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

using geo::Resolver;
using geo::SourcePolygon;

constexpr double kRel = 1e-9;
constexpr std::int32_t kDeg = 10'000'000;

#define EXPECT_AREA(actual, expected)                              \
  EXPECT_LE(test::relative_difference((actual), (expected)), kRel) \
      << "got " << (actual) << " m², expected " << (expected) << " m²"

SourcePolygon source(const Polygon& p, std::size_t feature = 1, Status s = Status::occupied) {
  return {s, std::make_shared<const Polygon>(p), feature};
}

double occupied_area(const geo::ResolvedVersion& v) {
  return geo::area_m2(v.layers[static_cast<std::size_t>(Status::occupied)]);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The shell 37..37.6 E x 47..47.4 N (pyproj: 2,021.72 km²).
const char* kShell = "(37 47, 37.6 47, 37.6 47.4, 37 47.4, 37 47)";

TEST(Repair, AHoleOutsideItsShellIsNotArea) {
  // The hole 38..38.1 x 47..47.1 (84.47 km²) lies wholly outside the shell. GEOS 3.11's MakeValid
  // made it a second shell, so the polygon measured 2,106.19 km² (shell + hole); it subtracts
  // nothing, and the polygon is its shell.
  Resolver r;
  const Polygon p =
      test::polygon_from_wkt(std::string("POLYGON (") + kShell + ", (38 47, 38.1 47, 38.1 47.1, 38 47.1, 38 47))");
  auto v = r.resolve(std::vector<SourcePolygon>{source(p)});
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_AREA(occupied_area(*v), test::case_area("hole_test_shell"));
  EXPECT_GT(std::abs(occupied_area(*v) - (test::case_area("hole_test_shell") + test::case_area("hole_test_outside"))),
            1e6)
      << "the old answer, shell + hole";
  EXPECT_EQ(v->repaired, 1);
  EXPECT_EQ(v->holes_outside, 1);
  EXPECT_EQ(v->holes_partly_outside, 0);
}

TEST(Repair, AHolePartlyOutsideSubtractsOnlyItsOverlap) {
  // The hole 37.5..37.8 x 47.1..47.2 reaches across the shell's east side (x = 37.6): the part
  // 37.5..37.6 is cut out of the shell as a notch; the rest subtracts nothing.
  Resolver r;
  const Polygon p = test::polygon_from_wkt(std::string("POLYGON (") + kShell +
                                           ", (37.5 47.1, 37.8 47.1, 37.8 47.2, 37.5 47.2, 37.5 47.1))");
  auto v = r.resolve(std::vector<SourcePolygon>{source(p)});
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_AREA(occupied_area(*v), test::case_area("hole_test_notched"));
  EXPECT_EQ(v->holes_outside, 0);
  EXPECT_EQ(v->holes_partly_outside, 1);
}

TEST(Repair, OverlappingHolesSubtractTheirUnionOnce) {
  // Two holes inside the shell overlap on 37.2..37.3 x 47.2..47.3; their union is the octagon of
  // hole_test_two_holes, subtracted once.
  Resolver r;
  const Polygon p = test::polygon_from_wkt(std::string("POLYGON (") + kShell +
                                           ", (37.1 47.1, 37.3 47.1, 37.3 47.3, 37.1 47.3, 37.1 47.1)"
                                           ", (37.2 47.2, 37.4 47.2, 37.4 47.35, 37.2 47.35, 37.2 47.2))");
  auto v = r.resolve(std::vector<SourcePolygon>{source(p)});
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->repaired, 1);
  EXPECT_AREA(occupied_area(*v), test::case_area("hole_test_two_holes"));
  EXPECT_EQ(v->holes_outside + v->holes_partly_outside, 0);
}

TEST(Repair, AValidPolygonWithAHoleIsKeptAsItIs) {
  Resolver r;
  const Polygon p = test::case_polygon("square_with_hole");
  auto v = r.resolve(std::vector<SourcePolygon>{source(p)});
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->repaired, 0);
  ASSERT_EQ(v->layers[static_cast<std::size_t>(Status::occupied)].size(), 1u);
  EXPECT_EQ(v->layers[static_cast<std::size_t>(Status::occupied)][0].holes, p.holes);
  EXPECT_AREA(occupied_area(*v), test::case_area("square_with_hole"));
}

TEST(Repair, TheCountsComeAgainFromTheCache) {
  auto cache = std::make_shared<geo::ResolverCache>();
  const Polygon p =
      test::polygon_from_wkt(std::string("POLYGON (") + kShell + ", (38 47, 38.1 47, 38.1 47.1, 38 47.1, 38 47))");
  const std::vector<SourcePolygon> in{source(p)};
  Resolver first(cache);
  ASSERT_TRUE(first.resolve(in));
  Resolver second(cache);
  auto v = second.resolve(in);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(second.stats().validity_checks, 0u);
  EXPECT_EQ(v->holes_outside, 1);
  EXPECT_AREA(occupied_area(*v), test::case_area("hole_test_shell"));
}

// A ring of n points drawn at random in 37..38 E x 47..48 N: it crosses itself about n²/10 times.
Polygon random_ring(std::size_t n, std::uint32_t seed) {
  std::mt19937 gen(seed);
  Polygon p;
  for (std::size_t i = 0; i < n; ++i) {
    p.outer.push_back(
        {static_cast<std::int32_t>(37 * kDeg + gen() % kDeg), static_cast<std::int32_t>(47 * kDeg + gen() % kDeg)});
  }
  p.outer.push_back(p.outer.front());
  return p;
}

TEST(RepairBudget, ABowTieStillRepairs) {
  Resolver r;
  const Polygon bowtie = test::polygon_from_wkt("POLYGON ((30 48, 31 49, 31 48, 30 49, 30 48))");
  auto v = r.resolve(std::vector<SourcePolygon>{source(bowtie)});
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->repaired, 1);
  EXPECT_AREA(occupied_area(*v), test::case_area("bowtie_left") + test::case_area("bowtie_right"));
  EXPECT_EQ(r.spent().self_crossings, 1u);
}

TEST(RepairBudget, ARandom4000VertexRingIsRefused) {
  // About 1.8 million self-crossings: GEOS would take minutes and gigabytes to repair it.
  Resolver r;
  const std::vector<SourcePolygon> in{
      source(test::polygon_from_wkt("POLYGON ((30 48, 31 48, 31 49, 30 49, 30 48))"), 3),
      source(random_ring(4000, 1), 12)};
  auto v = r.resolve(in);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::bad_input);
  const std::string& m = v.error().message;
  EXPECT_TRUE(m.starts_with("feature 12: a ring crosses itself ")) << m;
  EXPECT_TRUE(contains(m, "frontline refuses to repair it (limit: 10,000 self-crossings per file")) << m;
}

TEST(RepairBudget, ASmallRandomRingIsRepaired) {
  // The same kind of ring, small: a few hundred crossings, repaired.
  Resolver r;
  auto v = r.resolve(std::vector<SourcePolygon>{source(random_ring(60, 2))});
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->repaired, 1);
  EXPECT_GT(occupied_area(*v), 0);
  EXPECT_GT(r.spent().self_crossings, 100u);
  EXPECT_LT(r.spent().self_crossings, 1000u);
}

TEST(RepairBudget, TheBudgetIsPerFileAndAddsUp) {
  // With a limit that each ring fits alone, both together are refused; the refusal names the
  // feature that passed the limit, and a later version starts afresh.
  const Polygon a = random_ring(60, 2);
  const Polygon b = random_ring(60, 3);
  Resolver counter;
  ASSERT_TRUE(counter.resolve(std::vector<SourcePolygon>{source(a)}));
  const auto in_a = counter.spent().self_crossings;
  ASSERT_TRUE(counter.resolve(std::vector<SourcePolygon>{source(b)}));
  const auto in_b = counter.spent().self_crossings;
  geo::WorkLimits limits;
  limits.self_crossings = std::max(in_a, in_b);
  Resolver r(std::make_shared<geo::ResolverCache>(), limits);
  ASSERT_TRUE(r.resolve(std::vector<SourcePolygon>{source(a)}));
  ASSERT_TRUE(r.resolve(std::vector<SourcePolygon>{source(b)}));
  auto both = r.resolve(std::vector<SourcePolygon>{source(a, 4), source(b, 9)});
  ASSERT_FALSE(both);
  EXPECT_TRUE(both.error().message.starts_with("feature 9: a ring crosses itself ")) << both.error().message;
  EXPECT_TRUE(contains(both.error().message, "the file's earlier polygons used")) << both.error().message;
  EXPECT_TRUE(r.resolve(std::vector<SourcePolygon>{source(a, 1)}));
}

// Rows of long parallel diagonals, joined at alternate ends: valid, but every edge's box meets
// every other's, so GEOS's validity check tests all (n/2)²/2 pairs.
Polygon diagonals(int rows) {
  Polygon p;
  const std::int32_t d = kDeg / rows;
  for (int i = 0; i < rows; ++i) {
    const FixedCoordinate a{27 * kDeg, 37 * kDeg + i * d};
    const FixedCoordinate b{47 * kDeg, 47 * kDeg + i * d};
    p.outer.push_back(i % 2 == 0 ? a : b);
    p.outer.push_back(i % 2 == 0 ? b : a);
  }
  p.outer.push_back({26 * kDeg, p.outer.back().lat});
  p.outer.push_back({26 * kDeg, 36 * kDeg});
  p.outer.push_back(p.outer.front());
  return p;
}

TEST(RepairBudget, AValidButEntangledRingIsRefusedBeforeTheCheck) {
  // 3,000 rows: about 4.5 million pairs of overlapping boxes, over the default 4,000,000.
  Resolver r;
  auto v = r.resolve(std::vector<SourcePolygon>{source(diagonals(3000), 2)});
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::bad_input);
  EXPECT_TRUE(v.error().message.starts_with(
      "feature 2: its edges are too entangled to check: more than 4,000,000 pairs of edges overlap in extent"))
      << v.error().message;
  // 1,000 rows (about 500,000 pairs) are checked, and found valid.
  auto ok = r.resolve(std::vector<SourcePolygon>{source(diagonals(1000), 2)});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->repaired, 0);
}

// A comb of `teeth` strips across 37..38 E x 47..48 N, upright or lying: two of them, one over
// the other, are valid polygons whose outlines cross 4 x teeth² times.
Polygon comb(int teeth, bool lying) {
  Polygon p;
  const std::int32_t w = kDeg / (2 * teeth);
  auto add = [&](std::int32_t x, std::int32_t y) {
    p.outer.push_back(lying ? FixedCoordinate{37 * kDeg + y, 47 * kDeg + x}
                            : FixedCoordinate{37 * kDeg + x, 47 * kDeg + y});
  };
  for (int i = 0; i < teeth; ++i) {
    const std::int32_t a = i * 2 * w;
    add(a, 0);
    add(a, kDeg);
    add(a + w, kDeg);
    add(a + w, kDeg / 50);
  }
  add(kDeg, kDeg / 50);
  add(kDeg, -kDeg / 50);
  add(0, -kDeg / 50);
  p.outer.push_back(p.outer.front());
  return p;
}

TEST(CutBudget, PolygonsCrossingEachOtherTooOftenAreRefused) {
  // 150 teeth each: 4 x 150² = 90,000 crossings, over the default 50,000. Equal vertex counts:
  // whichever is cut, the message names its feature.
  Resolver r;
  const std::vector<SourcePolygon> in{source(comb(150, false), 5), source(comb(150, true), 6)};
  auto v = r.resolve(in);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::bad_input);
  const std::string& m = v.error().message;
  EXPECT_TRUE(m.starts_with("feature 5: it crosses the polygons drawn before it ") ||
              m.starts_with("feature 6: it crosses the polygons drawn before it "))
      << m;
  EXPECT_TRUE(contains(m, "(limit: 50,000 crossings per file")) << m;
}

TEST(CutBudget, ChargesDoNotDependOnTheCache) {
  // Two combs of 10 teeth cross at least 4 x 10² = 400 times. With a limit just above what they
  // cost, they are resolved; a rectangle across them (its long sides cross the 20 upright teeth
  // twice each) passes the limit, also when the combs' cut comes from the cache (a second
  // resolver sharing it), so that an import's answer never depends on its threads.
  const Polygon upright = comb(10, false);
  const Polygon lying = comb(10, true);
  const Polygon third =
      test::polygon_from_wkt("POLYGON ((36.9 47.013, 38.1 47.013, 38.1 47.987, 36.9 47.987, 36.9 47.013))");
  const std::vector<SourcePolygon> two{source(upright, 1), source(lying, 2)};
  Resolver counter;
  ASSERT_TRUE(counter.resolve(two));
  ASSERT_GE(counter.spent().crossings, 400u);
  geo::WorkLimits limits;
  limits.crossings = counter.spent().crossings + 10;
  auto cache = std::make_shared<geo::ResolverCache>();
  Resolver first(cache, limits);
  ASSERT_TRUE(first.resolve(two));
  const std::vector<SourcePolygon> more{source(upright, 1), source(lying, 2), source(third, 3, Status::contested)};
  Resolver fresh(std::make_shared<geo::ResolverCache>(), limits);
  auto a = fresh.resolve(more);
  Resolver warm(cache, limits);
  auto b = warm.resolve(more);
  ASSERT_FALSE(a);
  ASSERT_FALSE(b);
  EXPECT_EQ(a.error().message, b.error().message);
  EXPECT_TRUE(a.error().message.starts_with("feature 3: it crosses the polygons drawn before it")) << a.error().message;
}

TEST(CutBudget, ManyPolygonsOverTheSameGroundAreRefused) {
  // 600 thin parallel strips, apart, whose boxes all meet: 179,700 pairs to test, over the
  // default 100,000, although no strip is cut.
  Resolver r;
  std::vector<SourcePolygon> in;
  const int n = 600;
  const std::int32_t d = kDeg / n;
  for (int i = 0; i < n; ++i) {
    Polygon p;
    const std::int32_t x = 37 * kDeg + i * d;
    p.outer = {{x, 47 * kDeg}, {x + 2 * d / 5, 47 * kDeg}, {x + 2 * d / 5 + kDeg, 48 * kDeg}, {x + kDeg, 48 * kDeg}};
    p.outer.push_back(p.outer.front());
    in.push_back(source(p, 1));
  }
  auto v = r.resolve(in);
  ASSERT_FALSE(v);
  EXPECT_TRUE(v.error().message.starts_with("feature 1: it lies over too many polygons drawn before it"))
      << v.error().message;
  EXPECT_TRUE(contains(v.error().message, "(limit: 100,000 pairs of polygons per file")) << v.error().message;
  // 300 of them (44,850 pairs) are resolved, each strip whole.
  in.resize(300);
  auto ok = r.resolve(in);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->layers[static_cast<std::size_t>(Status::occupied)].size(), 300u);
}

}  // namespace
}  // namespace frontline
