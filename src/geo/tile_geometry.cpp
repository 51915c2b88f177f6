#include "geo/tile_geometry.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace frontline::geo {

namespace {
constexpr double kMaxMercatorLat = 85.0511287798066;

// One Sutherland-Hodgman pass against the half-plane `inside`; `cut(a, b)` gives the point where
// the edge between a (inside) and b (outside) crosses the boundary.
template <typename Inside, typename Cut>
TileRing clip_pass(const TileRing& in, Inside inside, Cut cut) {
  TileRing out;
  if (in.empty()) return out;
  out.reserve(in.size() + 4);
  TilePoint prev = in.back();
  bool prev_in = inside(prev);
  for (const TilePoint& p : in) {
    const bool p_in = inside(p);
    if (p_in != prev_in) out.push_back(prev_in ? cut(prev, p) : cut(p, prev));
    if (p_in) out.push_back(p);
    prev = p;
    prev_in = p_in;
  }
  return out;
}

// The point of segment (inside a, outside b) on the vertical line x = at, rounded to the grid.
TilePoint cut_x(TilePoint a, TilePoint b, std::int32_t at) {
  const double t = static_cast<double>(at - a.x) / static_cast<double>(b.x - a.x);
  return {at, static_cast<std::int32_t>(std::lround(a.y + t * (b.y - a.y)))};
}
TilePoint cut_y(TilePoint a, TilePoint b, std::int32_t at) {
  const double t = static_cast<double>(at - a.y) / static_cast<double>(b.y - a.y);
  return {static_cast<std::int32_t>(std::lround(a.x + t * (b.x - a.x))), at};
}
}  // namespace

double mercator_x(double lon_deg) noexcept {
  return (lon_deg + 180.0) / 360.0;
}
double mercator_y(double lat_deg) noexcept {
  const double lat = std::clamp(lat_deg, -kMaxMercatorLat, kMaxMercatorLat);
  const double phi = lat * std::numbers::pi / 180.0;
  return (1.0 - std::log(std::tan(phi) + 1.0 / std::cos(phi)) / std::numbers::pi) / 2.0;
}
double mercator_lon(double x) noexcept {
  return x * 360.0 - 180.0;
}
double mercator_lat(double y) noexcept {
  return std::atan(std::sinh(std::numbers::pi * (1.0 - 2.0 * y))) * 180.0 / std::numbers::pi;
}

TileRing clip_ring(const TileRing& ring, const TileRect& r) {
  // Quick answers for rings wholly inside or outside.
  std::int32_t x0 = INT32_MAX, y0 = INT32_MAX, x1 = INT32_MIN, y1 = INT32_MIN;
  for (const auto& p : ring) {
    x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
  }
  if (ring.empty() || x1 < r.x0 || x0 > r.x1 || y1 < r.y0 || y0 > r.y1) return {};
  if (x0 >= r.x0 && x1 <= r.x1 && y0 >= r.y0 && y1 <= r.y1) return ring;
  // A cell's neighbour across a shared line sees the same edge with its ends the other way round
  // (its inside is this cell's outside): computing every cut from the smaller point first makes
  // both find the same point.
  auto canon = [](auto f) { return [f](TilePoint a, TilePoint b) { return a < b ? f(a, b) : f(b, a); }; };
  TileRing out = clip_pass(
      ring, [&](TilePoint p) { return p.x >= r.x0; },
      canon([&](TilePoint a, TilePoint b) { return cut_x(a, b, r.x0); }));
  out = clip_pass(
      out, [&](TilePoint p) { return p.x <= r.x1; },
      canon([&](TilePoint a, TilePoint b) { return cut_x(a, b, r.x1); }));
  out = clip_pass(
      out, [&](TilePoint p) { return p.y >= r.y0; },
      canon([&](TilePoint a, TilePoint b) { return cut_y(a, b, r.y0); }));
  out = clip_pass(
      out, [&](TilePoint p) { return p.y <= r.y1; },
      canon([&](TilePoint a, TilePoint b) { return cut_y(a, b, r.y1); }));
  if (out.size() < 3) return {};
  return out;
}

void simplify_ring(TileRing& ring, double tolerance) {
  if (ring.size() < 5) return;
  // Close the ring so that the last edge is simplified too.
  ring.push_back(ring.front());
  std::vector<bool> keep(ring.size(), false);
  keep.front() = keep.back() = true;
  std::vector<std::pair<std::size_t, std::size_t>> stack{{0, ring.size() - 1}};
  while (!stack.empty()) {
    auto [a, b] = stack.back();
    stack.pop_back();
    if (b <= a + 1) continue;
    const double ax = ring[a].x, ay = ring[a].y, bx = ring[b].x, by = ring[b].y;
    const double dx = bx - ax, dy = by - ay, len = std::hypot(dx, dy);
    double worst = -1;
    std::size_t at = a;
    for (std::size_t i = a + 1; i < b; ++i) {
      const double d = len > 0 ? std::abs(dy * (ring[i].x - ax) - dx * (ring[i].y - ay)) / len
                               : std::hypot(ring[i].x - ax, ring[i].y - ay);
      if (d > worst) worst = d, at = i;
    }
    if (worst > tolerance) {
      keep[at] = true;
      stack.emplace_back(a, at);
      stack.emplace_back(at, b);
    }
  }
  TileRing out;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    if (keep[i]) out.push_back(ring[i]);
  }
  ring = std::move(out);
}

}  // namespace frontline::geo
