// Reading vector files through GDAL/OGR, loaded on first use.
//
// GDAL drags 113 shared libraries into a process, which costs about 40 ms at every start; only
// reading boundaries needs it, while `area --at` must answer in well under 20 ms. So the OGR
// reader lives in a module (libfrontline_ogr.so) that this loads with dlopen when called.
#pragma once

#include <filesystem>
#include <vector>

#include "frontline/error.hpp"
#include "io/ogr_reader.hpp"

namespace frontline::io {

Result<std::vector<OgrFeature>> load_ogr_polygons(const std::filesystem::path& path, const std::string& name_field);

}  // namespace frontline::io
