// Content hashes (XXH3, from Debian's libxxhash) of grid geometry: the identity of rings, polygons
// and overlay inputs in the store and in the caches that make work grow with change only.
#pragma once

#include <xxhash.h>

#include <cstdint>
#include <span>

#include "frontline/geometry.hpp"

namespace frontline::geo {

inline std::uint64_t hash_ring(const Ring& ring) noexcept {
  static_assert(sizeof(FixedCoordinate) == 8);
  return XXH3_64bits(ring.data(), ring.size() * sizeof(FixedCoordinate));
}

inline std::uint64_t hash_ids(std::span<const std::uint64_t> ids) noexcept {
  return XXH3_64bits(ids.data(), ids.size_bytes());
}

inline std::uint64_t hash_polygon(const Polygon& p) noexcept {
  std::uint64_t buf[2] = {hash_ring(p.outer), 0};
  for (const auto& h : p.holes) {
    buf[1] = hash_ring(h);
    buf[0] = hash_ids(buf);
  }
  return buf[0];
}

}  // namespace frontline::geo
