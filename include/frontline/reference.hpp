// Reference regions: the area that shares are taken of (Ukraine's internationally recognised
// territory), measured from a boundary file exactly as map layers are measured.
#pragma once

#include <filesystem>

#include "frontline/error.hpp"
#include "frontline/store.hpp"

namespace frontline {

struct ReferenceArea {
  double area_m2 = 0;
  std::size_t features = 0;
  std::size_t repaired = 0;
};

// Geodesic area of the union of every polygon feature in a vector file (any GDAL format).
Result<ReferenceArea> measure_boundary(const std::filesystem::path& path);

}  // namespace frontline
