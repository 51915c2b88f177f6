// Geometry in vector-tile space: Web Mercator, rings on a tile's integer grid, clipping them to
// a rectangle and simplifying them for a zoom. Pure functions, no store and no bytes (io/mvt.hpp
// encodes what these produce).
#pragma once

#include <cstdint>
#include <vector>

namespace frontline::geo {

// Web Mercator (EPSG:3857) in units of the whole world: x and y from 0 to 1, y down (north is 0).
// Latitudes are clamped to the projection's ±85.0511°.
double mercator_x(double lon_deg) noexcept;
double mercator_y(double lat_deg) noexcept;
double mercator_lon(double x) noexcept;
double mercator_lat(double y) noexcept;

struct TilePoint {
  std::int32_t x = 0, y = 0;  // tile units: 0..extent, y down
  friend bool operator==(const TilePoint&, const TilePoint&) = default;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
  friend auto operator<=>(const TilePoint&, const TilePoint&) = default;
};
using TileRing = std::vector<TilePoint>;  // open: the first point is not repeated at the end

struct TileRect {
  std::int32_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // x0 <= x < x1 ... as a closed rectangle
};

// The part of a ring inside the rectangle (Sutherland-Hodgman, one edge at a time). Where the ring
// leaves and re-enters, the result runs along the rectangle's edge: a ring that is cut in two comes
// back as one ring with edges of no width between its parts, which fills exactly the same pixels
// (the way tile clippers do it). Points where the ring crosses an edge are computed from that edge
// alone, so two rectangles that share an edge cut a ring at the same points: cells fit without
// gaps. Empty when nothing of the ring is inside.
TileRing clip_ring(const TileRing& ring, const TileRect& rect);

// Douglas-Peucker with the ring's first point fixed: what lies within `tolerance` tile units of the
// kept outline is dropped. Rings of fewer than 5 points are kept as they are.
void simplify_ring(TileRing& ring, double tolerance);

}  // namespace frontline::geo
