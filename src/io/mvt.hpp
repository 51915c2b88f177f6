// Mapbox Vector Tile 2.1 encoding (https://github.com/mapbox/vector-tile-spec/tree/master/2.1) of
// polygons already in tile coordinates. The protobuf wire format is written with protozero
// (Debian's libprotozero-dev); the geometry commands (spec 4.3) are small enough to write here.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "geo/tile_geometry.hpp"

namespace frontline::io {

using geo::TilePoint;
using geo::TileRing;

struct TilePolygon {
  TileRing outer;
  std::vector<TileRing> holes;
};

struct TileFeature {
  std::uint64_t id = 0;
  using Value = std::variant<std::string, std::int64_t>;
  std::vector<std::pair<std::string, Value>> properties;
  std::vector<TilePolygon> polygons;  // one MultiPolygon feature
};

struct TileLayer {
  std::string name;
  std::uint32_t extent = 4096;
  std::vector<TileFeature> features;
};

// The tile's bytes. Rings are written with the winding the spec requires (exterior rings
// clockwise in y-down tile coordinates, that is with a positive surveyor's area; interior rings
// the other way), whatever they came with; rings of fewer than 3 points or no area are left out,
// and a polygon without its exterior ring with them. Features left with no polygon are dropped.
std::string encode_mvt(const std::vector<TileLayer>& layers);

// Twice the signed area of a ring in tile coordinates (y down): positive when clockwise on screen.
std::int64_t twice_area(const TileRing& ring);

}  // namespace frontline::io
