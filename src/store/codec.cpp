#include "store/codec.hpp"

#include <xxhash.h>
#include <zstd.h>

#include <limits>

namespace frontline::store {

namespace {
constexpr std::uint8_t kRaw = 0;
constexpr std::uint8_t kZstd = 1;
constexpr std::size_t kCompressAbove = 96;  // smaller blobs do not win from zstd's frame header

void put_varint(std::vector<std::uint8_t>& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(v));
}
std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t unzigzag(std::uint64_t v) {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

struct Reader {
  std::span<const std::uint8_t> in;
  std::size_t pos = 0;
  bool ok = true;
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= in.size()) {
        ok = false;
        return 0;
      }
      const std::uint8_t b = in[pos++];
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    ok = false;
    return 0;
  }
};

// Deltas from a damaged blob may overflow; that is corruption, not undefined behaviour.
bool add_checked(std::int64_t& acc, std::int64_t delta) {
  return !__builtin_add_overflow(acc, delta, &acc);
}
bool on_grid(std::int64_t v) {
  return v >= std::numeric_limits<std::int32_t>::min() && v <= std::numeric_limits<std::int32_t>::max();
}

Error corrupt(const char* what) {
  return make_error(ErrorCode::io, std::string("store: corrupt ") + what + " blob; the store file is damaged");
}
}  // namespace

std::vector<std::uint8_t> encode_ring(std::span<const FixedCoordinate> ring) {
  std::vector<std::uint8_t> raw;
  raw.reserve(ring.size() * 4 + 8);
  put_varint(raw, ring.size());
  std::int64_t lon = 0;
  std::int64_t lat = 0;
  for (auto c : ring) {
    put_varint(raw, zigzag(c.lon - lon));
    put_varint(raw, zigzag(c.lat - lat));
    lon = c.lon;
    lat = c.lat;
  }
  std::vector<std::uint8_t> out;
  if (raw.size() > kCompressAbove) {
    out.resize(1 + ZSTD_compressBound(raw.size()));
    const std::size_t n = ZSTD_compress(out.data() + 1, out.size() - 1, raw.data(), raw.size(), 6);
    if (!ZSTD_isError(n) && n + 1 < raw.size()) {
      out[0] = kZstd;
      out.resize(n + 1);
      return out;
    }
  }
  out.clear();
  out.reserve(raw.size() + 1);
  out.push_back(kRaw);
  out.insert(out.end(), raw.begin(), raw.end());
  return out;
}

Result<Ring> decode_ring(std::span<const std::uint8_t> blob) {
  if (blob.empty()) return corrupt("ring");
  std::vector<std::uint8_t> buf;
  std::span<const std::uint8_t> body = blob.subspan(1);
  if (blob[0] == kZstd) {
    const unsigned long long size = ZSTD_getFrameContentSize(body.data(), body.size());
    // A damaged header must not make us allocate much: coordinate varints never compress 256:1.
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > body.size() * 256) {
      return corrupt("ring");
    }
    buf.resize(size);
    const std::size_t n = ZSTD_decompress(buf.data(), buf.size(), body.data(), body.size());
    if (ZSTD_isError(n) || n != size) return corrupt("ring");
    body = buf;
  } else if (blob[0] != kRaw) {
    return corrupt("ring");
  }
  Reader r{body};
  const std::uint64_t n = r.varint();
  if (!r.ok || n > body.size()) return corrupt("ring");
  Ring ring;
  ring.reserve(n);
  std::int64_t lon = 0;
  std::int64_t lat = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    if (!add_checked(lon, unzigzag(r.varint())) || !add_checked(lat, unzigzag(r.varint())) || !on_grid(lon) ||
        !on_grid(lat)) {
      return corrupt("ring");
    }
    ring.push_back({static_cast<std::int32_t>(lon), static_cast<std::int32_t>(lat)});
  }
  if (!r.ok) return corrupt("ring");
  return ring;
}

