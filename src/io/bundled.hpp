// The boundary files bundled with frontline (data/README.md says where each comes from), as
// built into the library, and a reader for their GeoJSON.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/geometry.hpp"

namespace frontline::io {

// data/ukraine-oblasts.geojson.gz: Minregion's 27 oblast-level units (Crimea and Sevastopol
// included), property ADMIN_1.
std::span<const char> bundled_oblasts_gz();
// data/neighbours-land.geojson.gz: the land of Ukraine's neighbours near it (OSM), property name.
std::span<const char> bundled_neighbours_land_gz();

struct GeoJsonFeature;
// The bundled oblasts (ADMIN_1 names): together, Ukraine's internationally recognised territory.
Result<std::vector<GeoJsonFeature>> ukraine_oblasts();
// The neighbours' land, every country's polygons together (valid, not overlapping).
Result<MultiPolygon> neighbours_land();

struct GeoJsonFeature {
  std::map<std::string, std::string> properties;  // scalar properties as text (numbers as written)
  MultiPolygon polygons;                          // Polygon and MultiPolygon geometries
  std::vector<FixedCoordinate> points;            // Point and MultiPoint geometries
};

// The features of a GeoJSON FeatureCollection (or one Feature), gzip-compressed or not.
// `name` is used in messages. Bad JSON, a coordinate out of range or a ring of fewer than four
// positions is an error naming the feature.
Result<std::vector<GeoJsonFeature>> read_geojson_features(std::string_view name, std::span<const char> bytes);

}  // namespace frontline::io
