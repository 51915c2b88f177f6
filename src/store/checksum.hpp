// Row checksums. SQLite keeps no checksum of its pages, so a flipped byte in a number or a name
// reads back as a different, plausible value. Every row a read relies on carries an XXH3 checksum
// of its fields, written with the row and verified whenever the row is read; runs of vertices
// are covered by their content hash instead.
#pragma once

#include <xxhash.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace frontline::store {

class Checksum {
 public:
  Checksum& add(std::int64_t v) {
    bytes(&v, sizeof v);
    return *this;
  }
  Checksum& add(double v) {
    bytes(&v, sizeof v);
    return *this;
  }
  Checksum& add(std::string_view s) {
    add(static_cast<std::int64_t>(s.size()));
    bytes(s.data(), s.size());
    return *this;
  }
  Checksum& add(std::span<const std::uint8_t> blob) {
    add(static_cast<std::int64_t>(blob.size()));
    bytes(blob.data(), blob.size());
    return *this;
  }
  // As SQLite stores it: a signed 64-bit integer.
  std::int64_t value() const { return static_cast<std::int64_t>(XXH3_64bits(buf_.data(), buf_.size())); }

 private:
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(p);
    buf_.insert(buf_.end(), b, b + n);
  }
  std::vector<std::uint8_t> buf_;
};

struct VersionRow {
  std::int64_t map_id, time;
  std::string_view source_id;
  std::int64_t content_hash, source_hash, vertices, statuses;
};
inline std::int64_t checksum(const VersionRow& r) {
  return Checksum()
      .add(r.map_id)
      .add(r.time)
      .add(r.source_id)
      .add(r.content_hash)
      .add(r.source_hash)
      .add(r.vertices)
      .add(r.statuses)
      .value();
}

struct LayerRow {
  std::int64_t version_id, status;
  double area_m2, perimeter_m, overlap_m2;
  std::int64_t polygons, vertices;
  std::span<const std::uint8_t> rings;
  // Schema 6 on: the part on a neighbour's land (left out of the sum before, so that older rows
  // keep their checksums).
  std::optional<double> outside_m2{};
};
inline std::int64_t checksum(const LayerRow& r) {
  Checksum c;
  c.add(r.version_id)
      .add(r.status)
      .add(r.area_m2)
      .add(r.perimeter_m)
      .add(r.overlap_m2)
      .add(r.polygons)
      .add(r.vertices)
      .add(r.rings);
  if (r.outside_m2) c.add(*r.outside_m2);
  return c.value();
}
struct RingRow {
  std::int64_t id, hash, points, min_lon, min_lat, max_lon, max_lat;
  double area_m2, perimeter_m;
  std::span<const std::uint8_t> chunks;
};
inline std::int64_t checksum(const RingRow& r) {
  return Checksum()
      .add(r.id)
      .add(r.hash)
      .add(r.points)
      .add(r.min_lon)
      .add(r.min_lat)
      .add(r.max_lon)
      .add(r.max_lat)
      .add(r.area_m2)
      .add(r.perimeter_m)
      .add(r.chunks)
      .value();
}

}  // namespace frontline::store
