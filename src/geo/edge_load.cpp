#include "geo/edge_load.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace frontline::geo {

namespace {

// Products of grid differences need 66 bits (longitudes span 3.6e9 grid steps).
__extension__ using Wide = __int128;

struct Edge {
  FixedCoordinate a, b;
  std::uint32_t ring = 0;
  std::uint32_t index = 0;  // position in its ring
  std::uint32_t count = 0;  // edges in its ring
};

struct Box {
  std::int32_t min_x, min_y, max_x, max_y;
  bool overlaps(const Box& o) const noexcept {
    return min_x <= o.max_x && o.min_x <= max_x && min_y <= o.max_y && o.min_y <= max_y;
  }
  void extend(const Box& o) noexcept {
    min_x = std::min(min_x, o.min_x);
    min_y = std::min(min_y, o.min_y);
    max_x = std::max(max_x, o.max_x);
    max_y = std::max(max_y, o.max_y);
  }
};

Box box_of(const Edge& e) {
  return {std::min(e.a.lon, e.b.lon), std::min(e.a.lat, e.b.lat), std::max(e.a.lon, e.b.lon),
          std::max(e.a.lat, e.b.lat)};
}

int orientation(FixedCoordinate p, FixedCoordinate q, FixedCoordinate r) {
  const Wide v = Wide{q.lon - p.lon} * Wide{r.lat - p.lat} - Wide{q.lat - p.lat} * Wide{r.lon - p.lon};
  return (v > 0) - (v < 0);
}

bool within(const Box& b, FixedCoordinate p) {
  return p.lon >= b.min_x && p.lon <= b.max_x && p.lat >= b.min_y && p.lat <= b.max_y;
}

// Segments whose boxes overlap: do they meet anywhere but at a vertex they share? Such a meeting
// is a node an overlay must add (a crossing, or a vertex of one lying inside the other); edges
// that only share an end, as neighbouring polygons' outlines do, cost nothing.
bool crosses(const Edge& e, const Box& eb, const Edge& f, const Box& fb) {
  const int d1 = orientation(f.a, f.b, e.a);
  const int d2 = orientation(f.a, f.b, e.b);
  const int d3 = orientation(e.a, e.b, f.a);
  const int d4 = orientation(e.a, e.b, f.b);
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  auto inside = [](FixedCoordinate p, const Edge& s, const Box& sb) { return within(sb, p) && p != s.a && p != s.b; };
  return (d1 == 0 && inside(e.a, f, fb)) || (d2 == 0 && inside(e.b, f, fb)) || (d3 == 0 && inside(f.a, e, eb)) ||
         (d4 == 0 && inside(f.b, e, eb));
}

bool neighbours(const Edge& e, const Edge& f) {
  if (e.ring != f.ring) return false;
  const std::uint32_t lo = std::min(e.index, f.index);
  const std::uint32_t hi = std::max(e.index, f.index);
  return hi - lo == 1 || (lo == 0 && hi + 1 == e.count);
}

// Counts pairs into a load, and says when a limit stops the count.
class Counter {
 public:
  Counter(const std::vector<Edge>& edges, const std::vector<Box>& boxes, const EdgeLoadLimits& limits)
      : edges_(edges), boxes_(boxes), limits_(limits) {}
  void pair(std::size_t i, std::size_t j) {
    if (neighbours(edges_[i], edges_[j])) return;
    ++load.pairs;
    if (!crosses(edges_[i], boxes_[i], edges_[j], boxes_[j])) return;
    ++load.crossings;
    if (edges_[i].ring == edges_[j].ring) ++load.self_crossings;
  }
  bool full() const { return load.pairs >= limits_.pairs || load.crossings >= limits_.crossings; }
  EdgeLoad load;

 private:
  const std::vector<Edge>& edges_;
  const std::vector<Box>& boxes_;
  const EdgeLoadLimits& limits_;
};

void sort_by(std::vector<Edge>& edges, std::vector<Box>& boxes, std::vector<std::uint32_t>& order) {
  std::vector<Edge> e(edges.size());
  std::vector<Box> b(edges.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    e[k] = edges[order[k]];
    b[k] = boxes[order[k]];
  }
  edges.swap(e);
  boxes.swap(b);
}

// A sweep in x over the edges sorted by their left end, each compared with the edges whose x
// range it meets. Real rings keep few edges active at once, so this is the fast path. Returns
// false when the active edges' comparisons outnumber the pairs found too much (long parallel
// edges in x: the boxes meet in x but not in y), which the tree below handles better.
bool sweep(std::vector<Edge>& edges, std::vector<Box>& boxes, Counter& counter) {
  // Sorting plain keys (left end above, index below) beats sorting indices through the boxes.
  std::vector<std::uint64_t> keys(edges.size());
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const auto x = static_cast<std::uint32_t>(static_cast<std::int64_t>(boxes[i].min_x) + 0x80000000LL);
    keys[i] = (std::uint64_t{x} << 32) | i;
  }
  std::sort(keys.begin(), keys.end());
  std::vector<std::uint32_t> order(edges.size());
  for (std::size_t i = 0; i < keys.size(); ++i) order[i] = static_cast<std::uint32_t>(keys[i]);
  sort_by(edges, boxes, order);
  const std::uint64_t base = 16 * std::uint64_t{edges.size()};
  std::uint64_t visits = 0;
  // The active edges' extents are kept beside their indices: the scan reads memory in order.
  struct Active {
    std::int32_t max_x, min_y, max_y;
    std::uint32_t index;
  };
  std::vector<Active> active;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const Box& q = boxes[i];
    std::size_t k = 0;
    while (k < active.size()) {
      const Active& a = active[k];
      if (a.max_x < q.min_x) {  // left behind: no later edge can meet it
        active[k] = active.back();
        active.pop_back();
        continue;
      }
      ++visits;
      if (a.min_y <= q.max_y && q.min_y <= a.max_y) counter.pair(a.index, i);
      ++k;
    }
    active.push_back({q.max_x, q.min_y, q.max_y, static_cast<std::uint32_t>(i)});
    if (counter.full()) {
      counter.load.complete = false;
      return true;
    }
    if (visits > base + 4 * counter.load.pairs) return false;
  }
  return true;
}

