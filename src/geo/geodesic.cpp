#include "geo/geodesic.hpp"

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/PolygonArea.hpp>

#include <cmath>

namespace frontline::geo {

RingMeasure measure_ring(const Ring& ring) {
  if (ring.size() < 4) return {};
  // PolygonArea sums GeographicLib's exact per-edge area terms and handles the orientation;
  // the closing vertex repeats the first, so it is not added twice.
  GeographicLib::PolygonArea poly(GeographicLib::Geodesic::WGS84(), false);
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    poly.AddPoint(ring[i].lat * kGridDegrees, ring[i].lon * kGridDegrees);
  }
  double perimeter = 0;
  double area = 0;
  poly.Compute(false, true, perimeter, area);
  return {std::fabs(area), perimeter};
}

double area_m2(const Polygon& polygon) {
  double a = measure_ring(polygon.outer).area_m2;
  for (const auto& h : polygon.holes) a -= measure_ring(h).area_m2;
  return a;
}

double area_m2(const MultiPolygon& polygons) {
  double a = 0;
  for (const auto& p : polygons) a += area_m2(p);
  return a;
}

}  // namespace frontline::geo
