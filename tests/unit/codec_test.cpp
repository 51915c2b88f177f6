// The store's blob encodings: exact round trips, and damaged blobs reported as errors.
#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <set>

#include "store/codec.hpp"

namespace frontline {
namespace {

using store::decode_ids;
using store::decode_polygons;
using store::decode_ring;
using store::encode_ids;
using store::encode_polygons;
using store::encode_ring;
using store::split_ring;

Ring square(std::int32_t lon, std::int32_t lat, std::int32_t size) {
  return {{lon, lat}, {lon + size, lat}, {lon + size, lat + size}, {lon, lat + size}, {lon, lat}};
}

// Appends v as a base-128 varint, the encoding's integer format.
void put_varint(std::vector<std::uint8_t>& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(v));
}
constexpr std::uint64_t kZigZagInt64Max = 0xFFFFFFFFFFFFFFFEull;  // zig-zag code of +INT64_MAX

// A closed ring of n points wandering like a digitised front line.
Ring wiggly_ring(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::int32_t> step(-5000, 5000);
  Ring r;
  FixedCoordinate c{375000000, 478000000};
  for (std::size_t i = 0; i + 1 < n; ++i) {
    r.push_back(c);
    c.lon += step(rng);
    c.lat += step(rng);
  }
  r.push_back(r.front());
  return r;
}

void expect_round_trip(const Ring& ring) {
  const auto blob = encode_ring(ring);
  auto back = decode_ring(blob);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, ring);
}

TEST(RingCodec, SmallRingRoundTrips) {
  expect_round_trip(square(300000000, 480000000, 10000000));
}

TEST(RingCodec, EmptyRingRoundTrips) {
  expect_round_trip(Ring{});
}

TEST(RingCodec, ExtremeCoordinatesRoundTrip) {
  // The whole grid range, and jumps between its ends (deltas near ±2^32).
  const std::int32_t max = std::numeric_limits<std::int32_t>::max();
  const std::int32_t min = std::numeric_limits<std::int32_t>::min();
  expect_round_trip(
      {{1800000000, 900000000}, {-1800000000, -900000000}, {1800000000, -900000000}, {1800000000, 900000000}});
  expect_round_trip({{max, max}, {min, min}, {max, min}, {min, max}, {max, max}});
  expect_round_trip({{0, 0}, {-1, -1}, {1, 1}, {0, 0}});
}

TEST(RingCodec, NegativeDeltasRoundTrip) {
  Ring r;
  for (std::int32_t i = 0; i < 50; ++i) r.push_back({400000000 - i * 123457, 500000000 - i * 98765});
  r.push_back(r.front());
  expect_round_trip(r);
}

TEST(RingCodec, LongRingsAreCompressedAndRoundTrip) {
  // A ring that repeats a pattern compresses well; zstd must kick in and still be exact.
  Ring r;
  for (std::int32_t i = 0; i < 5000; ++i) r.push_back({300000000 + (i % 10) * 100, 480000000 + (i % 7) * 100});
  r.push_back(r.front());
  const auto blob = encode_ring(r);
  ASSERT_FALSE(blob.empty());
  EXPECT_EQ(blob[0], 1) << "a long, repetitive ring should be stored zstd-compressed";
  EXPECT_LT(blob.size(), r.size() * 2);
  expect_round_trip(r);
  for (std::uint32_t seed : {1u, 2u, 3u}) expect_round_trip(wiggly_ring(20000, seed));
}

TEST(PolygonListCodec, RoundTrips) {
  const std::vector<std::vector<std::int64_t>> cases[] = {
      {},
      {{1}},
      {{7, 3, 9}, {2}, {1000000, 1, 999999}},
      {{std::numeric_limits<std::int64_t>::max() / 4, 0, -5}},
  };
  for (const auto& polys : cases) {
    auto back = decode_polygons(encode_polygons(polys));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, polys);
  }
}

TEST(PolygonListCodec, PolygonWithoutRingsIsCorrupt) {
  // Every stored polygon has an outer ring; a blob saying otherwise is damage, not data.
  const std::vector<std::vector<std::int64_t>> polys = {{}, {42}};
  auto back = decode_polygons(encode_polygons(polys));
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().code, ErrorCode::io);
}

TEST(RingCodec, DamagedBlobsAreErrors) {
  using Blob = std::vector<std::uint8_t>;
  const Blob cases[] = {
      {},              // nothing at all
      {7, 1, 2, 3},    // unknown format tag
      {0},             // no point count
      {0, 0x80},       // point count cut off in its varint
      {0, 3, 2, 2},    // three points announced, half of one given
      {0, 100, 1, 1},  // more points announced than bytes
      {0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01},  // varint longer than 64 bits
      {1},                                                                    // zstd tag, no frame
      {1, 0x28, 0xB5, 0x2F, 0xFD},                                            // zstd magic, then nothing
      {1, 'n', 'o', 't', ' ', 'z', 's', 't', 'd'},
  };
  for (const auto& blob : cases) {
    auto r = decode_ring(blob);
    EXPECT_FALSE(r) << "a blob of " << blob.size() << " bytes decoded to " << (r ? r->size() : 0) << " points";
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::io);
    }
  }
}

