// The line of contact from a map's polygons: the boundary of the held ground, without the
// stretches that run along the country's outline (international borders and the coast).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "frontline/geometry.hpp"

namespace frontline::geo {

using Path = std::vector<FixedCoordinate>;

// The outline of the union of polygons that tile a country (its oblasts): the edges that belong
// to one polygon only. Exact when neighbouring polygons share their vertices, as the bundled
// oblasts do (an edge shared by two oblasts is an internal border). Each edge once, as a path of
// two points.
std::vector<Path> outline_edges(const MultiPolygon& tiles);

// A country as its tiles (oblasts) and their outline, indexed by 0.05° cells.
class CountryShape {
 public:
  explicit CountryShape(MultiPolygon tiles);
  CountryShape(const CountryShape&) = delete;
  CountryShape& operator=(const CountryShape&) = delete;
  CountryShape(CountryShape&&) noexcept;
  CountryShape& operator=(CountryShape&&) noexcept;
  ~CountryShape();

  const std::vector<Path>& outline() const;
  // Within `tolerance_m` of an outline edge (local plane).
  bool near_outline(FixedCoordinate p, double tolerance_m) const;
  // Inside a tile or on its boundary (exact). A 0.05° cell that no outline edge crosses lies
  // wholly inside or wholly outside: `cell_inside` tells which from one point of it.
  bool covers(FixedCoordinate p) const;
  bool cell_crosses_outline(FixedCoordinate p) const;
  static std::int64_t cell_key(FixedCoordinate p);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The parts of the rings' edges that lie inside the country and farther than `tolerance_m` from
// its outline: not along the international border or the coast, not out at sea. Edges are cut
// into pieces of at most 0.005° (about 500 m) and a piece is kept when both its ends are far
// and inside, so the line stops within one piece of the tolerance. Distances are measured on the
// local plane (good to 0.1 % at these distances). Consecutive kept pieces form one path. GEOS
// could do this with a buffer of the outline and a difference, but buffering a 44,000-vertex
// outline costs more than the rest of the line; an index of outline edges by 0.05° cells is
// what this does, and a point far from the outline is inside when its cell is.
std::vector<Path> away_from(const std::vector<const Ring*>& rings, const CountryShape& country, double tolerance_m);

// A ring that encloses almost nothing: its mean width (twice its geodesic area over its perimeter)
// is under `max_width_m`. The union of a map's occupied layers leaves such slivers where two
// layers' edges were cut apart and rounded to the grid separately (0.2 m wide, up to 23 km long
// on DeepState's map of 2025-08-01): holes in no one's ground, not a front.
bool is_sliver(const Ring& ring, double max_width_m);

// Douglas-Peucker on the local plane: the path kept within `tolerance_m` of the original.
// Nothing in GEOS simplifies in metres at these latitudes, hence this.
Path generalise(const Path& path, double tolerance_m);

}  // namespace frontline::geo
