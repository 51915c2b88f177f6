// Vector tiles (frontline/tiles.hpp, io/mvt.hpp), read back by GDAL's MVT driver: an independent
// decoder and an independent Web Mercator. The fixture's polygons are axis-aligned rectangles of
// the golden deepstate series (tests/data/golden/expected_areas.py).
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <string>

#include "frontline/frontline.hpp"
#include "io/mvt.hpp"

namespace frontline {
namespace {

struct Decoded {
  std::string status;
  double area_3857 = 0;  // m² on the Mercator plane
  OGREnvelope envelope{};
};

// GDAL opens the tile bytes from memory as z/x/y; geometries come in EPSG:3857.
std::vector<Decoded> decode(const std::string& bytes, const TileId& t) {
  GDALAllRegister();
  const std::string name = "/vsimem/frontline_tile_test.mvt";
  VSIFCloseL(VSIFileFromMemBuffer(name.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(bytes.data())),
                                  static_cast<vsi_l_offset>(bytes.size()), FALSE));
  const std::string z = "Z=" + std::to_string(t.z), x = "X=" + std::to_string(t.x), y = "Y=" + std::to_string(t.y);
  const char* options[] = {z.c_str(), x.c_str(), y.c_str(), nullptr};
  const char* drivers[] = {"MVT", nullptr};
  GDALDatasetH ds = GDALOpenEx(name.c_str(), GDAL_OF_VECTOR, drivers, options, nullptr);
  std::vector<Decoded> out;
  if (ds == nullptr) {
    ADD_FAILURE() << "GDAL cannot open the tile";
    return out;
  }
  OGRLayerH layer = GDALDatasetGetLayerByName(ds, "control");
  EXPECT_NE(layer, nullptr);
  if (layer != nullptr) {
    OGR_L_ResetReading(layer);
    while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
      Decoded d;
      d.status = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "status"));
      OGRGeometryH g = OGR_F_GetGeometryRef(f);
      d.area_3857 = OGR_G_Area(g);
      OGR_G_GetEnvelope(g, &d.envelope);
      out.push_back(d);
      OGR_F_Destroy(f);
    }
  }
  GDALClose(ds);
  VSIUnlink(name.c_str());
  return out;
}

// The same rectangle in EPSG:3857 by GDAL's own projection.
double mercator_area(double lon0, double lat0, double lon1, double lat1) {
  OGRSpatialReferenceH wgs = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(wgs, 4326);
  OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReferenceH merc = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(merc, 3857);
  OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(wgs, merc);
  double xs[2] = {lon0, lon1}, ys[2] = {lat0, lat1};
  OCTTransform(ct, 2, xs, ys, nullptr);
  OCTDestroyCoordinateTransformation(ct);
  OSRDestroySpatialReference(wgs);
  OSRDestroySpatialReference(merc);
  return std::abs((xs[1] - xs[0]) * (ys[1] - ys[0]));
}

TEST(Tiles, ZoomAndRangeAreChecked) {
  EXPECT_TRUE(make_tile_id(0, 0, 0));
  EXPECT_TRUE(make_tile_id(18, 262143, 0));
  EXPECT_FALSE(make_tile_id(19, 0, 0));
  EXPECT_FALSE(make_tile_id(-1, 0, 0));
  EXPECT_FALSE(make_tile_id(3, 8, 0));
  EXPECT_FALSE(make_tile_id(3, 0, -1));
}

TEST(Tiles, AVersionReadBackByGdal) {
  const auto path =
      std::filesystem::temp_directory_path() / ("frontline_tiles_test_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    auto w = Store::open_for_writing(path, WriteOptions{true});
    ASSERT_TRUE(w);
    const std::vector<std::filesystem::path> inputs{std::filesystem::path(FRONTLINE_GOLDEN_DATA) / "deepstate"};
    ASSERT_TRUE(import_paths(*w, inputs, {}));
  }
  auto store = Store::open_read_only(path);
  ASSERT_TRUE(store);
  auto v = store->version_at("deepstate", Timestamp{1735711200});  // v1
  ASSERT_TRUE(v && *v);
  // Tile 5/19/11 (lon 33.75..45, lat 40.98..48.92) holds the whole fixture.
  auto t = make_tile_id(5, 19, 11);
  ASSERT_TRUE(t);
  auto bytes = version_tile(*store, **v, *t);
  ASSERT_TRUE(bytes) << bytes.error().message;
  const auto features = decode(*bytes, *t);
  auto polygons = store->polygons((*v)->id);
  ASSERT_TRUE(polygons);
  EXPECT_EQ(features.size(), polygons->size());
  // v1's occupied O1 = rect(37.0, 47.0, 37.5, 47.5) and contested C1 = rect(37.6, 47.0, 37.8, 47.5):
  // each within the rounding of its edges to the tile's grid (a unit is 305.7 m at zoom 5).
  const double unit = 40075016.686 / 32 / 4096;
  std::map<std::string, double> expect{{"occupied", mercator_area(37.0, 47.0, 37.5, 47.5)},
                                       {"contested", mercator_area(37.6, 47.0, 37.8, 47.5)}};
  for (const auto& [status, area] : expect) {
    bool found = false;
    for (const auto& f : features) {
      if (f.status != status) continue;
      const double w = f.envelope.MaxX - f.envelope.MinX, h = f.envelope.MaxY - f.envelope.MinY;
      if (std::abs(f.area_3857 - area) <= unit * (w + h)) found = true;
    }
    EXPECT_TRUE(found) << status << " rectangle, " << area << " m² in EPSG:3857";
  }
}

TEST(Mvt, RingsAreWoundAsTheSpecSays) {
  // A counter-clockwise exterior on screen is reversed; an empty or flat ring is left out.
  io::TileRing ccw{{0, 0}, {0, 10}, {10, 10}, {10, 0}};
  EXPECT_LT(io::twice_area(ccw), 0);
  io::TileLayer layer{"control", 4096, {}};
  layer.features.push_back({1, {{"status", "occupied"}}, {{ccw, {}}}});
  layer.features.push_back({2, {}, {{{{0, 0}, {5, 5}, {10, 10}}, {}}}});  // no area: dropped
  const std::string bytes = io::encode_mvt({layer});
  const auto features = decode(bytes, TileId{0, 0, 0});
  ASSERT_EQ(features.size(), 1u);
  EXPECT_EQ(features[0].status, "occupied");
  EXPECT_GT(features[0].area_3857, 0);
}

}  // namespace
}  // namespace frontline
