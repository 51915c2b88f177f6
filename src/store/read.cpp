#include "store/read.hpp"

#include <fmt/format.h>
#include <xxhash.h>

#include <unordered_map>

#include "store/checksum.hpp"
#include "store/codec.hpp"

namespace frontline::store {

namespace {
const std::string& path_of(Connection& c) {
  return c.db().path();
}

std::int64_t status_bits(const std::vector<LayerSummary>& layers) {
  std::int64_t bits = 0;
  for (const auto& l : layers) bits |= std::int64_t{1} << static_cast<int>(l.status);
  return bits;
}

Result<Status> status_of(Connection& c, std::int64_t v) {
  if (v < 0 || v >= kStatusCount) return damaged(path_of(c), fmt::format("a layer has status {}", v));
  return static_cast<Status>(v);
}
}  // namespace

Result<std::optional<MapRow>> find_map(Connection& c, int schema, std::string_view name) {
  FRONTLINE_TRY(st, c.stmt(schema >= 4 ? "SELECT id, versions FROM map WHERE name = ?"
                                       : "SELECT id, -1 FROM map WHERE name = ?"));
  st->bind(1, name);
  FRONTLINE_TRY(row, st->step());
  if (!row) return std::optional<MapRow>{};
  return std::optional<MapRow>{MapRow{st->int64(0), st->int64(1)}};
}

Result<std::vector<VersionInfo>> read_versions(Connection& c, int schema, std::string_view map, const MapRow& row,
                                               Which which, Timestamp t) {
  const char* cols = schema >= 4 ? "id, time, source_id, content_hash, vertices, source_hash, statuses, checksum"
                                 : "id, time, source_id, content_hash, vertices, source_hash, -1, 0";
  std::string where;
  switch (which) {
    case Which::all:
      where = "ORDER BY time";
      break;
    case Which::at_or_before:
      where = "AND time <= ? ORDER BY time DESC LIMIT 1";
      break;
    case Which::exactly:
      where = "AND time = ?";
      break;
  }
  FRONTLINE_TRY(st, c.stmt(fmt::format("SELECT {} FROM version WHERE map_id = ? {}", cols, where)));
  st->bind(1, row.id);
  if (which != Which::all) st->bind(2, t.seconds);
  std::vector<VersionInfo> out;
  std::vector<std::int64_t> statuses;
  for (;;) {
    FRONTLINE_TRY(more, st->step());
    if (!more) break;
    VersionInfo v;
    v.id = st->int64(0);
    v.map = std::string(map);
    v.time = Timestamp{st->int64(1)};
    v.source_id = st->text(2);
    v.content_hash = static_cast<std::uint64_t>(st->int64(3));
    v.vertices = st->int64(4);
    v.source_hash = static_cast<std::uint64_t>(st->int64(5));
    statuses.push_back(st->int64(6));
    if (schema >= 4 &&
        checksum(VersionRow{row.id, v.time.seconds, v.source_id, static_cast<std::int64_t>(v.content_hash),
                            static_cast<std::int64_t>(v.source_hash), v.vertices, st->int64(6)}) != st->int64(7)) {
      return damaged(path_of(c), fmt::format("version {} of map '{}' does not match its checksum", v.id, map));
    }
    out.push_back(std::move(v));
  }
  if (which == Which::all && row.versions >= 0 && static_cast<std::int64_t>(out.size()) != row.versions) {
    return damaged(path_of(c),
                   fmt::format("map '{}' should hold {} versions, {} could be read", map, row.versions, out.size()));
  }
  // Layer rows: version id, status, area, perimeter, overlap, polygons, vertices, rings, checksum.
  auto layer_from = [&](Statement& s) -> Result<LayerSummary> {
    const std::optional<double> outside = s.is_null(9) ? std::nullopt : std::optional<double>(s.real(9));
    if (schema >= 4 && checksum(LayerRow{s.int64(0), s.int64(1), s.real(2), s.real(3), s.real(4), s.int64(5),
                                         s.int64(6), s.blob(7), outside}) != s.int64(8)) {
      return damaged(path_of(c), fmt::format("a layer of version {} does not match its checksum", s.int64(0)));
    }
    FRONTLINE_TRY(status, status_of(c, s.int64(1)));
    return LayerSummary{status, s.real(2), s.real(3), s.real(4), outside, s.int64(5), s.int64(6)};
  };
  const std::string layer_cols = fmt::format(
      "l.version_id, l.status, l.area_m2, l.perimeter_m, l.overlap_m2, l.polygons, l.vertices, {}, {}, {}",
      schema >= 4 ? "l.rings" : "x''", schema >= 4 ? "l.checksum" : "0", schema >= 6 ? "l.outside_m2" : "NULL");
  if (out.size() <= 2) {
    FRONTLINE_TRY(ls,
                  c.stmt(fmt::format("SELECT {} FROM layer l WHERE l.version_id = ? ORDER BY l.status", layer_cols)));
    for (auto& v : out) {
      ls->reset();
      ls->bind(1, v.id);
      for (;;) {
        FRONTLINE_TRY(more, ls->step());
        if (!more) break;
        FRONTLINE_TRY(layer, layer_from(*ls));
        v.layers.push_back(layer);
      }
    }
  } else {
    // One query for all layers beats one per version on long histories.
    FRONTLINE_TRY(ls, c.stmt(fmt::format("SELECT {} FROM layer l JOIN version v ON v.id = l.version_id "
                                         "WHERE v.map_id = ? ORDER BY l.version_id, l.status",
                                         layer_cols)));
    std::unordered_map<VersionId, std::size_t> index;
    for (std::size_t i = 0; i < out.size(); ++i) index.emplace(out[i].id, i);
    ls->bind(1, row.id);
    for (;;) {
      FRONTLINE_TRY(more, ls->step());
      if (!more) break;
      auto it = index.find(ls->int64(0));
      if (it == index.end()) continue;
      FRONTLINE_TRY(layer, layer_from(*ls));
      out[it->second].layers.push_back(layer);
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (statuses[i] >= 0 && statuses[i] != status_bits(out[i].layers)) {
      return damaged(path_of(c), fmt::format("version {} of map '{}' should have {} layers, {} could be read",
                                             out[i].id, map, __builtin_popcountll(statuses[i]), out[i].layers.size()));
    }
  }
  return out;
}

Result<RingRowRead> read_ring_row(Connection& c, int schema, RingId id) {
  FRONTLINE_TRY(st, c.stmt(schema >= 4 ? "SELECT id, hash, points, min_lon, min_lat, max_lon, max_lat, area_m2, "
                                         "perimeter_m, chunks, checksum FROM ring WHERE id = ?"
                                       : "SELECT id, hash, points, min_lon, min_lat, max_lon, max_lat, area_m2, "
                                         "perimeter_m, chunks, 0 FROM ring WHERE id = ?"));
  st->bind(1, id);
  FRONTLINE_TRY(found, st->step());
  if (!found) return damaged(path_of(c), fmt::format("ring {} is missing", id));
  const RingRow row{st->int64(0), st->int64(1), st->int64(2), st->int64(3), st->int64(4),
                    st->int64(5), st->int64(6), st->real(7),  st->real(8),  st->blob(9)};
  if (schema >= 4 && checksum(row) != st->int64(10)) {
    return damaged(path_of(c), fmt::format("ring {} does not match its checksum", id));
  }
  RingRowRead out;
  out.bbox = BBox{static_cast<std::int32_t>(row.min_lon), static_cast<std::int32_t>(row.min_lat),
                  static_cast<std::int32_t>(row.max_lon), static_cast<std::int32_t>(row.max_lat)};
  auto ids = decode_ids(row.chunks);
  if (!ids) return damaged(path_of(c), fmt::format("ring {}: {}", id, ids.error().message));
  if (ids->empty()) return damaged(path_of(c), fmt::format("ring {} has no runs", id));
  out.runs = std::move(*ids);
  return out;
}

Result<std::vector<StoredPolygon>> read_polygons(Connection& c, int schema, VersionId version,
                                                 std::unordered_map<RingId, BBox>* boxes) {
  FRONTLINE_TRY(st, c.stmt(fmt::format("SELECT version_id, status, area_m2, perimeter_m, overlap_m2, polygons, "
                                       "vertices, rings, {}, {} FROM layer WHERE version_id = ? ORDER BY status",
                                       schema >= 4 ? "checksum" : "0", schema >= 6 ? "outside_m2" : "NULL")));
  st->bind(1, version);
  std::vector<StoredPolygon> out;
  for (;;) {
    FRONTLINE_TRY(row, st->step());
    if (!row) break;
    if (schema >= 4 &&
        checksum(LayerRow{st->int64(0), st->int64(1), st->real(2), st->real(3), st->real(4), st->int64(5), st->int64(6),
                          st->blob(7), st->is_null(9) ? std::nullopt : std::optional<double>(st->real(9))}) !=
            st->int64(8)) {
      return damaged(path_of(c), fmt::format("a layer of version {} does not match its checksum", version));
    }
    FRONTLINE_TRY(status, status_of(c, st->int64(1)));
    auto polys = decode_polygons(st->blob(7));
    if (!polys) return damaged(path_of(c), fmt::format("layer of version {}: {}", version, polys.error().message));
    for (auto& rings : *polys) {
      StoredPolygon p;
      p.status = status;
      const BBox* known = nullptr;
      if (boxes != nullptr) {
        if (auto it = boxes->find(rings.front()); it != boxes->end()) known = &it->second;
      }
      if (known != nullptr) {
        p.bbox = *known;
      } else {
        FRONTLINE_TRY(outer, read_ring_row(c, schema, rings.front()));
        p.bbox = outer.bbox;
        if (boxes != nullptr) boxes->emplace(rings.front(), outer.bbox);
      }
      p.rings = std::move(rings);
      out.push_back(std::move(p));
    }
  }
  return out;
}

Result<std::string> read_version_report(Connection& c, VersionId version) {
  FRONTLINE_TRY(st, c.stmt("SELECT report FROM version WHERE id = ?"));
  st->bind(1, version);
  FRONTLINE_TRY(row, st->step());
  if (!row) return make_error(ErrorCode::not_found, fmt::format("no version with id {}", version));
  return st->text(0);
}

Result<std::vector<std::int64_t>> read_ring_runs(Connection& c, int schema, RingId id) {
  FRONTLINE_TRY(row, read_ring_row(c, schema, id));
  return std::move(row.runs);
}

Result<void> append_run(Connection& c, ChunkCache* cache, std::int64_t run_id, Ring& out) {
  if (cache != nullptr && cache->append_to(run_id, out)) return {};
  FRONTLINE_TRY(st, c.stmt("SELECT coords, hash FROM chunk WHERE id = ?"));
  st->bind(1, run_id);
  FRONTLINE_TRY(row, st->step());
  if (!row) return damaged(path_of(c), fmt::format("run {} is missing", run_id));
  auto coords = decode_ring(st->blob(0));
  if (!coords) return damaged(path_of(c), fmt::format("run {}: {}", run_id, coords.error().message));
  // A flipped bit that still decodes would move a vertex silently; the content hash catches it.
  const auto h = static_cast<std::int64_t>(XXH3_64bits(coords->data(), coords->size() * sizeof(FixedCoordinate)));
  if (h != st->int64(1)) return damaged(path_of(c), fmt::format("run {} does not match its content hash", run_id));
  if (cache != nullptr) cache->put(run_id, *coords);
  out.insert(out.end(), coords->begin(), coords->end());
  return {};
}

Result<Ring> read_ring(Connection& c, int schema, ChunkCache* cache, RingId id) {
  FRONTLINE_TRY(ids, read_ring_runs(c, schema, id));
  Ring out;
  for (std::int64_t run : ids) FRONTLINE_CHECK(append_run(c, cache, run, out));
  if (out.size() < 4 || out.front() != out.back()) {
    return damaged(path_of(c), fmt::format("ring {} is not a closed ring", id));
  }
  return out;
}

}  // namespace frontline::store
