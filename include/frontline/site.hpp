// What the web map reads (web/, docs/web.md): `site.json`, the base layers drawn under the map,
// and for a static site every document the app would otherwise ask the server for, with the tiles
// as PMTiles archives. `frontline serve` answers the same paths from memory; `frontline
// export-site` writes them to a folder that any static file server or CDN can serve.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/store.hpp"
#include "frontline/tiles.hpp"

namespace frontline {

enum class SiteMode { api, static_files };

struct SiteFile {
  std::string path;  // relative, with '/' (e.g. "data/deepstate/versions.json")
  std::string bytes;
  std::string content_type;
};

// site.json: the mode, the default map, each map's version count and where its history tiles are
// (a URL template for the server, a pmtiles:// URL for a static site), and the base layers.
std::string site_json(SiteMode mode, std::string_view default_map, const std::vector<HistoryTiles>& maps);

// The base map from the store's gazetteer and the bundled neighbours' land, as GeoJSON:
// base/oblasts.geojson and base/hromadas.geojson (outlines simplified to about 100 m for drawing;
// properties name, name_en), base/settlements.geojson (points: id, name, name_en, population),
// base/neighbours.geojson. A store without a gazetteer gives oblasts from the bundled boundaries
// and no hromadas or settlements.
Result<std::vector<SiteFile>> base_layers(const Store& store);

struct SiteReport {
  struct MapTiles {
    std::string map;
    std::int64_t history_tiles = 0, history_bytes = 0, features = 0;
    std::int64_t per_version_estimate_bytes = 0;  // the latest tiles' bytes times the version count
    std::int64_t latest_bytes = 0;
    double seconds = 0;
  };
  std::vector<MapTiles> maps;
  std::string out;
  std::int64_t files = 0, data_bytes = 0;  // what static_site_files() gave, the app aside
};
// Formatted by format::site_report_json() and site_report_text() (frontline/format.hpp).

// Everything a static site holds besides the app itself: site.json, base/, data/ (per map the
// versions, the monthly gains in Kyiv time and the oblasts at the latest version; the places for
// search) and tiles/{map}-history.pmtiles and tiles/{map}-latest.pmtiles. `progress` is told
// what is being built.
Result<std::vector<SiteFile>> static_site_files(const Store& store, const HistoryTileOptions& tiles, SiteReport& report,
                                                const std::function<void(std::string_view)>& progress = {});

// Writes a static site to `out`: the web app's files from `app_dir` (web/dist; none when empty)
// and `files`. Everything goes to a new folder beside `out` first, which then takes its place: a
// reader sees the old site or the new one. An `out` that exists must be an earlier export (it has
// a site.json) or empty; anything else is refused (bad_request), and so is `out` holding `protect`.
Result<void> write_static_site(const std::filesystem::path& out, const std::filesystem::path& app_dir,
                               const std::vector<SiteFile>& files, const std::filesystem::path& protect = {});

}  // namespace frontline
