// Compact, exact encodings for the store's blobs: rings as zig-zag varint deltas of grid
// coordinates (compressed with zstd when that is smaller), layers as delta-coded ring id lists.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/geometry.hpp"

namespace frontline::store {

std::vector<std::uint8_t> encode_ring(const Ring& ring);
Result<Ring> decode_ring(std::span<const std::uint8_t> blob);

std::vector<std::uint8_t> encode_polygons(const std::vector<std::vector<std::int64_t>>& polygons);
Result<std::vector<std::vector<std::int64_t>>> decode_polygons(std::span<const std::uint8_t> blob);

}  // namespace frontline::store
