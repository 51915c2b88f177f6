// The boundary files bundled with frontline (data/README.md says where each comes from), as
// built into the library, and a reader for their GeoJSON.
#pragma once

#include <cstdint>
#include <filesystem>
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
  // Scalar properties as text (numbers as written); lists of strings one per line.
  std::map<std::string, std::string> properties;
  MultiPolygon polygons;                // Polygon and MultiPolygon geometries
  std::vector<FixedCoordinate> points;  // Point and MultiPoint geometries
};

// The features of a GeoJSON FeatureCollection (or one Feature), gzip-compressed or not.
// `name` is used in messages. Bad JSON, a coordinate out of range or a ring of fewer than four
// positions is an error naming the feature.
// With `dropped_rings`, a ring of fewer than four positions or not closed is dropped (and
// counted there; a polygon whose outer ring is dropped goes with it) rather than refused.
Result<std::vector<GeoJsonFeature>> read_geojson_features(std::string_view name, std::span<const char> bytes,
                                                          std::size_t* dropped_rings = nullptr);

// The bytes as they are, or decompressed when they are gzip, zstd or xz (by their magic bytes),
// refused past `max_bytes` unpacked.
Result<std::string> decompressed(std::string_view name, std::span<const char> bytes, std::uint64_t max_bytes);

// A whole file, refused past `max_bytes` (exit 2, naming the file) and when it is not a regular file.
Result<std::string> read_file_bounded(const std::filesystem::path& path, std::uint64_t max_bytes);
// The same, decompressed when it is gzip, zstd or xz; `max_bytes` bounds it before and after.
Result<std::string> read_text_file(const std::filesystem::path& path, std::uint64_t max_bytes);

}  // namespace frontline::io
