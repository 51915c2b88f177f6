#include "server/api.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "frontline/frontline.hpp"

namespace frontline::server {

namespace {

using json = nlohmann::ordered_json;

// The query of one route: every key it knows, each given at most once.
class Query {
 public:
  static Result<Query> of(const ApiRequest& r, std::initializer_list<const char*> allowed) {
    Query q;
    const std::set<std::string_view> known(allowed.begin(), allowed.end());
    for (const auto& [k, v] : r.query) {
      if (!known.contains(k)) {
        std::string list;
        for (const char* a : allowed) list += list.empty() ? a : fmt::format(", {}", a);
        return make_error(
            ErrorCode::bad_request,
            fmt::format("unknown query parameter '{}'{}", k,
                        list.empty() ? ": this path takes none" : fmt::format(" (this path takes {})", list)));
      }
      if (!q.values_.emplace(k, v).second) {
        return make_error(ErrorCode::bad_request, fmt::format("query parameter '{}' given twice", k));
      }
    }
    return q;
  }
  std::optional<std::string> get(const char* key) const {
    auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }
  Result<std::string> need(const char* key) const {
    auto v = get(key);
    if (!v) return make_error(ErrorCode::bad_request, fmt::format("missing query parameter '{}'", key));
    return *v;
  }
  bool has(const char* key) const { return values_.contains(key); }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

Result<double> parse_degrees(const std::string& text, const char* key) {
  double v = 0;
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc{} || p != end || !std::isfinite(v)) {
    return make_error(ErrorCode::bad_request, fmt::format("'{}={}' is not a number of degrees", key, text));
  }
  return v;
}

Result<std::int64_t> parse_id(const std::string& text) {
  std::int64_t v = 0;
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc{} || p != end || v <= 0) {
    return make_error(ErrorCode::bad_request, fmt::format("'{}' is not a place id", text));
  }
  return v;
}

Result<TimeZone> zone_of(const Query& q) {
  return TimeZone::named(q.get("tz").value_or("UTC"));
}

// A map named in the path must exist: an unknown one is 404 whatever was asked of it.
Result<std::string> known_map(const Store& store, const std::string& map) {
  FRONTLINE_TRY(maps, store.maps());
  if (std::find(maps.begin(), maps.end(), map) == maps.end()) {
    return make_error(ErrorCode::not_found, fmt::format("no map '{}'", map));
  }
  return map;
}

Result<std::string> map_param(const Store& store, const Query& q) {
  if (auto m = q.get("map")) return known_map(store, *m);
  return store.default_map();
}

struct Body {
  std::string text;
  std::string content_type = "application/json";
  bool immutable = false;
  bool provisional = false;  // ApiResponse::provisional
};

Result<std::int64_t> parse_int(std::string_view text, const char* what) {
  std::int64_t v = 0;
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc{} || p != end)
    return make_error(ErrorCode::bad_request, fmt::format("{} '{}' is not a whole number", what, text));
  return v;
}

// /tiles/{map}/{what}/{z}/{x}/{y}.mvt, without a query: the map and the tile.
Result<std::pair<std::string, TileId>> parse_tile_path(const Store& store, const std::vector<std::string>& seg,
                                                       const ApiRequest& r) {
  FRONTLINE_TRY(q, Query::of(r, {}));
  (void)q;
  FRONTLINE_TRY(map, known_map(store, seg[1]));
  const std::string& last = seg[5];
  if (!last.ends_with(".mvt")) return make_error(ErrorCode::not_found, "tiles end in .mvt");
  FRONTLINE_TRY(z, parse_int(seg[3], "zoom"));
  FRONTLINE_TRY(x, parse_int(seg[4], "x"));
  FRONTLINE_TRY(y, parse_int(std::string_view(last).substr(0, last.size() - 4), "y"));
  FRONTLINE_TRY(tile, make_tile_id(z, x, y));
  return std::pair{std::move(map), tile};
}

