// Time-enabled history tiles (frontline/tiles.hpp), the ring clipper under them
// (geo/tile_geometry.hpp) and the PMTiles writer (io/pmtiles.hpp). Tiles are read back by GDAL's
// MVT driver; PMTiles archives are read back here by the specification's byte layout (and, in
// web.pmtiles_check, by the pmtiles npm library).
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <zlib.h>

#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>

#include "frontline/frontline.hpp"
#include "geo/tile_geometry.hpp"
#include "io/mvt.hpp"
#include "io/pmtiles.hpp"

namespace frontline {
namespace {

struct Piece {
  std::string status;
  std::int64_t from = -1, to = -1;
  double area = 0;  // m² on the Mercator plane
};

std::vector<Piece> decode(const std::string& bytes, const TileId& t) {
  GDALAllRegister();
  const std::string name = "/vsimem/frontline_history_tile_test.mvt";
  VSIFCloseL(VSIFileFromMemBuffer(name.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(bytes.data())),
                                  static_cast<vsi_l_offset>(bytes.size()), FALSE));
  const std::string z = "Z=" + std::to_string(t.z), x = "X=" + std::to_string(t.x), y = "Y=" + std::to_string(t.y);
  const char* options[] = {z.c_str(), x.c_str(), y.c_str(), "CLIP=NO", nullptr};
  const char* drivers[] = {"MVT", nullptr};
  std::vector<Piece> out;
  GDALDatasetH ds = GDALOpenEx(name.c_str(), GDAL_OF_VECTOR, drivers, options, nullptr);
  if (ds == nullptr) return out;  // a tile without layers
  if (OGRLayerH layer = GDALDatasetGetLayerByName(ds, "control")) {
    OGR_L_ResetReading(layer);
    while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
      Piece p;
      p.status = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "status"));
      if (const int i = OGR_F_GetFieldIndex(f, "from"); i >= 0) p.from = OGR_F_GetFieldAsInteger64(f, i);
      if (const int i = OGR_F_GetFieldIndex(f, "to"); i >= 0) p.to = OGR_F_GetFieldAsInteger64(f, i);
      p.area = OGR_G_Area(OGR_F_GetGeometryRef(f));
      out.push_back(p);
      OGR_F_Destroy(f);
    }
  }
  GDALClose(ds);
  VSIUnlink(name.c_str());
  return out;
}

class HistoryTilesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    path_ = std::filesystem::temp_directory_path() / ("frontline_history_tiles_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    auto w = Store::open_for_writing(path_, WriteOptions{true});
    ASSERT_TRUE(w);
    const std::vector<std::filesystem::path> inputs{std::filesystem::path(FRONTLINE_GOLDEN_DATA) / "deepstate"};
    ASSERT_TRUE(import_paths(*w, inputs, {}));
  }
  static void TearDownTestSuite() { std::filesystem::remove(path_); }
  static std::filesystem::path path_;
};
std::filesystem::path HistoryTilesTest::path_;

TileId tile_at(int z, double lon, double lat) {
  const double n = std::ldexp(1.0, z);
  return TileId{z, static_cast<std::int64_t>(geo::mercator_x(lon) * n),
                static_cast<std::int64_t>(geo::mercator_y(lat) * n)};
}

