// Helpers shared by the measures (analysis/*.cpp). Not part of the public API.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string_view>
#include <vector>

#include "frontline/measures.hpp"
#include "geo/geodesic.hpp"
#include "geo/geos.hpp"

namespace frontline::analysis {

inline constexpr double kM2PerKm2 = 1e6;

// A version's occupied ground: occupied and occupied_before_2022 where the map draws them (its
// occupied_total is derived from them), else occupied_total as drawn (a plain series); with
// `with_grey_zone`, the contested polygons too (up to where Ukraine-held ground begins).
inline bool total_is_derived(const VersionInfo& v) {
  return v.layer(Status::occupied) != nullptr || v.layer(Status::occupied_before_2022) != nullptr;
}
inline std::vector<StoredPolygon> occupied_ground(const VersionInfo& v, std::vector<StoredPolygon> all,
                                                  bool with_grey_zone = false) {
  const bool derived = total_is_derived(v);
  std::erase_if(all, [&](const StoredPolygon& p) {
    const bool occupied = derived ? (p.status == Status::occupied || p.status == Status::occupied_before_2022)
                                  : p.status == Status::occupied_total;
    return !(occupied || (with_grey_zone && p.status == Status::contested));
  });
  return all;
}

// The most rows a series answers (27 years by day): a request for more is refused, not computed,
// so that one request cannot hold a server for minutes.
inline constexpr std::size_t kMaxSeriesRows = 10'000;
inline Error too_many_rows() {
  return make_error(
      ErrorCode::bad_request,
      fmt::format("the series would have more than {} rows: give a shorter span or a longer step", kMaxSeriesRows));
}

inline Result<VersionInfo> require_version(const Store& store, std::string_view map, Timestamp t) {
  FRONTLINE_TRY(v, store.version_at(map, t));
  if (!v) {
    FRONTLINE_TRY(first, first_version_time(store, map));
    return make_error(ErrorCode::not_found, fmt::format("map '{}' starts at {}; there is no version as of {}", map,
                                                        format_iso(first), format_iso(t)));
  }
  return std::move(*v);
}

// The span of a series: in order, and inside the range of times frontline reads.
inline Result<void> check_span(Timestamp from, Timestamp to) {
  if (to < from) return make_error(ErrorCode::bad_request, "--to is before --from");
  if (from < kEarliestTime || to > kLatestTime) {
    return make_error(ErrorCode::bad_request,
                      fmt::format("{} .. {} is out of range: frontline reads times from {} to {}", format_iso(from),
                                  format_iso(to), format_iso(kEarliestTime), format_iso(kLatestTime)));
  }
  return {};
}

// Local midnights after the last clock change the database lists for a zone are not known.
inline Result<void> check_local(Timestamp t, const TimeZone& zone) {
  if (t <= zone.exact_until()) return {};
  return make_error(ErrorCode::bad_request,
                    fmt::format("the series reaches {}, after {}: the time zone database lists the clock changes "
                                "of {} only until then; end the series earlier or use UTC",
                                format_iso(t), format_iso(zone.exact_until()), zone.name()));
}

// Rows of a series before the map's first version are empty; a map without any version is an
// error. Asked once per series, at its first empty row.
class EmptyRows {
 public:
  EmptyRows(const Store& store, std::string_view map) : store_(store), map_(map) {}
  Result<void> allow() {
    if (checked_) return {};
    FRONTLINE_CHECK(first_version_time(store_, map_));
    checked_ = true;
    return {};
  }

 private:
  const Store& store_;
  std::string_view map_;
  bool checked_ = false;
};

inline bool in_total(std::optional<Status> s) {
  return s && counts_as_occupied(*s);
}

// Union of polygons on the grid, clipped to `clip` when it is given.
Result<geo::GeomPtr> union_of(geo::GeosContext& ctx, const MultiPolygon& mp, const BBox* clip = nullptr);
// The same for polygons drawn by hand (claimed layers, scenario files), which may cross
// themselves: each polygon made valid first, as GEOS's union refuses invalid input.
Result<geo::GeomPtr> union_of_valid(geo::GeosContext& ctx, const MultiPolygon& mp);
// Geodesic area of a GEOS result's polygons (kept in `keep` when given).
Result<double> area_of(geo::GeosContext& ctx, const GEOSGeometry* g, MultiPolygon* keep = nullptr);

}  // namespace frontline::analysis
