// Reads polygons from any vector format GDAL/OGR knows (GeoJSON, Shapefile, GeoPackage, KML, ...;
// gzip-compressed files too). Used for boundaries; map histories have their own fast reader.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/geometry.hpp"

namespace frontline::io {

struct OgrFeature {
  std::string name;  // the value of the requested name field, if any
  MultiPolygon polygons;
};

// All polygonal features of the first layer, in WGS84 longitude/latitude (reprojected if needed).
Result<std::vector<OgrFeature>> read_ogr_polygons(const std::filesystem::path& path, const std::string& name_field);

}  // namespace frontline::io
