// Importing map snapshots into the store.
//
// An import reads and checks every input before it writes anything: a malformed file, a position
// out of range or an unreadable time stops it with the store untouched. It then writes one
// transaction per version in time order, so an interrupted import (even kill -9) leaves the store
// as it was after the last complete version, and running it again adds only what is missing.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>

#include "frontline/error.hpp"
#include "frontline/status.hpp"
#include "frontline/store.hpp"
#include "frontline/time.hpp"

namespace frontline {

struct ImportOptions {
  std::string map = "deepstate";
  // A plain series: every polygon has this status (no DeepState label classification).
  std::optional<Status> status;
  // Version time from a YYYYMMDD date in the file name (that date 00:00 UTC).
  bool time_from_name = false;
  // Version time for a single input file.
  std::optional<Timestamp> time;
  // Worker threads for the geometry work; 0 = one per core.
  unsigned threads = 0;
  // Called as work advances: phase ("read", "resolve", "write"), done, total (0 if unknown).
  std::function<void(std::string_view phase, std::size_t done, std::size_t total)> progress;
};

struct ImportReport {
  std::string map;
  std::size_t files = 0;
  std::size_t versions_added = 0;
  std::size_t already_stored = 0;                     // same time and content already in the store
  std::size_t identical_skipped = 0;                  // same content as the version before it
  std::size_t duplicate_inputs = 0;                   // the same version given twice in this import
  std::array<std::int64_t, kStatusCount> polygons{};  // classified source polygons per status
  std::map<std::string, std::int64_t> foreign;        // excluded (not Ukraine), by label
  std::map<std::string, std::int64_t> unclassified;   // excluded, no rule applies, by "label (fill)"
  std::map<std::string, std::int64_t> by_fill;        // classified by fill colour alone
  std::int64_t points = 0;                            // point features skipped (not measured)
  std::int64_t other_geometries = 0;                  // lines / empty geometries skipped
  std::int64_t degenerate_rings = 0;                  // rings with < 3 distinct points dropped
  std::int64_t repaired = 0;                          // invalid polygons made valid
  // Holes of those polygons lying wholly outside their shell (they subtract nothing) and partly
  // outside it (they subtract only their overlap): a hole is never area.
  std::int64_t holes_outside_shell = 0;
  std::int64_t holes_partly_outside_shell = 0;
  std::array<double, kStatusCount> max_overlap_m2{};  // largest precedence overlap in one version
  std::int64_t rings_added = 0;                       // new distinct rings written to the store
  std::optional<Timestamp> first, last;
};

Result<ImportReport> import_paths(Store& store, std::span<const std::filesystem::path> paths,
                                  const ImportOptions& options);

}  // namespace frontline
