// The resolver: source polygons of one version to disjoint, valid status layers. Expected areas
// come from pyproj (tests/data/unit/geodesic_cases.tsv); the shapes are chosen so that every
// overlay result is a ring of vertices the table lists, and relations such as
// area(A ∪ B) = area(A) + area(B) - area(A ∩ B) hold exactly between the table's rows.
#include <gtest/gtest.h>

#include <algorithm>

#include "geo/geodesic.hpp"
#include "geo/resolve.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

using geo::Resolver;
using geo::SourcePolygon;

constexpr double kRel = 1e-9;

SourcePolygon source(Status s, const Polygon& p) {
  return {s, std::make_shared<const Polygon>(p)};
}
SourcePolygon source(Status s, std::string_view case_name) {
  return source(s, test::case_polygon(case_name));
}

std::size_t at(Status s) {
  return static_cast<std::size_t>(s);
}

double layer_area(const geo::ResolvedVersion& v, Status s) {
  return geo::area_m2(v.layers[at(s)]);
}

#define EXPECT_AREA(actual, expected)                              \
  EXPECT_LE(test::relative_difference((actual), (expected)), kRel) \
      << "got " << (actual) << " m², expected " << (expected) << " m²"

TEST(ResolverReference, TableRelationsHold) {
  // The reference rows agree among themselves (pyproj against pyproj), which is what lets the
  // tests below use either side.
  EXPECT_AREA(test::case_area("ab_union"),
              test::case_area("a_square_split") + test::case_area("b_square_split") - test::case_area("ab_overlap"));
  EXPECT_AREA(test::case_area("a_grown"), test::case_area("a_square") + test::case_area("b_minus_a"));
}

TEST(Resolver, OverlapWithinAStatusCountsOnce) {
  Resolver r;
  const std::vector<SourcePolygon> in{source(Status::occupied, "a_square_split"),
                                      source(Status::occupied, "b_square_split")};
  auto v = r.resolve(in);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_AREA(layer_area(*v, Status::occupied), test::case_area("ab_union"));
  EXPECT_AREA(layer_area(*v, Status::occupied),
              test::case_area("a_square_split") + test::case_area("b_square_split") - test::case_area("ab_overlap"));
  EXPECT_EQ(v->overlap_m2[at(Status::occupied)], 0) << "overlap within a status is not a precedence overlap";
  EXPECT_AREA(v->self_overlap_m2[at(Status::occupied)], test::case_area("ab_overlap"));
  EXPECT_EQ(v->repaired, 0);
}

TEST(Resolver, OccupiedWinsOverContestedAndReportsTheOverlap) {
  Resolver r;
  const std::vector<SourcePolygon> in{source(Status::contested, "b_square_split"),
                                      source(Status::occupied, "a_square_split")};
  auto v = r.resolve(in);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_AREA(layer_area(*v, Status::occupied), test::case_area("a_square_split"));
  EXPECT_AREA(layer_area(*v, Status::contested), test::case_area("b_minus_a"));
  EXPECT_AREA(v->overlap_m2[at(Status::contested)], test::case_area("ab_overlap"));
  EXPECT_EQ(v->overlap_m2[at(Status::occupied)], 0);
  EXPECT_TRUE(v->present[at(Status::occupied)]);
  EXPECT_TRUE(v->present[at(Status::contested)]);
  EXPECT_FALSE(v->present[at(Status::liberated)]);
}

struct PrecedencePair {
  Status higher, lower;
};

void PrintTo(const PrecedencePair& p, std::ostream* os) {
  *os << to_string(p.higher) << " > " << to_string(p.lower);
}

class ResolverPrecedence : public testing::TestWithParam<PrecedencePair> {};

TEST_P(ResolverPrecedence, HigherStatusKeepsTheOverlap) {
  const auto [higher, lower] = GetParam();
  for (bool lower_first : {false, true}) {
    Resolver r;
    std::vector<SourcePolygon> in{source(higher, "a_square_split"), source(lower, "b_square_split")};
    if (lower_first) std::swap(in[0], in[1]);
    auto v = r.resolve(in);
    ASSERT_TRUE(v) << v.error().message;
    EXPECT_AREA(layer_area(*v, higher), test::case_area("a_square_split"));
    EXPECT_AREA(layer_area(*v, lower), test::case_area("b_minus_a"));
    EXPECT_AREA(v->overlap_m2[at(lower)], test::case_area("ab_overlap"));
    EXPECT_EQ(v->overlap_m2[at(higher)], 0);
  }
}

