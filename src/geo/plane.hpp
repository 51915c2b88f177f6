// The local plane: metres east and north of a point, for distances of up to some hundred km where
// a 0.1 % error is acceptable (the line's tolerances, its generalisation, how far it moved, as
// docs/line.md says). Exact geodesic figures come from geo/geodesic.hpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <numbers>

#include "frontline/coordinate.hpp"

namespace frontline::geo {

inline constexpr double kMetresPerDegreeLat = 110'574.0;
inline constexpr double kMetresPerDegreeLonAtEquator = 111'320.0;

// Metres per grid unit of longitude and latitude at a latitude.
struct LocalPlane {
  double x, y;
  explicit LocalPlane(std::int32_t lat)
      : x(kMetresPerDegreeLonAtEquator * std::cos(lat * kGridDegrees * std::numbers::pi / 180) * kGridDegrees),
        y(kMetresPerDegreeLat * kGridDegrees) {}
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
