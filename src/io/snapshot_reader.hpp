// Reads one map snapshot (a GeoJSON FeatureCollection) into classified polygons on the grid.
// simdjson parses (the whole DeepState history, 662 MB, in about a second on one core); when a
// file is not valid JSON, nlohmann_json parses it again only to say where and what was expected.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/status.hpp"
#include "geo/resolve.hpp"
#include "io/archive.hpp"

namespace frontline::io {

struct ReadOptions {
  // nullopt: classify each polygon by DeepState's labels; otherwise every polygon has this status.
  std::optional<Status> fixed_status;
};

struct SnapshotReport {
  std::array<int, kStatusCount> polygons{};  // classified polygons per status
  std::map<std::string, int> foreign;        // excluded, not Ukraine: label -> polygons
  std::map<std::string, int> unclassified;   // excluded, no rule applies: "label (fill)" -> polygons
  std::map<std::string, int> by_fill;        // classified by colour alone: "label (fill)" -> polygons
  int points = 0;                            // point features (attack directions, units, ...): skipped
  int other_geometries = 0;                  // lines and empty geometries: skipped
  int degenerate_rings = 0;                  // rings with fewer than 3 distinct points: dropped
  // Classified, but wholly outside the theatre (geo/theatre.hpp): "label (fill)" -> polygons.
  std::map<std::string, int> far_away;
};

struct Snapshot {
  std::vector<geo::SourcePolygon> polygons;
  SnapshotReport report;
};

Result<Snapshot> read_snapshot(InputFile& file, const ReadOptions& options);

}  // namespace frontline::io
