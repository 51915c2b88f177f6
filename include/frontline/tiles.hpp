// Vector tiles of a version (Mapbox Vector Tile 2.1, Web Mercator z/x/y): the map's polygons
// clipped to the tile with a buffer, rounded to the tile's 4096 grid and simplified per zoom,
// each with its status as a property (docs/server.md, "Tiles").
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/store.hpp"

namespace frontline {

struct TileId {
  int z = 0;
  std::int64_t x = 0, y = 0;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
  friend auto operator<=>(const TileId&, const TileId&) = default;
};
inline constexpr int kMaxTileZoom = 18;
// z in 0..18, x and y in 0..2^z - 1; bad_request otherwise.
Result<TileId> make_tile_id(std::int64_t z, std::int64_t x, std::int64_t y);

inline constexpr std::uint32_t kTileExtent = 4096;
inline constexpr std::uint32_t kTileBuffer = 64;  // in tile units, on every side

// The tile of one version: one layer "control", a feature per polygon with the properties
// "status" and "version_time". Empty ground gives a tile without features.
Result<std::string> version_tile(const Store& store, const VersionInfo& version, TileId tile);

// ---- time-enabled tiles of a map's whole history (docs/server.md, "History tiles") ----
// Consecutive versions share almost all of their ground, so a tile of the history holds each
// piece once with the versions it is valid for: the properties "status", "from" and "to" (version
// indexes in time order, valid for from <= i < to). A client filters by the index it shows, and a
// step through time fetches nothing. Each tile is cut into cells (kHistoryCells per side) so that
// a change replaces only the pieces of the cells it touches.
inline constexpr int kHistoryCells = 8;
inline constexpr int kDefaultHistoryMaxZoom = 8;

struct HistoryTileOptions {
  int max_zoom = kDefaultHistoryMaxZoom;      // 0..12; clients overzoom beyond it
  const std::atomic<bool>* cancel = nullptr;  // when set and true, the build stops (unavailable)
};

struct HistoryTiles {
  std::string map;
  std::vector<VersionInfo> versions;  // the indexes of "from" and "to"
  int max_zoom = 0;
  std::map<TileId, std::string> tiles;   // every tile with something in it, encoded
  std::map<TileId, std::string> latest;  // the same tiles with only the latest version's pieces
  BBox bounds;                           // of everything ever drawn
  std::int64_t features = 0;             // pieces written, over all tiles
  std::int64_t versions_with_changes = 0;
};

// Builds the whole set in one pass over the versions: per version only the cells that hold a
// change (changed_boxes) are recut.
Result<HistoryTiles> history_tiles(const Store& store, std::string_view map, const HistoryTileOptions& options = {});

}  // namespace frontline
