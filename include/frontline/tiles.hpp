// Vector tiles of a version (Mapbox Vector Tile 2.1, Web Mercator z/x/y): the map's polygons
// clipped to the tile with a buffer, rounded to the tile's 4096 grid and simplified per zoom,
// each with its status as a property (docs/server.md, "Tiles").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "frontline/error.hpp"
#include "frontline/store.hpp"

namespace frontline {

struct TileId {
  int z = 0;
  std::int64_t x = 0, y = 0;
};
inline constexpr int kMaxTileZoom = 18;
// z in 0..18, x and y in 0..2^z - 1; bad_request otherwise.
Result<TileId> make_tile_id(std::int64_t z, std::int64_t x, std::int64_t y);

inline constexpr std::uint32_t kTileExtent = 4096;
inline constexpr std::uint32_t kTileBuffer = 64;  // in tile units, on every side

// The tile of one version: one layer "control", a feature per polygon with the properties
// "status" and "version_time". Empty ground gives a tile without features.
Result<std::string> version_tile(const Store& store, const VersionInfo& version, TileId tile);

}  // namespace frontline