std::string pair_name(const testing::TestParamInfo<PrecedencePair>& info) {
  return std::string(to_string(info.param.higher)) + "_over_" + std::string(to_string(info.param.lower));
}

INSTANTIATE_TEST_SUITE_P(Order, ResolverPrecedence,
                         testing::Values(PrecedencePair{Status::occupied_before_2022, Status::occupied},
                                         PrecedencePair{Status::occupied_before_2022, Status::contested},
                                         PrecedencePair{Status::occupied_before_2022, Status::liberated},
                                         PrecedencePair{Status::occupied, Status::contested},
                                         PrecedencePair{Status::occupied, Status::liberated},
                                         PrecedencePair{Status::contested, Status::liberated}),
                         pair_name);

TEST(Resolver, ThreeStatusesOnTheSameGround) {
  // The same square three times: only the highest status keeps it.
  Resolver r;
  const std::vector<SourcePolygon> in{source(Status::liberated, "a_square"), source(Status::contested, "a_square"),
                                      source(Status::occupied, "a_square")};
  auto v = r.resolve(in);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_AREA(layer_area(*v, Status::occupied), test::case_area("a_square"));
  EXPECT_TRUE(v->layers[at(Status::contested)].empty());
  EXPECT_TRUE(v->layers[at(Status::liberated)].empty());
  EXPECT_AREA(v->overlap_m2[at(Status::contested)], test::case_area("a_square"));
  EXPECT_AREA(v->overlap_m2[at(Status::liberated)], test::case_area("a_square"));
  EXPECT_TRUE(v->present[at(Status::liberated)]) << "the source carried the status, even if nothing is left";
}

TEST(Resolver, BowTieIsRepairedIntoItsTwoTriangles) {
  Resolver r;
  const Polygon bowtie = test::polygon_from_wkt("POLYGON ((30 48, 31 49, 31 48, 30 49, 30 48))");
  const std::vector<SourcePolygon> in{source(Status::occupied, bowtie)};
  auto v = r.resolve(in);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->repaired, 1);
  EXPECT_EQ(v->layers[at(Status::occupied)].size(), 2u);
  EXPECT_AREA(layer_area(*v, Status::occupied), test::case_area("bowtie_left") + test::case_area("bowtie_right"));
  // The same source again is repaired again (from the cache), and counted again.
  auto again = r.resolve(in);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->repaired, 1);
}

TEST(Resolver, DisjointPolygonsAreUntouched) {
  Resolver r;
  const Polygon holed = test::case_polygon("square_with_hole");
  const Polygon tri = test::case_polygon("triangle");
  const Polygon far = test::case_polygon("cell_60n");
  const std::vector<SourcePolygon> in{source(Status::occupied, holed), source(Status::contested, tri),
                                      source(Status::liberated, far)};
  auto v = r.resolve(in);
  ASSERT_TRUE(v) << v.error().message;
  auto expect_same = [](const MultiPolygon& layer, const Polygon& p) {
    ASSERT_EQ(layer.size(), 1u);
    EXPECT_EQ(layer[0].outer, p.outer);
    EXPECT_EQ(layer[0].holes, p.holes);
  };
  expect_same(v->layers[at(Status::occupied)], holed);
  expect_same(v->layers[at(Status::contested)], tri);
  expect_same(v->layers[at(Status::liberated)], far);
  EXPECT_AREA(layer_area(*v, Status::occupied), test::case_area("square_with_hole"));
  for (double o : v->overlap_m2) EXPECT_EQ(o, 0);
}

