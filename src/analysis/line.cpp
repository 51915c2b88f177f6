// The line of contact of a version (frontline/line.hpp).
#include "frontline/line.hpp"

#include <algorithm>

#include "analysis/internal.hpp"
#include "analysis/line_internal.hpp"
#include "frontline/translit.hpp"
#include "geo/front_line.hpp"
#include "geo/geodesic.hpp"
#include "geo/geos.hpp"
#include "geo/line_distance.hpp"
#include "geo/locate.hpp"
#include "geo/plane.hpp"
#include "io/bundled.hpp"

namespace frontline {

using namespace analysis;

const char* to_string(LineEdge e) noexcept {
  switch (e) {
    case LineEdge::russian:
      return "russian";
    case LineEdge::ukrainian:
      return "ukrainian";
    case LineEdge::middle:
      return "middle";
  }
  return "?";
}

namespace analysis {

std::size_t Country::oblast_at(FixedCoordinate p, std::size_t hint) const {
  if (hint < oblasts.size() && boxes[hint].contains(p) && geo::covers(oblasts[hint], p)) return hint;
  for (std::size_t i = 0; i < oblasts.size(); ++i) {
    if (boxes[i].contains(p) && geo::covers(oblasts[i], p)) return i;
  }
  return oblasts.size();
}

Result<Country> load_country(const Store& store) {
  Country c;
  FRONTLINE_TRY(oblasts, store.places(PlaceKind::oblast));
  for (const auto& o : oblasts) {
    FRONTLINE_TRY(g, store.place_geometry(o.id));
    c.oblast_names.push_back(o.name);
    c.oblasts.push_back(std::move(g));
  }
  if (c.oblasts.empty()) {
    FRONTLINE_TRY(features, io::ukraine_oblasts());
    for (auto& f : features) {
      c.oblast_names.push_back(oblast_name_en(f.properties["ADMIN_1"]));
      c.oblasts.push_back(std::move(f.polygons));
    }
  }
  MultiPolygon tiles;
  for (const auto& o : c.oblasts) {
    c.boxes.push_back(bbox_of(o));
    tiles.insert(tiles.end(), o.begin(), o.end());
  }
  c.shape = geo::CountryShape(std::move(tiles));
  return c;
}

bool HeldGround::covers(FixedCoordinate p) const {
  for (std::size_t i = 0; i < polygons.size(); ++i) {
    if (boxes[i].contains(p) && geo::covers(polygons[i], p)) return true;
  }
  return false;
}

Result<HeldGround> held_ground(const Store& store, const VersionInfo& v, bool with_grey_zone, const Country& country,
                               double tolerance_m) {
  FRONTLINE_TRY(all, store.polygons(v.id));
  const std::vector<StoredPolygon> held = occupied_ground(v, std::move(all), with_grey_zone);
  HeldGround out;
  // The statuses' polygons share their common edges: their union's boundary is the line.
  geo::GeosContext ctx;
  FRONTLINE_TRY(mp, store.geometry(held));
  FRONTLINE_TRY(g, geo::to_geos(ctx, mp));
  FRONTLINE_TRY(u, geo::union_all(ctx, g.get()));
  FRONTLINE_TRY(ground, geo::from_geos(ctx, u.get()));
  // Slivers the union leaves between layers cut apart (geo::is_sliver) are no one's ground.
  std::erase_if(ground, [](const Polygon& p) { return geo::is_sliver(p.outer, kSliverWidthM); });
  for (auto& p : ground) std::erase_if(p.holes, [](const Ring& h) { return geo::is_sliver(h, kSliverWidthM); });
  out.polygons = std::move(ground);
  std::vector<const Ring*> rings;
  for (const auto& p : out.polygons) {
    out.boxes.push_back(bbox_of(p.outer));
    rings.push_back(&p.outer);
    for (const auto& h : p.holes) rings.push_back(&h);
  }
  out.line = geo::away_from(rings, country.shape, tolerance_m);
  return out;
}

}  // namespace analysis

namespace {

void measure_lengths(FrontLine& out) {
  double length = 0;
  double generalised = 0;
  for (const auto& path : out.paths) {
    length += geo::path_length_m(path);
    generalised += geo::path_length_m(geo::generalise(path, out.generalise_m));
  }
  out.length_km = length / 1000;
  out.length_generalised_km = generalised / 1000;
}

constexpr double kGreyZoneSeenM = 100;  // a width under this is the two edges drawn apart by rounding

// Widths of the grey zone from the russian edge to the ukrainian one, and the middle between them.
void measure_grey_zone(FrontLine& out, const std::vector<geo::Path>& russian, const std::vector<geo::Path>& ukrainian,
                       std::vector<geo::Path>* middle) {
  const geo::NearestOnPaths far_edge(ukrainian);
  const auto samples = geo::sample_paths(russian, out.sample_m);
  double sum = 0, widest = 0;
  std::size_t seen = 0, n = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto& s = samples[i];
    const auto hit = far_edge.nearest(s.at);
    if (!hit) continue;
    const double w = hit->plane_m < 1 ? 0 : geo::geodesic_distance_m(s.at, hit->at);
    sum += w;
    widest = std::max(widest, w);
    seen += w > kGreyZoneSeenM ? 1 : 0;
    ++n;
    if (middle != nullptr) {
      if (i == 0 || samples[i - 1].path != s.path) middle->emplace_back();
      middle->back().push_back(geo::point_along(s.at, hit->at, 0.5));
    }
  }
  if (n == 0) return;
  out.grey_zone_mean_width_km = sum / static_cast<double>(n) / 1000;
  out.grey_zone_max_width_km = widest / 1000;
  out.grey_zone_line_share = static_cast<double>(seen) / static_cast<double>(n);
}

}  // namespace

