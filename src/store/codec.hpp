// Compact, exact encodings for the store's blobs: rings as zig-zag varint deltas of grid
// coordinates (compressed with zstd when that is smaller), layers as delta-coded ring id lists.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/geometry.hpp"

namespace frontline::store {

std::vector<std::uint8_t> encode_ring(std::span<const FixedCoordinate> ring);
Result<Ring> decode_ring(std::span<const std::uint8_t> blob);

// Content-defined chunking of a ring for storage: a run ends before each vertex whose coordinate
// hash has 5 low zero bits (about one vertex in 32), and at 256 vertices at the latest. Where a
// front line moves, a new version of a ring shares all but the runs around the move with the old
// one, so each run is stored once (the daily series: 1.67 million ring vertices, 134 thousand in
// distinct runs).
std::vector<std::span<const FixedCoordinate>> split_ring(const Ring& ring);

std::vector<std::uint8_t> encode_ids(std::span<const std::int64_t> ids);
Result<std::vector<std::int64_t>> decode_ids(std::span<const std::uint8_t> blob);

std::vector<std::uint8_t> encode_polygons(const std::vector<std::vector<std::int64_t>>& polygons);
Result<std::vector<std::vector<std::int64_t>>> decode_polygons(std::span<const std::uint8_t> blob);

// Polygons with their coordinates (the extents of places).
std::vector<std::uint8_t> encode_multipolygon(const MultiPolygon& polygons);
Result<MultiPolygon> decode_multipolygon(std::span<const std::uint8_t> blob);

}  // namespace frontline::store
