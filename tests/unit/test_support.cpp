#include "test_support.hpp"

#include <geos_c.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

namespace frontline::test {

namespace fs = std::filesystem;

fs::path unit_data(std::string_view name) {
  return fs::path(FRONTLINE_UNIT_DATA) / name;
}
fs::path repo_data(std::string_view name) {
  return fs::path(FRONTLINE_REPO_DATA) / name;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  EXPECT_TRUE(out.good()) << "cannot write " << path;
}

namespace {
std::int32_t to_grid(double degrees) {
  return static_cast<std::int32_t>(std::lround(degrees * kGridPerDegree));
}

Ring ring_from(GEOSContextHandle_t h, const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(h, seq, &n);
  Ring out;
  for (unsigned i = 0; i < n; ++i) {
    double x = 0;
    double y = 0;
    GEOSCoordSeq_getXY_r(h, seq, i, &x, &y);
    out.push_back({to_grid(x), to_grid(y)});
  }
  return out;
}

void collect(GEOSContextHandle_t h, const GEOSGeometry* g, MultiPolygon& out) {
  const int type = GEOSGeomTypeId_r(h, g);
  if (type == GEOS_POLYGON) {
    Polygon p;
    p.outer = ring_from(h, GEOSGetExteriorRing_r(h, g));
    for (int i = 0; i < GEOSGetNumInteriorRings_r(h, g); ++i)
      p.holes.push_back(ring_from(h, GEOSGetInteriorRingN_r(h, g, i)));
    out.push_back(std::move(p));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    for (int i = 0; i < GEOSGetNumGeometries_r(h, g); ++i) collect(h, GEOSGetGeometryN_r(h, g, i), out);
  } else {
    ADD_FAILURE() << "not a polygon: type " << type;
  }
}
}  // namespace

MultiPolygon polygons_from_wkt(std::string_view wkt) {
  GEOSContextHandle_t h = GEOS_init_r();
  GEOSWKTReader* reader = GEOSWKTReader_create_r(h);
  const std::string text(wkt);
  GEOSGeometry* g = GEOSWKTReader_read_r(h, reader, text.c_str());
  MultiPolygon out;
  if (g == nullptr) {
    ADD_FAILURE() << "GEOS cannot read WKT: " << text.substr(0, 200);
  } else {
    collect(h, g, out);
    GEOSGeom_destroy_r(h, g);
  }
  GEOSWKTReader_destroy_r(h, reader);
  GEOS_finish_r(h);
  return out;
}

Polygon polygon_from_wkt(std::string_view wkt) {
  MultiPolygon mp = polygons_from_wkt(wkt);
  if (mp.size() != 1) {
    ADD_FAILURE() << "expected one polygon, got " << mp.size();
    return {};
  }
  return std::move(mp.front());
}

std::vector<std::vector<std::string>> read_tsv(const fs::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(read_text(path));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
      const std::size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

const std::vector<GeodesicCase>& geodesic_cases() {
  static const std::vector<GeodesicCase> cases = [] {
    std::vector<GeodesicCase> out;
    for (const auto& row : read_tsv(unit_data("geodesic_cases.tsv"))) {
      if (row.size() != 6) {
        ADD_FAILURE() << "geodesic_cases.tsv: a row has " << row.size() << " fields";
        continue;
      }
      out.push_back({row[0], row[1], std::stod(row[2]), std::stod(row[3]), std::stod(row[4]), std::stod(row[5])});
    }
    return out;
  }();
  return cases;
}

const GeodesicCase& geodesic_case(std::string_view name) {
  for (const auto& c : geodesic_cases()) {
    if (c.name == name) return c;
  }
  ADD_FAILURE() << "no case '" << name << "' in geodesic_cases.tsv";
  static const GeodesicCase none{};
  return none;
}

ScratchDir::ScratchDir() {
  static std::atomic<int> counter{0};
  path_ =
      fs::temp_directory_path() / ("frontline-unit-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string geojson_polygon(const Polygon& p) {
  std::string out = R"({"type": "Polygon", "coordinates": [)";
  auto ring = [&](const Ring& r) {
    out += "[";
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (i > 0) out += ", ";
      char buf[64];
      std::snprintf(buf, sizeof buf, "[%.7f, %.7f]", r[i].lon * kGridDegrees, r[i].lat * kGridDegrees);
      out += buf;
    }
    out += "]";
  };
  ring(p.outer);
  for (const auto& h : p.holes) {
    out += ", ";
    ring(h);
  }
  out += "]}";
  return out;
}

std::string feature_collection(const std::vector<FeatureSpec>& features) {
  std::string out = R"({"type": "FeatureCollection", "features": [)";
  for (std::size_t i = 0; i < features.size(); ++i) {
    const auto& f = features[i];
    if (i > 0) out += ",";
    out += "\n  {\"type\": \"Feature\", \"properties\": {\"name\": \"" + f.name + "\", \"fill\": \"" + f.fill +
           "\"}, \"geometry\": " + f.geometry_json + "}";
  }
  out += "\n]}\n";
  return out;
}

}  // namespace frontline::test
