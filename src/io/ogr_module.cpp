// The entry point of the GDAL module (libfrontline_ogr.so), loaded on demand by ogr_loader.cpp.
#include "io/ogr_reader.hpp"

extern "C" __attribute__((visibility("default"))) frontline::Result<std::vector<frontline::io::OgrFeature>>*
frontline_ogr_read_polygons(const char* path, const char* name_field) {
  return new frontline::Result<std::vector<frontline::io::OgrFeature>>(
      frontline::io::read_ogr_polygons(path, name_field));
}
