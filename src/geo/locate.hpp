// Where a point lies relative to polygons on the grid, exactly (integer arithmetic).
#pragma once

#include "frontline/geometry.hpp"

namespace frontline::geo {

// True when the point is inside the polygon or on its boundary (an outer ring's edge or a hole's).
bool covers(const Polygon& polygon, FixedCoordinate p);
bool covers(const MultiPolygon& polygons, FixedCoordinate p);

}  // namespace frontline::geo
