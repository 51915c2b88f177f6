// How much of what a ring encloses lies in a fixed region: the part of each status on a
// neighbour's land (docs/model.md, "Borders"), or inside a place (docs/places.md), version after
// version of a map.
//
// The region is cut into cells of 0.25 degree. A ring's share of a cell is computed only where
// its edges enter the cell, and remembered under the cell and the exact edges there: a border or
// a town rarely sees the front move between two versions while the rest of the ring changes, so
// across a history almost every cell is answered from that memory. A cell the ring covers
// without an edge in it counts whole. The cells add up exactly (their sides are lines of
// longitude and latitude, which the model measures as drawn: geo/geodesic.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/geometry.hpp"
#include "geo/geos.hpp"

namespace frontline::geo {

class RegionCells {
 public:
  // `land`: valid polygons, not overlapping (the neighbours' land near Ukraine, a place).
  // Cells are cut on first use. `cell_grid`: the cells' side on the 1e-7 degree grid, a divisor
  // of 0.25° (smaller cells for a small place: a change elsewhere in a 0.25° cell then leaves
  // the place's cells as they were).
  static Result<RegionCells> build(const MultiPolygon& land, std::int32_t cell_grid = kCellGrid);

  RegionCells(const RegionCells&) = delete;
  RegionCells& operator=(const RegionCells&) = delete;
  RegionCells(RegionCells&&) noexcept;
  RegionCells& operator=(RegionCells&&) noexcept;
  ~RegionCells();

  // Geodesic area in m² of the part of what a closed ring encloses that lies in the region.
  // Safe to call from several threads, each with its own context; the answer does not depend on
  // which ring or thread asked first (each cell's share is computed from a canonical form).
  Result<double> area_on_land_m2(GeosContext& ctx, const Ring& ring) const;
  // Of a polygon: its outer ring's share minus its holes'.
  Result<double> area_on_land_m2(GeosContext& ctx, const Polygon& polygon) const;

  // The whole land's area, cutting every cell (for tests: the cells add up to the land).
  Result<double> land_area_m2(GeosContext& ctx) const;

  static constexpr std::int32_t kCellGrid = 2'500'000;  // 0.25 degree on the 1e-7 degree grid
  // The cell for a region of this box: 0.25° down to 1/32° (about 3.5 km), at most half the
  // box's longer side.
  static std::int32_t cell_grid_for(const BBox& box);

 private:
  struct Impl;
  explicit RegionCells(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace frontline::geo
