// How frontline's answers are written: one home for every document, so that the CLI's --json,
// its tables and CSV, and the HTTP server's bodies are the same text for the same question.
// Numbers are rounded here and only here: km² to 3 decimals in JSON and 1 in tables, shares of
// Ukraine to 6 decimals (JSON) or 2 decimals of a percent (tables), ratios to 4 decimals.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "frontline/check.hpp"
#include "frontline/claims.hpp"
#include "frontline/evidence.hpp"
#include "frontline/import.hpp"
#include "frontline/line.hpp"
#include "frontline/measures.hpp"
#include "frontline/places.hpp"
#include "frontline/scenario.hpp"
#include "frontline/site.hpp"

namespace frontline::format {

// A table of strings: aligned text (first column left, the others right, two spaces between)
// or CSV (RFC 4180: fields with commas, quotes or line breaks quoted, quotes doubled).
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string text() const;
  std::string csv() const;
  std::string render(bool csv) const { return csv ? this->csv() : text(); }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Rounds to a fixed number of decimals (no "-0").
double round_to(double v, int decimals);
std::string km2_text(std::optional<double> v);  // "1234.5", "-" when absent

// Every document ends with a newline.
std::string area_json(const AreaAt& a);
std::string area_series_json(std::span<const AreaAt> rows);
Table area_table(std::span<const AreaAt> rows);

std::string maps_json(std::span<const std::string> maps);  // {"maps": [name, ...]}
std::string versions_json(std::string_view map, std::span<const VersionChange> versions);
Table versions_table(std::span<const VersionChange> versions);

std::string gains_json(std::span<const GainRow> rows);
Table gains_table(std::span<const GainRow> rows);
std::string comparison_json(std::string_view map, const GainsComparison& c);
Table comparison_table(const GainsComparison& c);
std::string comparison_sentence(const GainsComparison& c);  // "net gain of 2025-11 is 1.83 times that of 2025-09"

std::string diff_json(std::string_view map, const DiffResult& d);
std::string diff_text(const DiffResult& d);
// The pieces as a GeoJSON FeatureCollection: change, status_before, status_after, area_km2.
std::string diff_geojson(const DiffResult& d);

std::string status_json(std::string_view map, Timestamp at, Longitude lon, Latitude lat, const PointStatus& p);
std::string status_text(std::string_view map, const PointStatus& p);

std::string import_json(const ImportReport& r, double seconds);
std::string import_text(const ImportReport& r, double seconds);

std::string check_json(std::string_view store, const CheckReport& r);
std::string check_text(std::string_view store, const CheckReport& r);

// Places (frontline/places.hpp). Shares of a place to 4 decimals, of a region to 6.
std::string place_json(const Place& p);
std::string place_text(const Place& p);
std::string places_json(std::span<const Place> places);
Table places_table(std::span<const Place> places);
std::string place_status_json(std::string_view map, const PlaceStatus& s);
std::string place_status_text(std::string_view map, const PlaceStatus& s);
std::string place_timeline_json(std::string_view map, const PlaceTimeline& t);
std::string place_timeline_text(std::string_view map, const PlaceTimeline& t);
std::string regions_json(std::span<const RegionRow> rows);
Table regions_table(std::span<const RegionRow> rows);

// Evidence (frontline/evidence.hpp). The check as the review queue: a JSON array of
// records with their finding, a GeoJSON of points with the same properties, or a table.
std::string evidence_import_json(const EvidenceImportReport& r);
std::string evidence_import_text(const EvidenceImportReport& r);
std::string evidence_list_json(std::span<const EvidenceRecord> records);
Table evidence_list_table(std::span<const EvidenceRecord> records);
std::string evidence_check_json(const EvidenceCheck& c);
std::string evidence_check_geojson(const EvidenceCheck& c);
std::string evidence_check_text(const EvidenceCheck& c);
std::string evidence_lag_json(std::string_view map, std::span<const LagRow> rows);
Table evidence_lag_table(std::span<const LagRow> rows);
// diff --with-evidence: the diff's totals with each gained or lost polygon and its evidence.
std::string diff_evidence_json(std::string_view map, const DiffResult& d, std::span<const ChangeEvidence> changes,
                               const ChangeEvidenceOptions& options);
std::string diff_evidence_text(const DiffResult& d, std::span<const ChangeEvidence> changes,
                               const ChangeEvidenceOptions& options);

// Claims (frontline/claims.hpp): shares to 4 decimals.
std::string claims_import_json(const ClaimsImportReport& r);
std::string claims_import_text(const ClaimsImportReport& r);
std::string claims_list_json(std::span<const Claim> claims);
Table claims_list_table(std::span<const Claim> claims);
// An array of {"id", "actor", "claimed_at", "place", "what", "verdict", "figures": {...}, "explanation"}.
std::string claims_check_json(std::span<const ClaimVerdict> verdicts);
std::string claims_check_text(std::span<const ClaimVerdict> verdicts);
std::string claimed_layer_json(std::string_view map, std::span<const ClaimedLayerDay> days);
Table claimed_layer_table(std::span<const ClaimedLayerDay> days);
// The ground claimed and not shown, one MultiPolygon feature per date (date, claimed_km2, not_shown_km2).
std::string claimed_layer_geojson(std::span<const ClaimedLayerDay> days);

// Scenarios (frontline/scenario.hpp): {"at", "map", "version_time", "scenario", "transfers":
// [{"from", "to", "area_km2"}], "settlements": [{"name", "oblast", "population", "from", "to"}],
// "population_total", "settlements_without_population", "hromadas": [{"name", "oblast", "share",
// "wholly"}], "line_length_before_km", "line_length_km", "dmz_edges_km"}.
std::string scenario_json(const Scenario& s);
std::string scenario_text(const Scenario& s);
// The transfers as MultiPolygon features (from, to, area_km2).
std::string scenario_geojson(const Scenario& s);
// Every unit at every version: a row whenever a unit's occupied km² (to 3 decimals) changes.
std::string unit_history_json(std::string_view map, const UnitHistory& h);
Table unit_history_table(const UnitHistory& h);
// Capture dates per unit (only those with one, earliest first).
std::string unit_captures_json(std::string_view map, std::span<const UnitCapture> rows);
Table unit_captures_table(std::span<const UnitCapture> rows);
std::string gazetteer_json(const GazetteerReport& r);
std::string gazetteer_text(const GazetteerReport& r);

// The line of contact: totals (lengths in km to 3 decimals), or the paths as GeoJSON LineStrings.
std::string site_report_json(const SiteReport& r);  // export-site
std::string site_report_text(const SiteReport& r);
std::string line_json(const FrontLine& l);
std::string line_text(const FrontLine& l);
std::string line_geojson(const FrontLine& l);
// How far the line moved: totals, per oblast and per sector (distances in km to 3 decimals).
// The text names the `top` sectors that moved most toward Ukraine and back.
std::string advance_json(const Advance& a);
std::string advance_text(const Advance& a, std::size_t top);
// Each sample as a LineString from the old line to the new (distance_km, sector, oblast).
std::string advance_geojson(const Advance& a);
std::string line_series_json(std::string_view map, std::span<const LineSeriesRow> rows);
Table line_series_table(std::span<const LineSeriesRow> rows);

}  // namespace frontline::format
