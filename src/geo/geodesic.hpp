// Geodesic measures on the WGS84 ellipsoid (GeographicLib). Area and perimeter of a ring are sums
// over its edges, which is what lets the store cache them per distinct ring.
#pragma once

#include "frontline/geometry.hpp"

namespace frontline::geo {

struct RingMeasure {
  double area_m2 = 0;      // absolute area enclosed by the ring
  double perimeter_m = 0;
};

RingMeasure measure_ring(const Ring& ring);

// |outer| minus |holes| for each polygon (valid polygons: holes lie inside their shell).
double area_m2(const Polygon& polygon);
double area_m2(const MultiPolygon& polygons);

}  // namespace frontline::geo
