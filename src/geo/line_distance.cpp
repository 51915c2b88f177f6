#include "geo/line_distance.hpp"

#include <GeographicLib/Geodesic.hpp>
#include <algorithm>
#include <cmath>
#include <limits>

#include "geo/plane.hpp"

namespace frontline::geo {

namespace {
constexpr std::int32_t kCell = kIndexCell;
}  // namespace

std::vector<PathPoint> sample_paths(const std::vector<Path>& paths, double step_m) {
  std::vector<PathPoint> out;
  if (!(step_m > 0)) return out;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const Path& path = paths[i];
    if (path.size() < 2) continue;
    double along = 0;    // at the start of the current edge
    double next_at = 0;  // where the next sample falls
    for (std::size_t e = 0; e + 1 < path.size(); ++e) {
      const double len = plane_length_m(path[e], path[e + 1]);
      while (next_at <= along + len) {
        const double t = len > 0 ? (next_at - along) / len : 0;
        out.push_back({point_along(path[e], path[e + 1], t), i, next_at});
        next_at += step_m;
      }
      along += len;
    }
    // The path's end, unless a sample already fell on it.
    if (out.back().path != i || along - out.back().along_m > 1e-6) out.push_back({path.back(), i, along});
  }
  return out;
}

NearestOnPaths::NearestOnPaths(const std::vector<Path>& paths) {
  for (const auto& path : paths) {
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
      if (path[i] == path[i + 1]) continue;
      const auto id = static_cast<std::uint32_t>(edges_.size());
      edges_.push_back({path[i], path[i + 1]});
      const std::int32_t x0 = index_cell(std::min(path[i].lon, path[i + 1].lon));
      const std::int32_t x1 = index_cell(std::max(path[i].lon, path[i + 1].lon));
      const std::int32_t y0 = index_cell(std::min(path[i].lat, path[i + 1].lat));
      const std::int32_t y1 = index_cell(std::max(path[i].lat, path[i + 1].lat));
      for (std::int32_t x = x0; x <= x1; ++x) {
        for (std::int32_t y = y0; y <= y1; ++y) cells_[index_cell_key(x, y)].push_back(id);
      }
      if (id == 0) {
        min_cx_ = x0, max_cx_ = x1, min_cy_ = y0, max_cy_ = y1;
      } else {
        min_cx_ = std::min(min_cx_, x0), max_cx_ = std::max(max_cx_, x1);
        min_cy_ = std::min(min_cy_, y0), max_cy_ = std::max(max_cy_, y1);
      }
    }
  }
}

std::optional<NearestOnPaths::Hit> NearestOnPaths::nearest(FixedCoordinate p) const {
  if (edges_.empty()) return std::nullopt;
  const LocalPlane k(p.lat);
  // Anything outside the block of cells within r of p's cell is at least r cells' width away.
  const double cell_m = std::min(k.x, k.y) * kCell;
  const std::int32_t cx = index_cell(p.lon), cy = index_cell(p.lat);
  // Rings beyond this one hold no cell of the index.
  const std::int32_t last = std::max({cx - min_cx_, max_cx_ - cx, cy - min_cy_, max_cy_ - cy, 0});
  double best = std::numeric_limits<double>::infinity();  // squared
  std::uint32_t best_edge = 0;
  double best_t = 0;
  auto visit = [&](std::int32_t x, std::int32_t y) {
    auto it = cells_.find(index_cell_key(x, y));
    if (it == cells_.end()) return;
    for (std::uint32_t id : it->second) {
      const auto foot = foot_on_segment(p, edges_[id].a, edges_[id].b);
      // Ties go to the lower edge id, so the answer does not depend on the visiting order.
      if (foot.distance2_m2 < best || (foot.distance2_m2 == best && id < best_edge)) {
        best = foot.distance2_m2;
        best_edge = id;
        best_t = foot.t;
      }
    }
  };
  for (std::int32_t r = 0; r <= last; ++r) {
    if (r >= 1 && best <= (r - 1) * cell_m * ((r - 1) * cell_m)) break;
    if (r == 0) {
      visit(cx, cy);
      continue;
    }
    for (std::int32_t x = cx - r; x <= cx + r; ++x) {
      visit(x, cy - r);
      visit(x, cy + r);
    }
    for (std::int32_t y = cy - r + 1; y <= cy + r - 1; ++y) {
      visit(cx - r, y);
      visit(cx + r, y);
    }
  }
  return Hit{point_along(edges_[best_edge].a, edges_[best_edge].b, best_t), std::sqrt(best)};
}

double geodesic_distance_m(FixedCoordinate a, FixedCoordinate b) {
  double s12 = 0;
  GeographicLib::Geodesic::WGS84().Inverse(a.lat * kGridDegrees, a.lon * kGridDegrees, b.lat * kGridDegrees,
                                           b.lon * kGridDegrees, s12);
  return s12;
}

}  // namespace frontline::geo
