// Territorial scenarios: what a proposal in peace talks would hand over, as of a version of the
// map: the km² that change hands and in which direction, the settlements and people on that
// ground, the hromadas touched, and the length of the line it would leave. docs/scenarios.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/geometry.hpp"
#include "frontline/place.hpp"
#include "frontline/store.hpp"
#include "frontline/time.hpp"

namespace frontline {

enum class ScenarioKind {
  cede,     // the regions named go to Russia whole
  freeze,   // the line as of T: Russia keeps what it holds, the grey zone goes back to Ukraine
  buffer,   // a demilitarised zone of buffer_km on each side of the line
  polygon,  // the features of a GeoJSON file go to the side their "to" property names
};

struct ScenarioOptions {
  ScenarioKind kind = ScenarioKind::freeze;
  Timestamp at;
  std::vector<std::string> regions;    // cede: places of the gazetteer (oblasts, raions, hromadas)
  double buffer_km = 0;                // buffer: 0.1 to 100
  std::filesystem::path polygon_file;  // polygon: GeoJSON; "to": russia (default), ukraine or dmz
  bool keep_geometry = false;
};

// Ground that changes hands: from "ukraine" (held by Ukraine: no status or liberated), "grey
// zone" or "russia" (occupied), to "russia", "ukraine" or "dmz".
struct Transfer {
  std::string from, to;
  double area_km2 = 0;
  MultiPolygon geometry;  // with keep_geometry
};

struct AffectedSettlement {
  Place place;
  std::string from, to;  // who holds its point now, and who would
};

struct AffectedHromada {
  Place place;
  double share = 0;     // of its area that changes hands
  bool wholly = false;  // ≥ 99 %
};

struct Scenario {
  std::string map;
  Timestamp at;
  VersionInfo version;
  std::string description;  // "cede Donetsk oblast, Luhansk oblast"
  std::vector<Transfer> transfers;
  std::vector<AffectedSettlement> settlements;     // largest population first
  std::int64_t population_total = 0;               // of the settlements with a figure
  std::size_t settlements_without_population = 0;  // counted as 0 in the total
  std::vector<AffectedHromada> hromadas;           // largest share first
  double line_length_before_km = 0;                // the line of contact as of T
  std::optional<double> line_length_km;            // the line the scenario would leave (nullopt for buffer: two edges)
  std::optional<double> dmz_edges_km;              // buffer: the zone's two edges in Ukraine, together
};

Result<Scenario> scenario(const Store& store, std::string_view map, const ScenarioOptions& options);

}  // namespace frontline
