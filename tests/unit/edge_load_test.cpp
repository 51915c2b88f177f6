// The estimate of noding work (geo/edge_load.hpp): its counts against a plain double loop over
// all pairs of edges (a second, obviously quadratic implementation of the same definitions), on
// hand-made shapes whose counts are derived in the comments, and on random and adversarial rings.
#include <gtest/gtest.h>

#include <random>

#include "geo/edge_load.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

using geo::edge_load;
using geo::EdgeLoad;

constexpr std::int32_t kDeg = 10'000'000;  // grid steps in a degree

Ring ring(std::initializer_list<std::pair<double, double>> pts) {
  Ring r;
  for (auto [x, y] : pts) {
    r.push_back({static_cast<std::int32_t>(std::lround(x * kDeg)), static_cast<std::int32_t>(std::lround(y * kDeg))});
  }
  r.push_back(r.front());
  return r;
}

// The reference: every pair of edges, the same definitions written out plainly (in long double,
// exact here: coordinates stay below 2^31 and their products below 2^64).
EdgeLoad brute_force(const std::vector<const Ring*>& rings) {
  struct E {
    FixedCoordinate a, b;
    std::size_t ring, index, count;
  };
  std::vector<E> edges;
  for (std::size_t r = 0; r < rings.size(); ++r) {
    const std::size_t n = rings[r]->size() - 1;
    for (std::size_t i = 0; i < n; ++i) edges.push_back({(*rings[r])[i], (*rings[r])[i + 1], r, i, n});
  }
  auto orient = [](FixedCoordinate p, FixedCoordinate q, FixedCoordinate s) {
    const long double v = static_cast<long double>(q.lon - p.lon) * (s.lat - p.lat) -
                          static_cast<long double>(q.lat - p.lat) * (s.lon - p.lon);
    return (v > 0) - (v < 0);
  };
  auto on = [](FixedCoordinate p, const E& s) {  // p on segment s (given collinear), not at its ends
    return p.lon >= std::min(s.a.lon, s.b.lon) && p.lon <= std::max(s.a.lon, s.b.lon) &&
           p.lat >= std::min(s.a.lat, s.b.lat) && p.lat <= std::max(s.a.lat, s.b.lat) && p != s.a && p != s.b;
  };
  EdgeLoad load;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    for (std::size_t j = i + 1; j < edges.size(); ++j) {
      const E& e = edges[i];
      const E& f = edges[j];
      if (e.ring == f.ring && (j - i == 1 || (e.index == 0 && f.index + 1 == f.count))) continue;
      const bool boxes = std::min(e.a.lon, e.b.lon) <= std::max(f.a.lon, f.b.lon) &&
                         std::min(f.a.lon, f.b.lon) <= std::max(e.a.lon, e.b.lon) &&
                         std::min(e.a.lat, e.b.lat) <= std::max(f.a.lat, f.b.lat) &&
                         std::min(f.a.lat, f.b.lat) <= std::max(e.a.lat, e.b.lat);
      if (!boxes) continue;
      ++load.pairs;
      const int d1 = orient(f.a, f.b, e.a), d2 = orient(f.a, f.b, e.b);
      const int d3 = orient(e.a, e.b, f.a), d4 = orient(e.a, e.b, f.b);
      const bool cross = (d1 * d2 < 0 && d3 * d4 < 0) || (d1 == 0 && on(e.a, f)) || (d2 == 0 && on(e.b, f)) ||
                         (d3 == 0 && on(f.a, e)) || (d4 == 0 && on(f.b, e));
      if (!cross) continue;
      ++load.crossings;
      if (e.ring == f.ring) ++load.self_crossings;
    }
  }
  return load;
}

void expect_same(const EdgeLoad& got, const EdgeLoad& want) {
  EXPECT_TRUE(got.complete);
  EXPECT_EQ(got.pairs, want.pairs);
  EXPECT_EQ(got.crossings, want.crossings);
  EXPECT_EQ(got.self_crossings, want.self_crossings);
}

Ring random_ring(std::size_t n, std::uint32_t seed) {
  std::mt19937 gen(seed);  // mt19937's output is fixed by the standard: the same ring everywhere
  Ring r;
  for (std::size_t i = 0; i < n; ++i) {
    r.push_back(
        {static_cast<std::int32_t>(37 * kDeg + gen() % kDeg), static_cast<std::int32_t>(47 * kDeg + gen() % kDeg)});
  }
  r.push_back(r.front());
  return r;
}

TEST(EdgeLoad, ASquareHasNoPairs) {
  // Opposite sides of a square have disjoint boxes; neighbouring sides are never counted.
  const Ring sq = ring({{30, 48}, {31, 48}, {31, 49}, {30, 49}});
  const std::vector<const Ring*> rings{&sq};
  const EdgeLoad load = edge_load(rings);
  EXPECT_EQ(load.pairs, 0u);
  EXPECT_EQ(load.crossings, 0u);
  EXPECT_TRUE(load.complete);
}

TEST(EdgeLoad, ABowTieCrossesItselfOnce) {
  // (30 48)-(31 49) crosses (31 48)-(30 49) at (30.5 48.5); the other non-neighbouring pair,
  // the two vertical sides x=31 and x=30, has disjoint boxes.
  const Ring bowtie = ring({{30, 48}, {31, 49}, {31, 48}, {30, 49}});
  const std::vector<const Ring*> rings{&bowtie};
  const EdgeLoad load = edge_load(rings);
  EXPECT_EQ(load.pairs, 1u);
  EXPECT_EQ(load.crossings, 1u);
  EXPECT_EQ(load.self_crossings, 1u);
}

