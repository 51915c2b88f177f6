// Plain polygon data on the fixed grid. No library types leak through here: the overlay engine
// (GEOS) is an implementation detail of src/geo.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "frontline/coordinate.hpp"

namespace frontline {

struct BBox {
  std::int32_t min_lon = std::numeric_limits<std::int32_t>::max();
  std::int32_t min_lat = std::numeric_limits<std::int32_t>::max();
  std::int32_t max_lon = std::numeric_limits<std::int32_t>::min();
  std::int32_t max_lat = std::numeric_limits<std::int32_t>::min();

  friend constexpr bool operator==(const BBox&, const BBox&) = default;
  bool empty() const noexcept { return min_lon > max_lon; }
  void extend(FixedCoordinate c) noexcept {
    min_lon = std::min(min_lon, c.lon);
    min_lat = std::min(min_lat, c.lat);
    max_lon = std::max(max_lon, c.lon);
    max_lat = std::max(max_lat, c.lat);
  }
  void extend(const BBox& b) noexcept {
    if (b.empty()) return;
    min_lon = std::min(min_lon, b.min_lon);
    min_lat = std::min(min_lat, b.min_lat);
    max_lon = std::max(max_lon, b.max_lon);
    max_lat = std::max(max_lat, b.max_lat);
  }
  bool intersects(const BBox& b) const noexcept {
    return !empty() && !b.empty() && min_lon <= b.max_lon && b.min_lon <= max_lon && min_lat <= b.max_lat &&
           b.min_lat <= max_lat;
  }
  bool contains(FixedCoordinate c) const noexcept {
    return c.lon >= min_lon && c.lon <= max_lon && c.lat >= min_lat && c.lat <= max_lat;
  }
};

// A closed ring: front() == back().
using Ring = std::vector<FixedCoordinate>;

struct Polygon {
  Ring outer;
  std::vector<Ring> holes;
};

using MultiPolygon = std::vector<Polygon>;

inline BBox bbox_of(const Ring& r) {
  BBox b;
  for (auto c : r) b.extend(c);
  return b;
}
inline BBox bbox_of(const MultiPolygon& mp) {
  BBox b;
  for (const auto& p : mp) b.extend(bbox_of(p.outer));
  return b;
}
inline std::size_t vertex_count(const Polygon& p) {
  std::size_t n = p.outer.size();
  for (const auto& h : p.holes) n += h.size();
  return n;
}
inline std::size_t vertex_count(const MultiPolygon& mp) {
  std::size_t n = 0;
  for (const auto& p : mp) n += vertex_count(p);
  return n;
}

}  // namespace frontline
