// The gazetteer and what the map says about a place: building it from boundary and place files,
// finding a place by a name as people write it, its status as of T and across the history, and
// the share occupied of every oblast, raion or hromada. docs/places.md has the rules.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/place.hpp"
#include "frontline/status.hpp"
#include "frontline/store.hpp"
#include "frontline/time.hpp"

namespace frontline {

// ---- building the gazetteer ----
// Files are looked for by name in `dirs` (plain or .gz): ukraine-oblasts.geojson (else the
// bundled oblasts), ukraine-hromadas.geojson (raions are their unions), osm-settlement-
// boundaries.geojson, wof-urban-cores.geojson, ua-settlements-csc.json.
struct GazetteerReport {
  std::vector<std::string> files;  // what was read
  std::int64_t oblasts = 0, raions = 0, hromadas = 0, settlements = 0;
  std::map<std::string, std::int64_t> settlements_by_extent;  // osm_boundary, urban_core, radius
  std::int64_t hromadas_without_geometry = 0;
  std::int64_t merged_points = 0;  // settlement points matched to an OSM boundary
  std::int64_t dropped_rings = 0;  // rings of fewer than four positions or not closed, left out
};
Result<GazetteerReport> import_gazetteer(Store& store, std::span<const std::filesystem::path> dirs);

// The radius of a settlement known only by its point: the radius of a disc holding `population`
// at 2,000 people per km², between 0.5 and 8 km; 1 km when the population is unknown.
double settlement_radius_m(std::optional<std::int64_t> population);

// ---- users' places ----
// Every polygon feature of a GeoJSON file, named by its "name" property (required), becomes a
// custom place. Returns the places added.
Result<std::vector<Place>> add_user_places(Store& store, const std::filesystem::path& geojson);

// ---- finding a place ----
// By any of its names (name_key(): case, apostrophes, diacritics, Cyrillic or Latin), narrowed
// to an oblast when given. not_found says "no place 'X'; did you mean A (B oblast)?"; several
// matches are bad_request listing each with its raion and oblast, unless one of them is the
// user's own place or the only settlement among administrative units of another kind.
Result<Place> find_place(const Store& store, std::string_view name, std::string_view oblast = {});
// Places for a search box: those named exactly so first, then those with a name that starts so,
// then the nearest spellings when nothing starts so; settlements and larger populations first
// within each group. At most `limit`; an empty list (not an error) when nothing is near.
Result<std::vector<Place>> search_places(const Store& store, std::string_view text, std::size_t limit = 10);
// "Pokrovsk (Pokrovsk raion, Donetsk oblast)": how messages name a place.
std::string describe(const Place& place);

// ---- what the map says about a place ----
// ≥ 95 % occupied_total: held by Russia; ≥ 50 %: mostly held by Russia; grey zone ≥ 50 % or no
// side ≥ 50 %: contested; ≥ 50 % held by Ukraine (no status, or liberated): mostly held by
// Ukraine; ≥ 95 %: held by Ukraine.
std::string control_label(double occupied_share, double contested_share);

struct PlaceStatus {
  Place place;
  Timestamp at;
  VersionInfo version;
  double place_km2 = 0;
  std::map<Status, double> areas_km2;  // per status the version carries (and occupied_total)
  std::map<Status, double> shares;     // of the place's area
  double occupied_total_share = 0;
  double held_by_ukraine_share = 0;  // no status drawn, or liberated
  std::string label;
};
Result<PlaceStatus> place_status(const Store& store, std::string_view map, const Place& place, Timestamp at);

struct PlaceTimeline {
  Place place;
  struct Change {
    VersionInfo version;
    std::string label;
    double occupied_total_share = 0;
  };
  std::vector<Change> changes;  // the first version, then every version whose label differs
  // The first version from which ≥ 50 % (mostly) and ≥ 95 % (fully) stayed occupied to the end.
  std::optional<VersionInfo> mostly, fully;
  std::size_t versions = 0;  // measured
};
Result<PlaceTimeline> place_timeline(const Store& store, std::string_view map, const Place& place);

// The occupied and grey shares of a place over windows of time, for many windows of one place and
// many places of one map (claims): the versions are read once, each version's polygons once (kept
// here), and each place measured once per version that changed near it.
struct PlaceShare {
  VersionInfo version;
  double occupied = 0, contested = 0;
};
class VersionPolygons {
 public:
  VersionPolygons(const Store& store, std::vector<VersionInfo> versions);
  const std::vector<VersionInfo>& versions() const { return versions_; }
  Result<const std::vector<StoredPolygon>*> polygons(std::size_t index);
  // A ring, read once for all the places measured (bounded: dropped whole past 50 million vertices).
  Result<const Ring*> ring(RingId id);
  // Where version `index` differs from the one before (changed_boxes, frontline/measures.hpp): a
  // place none of them meets has the shares it had.
  Result<const std::vector<BBox>*> changed(std::size_t index);

