// libFuzzer target: the store's blob decoders (store::decode_ring, store::decode_ids,
// store::decode_polygons) on arbitrary bytes, as from a damaged store file. A decoded value must
// encode back to a blob that decodes to the same value.
#include <cstddef>
#include <cstdint>
#include <span>

#include "store/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frontline;
  const std::span<const std::uint8_t> blob(data, size);
  if (auto ring = store::decode_ring(blob)) {
    const auto again = store::encode_ring(*ring);
    auto back = store::decode_ring(again);
    if (!back || *back != *ring) __builtin_trap();
  }
  if (auto ids = store::decode_ids(blob)) {
    const auto again = store::encode_ids(*ids);
    auto back = store::decode_ids(again);
    if (!back || *back != *ids) __builtin_trap();
  }
  if (auto polys = store::decode_polygons(blob)) {
    const auto again = store::encode_polygons(*polys);
    auto back = store::decode_polygons(again);
    if (!back || *back != *polys) __builtin_trap();
  }
  return 0;
}
