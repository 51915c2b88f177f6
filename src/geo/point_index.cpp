#include "geo/point_index.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "geo/plane.hpp"

namespace frontline::geo {

namespace {
constexpr std::int32_t kRow = 100'000;  // 0.01°
std::int32_t floor_div(std::int32_t v) {
  return v >= 0 ? v / kRow : -((-v + kRow - 1) / kRow);
}
}  // namespace

std::int32_t EdgeStripes::row_of(std::int32_t lat) const {
  return floor_div(lat) - first_row_;
}

EdgeStripes::EdgeStripes(const MultiPolygon& polygons) {
  auto add_ring = [&](const Ring& r) {
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
      edges_.push_back({r[i], r[i + 1]});
      bbox_.extend(r[i]);
    }
  };
  for (const auto& p : polygons) {
    add_ring(p.outer);
    for (const auto& h : p.holes) add_ring(h);
  }
  if (edges_.empty()) return;
  first_row_ = floor_div(bbox_.min_lat);
  const auto rows = static_cast<std::size_t>(std::int64_t{floor_div(bbox_.max_lat)} - first_row_ + 1);
  std::vector<std::uint32_t> count(rows + 1, 0);
  auto span_of = [&](const Edge& e) {
    return std::pair{row_of(std::min(e.a.lat, e.b.lat)), row_of(std::max(e.a.lat, e.b.lat))};
  };
  for (const auto& e : edges_) {
    auto [r0, r1] = span_of(e);
    for (auto r = r0; r <= r1; ++r) ++count[static_cast<std::size_t>(r) + 1];
  }
  for (std::size_t r = 1; r <= rows; ++r) count[r] += count[r - 1];
  row_start_ = count;
  row_edges_.resize(count[rows]);
  std::vector<std::uint32_t> fill(count.begin(), count.end() - 1);
  for (std::uint32_t i = 0; i < edges_.size(); ++i) {
    auto [r0, r1] = span_of(edges_[i]);
    for (auto r = r0; r <= r1; ++r) row_edges_[fill[static_cast<std::size_t>(r)]++] = i;
  }
}

bool EdgeStripes::covers(FixedCoordinate p) const {
  if (edges_.empty() || !bbox_.contains(p)) return false;
  const auto r = row_of(p.lat);
  bool inside = false;
  for (auto k = row_start_[static_cast<std::size_t>(r)]; k < row_start_[static_cast<std::size_t>(r) + 1]; ++k) {
    const Edge& e = edges_[row_edges_[k]];
    const FixedCoordinate a = e.a, b = e.b;
    // The same exact test as geo::covers (locate.cpp): boundary, then the crossing to the east.
    const std::int64_t cross = (static_cast<std::int64_t>(b.lon) - a.lon) * (static_cast<std::int64_t>(p.lat) - a.lat) -
                               (static_cast<std::int64_t>(p.lon) - a.lon) * (static_cast<std::int64_t>(b.lat) - a.lat);
    if (cross == 0 && p.lon >= std::min(a.lon, b.lon) && p.lon <= std::max(a.lon, b.lon) &&
        p.lat >= std::min(a.lat, b.lat) && p.lat <= std::max(a.lat, b.lat)) {
      return true;
    }
    if ((a.lat > p.lat) != (b.lat > p.lat)) {
      const bool upward = b.lat > a.lat;
      if (upward ? cross > 0 : cross < 0) inside = !inside;
    }
  }
  return inside;
}

std::optional<EdgeStripes::Nearest> EdgeStripes::nearest(FixedCoordinate p, double max_m) const {
  if (edges_.empty()) return std::nullopt;
  const LocalPlane k(p.lat);
  const auto reach_lat = static_cast<std::int32_t>(std::ceil(max_m / k.y));
  const auto reach_lon = static_cast<std::int32_t>(std::ceil(max_m / k.x));
  if (static_cast<std::int64_t>(p.lat) + reach_lat < bbox_.min_lat ||
      static_cast<std::int64_t>(p.lat) - reach_lat > bbox_.max_lat ||
      static_cast<std::int64_t>(p.lon) + reach_lon < bbox_.min_lon ||
      static_cast<std::int64_t>(p.lon) - reach_lon > bbox_.max_lon) {
    return std::nullopt;
  }
  const auto rows = static_cast<std::int32_t>(row_start_.size()) - 1;
  const std::int32_t r0 = std::max<std::int32_t>(
      0, row_of(static_cast<std::int32_t>(std::max<std::int64_t>(INT32_MIN, std::int64_t{p.lat} - reach_lat))));
  const std::int32_t r1 = std::min<std::int32_t>(
      rows - 1, row_of(static_cast<std::int32_t>(std::min<std::int64_t>(INT32_MAX, std::int64_t{p.lat} + reach_lat))));
  std::optional<Nearest> best;
  double best2 = max_m * max_m;
  // Rows outward from the point's, so that a near edge bounds the search early.
  const std::int32_t home = std::clamp(row_of(p.lat), 0, rows - 1);
  for (std::int32_t d = 0;; ++d) {
    const std::int32_t lo = home - d, hi = home + d;
    if (lo < r0 && hi > r1) break;
    // A row d away is at least (d - 1) rows of latitude away.
    const double gap = std::max(0, d - 1) * static_cast<double>(kRow) * k.y;
    if (gap * gap > best2) break;
    auto scan = [&](std::int32_t r) {
      if (r < r0 || r > r1) return;
      for (auto i = row_start_[static_cast<std::size_t>(r)]; i < row_start_[static_cast<std::size_t>(r) + 1]; ++i) {
        const Edge& e = edges_[row_edges_[i]];
        const SegmentFoot f = foot_on_segment(p, e.a, e.b);
        if (f.distance2_m2 < best2) {
          best2 = f.distance2_m2;
          best = Nearest{point_along(e.a, e.b, f.t), std::sqrt(f.distance2_m2)};
        }
      }
    };
    scan(lo);
    if (d > 0) scan(hi);
  }
  return best;
}

}  // namespace frontline::geo