// /tiles/{map}/{version}/{z}/{x}/{y}.mvt: {version} is "latest", a version's time (ISO 8601 or
// DeepState id: immutable), or any time (the version as of it).
Result<Body> tile_route(const Store& store, const std::vector<std::string>& seg, const ApiRequest& r) {
  FRONTLINE_TRY(path, parse_tile_path(store, seg, r));
  const auto& [map, tile] = path;
  std::optional<VersionInfo> v;
  bool exact = false;
  if (seg[2] == "latest") {
    FRONTLINE_TRY(all, store.versions(map));
    if (all.empty()) return make_error(ErrorCode::not_found, fmt::format("map '{}' has no versions", map));
    v = all.back();
  } else {
    FRONTLINE_TRY(t, parse_time(seg[2]));
    FRONTLINE_TRY(found, store.version_at(map, t));
    if (!found) return make_error(ErrorCode::not_found, fmt::format("map '{}' has no version as of {}", map, seg[2]));
    exact = found->time == t;
    v = std::move(*found);
  }
  FRONTLINE_TRY(bytes, version_tile(store, *v, tile));
  return Body{std::move(bytes), "application/vnd.mapbox-vector-tile", exact};
}

Result<Body> map_route(const Store& store, const std::string& map_in, const std::string& what, const ApiRequest& r) {
  FRONTLINE_TRY(map, known_map(store, map_in));
  if (what == "versions") {
    FRONTLINE_TRY(q, Query::of(r, {}));
    (void)q;
    FRONTLINE_TRY(versions, version_changes(store, map));
    return Body{format::versions_json(map, versions)};
  }
  if (what == "area") {
    FRONTLINE_TRY(q, Query::of(r, {"at", "from", "to", "every", "tz"}));
    FRONTLINE_TRY(zone, zone_of(q));
    if (q.has("at")) {
      if (q.has("from") || q.has("to") || q.has("every")) {
        return make_error(ErrorCode::bad_request, "give either at, or from, to and every");
      }
      FRONTLINE_TRY(t, parse_time(*q.get("at"), zone));
      FRONTLINE_TRY(a, area_at(store, map, t));
      return Body{format::area_json(a)};
    }
    FRONTLINE_TRY(from_s, q.need("from"));
    FRONTLINE_TRY(to_s, q.need("to"));
    FRONTLINE_TRY(every_s, q.need("every"));
    FRONTLINE_TRY(from, parse_month_or_time(from_s, zone));
    FRONTLINE_TRY(to, parse_month_or_time(to_s, zone));
    FRONTLINE_TRY(step, parse_step(every_s));
    FRONTLINE_TRY(rows, area_series(store, map, from, to, step, zone));
    return Body{format::area_series_json(rows)};
  }
  if (what == "gains") {
    FRONTLINE_TRY(q, Query::of(r, {"by", "from", "to", "tz"}));
    FRONTLINE_TRY(zone, zone_of(q));
    FRONTLINE_TRY(step, parse_step(q.get("by").value_or("month")));
    FRONTLINE_TRY(from_s, q.need("from"));
    FRONTLINE_TRY(to_s, q.need("to"));
    FRONTLINE_TRY(from, parse_month_or_time(from_s, zone));
    FRONTLINE_TRY(to, parse_month_or_time(to_s, zone));
    FRONTLINE_TRY(rows, gains(store, map, step, from, to, zone));
    return Body{format::gains_json(rows)};
  }
  if (what == "diff") {
    FRONTLINE_TRY(q, Query::of(r, {"from", "to", "tz"}));
    FRONTLINE_TRY(zone, zone_of(q));
    FRONTLINE_TRY(from_s, q.need("from"));
    FRONTLINE_TRY(to_s, q.need("to"));
    FRONTLINE_TRY(from, parse_time(from_s, zone));
    FRONTLINE_TRY(to, parse_time(to_s, zone));
    FRONTLINE_TRY(d, diff(store, map, from, to));
    return Body{format::diff_geojson(d), "application/geo+json"};
  }
  if (what == "status") {
    FRONTLINE_TRY(q, Query::of(r, {"at", "lon", "lat", "tz"}));
    FRONTLINE_TRY(zone, zone_of(q));
    FRONTLINE_TRY(at_s, q.need("at"));
    FRONTLINE_TRY(lon_s, q.need("lon"));
    FRONTLINE_TRY(lat_s, q.need("lat"));
    FRONTLINE_TRY(t, parse_time(at_s, zone));
    FRONTLINE_TRY(lon, parse_degrees(lon_s, "lon"));
    FRONTLINE_TRY(lat, parse_degrees(lat_s, "lat"));
    FRONTLINE_TRY(ps, status_at(store, map, Longitude{lon}, Latitude{lat}, t));
    return Body{format::status_json(map, t, Longitude{lon}, Latitude{lat}, ps)};
  }
  if (what == "line") {
    FRONTLINE_TRY(q, Query::of(r, {"at", "edge", "tz", "format"}));
    const std::string form = q.get("format").value_or("json");
    if (form != "json" && form != "geojson") {
      return make_error(ErrorCode::bad_request, fmt::format("format '{}': give json or geojson", form));
    }
    FRONTLINE_TRY(zone, zone_of(q));
    FRONTLINE_TRY(at_s, q.need("at"));
    FRONTLINE_TRY(t, parse_time(at_s, zone));
    const std::string edge_s = q.get("edge").value_or("russian");
    LineEdge edge = LineEdge::russian;
    if (edge_s == "ukrainian") {
      edge = LineEdge::ukrainian;
    } else if (edge_s == "middle") {
      edge = LineEdge::middle;
    } else if (edge_s != "russian") {
      return make_error(ErrorCode::bad_request, fmt::format("edge '{}': give russian, ukrainian or middle", edge_s));
    }
    FRONTLINE_TRY(line, front_line(store, map, t, edge));
    if (form == "geojson") return Body{format::line_geojson(line), "application/geo+json"};
    return Body{format::line_json(line)};
  }
  if (what == "advance") {
    FRONTLINE_TRY(q, Query::of(r, {"from", "to", "tz"}));
    FRONTLINE_TRY(zone, zone_of(q));
    FRONTLINE_TRY(from_s, q.need("from"));
    FRONTLINE_TRY(to_s, q.need("to"));
    FRONTLINE_TRY(from, parse_time(from_s, zone));
    FRONTLINE_TRY(to, parse_time(to_s, zone));
    AdvanceOptions options;
    options.keep_samples = false;
    FRONTLINE_TRY(a, advance(store, map, from, to, options));
    return Body{format::advance_json(a)};
  }
  return make_error(ErrorCode::not_found, fmt::format("no path {}", r.path));
}

