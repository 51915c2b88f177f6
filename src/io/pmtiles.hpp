// PMTiles v3 (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): one file holding a
// tile pyramid that a static file server or object storage serves with HTTP range requests, so a
// web map needs no tile server. Written here because Debian packages no PMTiles writer; the format
// is a 127-byte header, a varint directory and the tiles.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "frontline/compress.hpp"
#include "frontline/error.hpp"

namespace frontline::io {

// The Hilbert tile id of the specification: tiles of lower zooms first, then along the curve.
std::uint64_t pmtiles_tile_id(int z, std::uint32_t x, std::uint32_t y);

struct PmtilesTile {
  int z = 0;
  std::uint32_t x = 0, y = 0;
  std::string data;  // as stored: gzip-compressed MVT
};

struct PmtilesInfo {
  int min_zoom = 0, max_zoom = 0;
  double min_lon = -180, min_lat = -85, max_lon = 180, max_lat = 85;
  int center_zoom = 0;
  double center_lon = 0, center_lat = 0;
  std::string metadata_json = "{}";
};

// The archive's bytes: tiles in tile id order, identical tiles stored once (runs of consecutive
// equal tiles as one entry), a root directory (and leaf directories when the root would not fit
// in the first 16 KiB), directories and metadata gzip-compressed. The tiles must be gzip data
// already (tile compression 2, type MVT). bad_request for duplicate or out-of-range tiles.
Result<std::string> encode_pmtiles(std::vector<PmtilesTile> tiles, const PmtilesInfo& info);

using frontline::gzip;

}  // namespace frontline::io
