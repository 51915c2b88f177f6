// Evidence: geolocated, sourced observations (combat footage, positions, strikes, losses, tips)
// kept in the store beside the maps, and checked against them. docs/evidence.md has the schema,
// the formats read, the confidence formula and the rules of each finding.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "frontline/coordinate.hpp"
#include "frontline/error.hpp"
#include "frontline/evidence_record.hpp"
#include "frontline/status.hpp"
#include "frontline/store.hpp"
#include "frontline/time.hpp"

namespace frontline {

// ---- importing ----
struct EvidenceImportOptions {
  bool allow_unsourced = false;  // import records without a source, marked unsourced
  bool skip_unsourced = false;   // leave them out (counted) instead of refusing the file
  bool fix_swapped = false;      // swap latitude and longitude where they look swapped
  // Records later than this are refused as dates in the future (the clock, by default).
  std::optional<Timestamp> now;
  // Two records are one when they share a source URL, show the same side and lie within
  // merge_source_m and merge_source_days of each other; or, whatever their sources, when they
  // show the same side within merge_place_m on the same day.
  double merge_source_m = 100;
  int merge_source_days = 2;
  double merge_place_m = 30;
};

struct EvidenceMerge {
  std::string kept, merged;  // keys
  std::string why;           // "same source https://...", "same place and day"
};

struct EvidenceImportReport {
  std::vector<std::string> files;
  std::map<std::string, std::int64_t> read_by_dataset;
  std::int64_t read = 0;
  std::int64_t added = 0;
  std::int64_t already_stored = 0;    // same key as a stored record
  std::int64_t merged_by_source = 0;  // into another record of this import or of the store
  std::int64_t merged_by_place = 0;
  std::int64_t unsourced = 0;              // imported marked so (--allow-unsourced)
  std::int64_t skipped_unsourced = 0;      // left out (--skip-unsourced)
  std::int64_t skipped_without_place = 0;  // rows of a dataset that has ungeolocated rows (WarSpotting)
  std::int64_t swapped = 0;                // looked swapped (and were fixed with fix_swapped)
  std::vector<std::string> warnings;       // the first 50, each naming file and line
  std::int64_t warnings_total = 0;
  std::vector<EvidenceMerge> merges;  // the first 50
  std::int64_t stored_total = 0;      // records in the store afterwards
};

// Reads every file (CSV or GeoJSON of frontline's schema; UAControlMap, WarSpotting, CIR and
// Bellingcat exports; GeoConfirmed KML) and stores the records in one transaction: any bad record
// refuses the whole import (bad_input naming file, line or feature, and the rule) and the store
// is left as it was.
Result<EvidenceImportReport> import_evidence(Store& store, std::span<const std::filesystem::path> files,
                                             const EvidenceImportOptions& options = {});

// ---- against the map ----
enum class Finding : std::uint8_t { consistent = 0, ahead_of_map = 1, outside_ukraine = 2, unverifiable = 3 };
const char* to_string(Finding f) noexcept;

// A record is judged against the version as of the end of its time: a day-precise record against
// the last version of its day, a week-precise one against the last of its week.
struct EvidenceCheckOptions {
  bool all = false;                   // keep consistent records in the result
  std::optional<Timestamp> from, to;  // only records observed in [from, to]
  std::optional<std::string> dataset;
  double max_distance_km = 100;  // distances inside are searched this far
};

struct EvidenceFinding {
  EvidenceRecord record;
  // The time of the version as of observed_at (a time, not the VersionInfo: a check of a million
  // records holds a million findings).
  std::optional<Timestamp> version_time;
  // The map's status at the point as `status` names it: occupied_before_2022, occupied,
  // occupied_total, contested, liberated, held_by_ukraine (no status drawn in Ukraine),
  // outside_ukraine; "" without a version.
  std::string map_status;
  Finding finding = Finding::unverifiable;
  // ahead_of_map: how far the point lies from the nearest ground the map shows held by the side
  // seen (occupied ground for russian; ground with no status or liberated for ukrainian).
  std::optional<double> distance_inside_km;
  // ahead_of_map: days from observed_at to the first later version whose status there agrees
  // with the side; nullopt when none does by the last version.
  std::optional<double> map_changed_after_days;
  std::optional<Timestamp> changed_in;  // the time of that version
  double days_unreflected = 0;          // ahead_of_map and never agreed: last version's time - observed_at
  std::string explanation;              // "Russian presence 3.2 km inside Ukrainian-held ground on ..."
  std::string oblast;                   // the oblast the point lies in ("" outside Ukraine's oblasts)
};

struct EvidenceCheck {
  std::string map;
  std::size_t records = 0;  // judged
  std::map<Finding, std::size_t> counts;
  std::size_t reflected_later = 0;  // ahead_of_map records the map agreed with later
  // The review queue: ahead_of_map first, by confidence, then distance inside (farther first),
  // then age (older first); then outside_ukraine and unverifiable; consistent last (with all).
  std::vector<EvidenceFinding> findings;
};
Result<EvidenceCheck> check_evidence(const Store& store, std::string_view map,
                                     const EvidenceCheckOptions& options = {});

// ---- lag: how long the map took to show what was seen ----
struct LagRow {
  std::string month;   // of observed_at, UTC: 2025-11
  std::string sector;  // the oblast the records lie in ("" for all)
  std::size_t records = 0;
  double median_days = 0, p25_days = 0, p75_days = 0, p90_days = 0, mean_days = 0;
};
// From a check: the ahead_of_map records the map later agreed with, per month and oblast, and a
// row per month over all oblasts (sector ""). Percentiles are nearest-rank.
std::vector<LagRow> evidence_lag(const EvidenceCheck& check);

}  // namespace frontline

#include "frontline/measures.hpp"

namespace frontline {

// ---- evidence behind a change of the map ----
// For each polygon of a diff's gained or lost pieces, the evidence of the side that took the
// ground (russian for gained, ukrainian for lost) within `within_km` of it, observed from
// `days_before` days before the earlier version up to the later one.
struct ChangeEvidenceOptions {
  double within_km = 2;
  int days_before = 14;
};
struct SupportingRecord {
  EvidenceRecord record;
  double distance_km = 0;  // 0 inside the polygon
};
struct ChangeEvidence {
  std::size_t piece = 0;    // in DiffResult::pieces
  std::size_t polygon = 0;  // in that piece's geometry
  double area_km2 = 0;
  FixedCoordinate centre;                  // of its box
  std::vector<SupportingRecord> evidence;  // nearest first
};
// The largest polygons first.
Result<std::vector<ChangeEvidence>> evidence_for_changes(const Store& store, const DiffResult& diff,
                                                         const ChangeEvidenceOptions& options = {});

}  // namespace frontline
