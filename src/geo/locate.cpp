#include "geo/locate.hpp"

namespace frontline::geo {

namespace {

enum class Where { outside, inside, boundary };

// Crossing number of a ray to the east, with the half-open rule on latitude so that a vertex on
// the ray is counted once; the orientation test is exact in 64 bits (grid values < 2^31).
Where locate(const Ring& ring, FixedCoordinate p) {
  bool inside = false;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const FixedCoordinate a = ring[i];
    const FixedCoordinate b = ring[i + 1];
    const std::int64_t cross = (static_cast<std::int64_t>(b.lon) - a.lon) * (static_cast<std::int64_t>(p.lat) - a.lat) -
                               (static_cast<std::int64_t>(p.lon) - a.lon) * (static_cast<std::int64_t>(b.lat) - a.lat);
    if (cross == 0 && p.lon >= std::min(a.lon, b.lon) && p.lon <= std::max(a.lon, b.lon) &&
        p.lat >= std::min(a.lat, b.lat) && p.lat <= std::max(a.lat, b.lat)) {
      return Where::boundary;
    }
    if ((a.lat > p.lat) != (b.lat > p.lat)) {
      // The edge crosses the point's latitude: is the crossing east of the point?
      const bool upward = b.lat > a.lat;
      if (upward ? cross > 0 : cross < 0) inside = !inside;
    }
  }
  return inside ? Where::inside : Where::outside;
}

}  // namespace

bool covers(const Polygon& polygon, FixedCoordinate p) {
  if (!bbox_of(polygon.outer).contains(p)) return false;
  const Where outer = locate(polygon.outer, p);
  if (outer != Where::inside) return outer == Where::boundary;
  for (const auto& h : polygon.holes) {
    const Where w = locate(h, p);
    if (w == Where::boundary) return true;
    if (w == Where::inside) return false;
  }
  return true;
}

bool covers(const MultiPolygon& polygons, FixedCoordinate p) {
  for (const auto& poly : polygons) {
    if (covers(poly, p)) return true;
  }
  return false;
}

}  // namespace frontline::geo