// /tiles/{map}/history/{z}/{x}/{y}.mvt: the time-enabled tiles, built once after the start.
Result<Body> history_tile_route(const Store& store, const SiteCache* site, const std::vector<std::string>& seg,
                                const ApiRequest& r) {
  FRONTLINE_TRY(path, parse_tile_path(store, seg, r));
  const auto& [map, tile] = path;
  auto h = site != nullptr ? site->history(map) : nullptr;
  if (h == nullptr) {
    if (site == nullptr) return make_error(ErrorCode::not_found, "this server builds no history tiles");
    if (auto failed = site->failure()) return make_error(ErrorCode::internal, failed->message);
    return make_error(ErrorCode::unavailable,
                      fmt::format("the history tiles of '{}' are being built: ask again in a few seconds", map));
  }
  if (tile.z > h->max_zoom) {
    return make_error(ErrorCode::not_found,
                      fmt::format("history tiles go to zoom {} (clients overzoom beyond it)", h->max_zoom));
  }
  auto it = h->tiles.find(tile);
  return Body{it == h->tiles.end() ? std::string() : it->second, "application/vnd.mapbox-vector-tile"};
}

// /site.json: what the web map reads first (frontline/site.hpp).
Result<Body> site_route(const Store& store, const SiteCache* site, const ApiRequest& r) {
  FRONTLINE_TRY(q, Query::of(r, {}));
  (void)q;
  FRONTLINE_TRY(maps, store.maps());
  FRONTLINE_TRY(default_map, store.default_map());
  std::vector<HistoryTiles> sets;
  bool provisional = false;
  for (const auto& map : maps) {
    auto h = site != nullptr ? site->history(map) : nullptr;
    provisional = provisional || (site != nullptr && h == nullptr);
    HistoryTiles summary;
    summary.map = map;
    summary.max_zoom = kDefaultHistoryMaxZoom;
    if (h != nullptr) {
      summary.max_zoom = h->max_zoom;
      summary.bounds = h->bounds;
    }
    FRONTLINE_TRY(versions, store.versions(map));
    summary.versions = std::move(versions);
    sets.push_back(std::move(summary));
  }
  Body body{site_json(SiteMode::api, default_map, sets)};
  body.provisional = provisional;  // the bounds come with the tiles
  return body;
}

Result<Body> base_route(const SiteCache* site, const std::string& name, const ApiRequest& r) {
  FRONTLINE_TRY(q, Query::of(r, {}));
  (void)q;
  auto base = site != nullptr ? site->base() : nullptr;
  if (base == nullptr) {
    if (site == nullptr) return make_error(ErrorCode::not_found, "this server draws no base map");
    return make_error(ErrorCode::unavailable, "the base map is being built: ask again in a few seconds");
  }
  for (const auto& f : *base) {
    if (f.path == "base/" + name) return Body{f.bytes, f.content_type};
  }
  return make_error(ErrorCode::not_found, fmt::format("no base layer {}", name));
}

