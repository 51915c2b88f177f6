// Checking a store: SQLite's own integrity check, then frontline's invariants, reading every row.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "frontline/error.hpp"

namespace frontline {

struct CheckReport {
  std::int64_t maps = 0, versions = 0, layers = 0, rings = 0, runs = 0;
  std::vector<std::string> problems;  // empty: the store is sound
  bool truncated = false;             // more problems than were listed
  bool ok() const { return problems.empty(); }
};

// Reads the whole store read-only and lists what is damaged:
//  - SQLite's PRAGMA integrity_check;
//  - every run decodes and matches its content hash and point count;
//  - every ring's runs exist, join into a closed ring matching its hash, point count and box, and
//    its stored geodesic area and perimeter recompute (1e-9 relative);
//  - every map's version count, every version's statuses and content hash, every layer's rings,
//    polygon and vertex counts and its area (outer minus holes, 1e-9 relative);
//  - every place of the gazetteer: its row checksum, its polygons decode and measure its area.
// An error (rather than a report) only when the file cannot be read as a store at all.
Result<CheckReport> check_store(const std::filesystem::path& path, std::size_t max_problems = 100);

}  // namespace frontline