// Filtered to version i, a history tile shows what the tile of version i shows: per status, the
// same area within the rounding to the tile's grid, at a zoom where the fixture is in one cell
// and at one where it spans many.
TEST_F(HistoryTilesTest, FilteredByVersionEqualsThatVersionsTile) {
  auto store = Store::open_read_only(path_);
  ASSERT_TRUE(store);
  HistoryTileOptions options;
  options.max_zoom = 9;
  auto h = history_tiles(*store, "deepstate", options);
  ASSERT_TRUE(h) << h.error().message;
  ASSERT_GE(h->versions.size(), 5u);
  for (int z : {5, 9}) {
    const TileId t = tile_at(z, 37.4, 47.25);
    auto it = h->tiles.find(t);
    ASSERT_NE(it, h->tiles.end()) << "zoom " << z;
    const auto pieces = decode(it->second, t);
    ASSERT_FALSE(pieces.empty());
    const double unit = 40075016.686 / std::ldexp(1.0, z) / 4096;
    for (std::size_t i = 0; i < h->versions.size(); ++i) {
      std::map<std::string, double> history, version;
      for (const auto& p : pieces) {
        ASSERT_GE(p.from, 0);
        ASSERT_GT(p.to, p.from);
        if (p.from <= static_cast<std::int64_t>(i) && static_cast<std::int64_t>(i) < p.to) history[p.status] += p.area;
      }
      auto bytes = version_tile(*store, h->versions[i], t);
      ASSERT_TRUE(bytes);
      for (const auto& p : decode(*bytes, t)) version[p.status] += p.area;
      ASSERT_EQ(history.size(), version.size()) << "version " << i << " zoom " << z;
      for (const auto& [status, area] : version) {
        // Each edge may move by a unit when rounded; the fixture's rectangles are under 0.8° a side.
        const double tolerance = unit * 4 * (0.8 * 111'000 / std::cos(47.25 * M_PI / 180)) * 2;
        EXPECT_NEAR(history[status], area, tolerance) << status << ", version " << i << ", zoom " << z;
        EXPECT_GT(area, 0);
      }
    }
  }
  // The latest tiles hold only what the last version shows, without from and to.
  const TileId t = tile_at(9, 37.4, 47.25);
  auto latest = decode(h->latest.at(t), t);
  ASSERT_FALSE(latest.empty());
  for (const auto& p : latest) EXPECT_EQ(p.from, -1);
}

TEST_F(HistoryTilesTest, AChangeReplacesOnlyTheCellsItTouches) {
  auto store = Store::open_read_only(path_);
  ASSERT_TRUE(store);
  HistoryTileOptions options;
  options.max_zoom = 10;
  auto h = history_tiles(*store, "deepstate", options);
  ASSERT_TRUE(h);
  // At zoom 10 a cell is 0.044° wide: the fixture spans many, and most change less often than the
  // fixture does, so the pieces are fewer than cells times versions.
  std::int64_t cells_with_ground = 0;
  const TileId t = tile_at(10, 37.4, 47.25);
  ASSERT_TRUE(h->tiles.contains(t));
  for (const auto& p : decode(h->tiles.at(t), t)) cells_with_ground += p.to - p.from;
  EXPECT_GT(cells_with_ground, 0);
  EXPECT_LT(h->features, cells_with_ground * static_cast<std::int64_t>(h->tiles.size()));
  HistoryTileOptions bad;
  bad.max_zoom = 13;
  EXPECT_FALSE(history_tiles(*store, "deepstate", bad));
}

// ---- the ring clipper ----
double area_of(const geo::TileRing& r) {
  return static_cast<double>(io::twice_area(r)) / 2;
}

TEST(TileClip, ASquareHalfOutsideKeepsItsInsideHalf) {
  const geo::TileRing square{{-100, 0}, {100, 0}, {100, 100}, {-100, 100}};
  const auto inside = geo::clip_ring(square, {0, 0, 4096, 4096});
  EXPECT_DOUBLE_EQ(std::abs(area_of(inside)), 100.0 * 100.0);
  EXPECT_TRUE(geo::clip_ring(square, {200, 200, 300, 300}).empty());
  EXPECT_EQ(geo::clip_ring(square, {-200, -200, 200, 200}), square);  // wholly inside: as it was
  // A rectangle inside a ring comes back as the rectangle.
  EXPECT_DOUBLE_EQ(std::abs(area_of(geo::clip_ring(square, {-10, 10, 10, 30}))), 20.0 * 20.0);
}

TEST(TileClip, NeighbouringCellsShareTheirCutsAndAddUp) {
  // A skewed triangle across the line x = 512: both cells cut its edges at the same points, and
  // their areas add up exactly (in the grid's half units).
  const geo::TileRing tri{{3, 7}, {1001, 301}, {250, 977}};
  const auto left = geo::clip_ring(tri, {0, 0, 512, 1024});
  const auto right = geo::clip_ring(tri, {512, 0, 1024, 1024});
  std::vector<geo::TilePoint> left_cut, right_cut;
  for (const auto& p : left)
    if (p.x == 512) left_cut.push_back(p);
  for (const auto& p : right)
    if (p.x == 512) right_cut.push_back(p);
  std::sort(left_cut.begin(), left_cut.end());
  std::sort(right_cut.begin(), right_cut.end());
  EXPECT_EQ(left_cut, right_cut);
  ASSERT_EQ(left_cut.size(), 2u);
  // No gap and no overlap: the halves add up to the triangle bent through the two (rounded) cuts.
  const geo::TileRing bent{tri[0], left_cut[0], tri[1], left_cut[1], tri[2]};
  EXPECT_DOUBLE_EQ(std::abs(area_of(left)) + std::abs(area_of(right)), std::abs(area_of(bent)));
  EXPECT_NEAR(std::abs(area_of(bent)), std::abs(area_of(tri)), 0.5 * (1000 + 1000));
}

TEST(TileClip, SimplifyDropsWhatTheTileCannotShow) {
  geo::TileRing r{{0, 0}, {50, 0}, {100, 0}, {100, 50}, {100, 100}, {0, 100}};
  geo::simplify_ring(r, 0.5);
  EXPECT_EQ(r, (geo::TileRing{{0, 0}, {100, 0}, {100, 100}, {0, 100}}));
}

// ---- PMTiles ----
TEST(Pmtiles, TileIdsFollowTheSpecification) {
  // The specification's examples and its reference implementations' tests.
  EXPECT_EQ(io::pmtiles_tile_id(0, 0, 0), 0u);
  EXPECT_EQ(io::pmtiles_tile_id(1, 0, 0), 1u);
  EXPECT_EQ(io::pmtiles_tile_id(1, 0, 1), 2u);
  EXPECT_EQ(io::pmtiles_tile_id(1, 1, 1), 3u);
  EXPECT_EQ(io::pmtiles_tile_id(1, 1, 0), 4u);
  EXPECT_EQ(io::pmtiles_tile_id(2, 1, 3), 11u);
  EXPECT_EQ(io::pmtiles_tile_id(3, 3, 0), 26u);
  EXPECT_EQ(io::pmtiles_tile_id(12, 3423, 1763), 19078479u);
}

std::uint64_t le(const std::string& b, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
  return v;
}
std::string gunzip(const std::string& in) {
  z_stream z{};
  inflateInit2(&z, 16 + MAX_WBITS);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

TEST(Pmtiles, HeaderAndDirectoryAsTheSpecificationLaysThemOut) {
  std::vector<io::PmtilesTile> tiles;
  for (auto [z, x, y, text] : std::vector<std::tuple<int, std::uint32_t, std::uint32_t, std::string>>{
           {0, 0, 0, "world"}, {1, 1, 0, "east"}, {1, 1, 1, "same"}, {1, 0, 1, "same"}}) {
    auto gz = io::gzip(text);
    ASSERT_TRUE(gz);
    tiles.push_back({z, x, y, *gz});
  }
  io::PmtilesInfo info;
  info.max_zoom = 1;
  info.min_lon = 22, info.min_lat = 44, info.max_lon = 41, info.max_lat = 53;
  info.metadata_json = R"({"name":"test"})";
  auto bytes = io::encode_pmtiles(tiles, info);
  ASSERT_TRUE(bytes) << bytes.error().message;
  const std::string& b = *bytes;
  ASSERT_EQ(b.substr(0, 7), "PMTiles");
  EXPECT_EQ(b[7], 3);
  EXPECT_EQ(le(b, 8, 8), 127u);  // root directory right after the header
  EXPECT_EQ(le(b, 72, 8), 4u);   // addressed tiles
  EXPECT_EQ(le(b, 88, 8), 3u);   // contents: "same" is stored once
  EXPECT_EQ(b[99], 1);           // MVT
  EXPECT_EQ(b[101], 1);          // max zoom
  EXPECT_EQ(static_cast<std::int32_t>(le(b, 102, 4)), 220000000);
  EXPECT_EQ(static_cast<std::int32_t>(le(b, 114, 4)), 530000000);
  EXPECT_EQ(gunzip(b.substr(le(b, 24, 8), le(b, 32, 8))), info.metadata_json);
  // The root directory: ids 0, 2, 3, 4 (Hilbert); 2 and 3 hold the same bytes as a run of 2.
  const std::string dir = gunzip(b.substr(le(b, 8, 8), le(b, 16, 8)));
  std::size_t at = 0;
  auto varint = [&] {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      const auto c = static_cast<unsigned char>(dir[at++]);
      v |= static_cast<std::uint64_t>(c & 0x7F) << shift;
      if ((c & 0x80) == 0) return v;
    }
  };
  const std::uint64_t n = varint();
  ASSERT_EQ(n, 3u);
  std::vector<std::uint64_t> ids, runs, lengths, offsets;
  std::uint64_t id = 0;
  for (std::uint64_t i = 0; i < n; ++i) ids.push_back(id += varint());
  for (std::uint64_t i = 0; i < n; ++i) runs.push_back(varint());
  for (std::uint64_t i = 0; i < n; ++i) lengths.push_back(varint());
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t o = varint();
    offsets.push_back(o == 0 ? offsets.back() + lengths[i - 1] : o - 1);
  }
  EXPECT_EQ(ids, (std::vector<std::uint64_t>{0, 2, 4}));
  EXPECT_EQ(runs, (std::vector<std::uint64_t>{1, 2, 1}));
  const std::uint64_t data = le(b, 56, 8);
  EXPECT_EQ(gunzip(b.substr(data + offsets[0], lengths[0])), "world");
  EXPECT_EQ(gunzip(b.substr(data + offsets[1], lengths[1])), "same");
  EXPECT_EQ(gunzip(b.substr(data + offsets[2], lengths[2])), "east");
  tiles.push_back(tiles.back());
  EXPECT_FALSE(io::encode_pmtiles(tiles, info));  // a tile given twice
}

}  // namespace
}  // namespace frontline