TEST(RingCodec, DeltasLeavingTheGridAreErrors) {
  // Two points whose deltas are each INT64_MAX: the running coordinate cannot be a grid
  // coordinate (and summing them overflows 64 bits). A store never writes this.
  std::vector<std::uint8_t> blob{0, 2};
  for (int i = 0; i < 2; ++i) {
    put_varint(blob, kZigZagInt64Max);
    put_varint(blob, 0);
  }
  auto r = decode_ring(blob);
  EXPECT_FALSE(r) << "decoded to a ring with lon " << (r && !r->empty() ? r->back().lon : 0);
}

TEST(RingCodec, EveryTruncationIsAnError) {
  for (const Ring& ring : {square(300000000, 480000000, 10000000), wiggly_ring(3000, 7)}) {
    const auto blob = encode_ring(ring);
    for (std::size_t n = 0; n < blob.size(); ++n) {
      auto r = decode_ring(std::span(blob.data(), n));
      EXPECT_FALSE(r) << "a " << blob.size() << "-byte blob cut to " << n << " bytes still decoded";
    }
  }
}

TEST(RingCodec, FlippedBitsNeverCrash) {
  // Damage anywhere either is detected or decodes to some ring; never a crash or a read past the
  // end (the sanitizer build checks the latter).
  for (const Ring& ring : {square(300000000, 480000000, 10000000), wiggly_ring(400, 11)}) {
    const auto blob = encode_ring(ring);
    for (std::size_t i = 0; i < blob.size(); ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        auto damaged = blob;
        damaged[i] = static_cast<std::uint8_t>(damaged[i] ^ (1u << bit));
        (void)decode_ring(damaged);
      }
    }
  }
}

TEST(PolygonListCodec, DamagedBlobsAreErrors) {
  using Blob = std::vector<std::uint8_t>;
  const Blob cases[] = {
      {},              // no polygon count
      {0x80},          // count cut off
      {2, 1, 2},       // two polygons announced, one given
      {1, 3, 2, 2},    // three rings announced, two given
      {100, 1, 1},     // more polygons than bytes
      {1, 100, 1, 1},  // more rings than bytes
  };
  for (const auto& blob : cases) {
    auto r = decode_polygons(blob);
    EXPECT_FALSE(r) << "a blob of " << blob.size() << " bytes decoded";
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::io);
    }
  }
  const auto good = encode_polygons({{5, 6, 7}, {8}});
  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(decode_polygons(std::span(good.data(), n))) << "cut to " << n << " bytes";
  }
}

TEST(IdListCodec, RoundTrips) {
  const std::vector<std::int64_t> cases[] = {{}, {1}, {5, 3, 900000, 2, 2}, {-7, 0, 7}};
  for (const auto& ids : cases) {
    auto back = decode_ids(encode_ids(ids));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, ids);
  }
}

TEST(IdListCodec, DamagedBlobsAreErrors) {
  const auto good = encode_ids(std::vector<std::int64_t>{11, 12, 400});
  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(decode_ids(std::span(good.data(), n))) << "cut to " << n << " bytes";
  }
  std::vector<std::uint8_t> overflow{2};
  put_varint(overflow, kZigZagInt64Max);
  put_varint(overflow, kZigZagInt64Max);
  EXPECT_FALSE(decode_ids(overflow)) << "ids summing past INT64_MAX are no ring ids";
}

TEST(PolygonListCodec, IdsSummingPastInt64AreErrors) {
  std::vector<std::uint8_t> blob{1, 2};
  put_varint(blob, kZigZagInt64Max);
  put_varint(blob, kZigZagInt64Max);
  EXPECT_FALSE(decode_polygons(blob));
}

TEST(SplitRing, RunsPartitionTheRing) {
  for (const Ring& ring : {Ring{}, square(300000000, 480000000, 10000000), wiggly_ring(5000, 3)}) {
    Ring joined;
    for (auto run : split_ring(ring)) {
      EXPECT_FALSE(run.empty());
      EXPECT_LE(run.size(), 256u);
      joined.insert(joined.end(), run.begin(), run.end());
    }
    EXPECT_EQ(joined, ring);
  }
}

TEST(SplitRing, RunsAreCapped) {
  // The same vertex over and over (never an anchor, or always one) still gives runs of <= 256.
  const Ring flat(2000, FixedCoordinate{300000000, 480000000});
  std::size_t total = 0;
  for (auto run : split_ring(flat)) {
    EXPECT_LE(run.size(), 256u);
    total += run.size();
  }
  EXPECT_EQ(total, flat.size());
}

TEST(SplitRing, AnEditChangesOnlyNearbyRuns) {
  // Content-defined boundaries: moving one vertex of a long ring leaves almost all runs as they were.
  const Ring ring = wiggly_ring(8000, 5);
  Ring edited = ring;
  edited[4000].lat += 12345;
  auto runs_of = [](const Ring& r) {
    std::set<std::vector<FixedCoordinate>> out;
    for (auto run : split_ring(r)) out.emplace(run.begin(), run.end());
    return out;
  };
  const auto before = runs_of(ring);
  const auto after = runs_of(edited);
  std::size_t shared = 0;
  for (const auto& run : after) shared += before.count(run);
  EXPECT_GE(before.size(), 100u) << "about one vertex in 32 starts a run";
  EXPECT_GE(shared + 3, after.size()) << shared << " of " << after.size() << " runs unchanged";
}

}  // namespace
}  // namespace frontline