std::vector<std::span<const FixedCoordinate>> split_ring(const Ring& ring) {
  constexpr std::size_t kMaxRun = 256;
  std::vector<std::span<const FixedCoordinate>> out;
  std::size_t start = 0;
  for (std::size_t i = 1; i < ring.size(); ++i) {
    const bool anchor = (XXH3_64bits(&ring[i], sizeof(FixedCoordinate)) & 31u) == 0;
    if (anchor || i - start >= kMaxRun) {
      out.emplace_back(ring.data() + start, i - start);
      start = i;
    }
  }
  if (start < ring.size()) out.emplace_back(ring.data() + start, ring.size() - start);
  return out;
}

std::vector<std::uint8_t> encode_ids(std::span<const std::int64_t> ids) {
  std::vector<std::uint8_t> out;
  put_varint(out, ids.size());
  std::int64_t prev = 0;
  for (std::int64_t id : ids) {
    put_varint(out, zigzag(id - prev));
    prev = id;
  }
  return out;
}

Result<std::vector<std::int64_t>> decode_ids(std::span<const std::uint8_t> blob) {
  Reader r{blob};
  const std::uint64_t n = r.varint();
  if (!r.ok || n > blob.size()) return corrupt("id list");
  std::vector<std::int64_t> out(n);
  std::int64_t prev = 0;
  for (auto& id : out) {
    if (!add_checked(prev, unzigzag(r.varint()))) return corrupt("id list");
    id = prev;
  }
  if (!r.ok) return corrupt("id list");
  return out;
}

std::vector<std::uint8_t> encode_polygons(const std::vector<std::vector<std::int64_t>>& polygons) {
  std::vector<std::uint8_t> out;
  put_varint(out, polygons.size());
  std::int64_t prev = 0;
  for (const auto& p : polygons) {
    put_varint(out, p.size());
    for (std::int64_t id : p) {
      put_varint(out, zigzag(id - prev));
      prev = id;
    }
  }
  return out;
}

Result<std::vector<std::vector<std::int64_t>>> decode_polygons(std::span<const std::uint8_t> blob) {
  Reader r{blob};
  const std::uint64_t n = r.varint();
  if (!r.ok || n > blob.size()) return corrupt("layer");
  std::vector<std::vector<std::int64_t>> out(n);
  std::int64_t prev = 0;
  for (auto& p : out) {
    const std::uint64_t k = r.varint();
    if (!r.ok || k == 0 || k > blob.size()) return corrupt("layer");  // a polygon has an outer ring
    p.resize(k);
    for (auto& id : p) {
      if (!add_checked(prev, unzigzag(r.varint()))) return corrupt("layer");
      id = prev;
    }
  }
  if (!r.ok) return corrupt("layer");
  return out;
}

// Polygons with their coordinates (places): counts, then each ring as encode_ring writes it,
// prefixed by its length.
std::vector<std::uint8_t> encode_multipolygon(const MultiPolygon& polygons) {
  std::vector<std::uint8_t> out;
  put_varint(out, polygons.size());
  for (const auto& p : polygons) {
    put_varint(out, 1 + p.holes.size());
    auto ring = [&](const Ring& r) {
      const auto bytes = encode_ring(r);
      put_varint(out, bytes.size());
      out.insert(out.end(), bytes.begin(), bytes.end());
    };
    ring(p.outer);
    for (const auto& h : p.holes) ring(h);
  }
  return out;
}

Result<MultiPolygon> decode_multipolygon(std::span<const std::uint8_t> blob) {
  Reader r{blob};
  const std::uint64_t n = r.varint();
  if (!r.ok || n > blob.size()) return corrupt("place geometry");
  MultiPolygon out(n);
  for (auto& p : out) {
    const std::uint64_t k = r.varint();
    if (!r.ok || k == 0 || k > blob.size()) return corrupt("place geometry");
    for (std::uint64_t i = 0; i < k; ++i) {
      const std::uint64_t len = r.varint();
      if (!r.ok || len > blob.size() - r.pos) return corrupt("place geometry");
      auto ring = decode_ring(blob.subspan(r.pos, len));
      if (!ring) return corrupt("place geometry");
      r.pos += len;
      if (i == 0) {
        p.outer = std::move(*ring);
      } else {
        p.holes.push_back(std::move(*ring));
      }
    }
  }
  return out;
}

}  // namespace frontline::store
