// Territorial scenarios (docs/scenarios.md): the ground a proposal moves from one side to another,
// as of a version of the map, with the settlements, people and hromadas on it and the line it
// would leave.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "analysis/internal.hpp"
#include "frontline/line.hpp"
#include "frontline/places.hpp"
#include "frontline/scenario.hpp"
#include "geo/front_line.hpp"
#include "geo/geodesic.hpp"
#include "geo/geos.hpp"
#include "geo/point_index.hpp"
#include "io/bundled.hpp"

namespace frontline {

using namespace analysis;

namespace {

// Ground and where it goes.
struct Target {
  geo::GeomPtr ground;
  std::string to;
};

// Ukraine's oblasts: the store's gazetteer's where it has one, else the bundled ones.
Result<MultiPolygon> ukraine_tiles(const Store& store) {
  FRONTLINE_TRY(has, store.has_places());
  MultiPolygon tiles;
  if (has) {
    FRONTLINE_TRY(oblasts, store.places(PlaceKind::oblast));
    for (const auto& o : oblasts) {
      FRONTLINE_TRY(g, store.place_geometry(o.id));
      for (auto& p : g) tiles.push_back(std::move(p));
    }
    if (!tiles.empty()) return tiles;
  }
  FRONTLINE_TRY(features, io::ukraine_oblasts());
  for (auto& f : features) {
    for (auto& p : f.polygons) tiles.push_back(std::move(p));
  }
  return tiles;
}

double line_km(const MultiPolygon& ground, const geo::CountryShape& country) {
  std::vector<const Ring*> rings;
  for (const auto& p : ground) {
    rings.push_back(&p.outer);
    for (const auto& h : p.holes) rings.push_back(&h);
  }
  double m = 0;
  for (const auto& path : geo::away_from(rings, country, kLineBorderToleranceM)) m += geo::path_length_m(path);
  return m / 1000;
}

Result<std::vector<Target>> polygon_targets(geo::GeosContext& ctx, const std::filesystem::path& file) {
  FRONTLINE_TRY(text, io::read_text_file(file, std::uint64_t{256} << 20));
  FRONTLINE_TRY(features, io::read_geojson_features(file.string(), text));
  std::map<std::string, MultiPolygon> by_side;
  std::size_t index = 0;
  for (auto& f : features) {
    ++index;
    std::string to = "russia";
    if (auto it = f.properties.find("to"); it != f.properties.end()) to = it->second;
    if (to != "russia" && to != "ukraine" && to != "dmz") {
      return make_error(ErrorCode::bad_input, fmt::format("{}: feature {}: \"to\" is '{}': give russia, ukraine or dmz",
                                                          file.string(), index, to));
    }
    if (f.polygons.empty()) {
      return make_error(
          ErrorCode::bad_input,
          fmt::format("{}: feature {} has no polygon: a scenario's ground is polygons", file.string(), index));
    }
    for (auto& p : f.polygons) by_side[to].push_back(std::move(p));
  }
  if (by_side.empty()) {
    return make_error(ErrorCode::bad_input, fmt::format("{}: no polygon features", file.string()));
  }
  std::vector<Target> out;
  for (auto& [to, mp] : by_side) {
    FRONTLINE_TRY(g, union_of_valid(ctx, mp));
    out.push_back({std::move(g), to});
  }
  return out;
}

}  // namespace

Result<Scenario> scenario(const Store& store, std::string_view map, const ScenarioOptions& options) {
  FRONTLINE_TRY(v, require_version(store, map, options.at));
  Scenario out;
  out.map = std::string(map);
  out.at = options.at;
  out.version = v;
  geo::GeosContext ctx;

  FRONTLINE_TRY(all, store.polygons(v.id));
  std::vector<StoredPolygon> grey_polys;
  for (const auto& p : all) {
    if (p.status == Status::contested) grey_polys.push_back(p);
  }
  FRONTLINE_TRY(occ_mp, store.geometry(occupied_ground(v, all)));
  FRONTLINE_TRY(grey_mp, store.geometry(grey_polys));
  FRONTLINE_TRY(occ, union_of(ctx, occ_mp));
  FRONTLINE_TRY(grey_raw, union_of(ctx, grey_mp));
  FRONTLINE_TRY(grey, geo::difference(ctx, grey_raw.get(), occ.get()));
  FRONTLINE_TRY(tiles, ukraine_tiles(store));
  FRONTLINE_TRY(ukraine, union_of(ctx, tiles));
  FRONTLINE_TRY(not_ua1, geo::difference(ctx, ukraine.get(), occ.get()));
  FRONTLINE_TRY(held, geo::difference(ctx, not_ua1.get(), grey.get()));
  const geo::CountryShape country(tiles);

  FRONTLINE_TRY(line_before, front_line(store, map, options.at, LineEdge::russian));
  out.line_length_before_km = line_before.length_km;

  std::vector<Target> targets;
  switch (options.kind) {
    case ScenarioKind::cede: {
      if (options.regions.empty()) return make_error(ErrorCode::bad_request, "--cede names at least one region");
      MultiPolygon ceded;
      std::vector<std::string> names;
      for (const auto& r : options.regions) {
        FRONTLINE_TRY(place, find_place(store, r));
        FRONTLINE_TRY(g, store.place_geometry(place.id));
        for (auto& p : g) ceded.push_back(std::move(p));
        names.push_back(place.name);
      }
      FRONTLINE_TRY(g, union_of(ctx, ceded));
      targets.push_back({std::move(g), "russia"});
      out.description = fmt::format("cede {} to Russia", fmt::join(names, ", "));
      break;
    }
    case ScenarioKind::freeze: {
      FRONTLINE_TRY(g, geo::difference(ctx, grey.get(), occ.get()));
      targets.push_back({std::move(g), "ukraine"});
      out.description = "freeze the line of contact: Russia keeps the ground it holds, the grey zone goes to Ukraine";
      break;
    }
    case ScenarioKind::buffer: {
      if (!(options.buffer_km >= 0.1 && options.buffer_km <= 100)) {
        return make_error(ErrorCode::bad_request, fmt::format("buffer {:g} km: give 0.1 to 100 km", options.buffer_km));
      }
      FRONTLINE_TRY(zone, geo::buffer_paths(ctx, line_before.paths, options.buffer_km * 1000));
      FRONTLINE_TRY(g, union_of_valid(ctx, zone));
      targets.push_back({std::move(g), "dmz"});
      out.description =
          fmt::format("a demilitarised zone of {:g} km on each side of the line of contact", options.buffer_km);
      break;
    }
    case ScenarioKind::polygon: {
      FRONTLINE_TRY(t, polygon_targets(ctx, options.polygon_file));
      targets = std::move(t);
      out.description = fmt::format("the ground of {}", options.polygon_file.filename().string());
      break;
    }
  }

  // What changes hands: each target's ground, per side that holds it now.
  struct Source {
    const char* name;
    const GEOSGeometry* ground;
  };
  const Source sources[] = {{"ukraine", held.get()}, {"grey zone", grey.get()}, {"russia", occ.get()}};
  std::vector<geo::GeomPtr> changed_parts;
  std::vector<std::pair<geo::EdgeStripes, std::pair<std::string, std::string>>> located;
  MultiPolygon to_russia, to_ukraine;
  for (const auto& t : targets) {
    for (const auto& s : sources) {
      if (t.to == s.name) continue;
      FRONTLINE_TRY(part, geo::intersection(ctx, t.ground.get(), s.ground));
      MultiPolygon kept;
      FRONTLINE_TRY(m2, area_of(ctx, part.get(), &kept));
      if (m2 <= 0) continue;
      Transfer tr;
      tr.from = s.name;
      tr.to = t.to;
      tr.area_km2 = m2 / 1e6;
      if (t.to == "russia") to_russia.insert(to_russia.end(), kept.begin(), kept.end());
      if (t.to == "ukraine") to_ukraine.insert(to_ukraine.end(), kept.begin(), kept.end());
      located.emplace_back(geo::EdgeStripes(kept), std::pair{tr.from, tr.to});
      if (options.keep_geometry) tr.geometry = kept;
      out.transfers.push_back(std::move(tr));
      changed_parts.push_back(std::move(part));
    }
  }

  // Settlements whose point lies in ground that changes hands.
  FRONTLINE_TRY(has_places, store.has_places());
  if (has_places) {
    FRONTLINE_TRY(settlements, store.places(PlaceKind::settlement));
    for (auto& s : settlements) {
      for (const auto& [index, move] : located) {
        if (!index.covers(s.point)) continue;
        if (s.population) {
          out.population_total += *s.population;
        } else {
          ++out.settlements_without_population;
        }
        out.settlements.push_back({std::move(s), move.first, move.second});
        break;
      }
    }
    std::stable_sort(out.settlements.begin(), out.settlements.end(),
                     [](const AffectedSettlement& a, const AffectedSettlement& b) {
                       return a.place.population.value_or(-1) > b.place.population.value_or(-1);
                     });
    // Hromadas: the share of each that changes hands.
    if (!changed_parts.empty()) {
      FRONTLINE_TRY(coll, geo::make_collection(ctx, std::move(changed_parts)));
      FRONTLINE_TRY(changed, geo::union_all(ctx, coll.get()));
      MultiPolygon changed_mp;
      FRONTLINE_TRY(changed_m2, area_of(ctx, changed.get(), &changed_mp));
      (void)changed_m2;
      BBox box;
      for (const auto& p : changed_mp) box.extend(bbox_of(p.outer));
      auto prepared = geo::prepare(ctx, changed.get());
      FRONTLINE_TRY(hromadas, store.places(PlaceKind::hromada));
      for (auto& h : hromadas) {
        if (!h.bbox.intersects(box) || h.area_m2 <= 0) continue;
        FRONTLINE_TRY(hg, store.place_geometry(h.id));
        FRONTLINE_TRY(hgeos, geo::to_geos(ctx, hg));
        if (geo::intersects(ctx, prepared.get(), hgeos.get()) != 1) continue;
        FRONTLINE_TRY(inter, geo::intersection(ctx, hgeos.get(), changed.get()));
        FRONTLINE_TRY(m2, area_of(ctx, inter.get()));
        const double share = std::min(1.0, m2 / h.area_m2);
        if (share < 1e-4) continue;
        out.hromadas.push_back({std::move(h), share, share >= 0.99});
      }
      std::stable_sort(out.hromadas.begin(), out.hromadas.end(),
                       [](const AffectedHromada& a, const AffectedHromada& b) { return a.share > b.share; });
    }
  }

  // The line the scenario would leave: the edge of Russia's ground after it, in Ukraine and away
  // from the border and the coast (docs/line.md); for a zone, its two edges.
  if (options.kind == ScenarioKind::buffer) {
    FRONTLINE_TRY(zone_in_ukraine, geo::intersection(ctx, targets.front().ground.get(), ukraine.get()));
    MultiPolygon zone_mp;
    FRONTLINE_TRY(zone_m2, area_of(ctx, zone_in_ukraine.get(), &zone_mp));
    (void)zone_m2;
    out.dmz_edges_km = line_km(zone_mp, country);
  } else {
    FRONTLINE_TRY(gain, union_of_valid(ctx, to_russia));
    FRONTLINE_TRY(loss, union_of_valid(ctx, to_ukraine));
    std::vector<geo::GeomPtr> both;
    both.push_back(std::move(occ));
    both.push_back(std::move(gain));
    FRONTLINE_TRY(grown, geo::make_collection(ctx, std::move(both)));
    FRONTLINE_TRY(after_gain, geo::union_all(ctx, grown.get()));
    FRONTLINE_TRY(after, geo::difference(ctx, after_gain.get(), loss.get()));
    MultiPolygon after_mp;
    FRONTLINE_TRY(after_m2, area_of(ctx, after.get(), &after_mp));
    (void)after_m2;
    out.line_length_km = line_km(after_mp, country);
  }
  return out;
}

}  // namespace frontline
