// The documents of the web map (frontline/site.hpp).
#include "frontline/site.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include <unistd.h>

#include <algorithm>

#include "format/json_doc.hpp"
#include "frontline/files.hpp"
#include "frontline/format.hpp"
#include "frontline/measures.hpp"
#include "frontline/places.hpp"
#include "geo/geos.hpp"
#include "io/bundled.hpp"
#include "io/pmtiles.hpp"

namespace frontline {

namespace {

using format::json;

// The base layers are drawn under the map at every zoom of a page that loads them whole: outlines
// to about 100 m (hromadas 200 m, the neighbours' land 1 km), coordinates to 4 decimals (11 m),
// and only settlements big enough to be labelled (the search reads data/places.json, not these).
constexpr double kDrawTolerance = 0.001;
constexpr double kHromadaTolerance = 0.002;
constexpr double kBackgroundTolerance = 0.01;
constexpr int kBaseDecimals = 4;
constexpr std::int64_t kLabelledPopulation = 2000;

Result<MultiPolygon> simplified(geo::GeosContext& ctx, const MultiPolygon& mp, double tolerance = kDrawTolerance) {
  FRONTLINE_TRY(g, geo::to_geos(ctx, mp));
  FRONTLINE_TRY(s, geo::simplify_preserving_topology(ctx, g.get(), tolerance));
  return geo::from_geos(ctx, s.get());
}

std::string history_url(SiteMode mode, std::string_view map) {
  return mode == SiteMode::api ? fmt::format("tiles/{}/history/{{z}}/{{x}}/{{y}}.mvt", map)
                               : fmt::format("pmtiles://tiles/{}-history.pmtiles", map);
}

struct Feature {
  json properties;
  MultiPolygon polygons;
};
std::string polygons_geojson(const std::vector<Feature>& features) {
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
  for (std::size_t i = 0; i < features.size(); ++i) {
    if (i > 0) out += ",\n";
    out += "{\"type\":\"Feature\",\"properties\":";
    out += features[i].properties.dump();
    out += ",\"geometry\":";
    format::write_multipolygon(out, features[i].polygons, kBaseDecimals);
    out += '}';
  }
  out += "]}\n";
  return out;
}

std::string name_en(const Place& p) {
  return p.name;
}
std::string name_local(const Place& p) {
  return p.name_uk.empty() ? p.name : p.name_uk;
}

Result<std::string> units_layer(const Store& store, PlaceKind kind, geo::GeosContext& ctx, double tolerance) {
  FRONTLINE_TRY(places, store.places(kind));
  std::vector<Feature> features;
  for (const auto& p : places) {
    FRONTLINE_TRY(mp, store.place_geometry(p.id));
    FRONTLINE_TRY(s, simplified(ctx, mp, tolerance));
    features.push_back({json{{"id", p.id}, {"name", name_local(p)}, {"name_en", name_en(p)}}, std::move(s)});
  }
  return polygons_geojson(features);
}

std::string settlements_layer(const std::vector<Place>& places) {
  json features = json::array();
  for (const auto& p : places) {
    features.push_back({{"type", "Feature"},
                        {"properties",
                         {{"id", p.id},
                          {"name", name_local(p)},
                          {"name_en", name_en(p)},
                          {"population", p.population ? json(*p.population) : json(nullptr)}}},
                        {"geometry",
                         {{"type", "Point"},
                          {"coordinates",
                           {format::round_to(p.point.lon / kGridPerDegree, kBaseDecimals),
                            format::round_to(p.point.lat / kGridPerDegree, kBaseDecimals)}}}}});
  }
  return json{{"type", "FeatureCollection"}, {"features", features}}.dump() + "\n";
}

// The places the app's search finds, one line each (a static site has no server to ask).
std::string places_index(const std::vector<Place>& places) {
  json rows = json::array();
  for (const auto& p : places) {
    json aliases = json::array();
    for (const auto& a : p.aliases) aliases.push_back(a.name);
    rows.push_back({{"id", p.id},
                    {"name", name_local(p)},
                    {"name_en", name_en(p)},
                    {"kind", to_string(p.kind)},
                    {"oblast", p.oblast},
                    {"lon", format::round_to(p.point.lon / kGridPerDegree, kBaseDecimals)},
                    {"lat", format::round_to(p.point.lat / kGridPerDegree, kBaseDecimals)},
                    {"population", p.population ? json(*p.population) : json(nullptr)},
                    {"aliases", aliases}});
  }
  return rows.dump() + "\n";
}

Result<std::string> pmtiles_of(const std::map<TileId, std::string>& tiles, const HistoryTiles& h, bool latest) {
  std::vector<io::PmtilesTile> out;
  out.reserve(tiles.size());
  for (const auto& [id, bytes] : tiles) {
    FRONTLINE_TRY(gz, io::gzip(bytes));
    out.push_back({id.z, static_cast<std::uint32_t>(id.x), static_cast<std::uint32_t>(id.y), std::move(gz)});
  }
  io::PmtilesInfo info;
  info.min_zoom = 0;
  info.max_zoom = h.max_zoom;
  if (!h.bounds.empty()) {
    info.min_lon = h.bounds.min_lon / kGridPerDegree, info.min_lat = h.bounds.min_lat / kGridPerDegree;
    info.max_lon = h.bounds.max_lon / kGridPerDegree, info.max_lat = h.bounds.max_lat / kGridPerDegree;
    info.center_lon = (info.min_lon + info.max_lon) / 2, info.center_lat = (info.min_lat + info.max_lat) / 2;
    info.center_zoom = std::min(h.max_zoom, 6);
  }
  json layer_fields =
      latest ? json{{"status", "String"}} : json{{"status", "String"}, {"from", "Number"}, {"to", "Number"}};
  json meta{{"name", fmt::format("frontline {} {}", h.map, latest ? "latest version" : "history")},
            {"map", h.map},
            {"versions", h.versions.size()},
            {"vector_layers",
             json::array({{{"id", "control"}, {"fields", layer_fields}, {"minzoom", 0}, {"maxzoom", h.max_zoom}}})}};
  if (!h.versions.empty()) {
    meta["first_version"] = format_iso(h.versions.front().time);
    meta["last_version"] = format_iso(h.versions.back().time);
  }
  info.metadata_json = meta.dump();
  return io::encode_pmtiles(std::move(out), info);
}

}  // namespace

std::string site_json(SiteMode mode, std::string_view default_map, const std::vector<HistoryTiles>& maps) {
  json j;
  j["mode"] = mode == SiteMode::api ? "api" : "static";
  j["default_map"] = default_map;
  json list = json::array();
  for (const auto& h : maps) {
    json m{{"name", h.map},
           {"versions", h.versions.size()},
           {"history_tiles", history_url(mode, h.map)},
           {"history_maxzoom", h.max_zoom}};
    if (!h.versions.empty()) {
      m["first_version"] = format_iso(h.versions.front().time);
      m["last_version"] = format_iso(h.versions.back().time);
    }
    if (!h.bounds.empty()) {
      m["bounds"] = {h.bounds.min_lon / kGridPerDegree, h.bounds.min_lat / kGridPerDegree,
                     h.bounds.max_lon / kGridPerDegree, h.bounds.max_lat / kGridPerDegree};
    }
    list.push_back(std::move(m));
  }
  j["maps"] = std::move(list);
  j["base"] = {{"oblasts", "base/oblasts.geojson"},
               {"hromadas", "base/hromadas.geojson"},
               {"neighbours", "base/neighbours.geojson"},
               {"settlements", "base/settlements.geojson"}};
  return format::doc(j);
}

Result<std::vector<SiteFile>> base_layers(const Store& store) {
  geo::GeosContext ctx;
  std::vector<SiteFile> out;
  constexpr const char* kGeoJson = "application/geo+json";
  FRONTLINE_TRY(has_places, store.has_places());
  if (has_places) {
    FRONTLINE_TRY(oblasts, units_layer(store, PlaceKind::oblast, ctx, kDrawTolerance));
    FRONTLINE_TRY(hromadas, units_layer(store, PlaceKind::hromada, ctx, kHromadaTolerance));
    FRONTLINE_TRY(settlements, store.places(PlaceKind::settlement));
    std::erase_if(settlements, [](const Place& p) { return p.population.value_or(0) < kLabelledPopulation; });
    out.push_back({"base/oblasts.geojson", std::move(oblasts), kGeoJson});
    out.push_back({"base/hromadas.geojson", std::move(hromadas), kGeoJson});
    out.push_back({"base/settlements.geojson", settlements_layer(settlements), kGeoJson});
  } else {
    FRONTLINE_TRY(bundled, io::ukraine_oblasts());
    std::vector<Feature> features;
    for (const auto& f : bundled) {
      FRONTLINE_TRY(s, simplified(ctx, f.polygons));
      const auto name = f.properties.find("ADMIN_1");
      const std::string n = name == f.properties.end() ? "" : name->second;
      features.push_back({json{{"name", n}, {"name_en", n}}, std::move(s)});
    }
    out.push_back({"base/oblasts.geojson", polygons_geojson(features), kGeoJson});
    out.push_back({"base/hromadas.geojson", polygons_geojson({}), kGeoJson});
    out.push_back({"base/settlements.geojson", settlements_layer({}), kGeoJson});
  }
  FRONTLINE_TRY(land, io::neighbours_land());
  // Background only: its 22,000 holes (lakes) would keep the outlines from simplifying.
  for (auto& p : land) p.holes.clear();
  FRONTLINE_TRY(land_s, simplified(ctx, land, kBackgroundTolerance));
  out.push_back({"base/neighbours.geojson", polygons_geojson({Feature{json::object(), std::move(land_s)}}), kGeoJson});
  return out;
}

Result<std::vector<SiteFile>> static_site_files(const Store& store, const HistoryTileOptions& tile_options,
                                                SiteReport& report,
                                                const std::function<void(std::string_view)>& progress) {
  auto say = [&](std::string_view what) {
    if (progress) progress(what);
  };
  constexpr const char* kJson = "application/json";
  std::vector<SiteFile> out;
  FRONTLINE_TRY(maps, store.maps());
  FRONTLINE_TRY(default_map, store.default_map());
  FRONTLINE_TRY(has_places, store.has_places());
  FRONTLINE_TRY(zone, TimeZone::named("Europe/Kyiv"));
  std::vector<HistoryTiles> sets;
  for (const auto& map : maps) {
    say(fmt::format("{}: versions and monthly gains", map));
    FRONTLINE_TRY(changes, version_changes(store, map));
    if (changes.empty()) continue;
    out.push_back({fmt::format("data/{}/versions.json", map), format::versions_json(map, changes), kJson});
    FRONTLINE_TRY(versions, store.versions(map));
    FRONTLINE_TRY(rows, gains(store, map, Step::month, versions.front().time, versions.back().time, zone));
    out.push_back({fmt::format("data/{}/gains-month.json", map), format::gains_json(rows), kJson});
    if (has_places) {
      FRONTLINE_TRY(regions, regions_at(store, map, PlaceKind::oblast, versions.back().time));
      out.push_back({fmt::format("data/{}/regions-oblast.json", map), format::regions_json(regions), kJson});
    }
    say(fmt::format("{}: history tiles to zoom {}", map, tile_options.max_zoom));
    const auto t0 = std::chrono::steady_clock::now();
    FRONTLINE_TRY(h, history_tiles(store, map, tile_options));
    FRONTLINE_TRY(history, pmtiles_of(h.tiles, h, false));
    FRONTLINE_TRY(latest, pmtiles_of(h.latest, h, true));
    SiteReport::MapTiles r;
    r.map = map;
    r.history_tiles = static_cast<std::int64_t>(h.tiles.size());
    r.features = h.features;
    r.history_bytes = static_cast<std::int64_t>(history.size());
    r.latest_bytes = static_cast<std::int64_t>(latest.size());
    r.per_version_estimate_bytes = r.latest_bytes * static_cast<std::int64_t>(h.versions.size());
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    report.maps.push_back(r);
    out.push_back({fmt::format("tiles/{}-history.pmtiles", map), std::move(history), "application/vnd.pmtiles"});
    out.push_back({fmt::format("tiles/{}-latest.pmtiles", map), std::move(latest), "application/vnd.pmtiles"});
    h.tiles.clear();
    h.latest.clear();
    sets.push_back(std::move(h));
  }
  say("base layers and places");
  FRONTLINE_TRY(base, base_layers(store));
  for (auto& f : base) out.push_back(std::move(f));
  if (has_places) {
    FRONTLINE_TRY(all, store.places(std::nullopt));
    out.push_back({"data/places.json", places_index(all), kJson});
  } else {
    out.push_back({"data/places.json", "[]\n", kJson});
  }
  out.push_back({"site.json", site_json(SiteMode::static_files, default_map, sets), kJson});
  report.files = static_cast<std::int64_t>(out.size());
  for (const auto& f : out) report.data_bytes += static_cast<std::int64_t>(f.bytes.size());
  return out;
}

Result<void> write_static_site(const std::filesystem::path& out, const std::filesystem::path& app_dir,
                               const std::vector<SiteFile>& files, const std::filesystem::path& protect) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(out, ec)) {
    if (!fs::is_directory(out, ec)) {
      return make_error(ErrorCode::bad_request, fmt::format("{} exists and is not a folder", out.string()));
    }
    if (!fs::exists(out / "site.json", ec) && !fs::is_empty(out, ec)) {
      return make_error(ErrorCode::bad_request,
                        fmt::format("{} holds files but no site.json: it is not an earlier export; give a new or "
                                    "empty folder",
                                    out.string()));
    }
    if (!protect.empty()) {
      const auto p = fs::weakly_canonical(protect, ec);
      const auto o = fs::weakly_canonical(out, ec);
      if (std::mismatch(o.begin(), o.end(), p.begin(), p.end()).first == o.end()) {
        return make_error(ErrorCode::bad_request, fmt::format("{} holds the store: give another folder", out.string()));
      }
    }
  }
  const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
  const std::string stem = out.filename().string();
  const fs::path fresh = parent / fmt::format(".{}.new-{}", stem, static_cast<long>(::getpid()));
  const fs::path old = parent / fmt::format(".{}.old-{}", stem, static_cast<long>(::getpid()));
  auto fail = [&](const std::string& what) -> Error {
    fs::remove_all(fresh, ec);
    return make_error(ErrorCode::io, what);
  };
  fs::create_directories(fresh, ec);
  if (ec) return fail(fmt::format("cannot create {}: {}", fresh.string(), ec.message()));
  if (!app_dir.empty()) {
    fs::copy(app_dir, fresh, fs::copy_options::recursive, ec);
    if (ec) return fail(fmt::format("cannot copy the web app from {}: {}", app_dir.string(), ec.message()));
  }
  for (const auto& f : files) {
    const fs::path target = fresh / f.path;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return fail(fmt::format("cannot create {}: {}", target.parent_path().string(), ec.message()));
    auto written = write_file_atomically(target, f.bytes);
    if (!written) return fail(written.error().message);
  }
  const bool had = fs::exists(out, ec);
  if (had) {
    fs::rename(out, old, ec);
    if (ec) return fail(fmt::format("cannot move the earlier {} aside: {}", out.string(), ec.message()));
  }
  fs::rename(fresh, out, ec);
  if (ec) {
    std::error_code back;
    if (had) fs::rename(old, out, back);
    return fail(fmt::format("cannot move the new site to {}: {}", out.string(), ec.message()));
  }
  if (had) fs::remove_all(old, ec);
  return {};
}

}  // namespace frontline
