// The line of contact of a version (frontline/line.hpp).
#include "frontline/line.hpp"

#include "analysis/internal.hpp"
#include "geo/front_line.hpp"
#include "geo/geodesic.hpp"
#include "geo/geos.hpp"
#include "io/bundled.hpp"

namespace frontline {

using namespace analysis;

const char* to_string(LineEdge e) noexcept {
  return e == LineEdge::russian ? "russian" : "ukrainian";
}

namespace {

// Ukraine as tiles: the store's oblasts when it has a gazetteer (so that a fixture's country is
// its own), else the bundled ones.
Result<MultiPolygon> country_tiles(const Store& store) {
  MultiPolygon tiles;
  FRONTLINE_TRY(oblasts, store.places(PlaceKind::oblast));
  for (const auto& o : oblasts) {
    FRONTLINE_TRY(g, store.place_geometry(o.id));
    for (auto& p : g) tiles.push_back(std::move(p));
  }
  if (!tiles.empty()) return tiles;
  FRONTLINE_TRY(features, io::ukraine_oblasts());
  for (auto& f : features) {
    for (auto& p : f.polygons) tiles.push_back(std::move(p));
  }
  return tiles;
}

}  // namespace

Result<FrontLine> front_line(const Store& store, std::string_view map, Timestamp at, LineEdge edge) {
  FRONTLINE_TRY(v, require_version(store, map, at));
  FRONTLINE_TRY(all, store.polygons(v.id));
  const bool derived = v.layer(Status::occupied) != nullptr || v.layer(Status::occupied_before_2022) != nullptr;
  std::vector<StoredPolygon> held;
  for (auto& p : all) {
    const bool occupied = derived ? (p.status == Status::occupied || p.status == Status::occupied_before_2022)
                                  : p.status == Status::occupied_total;
    if (occupied || (edge == LineEdge::ukrainian && p.status == Status::contested)) held.push_back(std::move(p));
  }
  FrontLine out;
  out.map = std::string(map);
  out.at = at;
  out.edge = edge;
  // The statuses' polygons share their common edges: their union's boundary is the line.
  geo::GeosContext ctx;
  FRONTLINE_TRY(mp, store.geometry(held));
  FRONTLINE_TRY(g, geo::to_geos(ctx, mp));
  FRONTLINE_TRY(u, geo::union_all(ctx, g.get()));
  FRONTLINE_TRY(ground, geo::from_geos(ctx, u.get()));
  std::vector<const Ring*> rings;
  for (const auto& p : ground) {
    rings.push_back(&p.outer);
    for (const auto& h : p.holes) rings.push_back(&h);
  }
  FRONTLINE_TRY(tiles, country_tiles(store));
  const auto outline = geo::outline_edges(tiles);
  out.paths = geo::away_from(rings, outline, out.tolerance_m);
  double length = 0;
  double generalised = 0;
  for (const auto& path : out.paths) {
    length += geo::path_length_m(path);
    generalised += geo::path_length_m(geo::generalise(path, out.generalise_m));
  }
  out.length_km = length / 1000;
  out.length_generalised_km = generalised / 1000;
  if (auto grey = v.in_ukraine_m2(Status::contested)) {
    out.grey_zone_km2 = *grey / kM2PerKm2;
    if (out.length_km > 0) out.grey_zone_mean_width_km = *out.grey_zone_km2 / out.length_km;
  }
  out.version = std::move(v);
  return out;
}

}  // namespace frontline
