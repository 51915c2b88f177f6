// How much of a ring lies on another country's land: the measure that splits every status into
// the part in Ukraine and the part on a neighbour's land (docs/model.md, "Borders").
//
// The land is cut once into cells of 0.25 degree. A ring's share of a cell is computed only where
// its edges enter the cell, and remembered under the cell and the exact edges there: the border
// rarely moves between versions of a map while the front does, so across a history almost every
// cell is answered from that memory. A cell the ring covers without an edge in it counts whole.
// The cells add up exactly (their sides are lines of longitude and latitude, which the model
// measures as drawn: geo/geodesic.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/geometry.hpp"
#include "geo/geos.hpp"

namespace frontline::geo {

class ForeignLand {
 public:
  // `land`: valid polygons (e.g. the union of the neighbours' land near Ukraine).
  // Cells are cut on first use.
  static Result<ForeignLand> build(const MultiPolygon& land);

  ForeignLand(const ForeignLand&) = delete;
  ForeignLand& operator=(const ForeignLand&) = delete;
  ForeignLand(ForeignLand&&) noexcept;
  ForeignLand& operator=(ForeignLand&&) noexcept;
  ~ForeignLand();

  // Geodesic area in m² of the part of the region a closed ring encloses that lies on the land.
  // Safe to call from several threads, each with its own context; the answer does not depend on
  // which ring or thread asked first (each cell's share is computed from a canonical form).
  Result<double> area_on_land_m2(GeosContext& ctx, const Ring& ring) const;
  // Of a polygon: its outer ring's share minus its holes'.
  Result<double> area_on_land_m2(GeosContext& ctx, const Polygon& polygon) const;

  // The whole land's area, cutting every cell (for tests: the cells add up to the land).
  Result<double> land_area_m2(GeosContext& ctx) const;

  static constexpr std::int32_t kCellGrid = 2'500'000;  // 0.25 degree on the 1e-7 degree grid

 private:
  struct Impl;
  explicit ForeignLand(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace frontline::geo