TEST(Resolver, ResolvingTwiceGivesTheSameLayers) {
  Resolver r;
  const std::vector<SourcePolygon> in{
      source(Status::occupied, "a_square_split"),
      source(Status::occupied, "b_square_split"),
      source(Status::contested, "ab_union"),
      source(Status::liberated, "small_square"),
      source(Status::occupied_before_2022, "ab_overlap"),
      source(Status::occupied, test::polygon_from_wkt("POLYGON ((35 47, 35.5 47.5, 35.5 47, 35 47.5, 35 47))"))};
  auto first = r.resolve(in);
  ASSERT_TRUE(first) << first.error().message;
  const auto checks = r.stats().validity_checks;
  auto second = r.resolve(in);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(r.stats().validity_checks, checks) << "the second pass should come from the caches";
  for (Status s : kAllStatuses) {
    const auto& a = first->layers[at(s)];
    const auto& b = second->layers[at(s)];
    ASSERT_EQ(a.size(), b.size()) << to_string(s);
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].outer, b[i].outer) << to_string(s);
      EXPECT_EQ(a[i].holes, b[i].holes) << to_string(s);
    }
    EXPECT_EQ(first->overlap_m2[at(s)], second->overlap_m2[at(s)]);
    EXPECT_EQ(first->present[at(s)], second->present[at(s)]);
  }
  EXPECT_EQ(first->repaired, second->repaired);
  // And a fresh resolver agrees with the cached answer.
  Resolver fresh;
  auto third = fresh.resolve(in);
  ASSERT_TRUE(third);
  for (Status s : kAllStatuses) EXPECT_EQ(layer_area(*third, s), layer_area(*second, s)) << to_string(s);
}

TEST(Resolver, ResolversSharingACacheAgree) {
  // As an import's worker threads do: the second resolver finds the first one's repairs.
  auto cache = std::make_shared<geo::ResolverCache>();
  Resolver first(cache);
  Resolver second(cache);
  const std::vector<SourcePolygon> in{
      source(Status::occupied, "a_square_split"), source(Status::contested, "b_square_split"),
      source(Status::liberated, test::polygon_from_wkt("POLYGON ((35 47, 35.5 47.5, 35.5 47, 35 47.5, 35 47))"))};
  auto a = first.resolve(in);
  ASSERT_TRUE(a) << a.error().message;
  auto b = second.resolve(in);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(second.stats().validity_checks, 0u);
  EXPECT_EQ(b->repaired, 1);
  for (Status s : kAllStatuses) {
    EXPECT_EQ(layer_area(*a, s), layer_area(*b, s)) << to_string(s);
    EXPECT_EQ(a->overlap_m2[at(s)], b->overlap_m2[at(s)]) << to_string(s);
  }
  EXPECT_AREA(layer_area(*b, Status::contested), test::case_area("b_minus_a"));
}

TEST(Resolver, OccupiedTotalStandsAlone) {
  Resolver r;
  const std::vector<SourcePolygon> in{source(Status::occupied_total, "a_square_split"),
                                      source(Status::occupied_total, "b_square_split")};
  auto v = r.resolve(in);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_AREA(layer_area(*v, Status::occupied_total), test::case_area("ab_union"));
  EXPECT_TRUE(v->present[at(Status::occupied_total)]);
  for (Status s : kPrecedence) {
    EXPECT_FALSE(v->present[at(s)]) << to_string(s);
    EXPECT_TRUE(v->layers[at(s)].empty()) << to_string(s);
  }
  EXPECT_EQ(v->overlap_m2[at(Status::occupied_total)], 0);
  EXPECT_AREA(v->self_overlap_m2[at(Status::occupied_total)], test::case_area("ab_overlap"));
}

TEST(Resolver, OccupiedTotalIsNotCutByOtherStatuses) {
  Resolver r;
  const std::vector<SourcePolygon> in{source(Status::occupied, "a_square"), source(Status::occupied_total, "a_square")};
  auto v = r.resolve(in);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_AREA(layer_area(*v, Status::occupied), test::case_area("a_square"));
  EXPECT_AREA(layer_area(*v, Status::occupied_total), test::case_area("a_square"));
}

TEST(Resolver, EmptyInputGivesEmptyLayers) {
  Resolver r;
  auto v = r.resolve({});
  ASSERT_TRUE(v);
  for (Status s : kAllStatuses) {
    EXPECT_TRUE(v->layers[at(s)].empty());
    EXPECT_FALSE(v->present[at(s)]);
  }
}

TEST(Resolver, RingMeasureMatchesPyproj) {
  Resolver r;
  for (const char* name : {"cell_48n", "triangle", "oblast_donetsk"}) {
    const Polygon p = test::case_polygon(name);
    EXPECT_AREA(r.measure(p.outer).area_m2, test::case_area(name));
    EXPECT_AREA(r.measure(p.outer).area_m2, test::case_area(name));  // cached
  }
}

}  // namespace
}  // namespace frontline
