// Distances between lines on the map: points sampled along a line, and the nearest point of
// another line to each of them (how far the line of contact moved, how wide the grey zone is).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "geo/front_line.hpp"

namespace frontline::geo {

// A point on one of a set of paths, `along_m` from the path's start (local-plane metres).
struct PathPoint {
  FixedCoordinate at;
  std::size_t path = 0;
  double along_m = 0;
};

// Points every `step_m` along each path, its first and last point included, so a path shorter
// than the step gives its two ends. Lengths on the local plane (docs/line.md).
std::vector<PathPoint> sample_paths(const std::vector<Path>& paths, double step_m);

// The nearest point of a set of paths to a point. Edges are indexed by 0.05° cells and the
// search widens ring by ring until no unvisited cell can hold anything nearer, so a point far
// from every path costs more than a near one, but never more than visiting every cell once.
// GEOS's distance functions answer one geometry pair at a time with no index across calls, and
// the line is queried once per sample, hence this.
class NearestOnPaths {
 public:
  explicit NearestOnPaths(const std::vector<Path>& paths);

  struct Hit {
    FixedCoordinate at;  // on the paths, rounded to the grid
    double plane_m = 0;  // distance on the local plane at the query's latitude
  };
  std::optional<Hit> nearest(FixedCoordinate p) const;  // nullopt: no edges

 private:
  struct Edge {
    FixedCoordinate a, b;
  };
  std::vector<Edge> edges_;
  std::unordered_map<std::int64_t, std::vector<std::uint32_t>> cells_;
  std::int32_t min_cx_ = 0, max_cx_ = -1, min_cy_ = 0, max_cy_ = -1;
};

// Geodesic distance (WGS84, GeographicLib) between two points.
double geodesic_distance_m(FixedCoordinate a, FixedCoordinate b);

}  // namespace frontline::geo
