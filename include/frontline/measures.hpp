// Measures over a stored map history. Everything here reads the store and computes; nothing
// prints. Areas are geodesic on WGS84, in km² at this interface.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "frontline/coordinate.hpp"
#include "frontline/error.hpp"
#include "frontline/geometry.hpp"
#include "frontline/status.hpp"
#include "frontline/store.hpp"
#include "frontline/time.hpp"

namespace frontline {

// ---- as of T ----
struct AreaAt {
  std::string map;
  Timestamp at;
  // The latest version with time <= at; nullopt (and no areas) for a row of a series before the
  // map's first version.
  std::optional<VersionInfo> version;
  // The statuses the version carries. Occupied ground is as drawn (DeepState's convention, also
  // for occupied_total); liberated and contested ground is Ukraine's only: what DeepState drew on
  // a neighbour's land (Kursk oblast, 2024-25) is in outside_ukraine_km2 instead.
  std::map<Status, double> areas_km2;
  // Per status carried (and occupied_total), the part on a neighbour's land; empty for a store
  // that predates the split (schema 5 or older, read without migrating).
  std::map<Status, double> outside_ukraine_km2;
  std::optional<double> occupied_total_km2;  // as drawn
  std::optional<double> share_of_ukraine;    // occupied_total in Ukraine / Ukraine's area
};
// The statuses whose figures count only the part in Ukraine (areas_km2 above).
inline bool counted_in_ukraine_only(Status s) {
  return s == Status::contested || s == Status::liberated;
}
// not_found when the map has no version as of `at`.
Result<AreaAt> area_at(const Store& store, std::string_view map, Timestamp at);
// One row per step from `from` to `to` inclusive: from + k steps (calendar months clamped to the
// month's last day: 01-31, 02-28, 03-31), on the local clock of `zone`. Rows before the map's
// first version have no version; not_found only when the map has no versions at all.
Result<std::vector<AreaAt>> area_series(const Store& store, std::string_view map, Timestamp from, Timestamp to,
                                        Step every, const TimeZone& zone = TimeZone{});

// The time of a map's first version (not_found when it has none): where series start to have data.
Result<Timestamp> first_version_time(const Store& store, std::string_view map);

// ---- the versions of a map with their change ----
struct VersionChange {
  VersionInfo version;
  std::optional<double> occupied_total_km2;
  std::optional<double> change_km2;  // occupied_total minus the previous version's (net, as in gains)
};
Result<std::vector<VersionChange>> version_changes(const Store& store, std::string_view map);

// ---- gains and losses per period ----
// One definition of net everywhere (gains, diff, versions): the difference of the occupied_total
// areas of the two versions. Gained and lost are the gross overlays; gained − lost equals net up
// to where the overlay split long edges at planar intersection points, which geodesic measures
// see (on the real history well under 0.01 km² a month; docs/model.md).
// The measures are nullopt for a period that starts before the map's first version.
struct GainRow {
  std::string period;  // 2025-11, 2025-W45, 2025-11-03: the local date in the zone asked for
  Timestamp start, end;
  std::optional<VersionId> start_version, end_version;
  std::optional<double> net_km2;     // occupied_total as of end minus as of start
  std::optional<double> gained_km2;  // ground occupied at end but not at start
  std::optional<double> lost_km2;    // ground occupied at start but not at end
  std::optional<double> contested_change_km2;
};
// Periods from the one holding `from` to the one holding `to`, both inclusive, cut at local
// midnight in `zone` (a day across a clock change lasts 23 or 25 hours).
Result<std::vector<GainRow>> gains(const Store& store, std::string_view map, Step by, Timestamp from, Timestamp to,
                                   const TimeZone& zone = TimeZone{});

// Two periods side by side ("November's gains almost doubled September's").
struct GainsComparison {
  GainRow first, second;
  std::optional<double> net_ratio;  // first's net / second's; nullopt when either is empty or second's is 0
};
Result<GainsComparison> compare_gains(const Store& store, std::string_view map, Step by, Timestamp first,
                                      Timestamp second, const TimeZone& zone = TimeZone{});

// ---- change between two versions ----
// What differs between two versions, by ring identity alone: no geometry is computed. Polygons
// present in both with the same status are left out; the bounding box covers the rest.
struct Change {
  std::vector<StoredPolygon> removed;  // in `from` only
  std::vector<StoredPolygon> added;    // in `to` only
  BBox bbox;
  bool empty() const { return removed.empty() && added.empty(); }
};
Result<Change> change_between(const Store& store, VersionId from, VersionId to);

// The box that holds every difference between a change's removed and added polygons, grown by
// about 1 km: overlays clipped to it give exactly the unclipped results. Rings are grouped by
// status, or only as occupied or not (for gains of occupied ground).
enum class ChangeClasses { by_status, occupied_or_not };
Result<BBox> changed_box(const Store& store, const Change& change, ChangeClasses classes);
// The same ground as disjoint boxes, one per cluster of changed boundary: every connected piece of
// the difference lies in exactly one of them, so overlays clipped to each and added up give the
// unclipped results, at the cost of the places that changed rather than of the box spanning them.
Result<std::vector<BBox>> changed_boxes(const Store& store, const Change& change, ChangeClasses classes);

enum class ChangeKind { gained, lost, reclassified };
const char* to_string(ChangeKind k) noexcept;

struct DiffPiece {
  ChangeKind kind = ChangeKind::reclassified;
  std::optional<Status> before, after;  // nullopt: no status (not on the map)
  MultiPolygon geometry;
  double area_km2 = 0;
};
struct DiffResult {
  VersionInfo from, to;
  std::vector<DiffPiece> pieces;
  double gained_km2 = 0, lost_km2 = 0, reclassified_km2 = 0;  // gross: sums of the pieces
  std::optional<double> net_km2;                              // occupied_total of `to` minus of `from` (as in gains)
  BBox bbox;
};
Result<DiffResult> diff(const Store& store, std::string_view map, Timestamp t1, Timestamp t2);

// ---- a point ----
struct PointStatus {
  VersionInfo version;
  std::optional<Status> status;  // nullopt: no status drawn there
  // In Ukraine's oblasts, or on water where a status is drawn; not on a neighbour's land.
  bool in_ukraine = true;
  // "occupied", "contested", ...; where no status is drawn, "held by Ukraine (no status drawn)"
  // inside Ukraine and "outside Ukraine" elsewhere.
  std::string label() const;
};
Result<PointStatus> status_at(const Store& store, std::string_view map, Longitude lon, Latitude lat, Timestamp at);

}  // namespace frontline
