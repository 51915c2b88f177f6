// Importing map snapshots into the store.
//
// An import reads and checks every input before it writes anything: a malformed file, a position
// out of range or an unreadable time stops it with the store untouched. It then writes everything
// in one transaction, so an interrupted import (even kill -9) leaves the store as it was, and
// running it again adds what is missing. Two imports into one store take it in turn.
#pragma once

#include <array>
#include <chrono>
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
  // Worker threads for the geometry work; 0 = one per core; more than 4 per core are clamped.
  unsigned threads = 0;
  // How long the write waits for another process writing the same store.
  std::chrono::milliseconds wait{std::chrono::seconds(60)};
  // Caps against hostile inputs (docs/cli.md): bytes one input file or archive entry may hold,
  // and bytes one archive may unpack to. Larger inputs are refused as bad input.
  std::size_t max_entry_bytes = std::size_t{16} << 20;
  std::uint64_t max_unpacked_bytes = std::uint64_t{16} << 30;
  // What one import may hold between reading and writing (every version's polygons, interned by
  // content): ten times the DeepState history and more, within the 1.5 GB budget (docs/architecture.md).
  std::size_t max_versions = 200'000;
  std::size_t max_polygons = 5'000'000;
  std::size_t max_distinct_vertices = 10'000'000;
  // Called as work advances: phase ("read", "resolve", "write"), done, total (0 if unknown).
  std::function<void(std::string_view phase, std::size_t done, std::size_t total)> progress;
};

struct ImportReport {
  std::string map;
  std::size_t files = 0;
  std::size_t versions_added = 0;
  std::size_t already_stored = 0;                     // same time and content already in the store
  std::size_t unchanged = 0;                          // stored, identical in content to the version before it
  std::size_t duplicate_inputs = 0;                   // the same version given twice in this import
  std::array<std::int64_t, kStatusCount> polygons{};  // classified source polygons per status
  std::map<std::string, std::int64_t> foreign;        // excluded (not Ukraine), by label
  std::map<std::string, std::int64_t> unclassified;   // excluded, no rule applies, by "label (fill)"
  std::map<std::string, std::int64_t> by_fill;        // classified by fill colour alone
  // Classified, but wholly outside the theatre of the war (19.1–43.3° E, 41.3–55.4° N): a drawing
  // error, not stored; by "label (fill)".
  std::map<std::string, std::int64_t> far_away;
  std::int64_t points = 0;            // point features skipped (not measured)
  std::int64_t other_geometries = 0;  // lines / empty geometries skipped
  std::int64_t degenerate_rings = 0;  // rings with < 3 distinct points dropped
  std::int64_t repaired = 0;          // invalid polygons made valid
  // Holes of those polygons lying wholly outside their shell (they subtract nothing) and partly
  // outside it (they subtract only their overlap): a hole is never area.
  std::int64_t holes_outside_shell = 0;
  std::int64_t holes_partly_outside_shell = 0;
  std::array<double, kStatusCount> max_overlap_m2{};  // largest precedence overlap in one version
  std::int64_t rings_added = 0;                       // new distinct rings written to the store
  std::optional<Timestamp> first, last;
};

// Into a store opened for writing (Store::open_for_writing).
Result<ImportReport> import_paths(Store& store, std::span<const std::filesystem::path> paths,
                                  const ImportOptions& options);

// Into the store at `store_path`, created if missing. A new store is written under a temporary
// name beside it and takes its name only when complete, and only if no other process created the
// store meanwhile (then the import is written into that one): a failed import removes nothing but
// its own temporary file, and never a file that another process wrote.
Result<ImportReport> import_into(const std::filesystem::path& store_path, std::span<const std::filesystem::path> paths,
                                 const ImportOptions& options);

}  // namespace frontline
