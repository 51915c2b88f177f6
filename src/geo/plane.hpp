// The local plane: metres east and north of a point, for distances of up to some ten km where a
// 0.1 % error is acceptable (the line's tolerances, its generalisation, which point of a line is
// nearest, as docs/line.md says). Exact geodesic figures come from geo/geodesic.hpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <numbers>

#include "frontline/coordinate.hpp"

namespace frontline::geo {

// Cells of 0.05° (about 4 by 5.5 km here) for the indexes of line edges (front_line.cpp,
// line_distance.cpp): a cell's column or row, and one key for both.
inline constexpr std::int32_t kIndexCell = 500'000;
inline std::int32_t index_cell(std::int32_t v) {
  return v >= 0 ? v / kIndexCell : -((-v + kIndexCell - 1) / kIndexCell);
}
inline std::int64_t index_cell_key(std::int32_t cx, std::int32_t cy) {
  return (static_cast<std::int64_t>(cx) << 32) ^ (cy & 0xffffffffLL);
}

// Metres per grid unit of longitude and latitude at a latitude: the radii of curvature of the
// WGS84 ellipsoid there (the parallel's radius N cos φ and the meridian's M), so a short
// distance east or north is right to about 1e-6; what remains is the plane's own error over
// longer distances.
struct LocalPlane {
  double x, y;
  explicit LocalPlane(std::int32_t lat) {
    constexpr double a = 6'378'137.0;
    constexpr double f = 1 / 298.257223563;
    constexpr double e2 = f * (2 - f);
    const double phi = lat * kGridDegrees * std::numbers::pi / 180;
    const double s = std::sin(phi);
    const double w2 = 1 - e2 * s * s;
    const double n = a / std::sqrt(w2);
    const double m = a * (1 - e2) / (w2 * std::sqrt(w2));
    const double radians_per_unit = kGridDegrees * std::numbers::pi / 180;
    x = n * std::cos(phi) * radians_per_unit;
    y = m * radians_per_unit;
  }
};

// Where on segment ab the point nearest p lies (0 at a, 1 at b), and the square of its distance,
// in metres on the plane at p's latitude (squares compare without a square root).
struct SegmentFoot {
  double t = 0;
  double distance2_m2 = 0;
};
inline SegmentFoot foot_on_segment(FixedCoordinate p, FixedCoordinate a, FixedCoordinate b) {
  const LocalPlane k(p.lat);
  const double ax = (a.lon - p.lon) * k.x, ay = (a.lat - p.lat) * k.y;
  const double bx = (b.lon - p.lon) * k.x, by = (b.lat - p.lat) * k.y;
  const double dx = bx - ax, dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  const double t = std::clamp(len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0.0, 0.0, 1.0);
  const double ex = ax + t * dx, ey = ay + t * dy;
  return {t, ex * ex + ey * ey};
}

inline double point_segment_m(FixedCoordinate p, FixedCoordinate a, FixedCoordinate b) {
  return std::sqrt(foot_on_segment(p, a, b).distance2_m2);
}

// The point at `t` along ab, on the grid.
inline FixedCoordinate point_along(FixedCoordinate a, FixedCoordinate b, double t) {
  return {static_cast<std::int32_t>(std::lround(a.lon + (static_cast<double>(b.lon) - a.lon) * t)),
          static_cast<std::int32_t>(std::lround(a.lat + (static_cast<double>(b.lat) - a.lat) * t))};
}

// Length of ab on the plane at a's latitude.
inline double plane_length_m(FixedCoordinate a, FixedCoordinate b) {
  const LocalPlane k(a.lat);
  return std::hypot((static_cast<double>(b.lon) - a.lon) * k.x, (static_cast<double>(b.lat) - a.lat) * k.y);
}

}  // namespace frontline::geo
