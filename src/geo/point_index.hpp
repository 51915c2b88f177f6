// Many points against one polygon set: point in polygon in time that grows with the edges near the
// point's latitude rather than with the polygon's size, and the nearest point of the boundary.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "frontline/geometry.hpp"

namespace frontline::geo {

class EdgeStripes {
 public:
  // Edges bucketed by rows of 0.01° of latitude (about 1.1 km).
  explicit EdgeStripes(const MultiPolygon& polygons);

  // True inside a polygon or on its boundary: the same answer as geo::covers (exact, integers).
  bool covers(FixedCoordinate p) const;

  // The nearest point of the boundary (outer rings and holes) within `max_m` metres on the local
  // plane, or nullopt.
  struct Nearest {
    FixedCoordinate foot;
    double plane_m = 0;
  };
  std::optional<Nearest> nearest(FixedCoordinate p, double max_m) const;

  const BBox& bbox() const { return bbox_; }
  std::size_t edges() const { return edges_.size(); }

 private:
  struct Edge {
    FixedCoordinate a, b;
  };
  std::int32_t row_of(std::int32_t lat) const;
  std::vector<Edge> edges_;
  std::vector<std::uint32_t> row_start_;  // CSR: row r holds row_edges_[row_start_[r] .. row_start_[r + 1])
  std::vector<std::uint32_t> row_edges_;
  std::int32_t first_row_ = 0;
  BBox bbox_;
};

}  // namespace frontline::geo