Result<Body> route(const Store& store, const SiteCache* site, const ApiRequest& r) {
  if (r.method != "GET" && r.method != "HEAD") {
    return make_error(ErrorCode::bad_request,
                      fmt::format("method {} not allowed: the API is read-only (GET)", r.method));
  }
  if (r.path.size() > kMaxPathBytes) return make_error(ErrorCode::bad_request, "path too long");
  if (r.query.size() > kMaxQueryParams) return make_error(ErrorCode::bad_request, "too many query parameters");
  for (const auto& [k, v] : r.query) {
    if (k.size() > kMaxValueBytes || v.size() > kMaxValueBytes) {
      return make_error(ErrorCode::bad_request,
                        fmt::format("query parameter too long (at most {} bytes)", kMaxValueBytes));
    }
  }
  std::vector<std::string> seg;
  for (std::size_t i = 0; i < r.path.size();) {
    const std::size_t j = r.path.find('/', i);
    const std::size_t end = j == std::string::npos ? r.path.size() : j;
    if (end > i) seg.emplace_back(r.path.substr(i, end - i));
    i = end + 1;
  }
  if (seg.size() == 6 && seg[0] == "tiles") {
    return seg[2] == "history" ? history_tile_route(store, site, seg, r) : tile_route(store, seg, r);
  }
  if (seg.size() == 1 && seg[0] == "site.json") return site_route(store, site, r);
  if (seg.size() == 2 && seg[0] == "base") return base_route(site, seg[1], r);
  if (seg.empty() || seg[0] != "api") return make_error(ErrorCode::not_found, fmt::format("no path {}", r.path));
  if (seg.size() == 2 && seg[1] == "openapi.json") {
    FRONTLINE_TRY(q, Query::of(r, {}));
    (void)q;
    return Body{openapi_json()};
  }
  if (seg.size() >= 2 && seg[1] == "maps") {
    if (seg.size() == 2) {
      FRONTLINE_TRY(q, Query::of(r, {}));
      (void)q;
      FRONTLINE_TRY(maps, store.maps());
      return Body{format::maps_json(maps)};
    }
    if (seg.size() == 4) return map_route(store, seg[2], seg[3], r);
  }
  if (seg.size() >= 2 && seg[1] == "places") {
    if (seg.size() == 2) {
      FRONTLINE_TRY(q, Query::of(r, {"q", "oblast"}));
      FRONTLINE_TRY(name, q.need("q"));
      FRONTLINE_TRY(place, find_place(store, name, q.get("oblast").value_or("")));
      return Body{format::place_json(place)};
    }
    if (seg.size() == 3 && seg[2] == "search") {
      FRONTLINE_TRY(q, Query::of(r, {"q", "limit"}));
      FRONTLINE_TRY(text, q.need("q"));
      std::int64_t limit = 10;
      if (q.has("limit")) {
        FRONTLINE_TRY(l, parse_int(*q.get("limit"), "limit"));
        if (l < 1 || l > 100) return make_error(ErrorCode::bad_request, "limit: give 1 to 100");
        limit = l;
      }
      FRONTLINE_TRY(found, search_places(store, text, static_cast<std::size_t>(limit)));
      return Body{format::places_json(found)};
    }
    FRONTLINE_TRY(id, parse_id(seg[2]));
    FRONTLINE_TRY(found, store.place(id));
    if (!found) return make_error(ErrorCode::not_found, fmt::format("no place with id {}", id));
    if (seg.size() == 3) {
      FRONTLINE_TRY(q, Query::of(r, {"map", "at", "tz"}));
      FRONTLINE_TRY(map, map_param(store, q));
      if (!q.has("at")) return Body{format::place_json(*found)};
      FRONTLINE_TRY(zone, zone_of(q));
      FRONTLINE_TRY(t, parse_time(*q.get("at"), zone));
      FRONTLINE_TRY(s, place_status(store, map, *found, t));
      return Body{format::place_status_json(map, s)};
    }
    if (seg.size() == 4 && seg[3] == "timeline") {
      FRONTLINE_TRY(q, Query::of(r, {"map"}));
      FRONTLINE_TRY(map, map_param(store, q));
      FRONTLINE_TRY(t, place_timeline(store, map, *found));
      return Body{format::place_timeline_json(map, t)};
    }
  }
  if (seg.size() == 2 && seg[1] == "regions") {
    FRONTLINE_TRY(q, Query::of(r, {"map", "level", "at", "from", "to", "tz"}));
    FRONTLINE_TRY(map, map_param(store, q));
    FRONTLINE_TRY(level_s, q.need("level"));
    const auto level = place_kind_from_string(level_s);
    if (!level || *level == PlaceKind::settlement || *level == PlaceKind::custom) {
      return make_error(ErrorCode::bad_request, fmt::format("level '{}': give oblast, raion or hromada", level_s));
    }
    FRONTLINE_TRY(zone, zone_of(q));
    if (q.has("at") == (q.has("from") || q.has("to"))) {
      return make_error(ErrorCode::bad_request, "give either at, or from and to");
    }
    if (q.has("at")) {
      FRONTLINE_TRY(t, parse_time(*q.get("at"), zone));
      FRONTLINE_TRY(rows, regions_at(store, map, *level, t));
      return Body{format::regions_json(rows)};
    }
    FRONTLINE_TRY(from_s, q.need("from"));
    FRONTLINE_TRY(to_s, q.need("to"));
    FRONTLINE_TRY(from, parse_month_or_time(from_s, zone));
    FRONTLINE_TRY(to, parse_month_or_time(to_s, zone));
    FRONTLINE_TRY(rows, regions_change(store, map, *level, from, to));
    return Body{format::regions_json(rows)};
  }
  return make_error(ErrorCode::not_found, fmt::format("no path {}", r.path));
}