// A packed R-tree: edges in sort-tile-recursive order, grouped kFan at a time, each level the
// boxes of kFan consecutive nodes of the level below. Every query is one of the edges themselves.
constexpr std::size_t kFan = 16;

void tree(std::vector<Edge>& edges, std::vector<Box>& boxes, Counter& counter, std::uint64_t max_tests) {
  auto cx = [&](std::uint32_t i) { return std::int64_t{boxes[i].min_x} + boxes[i].max_x; };
  auto cy = [&](std::uint32_t i) { return std::int64_t{boxes[i].min_y} + boxes[i].max_y; };
  std::vector<std::uint32_t> order(edges.size());
  std::iota(order.begin(), order.end(), 0u);
  // Ties broken by y: edges of one x (long parallel rows) still fall into compact tiles.
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t l, std::uint32_t r) { return cx(l) != cx(r) ? cx(l) < cx(r) : cy(l) < cy(r); });
  const std::size_t leaves = (edges.size() + kFan - 1) / kFan;
  const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(leaves))));
  const std::size_t per_slice = std::max<std::size_t>(1, slices) * kFan;
  for (std::size_t s = 0; s < order.size(); s += per_slice) {
    const auto first = order.begin() + static_cast<std::ptrdiff_t>(s);
    const auto last = order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), s + per_slice));
    std::sort(first, last, [&](std::uint32_t l, std::uint32_t r) { return cy(l) < cy(r); });
  }
  sort_by(edges, boxes, order);

  std::vector<std::vector<Box>> levels;  // levels[0]: boxes of kFan edges each; the last: at most kFan boxes
  const std::vector<Box>* below = &boxes;
  do {
    std::vector<Box> level;
    for (std::size_t i = 0; i < below->size(); i += kFan) {
      Box b = (*below)[i];
      for (std::size_t j = i + 1; j < std::min(below->size(), i + kFan); ++j) b.extend((*below)[j]);
      level.push_back(b);
    }
    levels.push_back(std::move(level));
    below = &levels.back();
  } while (below->size() > kFan);
  std::vector<std::size_t> span{kFan};  // edges under one node of each level
  for (std::size_t l = 1; l < levels.size(); ++l) span.push_back(span.back() * kFan);

  struct Node {
    std::size_t level, index;
  };
  std::vector<Node> stack;
  std::uint64_t tests = 0;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const Box& q = boxes[i];
    stack.clear();
    const std::size_t top = levels.size() - 1;
    for (std::size_t n = 0; n < levels[top].size(); ++n) stack.push_back({top, n});
    while (!stack.empty()) {
      const Node node = stack.back();
      stack.pop_back();
      // Each pair once: only edges after i in the tree's order.
      if ((node.index + 1) * span[node.level] <= i + 1) continue;
      ++tests;
      if (!levels[node.level][node.index].overlaps(q)) continue;
      const std::size_t first = node.index * kFan;
      if (node.level > 0) {
        const std::size_t end = std::min(levels[node.level - 1].size(), first + kFan);
        for (std::size_t c = first; c < end; ++c) stack.push_back({node.level - 1, c});
        continue;
      }
      const std::size_t end = std::min(edges.size(), first + kFan);
      for (std::size_t j = std::max(first, i + 1); j < end; ++j) {
        ++tests;
        if (boxes[j].overlaps(q)) counter.pair(i, j);
      }
      // A long edge's box can meet many nodes whose edges it misses: the tests are bounded too.
      if (counter.full() || tests >= max_tests) {
        counter.load.complete = false;
        return;
      }
    }
  }
}

}  // namespace

EdgeLoad edge_load(std::span<const Ring* const> rings, const EdgeLoadLimits& limits) {
  std::vector<Edge> edges;
  std::size_t total = 0;
  for (const Ring* r : rings) total += r->size() > 1 ? r->size() - 1 : 0;
  edges.reserve(total);
  for (std::size_t ri = 0; ri < rings.size(); ++ri) {
    const Ring& r = *rings[ri];
    if (r.size() < 2) continue;
    const auto count = static_cast<std::uint32_t>(r.size() - 1);
    for (std::uint32_t i = 0; i < count; ++i) {
      edges.push_back({r[i], r[i + 1], static_cast<std::uint32_t>(ri), i, count});
    }
  }
  if (edges.size() < 2) return {};
  std::vector<Box> boxes(edges.size());
  for (std::size_t i = 0; i < edges.size(); ++i) boxes[i] = box_of(edges[i]);
  {
    Counter counter(edges, boxes, limits);
    if (sweep(edges, boxes, counter)) return counter.load;
  }
  Counter counter(edges, boxes, limits);
  const std::uint64_t cap = std::numeric_limits<std::uint64_t>::max() / 16;
  const std::uint64_t max_tests = limits.pairs >= cap ? cap : 8 * limits.pairs + 64 * std::uint64_t{edges.size()};
  tree(edges, boxes, counter, max_tests);
  return counter.load;
}

}  // namespace frontline::geo
