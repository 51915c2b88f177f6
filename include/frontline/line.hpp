// The line of contact: where Russian-held ground meets the rest, from the map itself, without
// international borders and the coast. docs/line.md has the rules and the tolerances.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/geometry.hpp"
#include "frontline/store.hpp"
#include "frontline/time.hpp"

namespace frontline {

// Which line: the edge of occupied ground (russian), or of occupied ground with the grey zone
// (ukrainian: where Ukrainian-held ground begins).
enum class LineEdge { russian, ukrainian };
const char* to_string(LineEdge e) noexcept;

struct FrontLine {
  std::string map;
  Timestamp at;
  VersionInfo version;
  LineEdge edge = LineEdge::russian;
  double tolerance_m = 1000;   // boundary within this of Ukraine's outline is border or coast
  double generalise_m = 1000;  // Douglas-Peucker tolerance of the generalised length
  std::vector<std::vector<FixedCoordinate>> paths;
  double length_km = 0;                           // geodesic, as drawn
  double length_generalised_km = 0;               // of the paths generalised
  std::optional<double> grey_zone_km2;            // contested, in Ukraine
  std::optional<double> grey_zone_mean_width_km;  // grey zone area / length of the line
};

Result<FrontLine> front_line(const Store& store, std::string_view map, Timestamp at, LineEdge edge = LineEdge::russian);

}  // namespace frontline