json param(const char* name, const char* description, bool required = false) {
  return {{"name", name},
          {"in", "query"},
          {"required", required},
          {"description", description},
          {"schema", {{"type", "string"}}}};
}

json path_param(const char* name, const char* description) {
  return {{"name", name},
          {"in", "path"},
          {"required", true},
          {"description", description},
          {"schema", {{"type", "string"}}}};
}

json get_op(const char* summary, json params, const char* content_type = "application/json") {
  json responses;
  responses["200"] = {{"description", "the same document as the CLI's --json"},
                      {"content", {{content_type, {{"schema", {{"type", "object"}}}}}}}};
  responses["400"] = {{"description", "a malformed request: {\"error\": {\"code\", \"message\"}}"}};
  responses["404"] = {{"description", "no such map, version, place or path"}};
  return {{"get", {{"summary", summary}, {"parameters", std::move(params)}, {"responses", responses}}}};
}

json build_openapi() {
  const json map = path_param("map", "map name (GET /api/maps)");
  const json tz = param("tz", "IANA time zone for times without an offset (default UTC)");
  json paths;
  paths["/api/maps"] = get_op("the maps of the store", json::array());
  paths["/api/maps/{map}/versions"] = get_op("every version with its areas and change", json::array({map}));
  paths["/api/maps/{map}/area"] = get_op(
      "km² per status as of a time, or one row per step",
      json::array({map, param("at", "ISO 8601 time or DeepState version id"), param("from", "first time (series)"),
                   param("to", "last time (series)"), param("every", "day, week or month (series)"), tz}));
  paths["/api/maps/{map}/gains"] =
      get_op("net, gained and lost per period",
             json::array({map, param("by", "day, week or month (default month)"), param("from", "first period", true),
                          param("to", "last period", true), tz}));
  paths["/api/maps/{map}/diff"] =
      get_op("what changed between two times, as GeoJSON features",
             json::array({map, param("from", "first time", true), param("to", "second time", true), tz}),
             "application/geo+json");
  paths["/api/maps/{map}/status"] =
      get_op("the status of a point as of a time",
             json::array({map, param("at", "time", true), param("lon", "longitude, degrees east", true),
                          param("lat", "latitude, degrees north", true), tz}));
  paths["/api/maps/{map}/line"] =
      get_op("the line of contact as of a time; format=geojson gives its geometry (as `line -o`)",
             json::array({map, param("at", "time", true), param("edge", "russian, ukrainian or middle"),
                          param("format", "json (default) or geojson"), tz}));
  paths["/api/maps/{map}/advance"] =
      get_op("how far the line moved between two times",
             json::array({map, param("from", "first time", true), param("to", "second time", true), tz}));
  paths["/api/places"] = get_op("find a place by name (any spelling)",
                                json::array({param("q", "name", true), param("oblast", "narrow to an oblast")}));
  paths["/api/places/search"] =
      get_op("places whose names match or start with q, best first (a search box; as `places search --json`)",
             json::array({param("q", "the start of a name, any spelling", true), param("limit", "1 to 100 (10)")}));
  paths["/api/places/{id}"] =
      get_op("a place; with at, its status as of that time",
             json::array({path_param("id", "place id"), param("map", "map name (default: the store's)"),
                          param("at", "time"), tz}));
  paths["/api/places/{id}/timeline"] =
      get_op("every change of a place's label and its capture dates",
             json::array({path_param("id", "place id"), param("map", "map name (default: the store's)")}));
  paths["/api/regions"] =
      get_op("area and share occupied per unit, or its change",
             json::array({param("level", "oblast, raion or hromada", true),
                          param("map", "map name (default: the store's)"), param("at", "time"),
                          param("from", "first time (change)"), param("to", "second time (change)"), tz}));
  paths["/api/openapi.json"] = get_op("this document", json::array());
  paths["/tiles/{map}/{version}/{z}/{x}/{y}.mvt"] =
      get_op("a vector tile (MVT 2.1) of one version: layer control, properties status and version_time",
             json::array({map, path_param("version", "latest, a version's time (immutable) or any time"),
                          path_param("z", "zoom, 0 to 18"), path_param("x", "column"), path_param("y", "row")}),
             "application/vnd.mapbox-vector-tile");
  paths["/tiles/{map}/history/{z}/{x}/{y}.mvt"] = get_op(
      "a time-enabled vector tile of the whole history: layer control, properties status, from and to (the "
      "version indexes a piece is valid for, from <= i < to); 503 while the server builds them",
      json::array({map, path_param("z", "zoom, 0 to the deepest in site.json"), path_param("x", "column"),
                   path_param("y", "row")}),
      "application/vnd.mapbox-vector-tile");
  paths["/site.json"] =
      get_op("what the web map reads first: maps, version counts, tile URLs, base layers", json::array());
  paths["/base/{name}"] = get_op(
      "a base layer of the web map as GeoJSON (oblasts.geojson, hromadas.geojson, settlements.geojson, "
      "neighbours.geojson); 503 while the server builds them",
      json::array({path_param("name", "the layer's file name")}), "application/geo+json");
  json doc;
  doc["openapi"] = "3.0.3";
  doc["info"] = {{"title", "frontline API"},
                 {"version", "1"},
                 {"description", "Read-only API over a frontline store (docs/server.md)."}};
  doc["paths"] = paths;
  return doc;
}

}  // namespace

