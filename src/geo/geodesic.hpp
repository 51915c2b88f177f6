// Geodesic measures on the WGS84 ellipsoid (GeographicLib). Area and perimeter of a ring are sums
// over its edges, which is what lets them be cached per distinct ring and per run of edges.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "frontline/geometry.hpp"

namespace frontline::geo {

// An edge between two vertices is the straight line in longitude and latitude (RFC 7946,
// section 3.1.1), which is also how GEOS's overlays cut it. A geodesic between the same ends bows
// away from that line (by 27 m on a 0.47° east-west edge at 47°N), so measuring each edge as one
// geodesic made the pieces of a cut polygon not add up to the whole (a month's gained − lost
// missed its net by 0.47 km² on DeepState's 2022 maps). Every edge is therefore measured as the
// geodesics between points that cut it into equal pieces no longer than kMaxMeasuredEdgeGrid:
// then pieces and whole agree to well under 0.01 km² a month (docs/model.md, "What an edge is").
// Only the measure changes; geometry is stored and cut as drawn.
//
// The number of pieces is exact on the 1e-7 degree grid, so a second implementation finds the
// same points: an edge of grid length L = sqrt(dlon² + dlat²) is cut into the smallest n with
// n * kMaxMeasuredEdgeGrid >= L, at a + (b − a) * k / n, k = 1 .. n − 1.
inline constexpr std::int64_t kMaxMeasuredEdgeGrid = 100'000;  // 0.01°

// The pieces the edge from a to b is measured in (1: it is short enough).
std::int64_t edge_pieces(FixedCoordinate a, FixedCoordinate b);

struct RingMeasure {
  double area_m2 = 0;  // absolute area enclosed by the ring
  double perimeter_m = 0;
};

// The model's measure of a ring: GeographicLib's PolygonArea over the ring's vertices and the
// inner points of its long edges.
RingMeasure measure_ring(const Ring& ring);

// GeographicLib's PolygonArea over the vertices alone, every edge one geodesic (as GeographicLib's
// planimeter measures): what the model's measure is checked against where edges are short.
RingMeasure geodesic_ring(const Ring& ring);

// The geodesic distance between two points (GeographicLib's inverse problem on WGS84).
double distance_m(FixedCoordinate a, FixedCoordinate b);

// Length of an open path, its edges measured as a ring's are (the model's rule above).
double path_length_m(const std::vector<FixedCoordinate>& path);

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
