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

// Which line: the edge of occupied ground (russian), of occupied ground with the grey zone
// (ukrainian: where Ukrainian-held ground begins), or half way across the grey zone (middle).
enum class LineEdge { russian, ukrainian, middle };
const char* to_string(LineEdge e) noexcept;

// Boundary within this of Ukraine's outline is border or coast, not front (docs/line.md).
inline constexpr double kLineBorderToleranceM = 1000;
// Rings of the held ground narrower than this on average are slivers of the union, not ground
// (docs/line.md).
inline constexpr double kSliverWidthM = 1.0;

struct FrontLine {
  std::string map;
  Timestamp at;
  VersionInfo version;
  LineEdge edge = LineEdge::russian;
  double tolerance_m = kLineBorderToleranceM;
  double generalise_m = 1000;  // Douglas-Peucker tolerance of the generalised length
  std::vector<std::vector<FixedCoordinate>> paths;
  double length_km = 0;                 // geodesic, as drawn
  double length_generalised_km = 0;     // of the paths generalised
  std::optional<double> grey_zone_km2;  // contested, in Ukraine
  // The grey zone's width along the line: at points every `sample_m` along the russian edge, the
  // distance to the ukrainian edge (0 where no grey zone lies in front). nullopt: no grey zone
  // drawn (the daily series).
  double sample_m = 500;
  std::optional<double> grey_zone_mean_width_km;
  std::optional<double> grey_zone_max_width_km;
  std::optional<double> grey_zone_line_share;   // of the samples, those with a width over 100 m
  std::optional<double> grey_zone_area_per_km;  // grey zone area / length of the line
};

Result<FrontLine> front_line(const Store& store, std::string_view map, Timestamp at, LineEdge edge = LineEdge::russian);

// ---- how far the line moved ----
struct AdvanceOptions {
  double step_m = 500;       // the new line is sampled every step_m
  double sector_km = 25;     // fixed sectors along the new line
  bool keep_samples = true;  // the samples themselves (the vectors of -o)
};

// One sample of the new line and the nearest point of the old one.
struct LineShift {
  FixedCoordinate at;    // on the new line
  FixedCoordinate from;  // the nearest point of the old line
  // Geodesic distance between the two, signed: > 0 where the new line lies outside the ground
  // held by Russia on the old map (the line moved toward Ukraine), < 0 where it lies inside.
  double distance_km = 0;
  std::size_t path = 0;    // of the new line
  double along_km = 0;     // from the path's start
  std::size_t sector = 0;  // index in Advance::sectors
  std::size_t oblast = 0;  // index in Advance::oblasts (where the sample lies)
  // More than 10 km from the old line without crossing ground that changed hands on the way: the
  // line is new there (a front opened, an island drawn anew), not moved. Left out of the figures.
  bool new_line = false;
};

struct AdvanceSector {
  std::string name;    // "3:50-75" (path 3, km 50 to 75 of it), or the oblast's name
  std::string oblast;  // where the sector's middle lies ("" on water or outside Ukraine)
  FixedCoordinate middle;
  std::size_t samples = 0;              // that moved or stayed (not new_line)
  double line_km = 0;                   // of the new line in the sector that moved or stayed
  double new_line_km = 0;               // of the new line in the sector that is new (LineShift::new_line)
  double mean_km = 0;                   // of the signed distances
  double max_km = 0;                    // the farthest move toward Ukraine (0 if none)
  double min_km = 0;                    // the farthest move back (0 if none)
  double gained_km2 = 0, lost_km2 = 0;  // occupied ground, each changed polygon where its nearest sample is
};

struct Advance {
  std::string map;
  Timestamp from, to;
  VersionInfo from_version, to_version;
  AdvanceOptions options;
  double old_length_km = 0, new_length_km = 0;
  AdvanceSector total;                 // the whole line
  std::vector<AdvanceSector> oblasts;  // by the oblast each sample lies in
  std::vector<AdvanceSector> sectors;  // fixed sectors along each path of the new line
  std::vector<LineShift> samples;
};
Result<Advance> advance(const Store& store, std::string_view map, Timestamp from, Timestamp to,
                        const AdvanceOptions& options = {});

// The line and its move per period, over a span (the whole history by month).
struct LineSeriesRow {
  std::string period;
  Timestamp start, end;
  std::optional<VersionInfo> start_version, end_version;
  std::optional<double> length_km, length_generalised_km;  // as of end
  std::optional<double> grey_zone_mean_width_km;           // as of end
  std::optional<double> mean_advance_km, max_advance_km, min_advance_km;
  std::optional<double> gained_km2, lost_km2;
};
Result<std::vector<LineSeriesRow>> line_series(const Store& store, std::string_view map, Step by, Timestamp from,
                                               Timestamp to, const TimeZone& zone = TimeZone{});

}  // namespace frontline