const std::string& openapi_json() {
  static const std::string doc = build_openapi().dump(2) + "\n";
  return doc;
}

ApiRequest request_from_line(std::string_view text) {
  ApiRequest r;
  const auto space = text.find(' ');
  r.method = std::string(text.substr(0, space));
  const std::string_view target = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
  const auto q = target.find('?');
  r.path = std::string(target.substr(0, q));
  if (q == std::string_view::npos) return r;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    r.query.emplace_back(std::string(pair.substr(0, eq)),
                         eq == std::string_view::npos ? std::string{} : std::string(pair.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return r;
}

int http_status(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::bad_input:
    case ErrorCode::bad_request:
      return 400;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::conflict:
      return 409;
    case ErrorCode::io:
    case ErrorCode::internal:
      return 500;
    case ErrorCode::unavailable:
      return 503;
  }
  return 500;
}

std::string error_body(ErrorCode code, std::string_view message) {
  json j;
  j["error"] = {{"code", to_string(code)}, {"message", message}};
  // Messages quote what the request said, which need not be UTF-8.
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

ApiResponse handle(const Store& store, const ApiRequest& request) {
  return handle(store, nullptr, request);
}

ApiResponse handle(const Store& store, const SiteCache* site, const ApiRequest& request) {
  try {
    auto body = route(store, site, request);
    if (!body) {
      const auto& e = body.error();
      int status = http_status(e.code);
      if (request.method != "GET" && request.method != "HEAD") status = 405;
      return {status, "application/json", error_body(e.code, e.message)};
    }
    return {200, body->content_type, std::move(body->text), body->immutable, body->provisional};
  } catch (const std::exception& e) {
    return {500, "application/json", error_body(ErrorCode::internal, e.what())};
  } catch (...) {
    return {500, "application/json", error_body(ErrorCode::internal, "unknown error")};
  }
}

}  // namespace frontline::server