TEST(EdgeLoad, NeighboursSharingAVertexDoNotCross) {
  // Two squares sharing the side x=31: the shared side appears in both rings (one pair, same
  // ends: no new node), and each of the squares' horizontal sides meets the other square's at
  // the shared corners only.
  const Ring a = ring({{30, 48}, {31, 48}, {31, 49}, {30, 49}});
  const Ring b = ring({{31, 48}, {32, 48}, {32, 49}, {31, 49}});
  const std::vector<const Ring*> rings{&a, &b};
  const EdgeLoad load = edge_load(rings);
  EXPECT_EQ(load.crossings, 0u);
  expect_same(load, brute_force(rings));
}

TEST(EdgeLoad, AVertexInsideAnotherEdgeIsACrossing) {
  // The triangle's apex (31 48.5) lies inside the square's side x=31: one node to add.
  const Ring sq = ring({{30, 48}, {31, 48}, {31, 49}, {30, 49}});
  const Ring tri = ring({{31, 48.5}, {32, 48.2}, {32, 48.8}});
  const std::vector<const Ring*> rings{&sq, &tri};
  const EdgeLoad load = edge_load(rings);
  EXPECT_EQ(load.crossings, 2u) << "both of the triangle's edges at the apex touch the side";
  EXPECT_EQ(load.self_crossings, 0u);
  expect_same(load, brute_force(rings));
}

TEST(EdgeLoad, RandomRingsAgreeWithTheDoubleLoop) {
  for (std::size_t n : {5u, 20u, 200u, 700u}) {
    const Ring r = random_ring(n, static_cast<std::uint32_t>(n));
    const std::vector<const Ring*> rings{&r};
    SCOPED_TRACE(n);
    const EdgeLoad load = edge_load(rings);
    expect_same(load, brute_force(rings));
    if (n >= 200) {
      EXPECT_GT(load.self_crossings, n * n / 20) << "random rings cross themselves about n²/10 times";
    }
  }
}

TEST(EdgeLoad, LongParallelRowsAgreeWithTheDoubleLoop) {
  // Rows spanning the whole width in x: every box meets every other in x and none in y, the case
  // where the sweep in x gives way to the tree. The closing edge crosses the first rows.
  Ring r;
  const int rows = 400;
  for (int i = 0; i < rows; ++i) {
    const std::int32_t y = 47 * kDeg + i * (kDeg / rows);
    const std::int32_t x0 = 37 * kDeg, x1 = 38 * kDeg;
    if (i % 2 == 0) {
      r.push_back({x0, y});
      r.push_back({x1, y});
    } else {
      r.push_back({x1, y});
      r.push_back({x0, y});
    }
  }
  r.push_back({37 * kDeg - kDeg / 10, 48 * kDeg});
  r.push_back({37 * kDeg - kDeg / 10, 47 * kDeg - kDeg / 10});
  r.push_back({37 * kDeg + kDeg / 2, 47 * kDeg - kDeg / 10});
  r.push_back({37 * kDeg + kDeg / 2, 47 * kDeg + 3 * kDeg / (2 * rows)});
  r.push_back(r.front());
  const std::vector<const Ring*> rings{&r};
  const EdgeLoad load = edge_load(rings);
  expect_same(load, brute_force(rings));
  EXPECT_GT(load.self_crossings, 0u);
}

TEST(EdgeLoad, HolesAndShellsCountTogether) {
  const Polygon p = test::polygon_from_wkt(
      "POLYGON ((37 47, 37.6 47, 37.6 47.4, 37 47.4, 37 47), (37.5 47.1, 37.8 47.1, 37.8 47.2, 37.5 47.2, 37.5 47.1), "
      "(37.1 47.1, 37.3 47.1, 37.3 47.3, 37.1 47.3, 37.1 47.1), (37.2 47.2, 37.4 47.2, 37.4 47.35, 37.2 47.35, 37.2 "
      "47.2))");
  std::vector<const Ring*> rings{&p.outer};
  for (const auto& h : p.holes) rings.push_back(&h);
  const EdgeLoad load = edge_load(rings);
  // The first hole crosses the shell's east side twice; the other two holes cross each other twice.
  EXPECT_EQ(load.crossings, 4u);
  EXPECT_EQ(load.self_crossings, 0u);
  expect_same(load, brute_force(rings));
}

TEST(EdgeLoad, ALimitStopsTheCount) {
  const Ring r = random_ring(700, 7);
  const std::vector<const Ring*> rings{&r};
  const EdgeLoad all = edge_load(rings);
  const EdgeLoad some = edge_load(rings, {1000, std::numeric_limits<std::uint64_t>::max()});
  // The count stops at the first check after a limit is reached (it may pass it by a few).
  EXPECT_FALSE(some.complete);
  EXPECT_GE(some.pairs, 1000u);
  EXPECT_LT(some.pairs, 1100u);
  EXPECT_LT(some.crossings, all.crossings);
  const EdgeLoad few = edge_load(rings, {std::numeric_limits<std::uint64_t>::max(), 10});
  EXPECT_FALSE(few.complete);
  EXPECT_GE(few.crossings, 10u);
  EXPECT_LT(few.crossings, 100u);
}

TEST(EdgeLoad, DegenerateInputsCountNothing) {
  EXPECT_EQ(edge_load({}).pairs, 0u);
  const Ring empty;
  const std::vector<const Ring*> rings{&empty};
  EXPECT_EQ(edge_load(rings).pairs, 0u);
}

}  // namespace
}  // namespace frontline
