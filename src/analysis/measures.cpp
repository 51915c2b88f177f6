// Areas as of a time, series of them, and the status of a point.
#include "frontline/measures.hpp"

#include "analysis/internal.hpp"
#include "frontline/reference.hpp"
#include "geo/locate.hpp"
#include "io/bundled.hpp"

#include <algorithm>

namespace frontline {

using namespace analysis;

namespace {
AreaAt area_of_version(std::string_view map, Timestamp at, VersionInfo v, std::optional<double> ukraine_m2) {
  AreaAt out;
  out.map = std::string(map);
  out.at = at;
  for (const auto& l : v.layers) {
    const double m2 = counted_in_ukraine_only(l.status) ? *v.in_ukraine_m2(l.status) : l.area_m2;
    out.areas_km2[l.status] = m2 / kM2PerKm2;
  }
  for (Status s : kAllStatuses) {
    if (auto o = v.outside_m2(s)) out.outside_ukraine_km2[s] = *o / kM2PerKm2;
  }
  if (auto ot = v.area_m2(Status::occupied_total)) {
    out.occupied_total_km2 = *ot / kM2PerKm2;
    if (ukraine_m2 && *ukraine_m2 > 0) out.share_of_ukraine = *v.in_ukraine_m2(Status::occupied_total) / *ukraine_m2;
  }
  out.version = std::move(v);
  return out;
}
}  // namespace

Result<Timestamp> first_version_time(const Store& store, std::string_view map) {
  FRONTLINE_TRY(all, store.versions(map));
  if (all.empty()) return make_error(ErrorCode::not_found, fmt::format("map '{}' has no versions", map));
  return all.front().time;
}

Result<std::vector<VersionChange>> version_changes(const Store& store, std::string_view map) {
  FRONTLINE_TRY(versions, store.versions(map));
  std::vector<VersionChange> out;
  out.reserve(versions.size());
  std::optional<double> prev;
  for (auto& v : versions) {
    VersionChange c;
    if (const auto ot = v.area_m2(Status::occupied_total)) {
      c.occupied_total_km2 = *ot / kM2PerKm2;
      if (prev) c.change_km2 = *c.occupied_total_km2 - *prev;
      prev = c.occupied_total_km2;
    }
    c.version = std::move(v);
    out.push_back(std::move(c));
  }
  return out;
}

Result<AreaAt> area_at(const Store& store, std::string_view map, Timestamp at) {
  FRONTLINE_TRY(v, require_version(store, map, at));
  FRONTLINE_TRY(ukraine, ukraine_area_m2(store));
  return area_of_version(map, at, std::move(v), ukraine);
}

Result<std::vector<AreaAt>> area_series(const Store& store, std::string_view map, Timestamp from, Timestamp to,
                                        Step every, const TimeZone& zone) {
  FRONTLINE_CHECK(check_span(from, to));
  FRONTLINE_CHECK(check_local(to, zone));
  FRONTLINE_TRY(ukraine, ukraine_area_m2(store));
  EmptyRows empty(store, map);
  std::vector<AreaAt> out;
  // Each row is the start plus k steps, not the previous row plus one: a month step clamped to a
  // short month (01-31 -> 02-28) must not carry the clamp into the months after it.
  for (int k = 0;; ++k) {
    const Timestamp t = add_steps(from, every, k, zone);
    if (t > to) break;
    if (out.size() == kMaxSeriesRows) return too_many_rows();
    FRONTLINE_TRY(v, store.version_at(map, t));
    if (!v) {
      FRONTLINE_CHECK(empty.allow());
      AreaAt row;
      row.map = std::string(map);
      row.at = t;
      out.push_back(std::move(row));
      continue;
    }
    out.push_back(area_of_version(map, t, std::move(*v), ukraine));
  }
  return out;
}

std::string PointStatus::label() const {
  if (status) return std::string(to_string(*status));
  return in_ukraine ? "held by Ukraine (no status drawn)" : "outside Ukraine";
}

Result<PointStatus> status_at(const Store& store, std::string_view map, Longitude lon, Latitude lat, Timestamp at) {
  auto fixed = to_fixed(lon, lat);
  if (!fixed) {
    return make_error(
        ErrorCode::bad_request,
        fmt::format("point ({}, {}) is out of range: longitude -180..180, latitude -90..90", lon.degrees, lat.degrees));
  }
  FRONTLINE_TRY(v, require_version(store, map, at));
  FRONTLINE_TRY(polys, store.polygons(v.id));
  PointStatus out;
  geo::GeosContext ctx;
  GEOSGeometry* raw_pt =
      geo::geos_c().GEOSGeom_createPointFromXY_r(ctx.handle(), fixed->lon * kGridDegrees, fixed->lat * kGridDegrees);
  geo::GeomPtr pt = geo::adopt(ctx, raw_pt);
  for (const auto& p : polys) {
    if (!p.bbox.contains(*fixed)) continue;
    if (p.status == Status::occupied_total && v.layer(Status::occupied) != nullptr) continue;
    FRONTLINE_TRY(g, store.geometry(std::span<const StoredPolygon>(&p, 1)));
    FRONTLINE_TRY(gg, geo::to_geos(ctx, g));
    if (geo::geos_c().GEOSCovers_r(ctx.handle(), gg.get(), pt.get()) == 1) {
      out.status = p.status;
      break;
    }
  }
  // Ukraine is its oblasts' land, and the water DeepState draws a status on (the Sivash, the
  // coast): the same split as areas make, where only a neighbour's land is outside Ukraine. A
  // point with no status drawn is held by Ukraine inside the oblasts and outside Ukraine elsewhere.
  FRONTLINE_TRY(oblasts, io::ukraine_oblasts());
  out.in_ukraine = std::any_of(oblasts.begin(), oblasts.end(),
                               [&](const io::GeoJsonFeature& f) { return geo::covers(f.polygons, *fixed); });
  if (!out.in_ukraine && out.status) {
    FRONTLINE_TRY(land, io::neighbours_land());
    out.in_ukraine = !geo::covers(land, *fixed);
  }
  out.version = std::move(v);
  return out;
}

}  // namespace frontline
