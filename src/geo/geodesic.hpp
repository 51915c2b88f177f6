// Geodesic measures on the WGS84 ellipsoid (GeographicLib). Area and perimeter of a ring are sums
// over its edges, which is what lets them be cached per distinct ring and per run of edges.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "frontline/geometry.hpp"

namespace frontline::geo {

struct RingMeasure {
  double area_m2 = 0;  // absolute area enclosed by the ring
  double perimeter_m = 0;
};

// GeographicLib's PolygonArea over the whole ring: the reference implementation.
RingMeasure measure_ring(const Ring& ring);

// |outer| minus |holes| for each polygon (valid polygons: holes lie inside their shell).
double area_m2(const Polygon& polygon);
double area_m2(const MultiPolygon& polygons);

// The same measure, with work that grows with change. A ring is cut into runs of edges at
// content-defined anchors (vertices whose coordinate hash has 4 low zero bits, so about one in 16),
// and each run's sum of GeographicLib's per-edge area terms and lengths is cached by its content.
// When a front line moves, a new version of a 3,000-vertex ring shares all but a few runs with the
// old one. Nothing packaged caches geodesic sums like this, hence this class.
//
// The shortcut applies to rings that keep to one hemisphere east or west of Greenwich (no edge
// crosses the prime meridian or the antimeridian, so the sum needs no crossing correction); other
// rings go to measure_ring.
class RingMeasurer {
 public:
  RingMeasure measure(const Ring& ring);

 private:
  struct RunSum {
    double area_terms = 0;  // sum of S12 over the run's edges, m²
    double length = 0;      // sum of s12, m
  };
  RunSum run_sum(const FixedCoordinate* first, std::size_t points);
  std::unordered_map<std::uint64_t, RunSum> runs_;
};

}  // namespace frontline::geo
