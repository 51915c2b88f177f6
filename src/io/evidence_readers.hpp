// Readers of evidence files: frontline's own CSV and GeoJSON schema (docs/evidence.md) and the
// real formats of the sources it was built against (UAControlMap, WarSpotting, CIR, Bellingcat,
// GeoConfirmed KML). Each turns text into records once, checking ranges and formats here; the
// rules that need the store or the map (duplicates, swapped coordinates, dates in the future)
// are the importer's.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/evidence.hpp"

namespace frontline::io {

struct EvidenceRow {
  EvidenceRecord record;
  std::string where;        // "file:12" (the line a CSV record starts on) or "file: feature 3"
  double lon = 0, lat = 0;  // as read (the record's point is these on the grid)
};

struct EvidenceFile {
  std::string dataset;
  std::vector<EvidenceRow> rows;
  std::int64_t without_place = 0;  // rows of a dataset that has ungeolocated rows, left out
};

// The format is recognised from the content: a CSV header, a GeoJSON FeatureCollection, a JSON
// array of Bellingcat events, or KML. bad_input names the file, the line or feature and the rule.
// `sibling` is what a Bellingcat events file needs beside it (export_sources.json), else empty.
Result<EvidenceFile> parse_evidence(std::string_view text, const std::string& name, std::string_view sibling = {});

// Reads a file (plain, gzip, zstd or xz; at most 512 MiB decoded) and parses it; for a Bellingcat
// export_events.json, export_sources.json is read from the same folder.
Result<EvidenceFile> read_evidence_file(const std::filesystem::path& path);

// The time of an evidence record. Accepts ISO 8601 dates (day precision) and date-times (exact),
// "2025-W46" (week precision, its Monday), and MM/DD/YYYY (Bellingcat). A string of digits is
// refused as a post id; bad_input names `where`.
struct ObservedTime {
  Timestamp at;
  TimePrecision precision = TimePrecision::day;
};
Result<ObservedTime> parse_observed_time(std::string_view text, std::string_view where);

}  // namespace frontline::io