 private:
  const Store* store_;
  std::vector<VersionInfo> versions_;
  std::vector<std::optional<std::vector<StoredPolygon>>> polygons_;
  std::vector<std::optional<std::vector<BBox>>> changed_;
  Store::RingBoxes boxes_;
  std::unordered_map<RingId, Ring> rings_;
  std::size_t ring_vertices_ = 0;
};
struct ShareWindow {
  Timestamp from, to;
};
// One list per window: the version as of its `from` and every version after it up to its `to`;
// when the map begins after `from`, the first row is its first version. `extent`, when given, is
// measured instead of the stored place's polygon (place.bbox and place.area_m2 must be its).
Result<std::vector<std::vector<PlaceShare>>> place_shares(const Store& store, VersionPolygons& versions,
                                                          const Place& place, std::span<const ShareWindow> windows,
                                                          const MultiPolygon* extent = nullptr);

// ---- regions ----
struct RegionRow {
  Place place;
  double area_km2 = 0;
  double occupied_total_km2 = 0;
  double share_occupied = 0;
  std::optional<double> change_km2;  // --from/--to: occupied_total at `to` minus at `from`
  // The unit's part of all the gains of the period (its change over the sum of the units'
  // positive changes): where the period's advance happened. nullopt for a unit that lost ground.
  std::optional<double> share_of_gains;
};
Result<std::vector<RegionRow>> regions_at(const Store& store, std::string_view map, PlaceKind level, Timestamp at);
// Change per unit between the versions as of `from` and `to`, largest gain first.
Result<std::vector<RegionRow>> regions_change(const Store& store, std::string_view map, PlaceKind level, Timestamp from,
                                              Timestamp to);

// ---- every unit at every version ----
// The occupied ground (occupied_total) in each unit of a level at every version of a map,
// computed incrementally: a version measures only the 0.25° cells where the occupied edges
// changed, and only the units in them (docs/places.md).
struct UnitHistory {
  std::vector<Place> units;
  std::vector<VersionInfo> versions;
  // Per unit: (index in versions, occupied m² from that version on), starting at version 0.
  std::vector<std::vector<std::pair<std::size_t, double>>> changes;
  std::size_t cells_measured = 0;       // (version, changed cell) pairs
  std::size_t unit_cells_measured = 0;  // (version, unit, changed cell) triples
};
// `threads` take consecutive spans of versions (each measures its first version whole).
Result<UnitHistory> unit_history(const Store& store, std::string_view map, PlaceKind level, unsigned threads = 1);

// The units captured in [from, to): the first version from which ≥ 50 % (mostly) or ≥ 95 %
// (fully) stayed occupied to the end, as place --timeline defines them, falls in the span. In the
// order of that first capture in the span.
struct UnitCapture {
  Place place;
  std::optional<VersionInfo> mostly, fully;
  double share_now = 0;  // at the last version
};
std::vector<UnitCapture> unit_captures(const UnitHistory& history, Timestamp from = kEarliestTime,
                                       Timestamp to = kLatestTime);

}  // namespace frontline