Result<FrontLine> front_line(const Store& store, std::string_view map, Timestamp at, LineEdge edge) {
  FRONTLINE_TRY(v, require_version(store, map, at));
  FRONTLINE_TRY(country, load_country(store));
  FRONTLINE_TRY(out, front_line_of(store, map, v, country, edge));
  out.at = at;
  return out;
}

Result<FrontLine> analysis::front_line_of(const Store& store, std::string_view map, const VersionInfo& v,
                                          const Country& country, LineEdge edge, HeldGround* russian_out) {
  FrontLine out;
  out.map = std::string(map);
  out.at = v.time;
  out.edge = edge;
  FRONTLINE_TRY(russian, held_ground(store, v, false, country, out.tolerance_m));
  double russian_m = 0;
  for (const auto& path : russian.line) russian_m += geo::path_length_m(path);
  const auto grey = v.in_ukraine_m2(Status::contested);
  std::vector<geo::Path> middle;
  if (grey) {
    out.grey_zone_km2 = *grey / kM2PerKm2;
    if (*grey > 0) {
      FRONTLINE_TRY(ukrainian, held_ground(store, v, true, country, out.tolerance_m));
      measure_grey_zone(out, russian.line, ukrainian.line, edge == LineEdge::middle ? &middle : nullptr);
      if (edge == LineEdge::ukrainian) out.paths = std::move(ukrainian.line);
    }
  }
  if (edge == LineEdge::middle && !middle.empty()) {
    std::erase_if(middle, [](const geo::Path& p) { return p.size() < 2; });
    out.paths = std::move(middle);
  } else if (out.paths.empty()) {
    out.paths = russian_out != nullptr ? russian.line : std::move(russian.line);
  }
  measure_lengths(out);
  if (grey && russian_m > 0) out.grey_zone_area_per_km = *out.grey_zone_km2 / (russian_m / 1000);
  out.version = v;
  if (russian_out != nullptr) *russian_out = std::move(russian);
  return out;
}

}  // namespace frontline
