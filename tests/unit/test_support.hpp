// Helpers shared by the unit tests: WKT literals to grid polygons, the reference-data tables in
// tests/data/unit, scratch folders and relative comparisons.
#pragma once

#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "frontline/geometry.hpp"

namespace frontline::test {

// The tests' reference data (tests/data/unit) and the repository's bundled data (data/).
std::filesystem::path unit_data(std::string_view name);
std::filesystem::path repo_data(std::string_view name);

std::string read_text(const std::filesystem::path& path);
void write_text(const std::filesystem::path& path, std::string_view text);

// A (MULTI)POLYGON in WKT, "lon lat", as polygons on the 1e-7 degree grid. Aborts the test on
// text GEOS cannot read.
MultiPolygon polygons_from_wkt(std::string_view wkt);
Polygon polygon_from_wkt(std::string_view wkt);

// Tab-separated rows, skipping empty lines and lines starting with '#'.
std::vector<std::vector<std::string>> read_tsv(const std::filesystem::path& path);

// tests/data/unit/geodesic_cases.tsv: pyproj's area and perimeter of named polygons, as frontline
// measures them (edges straight in lon/lat) and with every edge one geodesic.
struct GeodesicCase {
  std::string name;
  std::string wkt;
  double area_m2 = 0;
  double perimeter_m = 0;
  double geodesic_area_m2 = 0;
  double geodesic_perimeter_m = 0;
};
const std::vector<GeodesicCase>& geodesic_cases();
const GeodesicCase& geodesic_case(std::string_view name);  // fails the test when missing
inline double case_area(std::string_view name) {
  return geodesic_case(name).area_m2;
}
inline Polygon case_polygon(std::string_view name) {
  return polygon_from_wkt(geodesic_case(name).wkt);
}

// A fresh, empty folder under the system temp folder, removed again on destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline double relative_difference(double a, double b) {
  const double scale = std::max(std::fabs(a), std::fabs(b));
  return scale == 0 ? 0 : std::fabs(a - b) / scale;
}

// A GeoJSON FeatureCollection of polygon features with DeepState-style properties.
struct FeatureSpec {
  std::string name;  // the "name" property (JSON-escaped by the caller if needed)
  std::string fill;
  std::string geometry_json;  // a GeoJSON geometry object
};
std::string feature_collection(const std::vector<FeatureSpec>& features);
// A GeoJSON Polygon geometry object from a grid polygon.
std::string geojson_polygon(const Polygon& p);

}  // namespace frontline::test
