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

// Ukraine's internationally recognised territory (Crimea and Sevastopol included), as
// measure_boundary measures the bundled data/ukraine-oblasts.geojson.gz (Minregion's oblasts):
// 602,312.7 km² (the State Statistics Service publishes 603,628 km²). Every store knows it: it is
// the denominator of share_of_ukraine unless the store holds a "ukraine" reference of its own
// (`frontline reference`). tests/unit/reference_test.cpp measures the bundled file again and
// compares; the value is expected_areas.py --oblasts (shapely and pyproj, edges straight in lon/lat).
inline constexpr double kUkraineAreaM2 = 602312707853.6698;

// The denominator of shares: the store's "ukraine" reference, else kUkraineAreaM2.
Result<double> ukraine_area_m2(const Store& store);

}  // namespace frontline
