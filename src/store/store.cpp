#include "frontline/store.hpp"

#include <fmt/format.h>

#include <system_error>
#include <unordered_map>

#include <xxhash.h>

#include <algorithm>

#include "store/codec.hpp"
#include "store/sqlite.hpp"

namespace frontline {

namespace {
constexpr int kSchemaVersion = 3;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS map(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS ring(
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL UNIQUE,
  points INTEGER NOT NULL,
  min_lon INTEGER NOT NULL, min_lat INTEGER NOT NULL, max_lon INTEGER NOT NULL, max_lat INTEGER NOT NULL,
  area_m2 REAL NOT NULL,
  perimeter_m REAL NOT NULL,
  chunks BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS chunk(
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL UNIQUE,
  points INTEGER NOT NULL,
  coords BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS version(
  id INTEGER PRIMARY KEY,
  map_id INTEGER NOT NULL REFERENCES map(id),
  time INTEGER NOT NULL,
  source_id TEXT NOT NULL,
  content_hash INTEGER NOT NULL,
  source_hash INTEGER NOT NULL,
  vertices INTEGER NOT NULL,
  report TEXT,
  UNIQUE(map_id, time));
CREATE TABLE IF NOT EXISTS layer(
  version_id INTEGER NOT NULL REFERENCES version(id),
  status INTEGER NOT NULL,
  area_m2 REAL NOT NULL,
  perimeter_m REAL NOT NULL,
  overlap_m2 REAL NOT NULL,
  polygons INTEGER NOT NULL,
  vertices INTEGER NOT NULL,
  rings BLOB NOT NULL,
  PRIMARY KEY(version_id, status)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reference_area(
  name TEXT PRIMARY KEY, area_m2 REAL NOT NULL, source TEXT NOT NULL);
)sql";

Error unknown_map(std::string_view map) {
  return make_error(ErrorCode::not_found,
                    fmt::format("the store has no map named '{}'; `frontline versions` lists them", map));
}
}  // namespace

struct Store::Impl {
  std::filesystem::path path;
  store::Database db;
  bool read_only = false;
  std::unordered_map<std::string, std::int64_t> map_ids;
  // Rings this session has written or checked against their content, by hash: each distinct
  // ring is compared once, not once per version that uses it.
  std::unordered_map<std::uint64_t, RingId> known_rings;
  std::unordered_map<std::uint64_t, std::int64_t> known_chunks;  // the same, for runs of vertices
  std::unordered_map<std::int64_t, Ring> chunk_cache;            // decoded runs, for reading
  std::unordered_map<std::string, store::Statement> statements;

  // Statements are prepared once per session: an import runs them hundreds of thousands of times.
  Result<store::Statement*> stmt(const std::string& sql) {
    auto it = statements.find(sql);
    if (it == statements.end()) {
      FRONTLINE_TRY(st, db.prepare(sql));
      it = statements.emplace(sql, std::move(st)).first;
    }
    it->second.reset();
    return &it->second;
  }

  Result<Ring> read_chunk(std::int64_t id) {
    if (auto it = chunk_cache.find(id); it != chunk_cache.end()) return it->second;
    FRONTLINE_TRY(st, stmt("SELECT coords FROM chunk WHERE id = ?"));
    st->bind(1, id);
    FRONTLINE_TRY(row, st->step());
    if (!row) return make_error(ErrorCode::io, fmt::format("store: chunk {} is missing; the store is damaged", id));
    FRONTLINE_TRY(coords, store::decode_ring(st->blob(0)));
    st->reset();
    return chunk_cache.emplace(id, std::move(coords)).first->second;
  }

  Result<std::vector<std::int64_t>> read_ring_runs(RingId id) {
    FRONTLINE_TRY(st, stmt("SELECT chunks FROM ring WHERE id = ?"));
    st->bind(1, id);
    FRONTLINE_TRY(row, st->step());
    if (!row) return make_error(ErrorCode::io, fmt::format("store: ring {} is missing; the store is damaged", id));
    FRONTLINE_TRY(ids, store::decode_ids(st->blob(0)));
    st->reset();
    if (ids.empty())
      return make_error(ErrorCode::io, fmt::format("store: ring {} has no runs; the store is damaged", id));
    return ids;
  }

  Result<Ring> read_ring(RingId id) {
    FRONTLINE_TRY(ids, read_ring_runs(id));
    Ring out;
    for (std::int64_t cid : ids) {
      FRONTLINE_TRY(c, read_chunk(cid));
      out.insert(out.end(), c.begin(), c.end());
    }
    if (out.size() < 4 || out.front() != out.back()) {
      return make_error(ErrorCode::io, fmt::format("store: ring {} is not a closed ring; the store is damaged", id));
    }
    return out;
  }

  Result<std::int64_t> write_chunk(std::span<const FixedCoordinate> run,
                                   std::vector<std::pair<std::uint64_t, std::int64_t>>& learned) {
    const std::uint64_t h = XXH3_64bits(run.data(), run.size_bytes());
    if (auto it = known_chunks.find(h); it != known_chunks.end()) return it->second;
    FRONTLINE_TRY(find, stmt("SELECT id FROM chunk WHERE hash = ?"));
    find->bind(1, static_cast<std::int64_t>(h));
    FRONTLINE_TRY(found, find->step());
    if (found) {
      const std::int64_t id = find->int64(0);
      find->reset();
      // A 64-bit hash collision is astronomically unlikely; it is still checked, never assumed.
      FRONTLINE_TRY(stored, read_chunk(id));
      if (!std::equal(stored.begin(), stored.end(), run.begin(), run.end())) {
        return make_error(ErrorCode::internal, fmt::format("store: two different runs share content hash {:016x}", h));
      }
      learned.emplace_back(h, id);
      return id;
    }
    FRONTLINE_TRY(ins, stmt("INSERT INTO chunk(hash, points, coords) VALUES (?, ?, ?)"));
    ins->bind(1, static_cast<std::int64_t>(h))
        .bind(2, static_cast<std::int64_t>(run.size()))
        .bind_blob(3, store::encode_ring(run));
    FRONTLINE_CHECK(ins->run());
    const std::int64_t id = db.last_insert_id();
    learned.emplace_back(h, id);
    return id;
  }

  Result<std::optional<std::int64_t>> find_map(std::string_view name) {
    if (auto it = map_ids.find(std::string(name)); it != map_ids.end()) return std::optional<std::int64_t>{it->second};
    FRONTLINE_TRY(st, db.prepare("SELECT id FROM map WHERE name = ?"));
    st.bind(1, name);
    FRONTLINE_TRY(row, st.step());
    if (!row) return std::optional<std::int64_t>{};
    const std::int64_t id = st.int64(0);
    map_ids.emplace(std::string(name), id);
    return std::optional<std::int64_t>{id};
  }

  Result<std::int64_t> map_or_create(std::string_view name) {
    FRONTLINE_TRY(found, find_map(name));
    if (found) return *found;
    FRONTLINE_TRY(st, db.prepare("INSERT INTO map(name) VALUES (?)"));
    st.bind(1, name);
    FRONTLINE_CHECK(st.run());
    const std::int64_t id = db.last_insert_id();
    map_ids.emplace(std::string(name), id);
    return id;
  }

  Result<std::vector<LayerSummary>> layers_of(VersionId v) {
    FRONTLINE_TRY(st, db.prepare("SELECT status, area_m2, perimeter_m, overlap_m2, polygons, vertices FROM layer "
                                 "WHERE version_id = ? ORDER BY status"));
    st.bind(1, v);
    std::vector<LayerSummary> out;
    for (;;) {
      FRONTLINE_TRY(row, st.step());
      if (!row) break;
      out.push_back({static_cast<Status>(st.int64(0)), st.real(1), st.real(2), st.real(3), st.int64(4), st.int64(5)});
    }
    return out;
  }

  Result<std::vector<VersionInfo>> query_versions(std::string_view map, std::string_view where,
                                                  std::optional<std::int64_t> t) {
    FRONTLINE_TRY(map_id, find_map(map));
    if (!map_id) return unknown_map(map);
    FRONTLINE_TRY(st,
                  db.prepare(fmt::format("SELECT id, time, source_id, content_hash, vertices, source_hash FROM version "
                                         "WHERE map_id = ? {}",
                                         where)));
    st.bind(1, *map_id);
    if (t) st.bind(2, *t);
    std::vector<VersionInfo> out;
    for (;;) {
      FRONTLINE_TRY(row, st.step());
      if (!row) break;
      VersionInfo v;
      v.id = st.int64(0);
      v.map = std::string(map);
      v.time = Timestamp{st.int64(1)};
      v.source_id = st.text(2);
      v.content_hash = static_cast<std::uint64_t>(st.int64(3));
      v.source_hash = static_cast<std::uint64_t>(st.int64(5));
      v.vertices = st.int64(4);
      out.push_back(std::move(v));
    }
    // One query for all layers beats one per version on long histories.
    FRONTLINE_TRY(
        ls,
        db.prepare(
            "SELECT l.version_id, l.status, l.area_m2, l.perimeter_m, l.overlap_m2, l.polygons, l.vertices "
            "FROM layer l JOIN version v ON v.id = l.version_id WHERE v.map_id = ? ORDER BY l.version_id, l.status"));
    if (out.size() <= 2) {
      for (auto& v : out) {
        FRONTLINE_TRY(layers, layers_of(v.id));
        v.layers = std::move(layers);
      }
      return out;
    }
    std::unordered_map<VersionId, std::size_t> index;
    for (std::size_t i = 0; i < out.size(); ++i) index.emplace(out[i].id, i);
    ls.bind(1, *map_id);
    for (;;) {
      FRONTLINE_TRY(row, ls.step());
      if (!row) break;
      auto it = index.find(ls.int64(0));
      if (it == index.end()) continue;
      out[it->second].layers.push_back(
          {static_cast<Status>(ls.int64(1)), ls.real(2), ls.real(3), ls.real(4), ls.int64(5), ls.int64(6)});
    }
    return out;
  }
};

const LayerSummary* VersionInfo::layer(Status s) const {
  for (const auto& l : layers) {
    if (l.status == s) return &l;
  }
  return nullptr;
}

std::optional<double> VersionInfo::area_m2(Status s) const {
  if (const auto* l = layer(s)) return l->area_m2;
  if (s == Status::occupied_total) {
    const auto* occ = layer(Status::occupied);
    const auto* pre = layer(Status::occupied_before_2022);
    if (occ == nullptr && pre == nullptr) return std::nullopt;
    return (occ != nullptr ? occ->area_m2 : 0.0) + (pre != nullptr ? pre->area_m2 : 0.0);
  }
  return std::nullopt;
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const std::filesystem::path& Store::path() const {
  return impl_->path;
}

Result<Store> Store::open(const std::filesystem::path& path) {
  FRONTLINE_TRY(db, store::Database::open(path.string(), false));
  // WAL: readers never block the importer, and a commit per version is cheap (no fsync each).
  FRONTLINE_CHECK(db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"));
  FRONTLINE_TRY(uv, db.prepare("PRAGMA user_version"));
  FRONTLINE_TRY(row, uv.step());
  const std::int64_t version = row ? uv.int64(0) : 0;
  if (version != 0 && version != kSchemaVersion) {
    return make_error(ErrorCode::conflict,
                      fmt::format("store {} has schema version {}, this frontline reads version {}", path.string(),
                                  version, kSchemaVersion));
  }
  if (version == 0) {
    FRONTLINE_CHECK(db.exec(kSchema));
    FRONTLINE_CHECK(db.exec(fmt::format("PRAGMA user_version = {}", kSchemaVersion)));
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->db = std::move(db);
  return Store(std::move(impl));
}

Result<Store> Store::open_existing(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return make_error(ErrorCode::not_found,
                      fmt::format("store {} does not exist; create it with `frontline import --store {} ...`",
                                  path.string(), path.string()));
  }
  return open(path);
}

Result<std::vector<std::string>> Store::maps() const {
  FRONTLINE_TRY(st, impl_->db.prepare("SELECT name FROM map ORDER BY name"));
  std::vector<std::string> out;
  for (;;) {
    FRONTLINE_TRY(row, st.step());
    if (!row) break;
    out.push_back(st.text(0));
  }
  return out;
}

Result<std::string> Store::default_map() const {
  FRONTLINE_TRY(names, maps());
  if (names.empty()) return make_error(ErrorCode::not_found, "the store holds no map yet; import one first");
  if (names.size() == 1) return names.front();
  for (const auto& n : names) {
    if (n == "deepstate") return n;
  }
  return make_error(ErrorCode::bad_request, fmt::format("the store holds {} maps; name one with --map", names.size()));
}

Result<std::vector<VersionInfo>> Store::versions(std::string_view map) const {
  return impl_->query_versions(map, "ORDER BY time", std::nullopt);
}

Result<std::optional<VersionInfo>> Store::version_at(std::string_view map, Timestamp t) const {
  FRONTLINE_TRY(v, impl_->query_versions(map, "AND time <= ? ORDER BY time DESC LIMIT 1", t.seconds));
  if (v.empty()) return std::optional<VersionInfo>{};
  return std::optional<VersionInfo>{std::move(v.front())};
}

Result<std::optional<VersionInfo>> Store::version_by_time(std::string_view map, Timestamp t) const {
  FRONTLINE_TRY(v, impl_->query_versions(map, "AND time = ?", t.seconds));
  if (v.empty()) return std::optional<VersionInfo>{};
  return std::optional<VersionInfo>{std::move(v.front())};
}

Result<std::vector<StoredPolygon>> Store::polygons(VersionId version) const {
  FRONTLINE_TRY(st, impl_->db.prepare("SELECT status, rings FROM layer WHERE version_id = ? ORDER BY status"));
  FRONTLINE_TRY(bb, impl_->stmt("SELECT min_lon, min_lat, max_lon, max_lat FROM ring WHERE id = ?"));
  st.bind(1, version);
  std::vector<StoredPolygon> out;
  for (;;) {
    FRONTLINE_TRY(row, st.step());
    if (!row) break;
    const auto status = static_cast<Status>(st.int64(0));
    FRONTLINE_TRY(polys, store::decode_polygons(st.blob(1)));
    for (auto& rings : polys) {
      StoredPolygon p;
      p.status = status;
      bb->bind(1, rings.front());
      FRONTLINE_TRY(found, bb->step());
      if (!found) {
        return make_error(ErrorCode::io, fmt::format("store: ring {} is missing; the store is damaged", rings.front()));
      }
      p.bbox = BBox{static_cast<std::int32_t>(bb->int64(0)), static_cast<std::int32_t>(bb->int64(1)),
                    static_cast<std::int32_t>(bb->int64(2)), static_cast<std::int32_t>(bb->int64(3))};
      bb->reset();
      p.rings = std::move(rings);
      out.push_back(std::move(p));
    }
  }
  return out;
}

Result<std::string> Store::version_report(VersionId version) const {
  FRONTLINE_TRY(st, impl_->stmt("SELECT report FROM version WHERE id = ?"));
  st->bind(1, version);
  FRONTLINE_TRY(row, st->step());
  if (!row) return make_error(ErrorCode::not_found, fmt::format("no version with id {}", version));
  std::string out = st->text(0);
  st->reset();
  return out;
}

Result<std::vector<std::int64_t>> Store::ring_runs(RingId id) const {
  return impl_->read_ring_runs(id);
}

Result<Ring> Store::run(std::int64_t run_id) const {
  return impl_->read_chunk(run_id);
}

Result<Ring> Store::ring(RingId id) const {
  return impl_->read_ring(id);
}

Result<MultiPolygon> Store::geometry(std::span<const StoredPolygon> polygons) const {
  MultiPolygon out;
  out.reserve(polygons.size());
  for (const auto& sp : polygons) {
    Polygon p;
    for (std::size_t i = 0; i < sp.rings.size(); ++i) {
      FRONTLINE_TRY(r, ring(sp.rings[i]));
      if (i == 0) {
        p.outer = std::move(r);
      } else {
        p.holes.push_back(std::move(r));
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

Result<MultiPolygon> Store::layer_geometry(VersionId version, Status status) const {
  FRONTLINE_TRY(all, polygons(version));
  std::vector<StoredPolygon> mine;
  for (auto& p : all) {
    if (p.status == status) mine.push_back(std::move(p));
  }
  return geometry(mine);
}

Result<void> Store::set_reference(std::string_view name, double area_m2, std::string_view source) {
  FRONTLINE_TRY(
      st, impl_->db.prepare("INSERT INTO reference_area(name, area_m2, source) VALUES (?, ?, ?) "
                            "ON CONFLICT(name) DO UPDATE SET area_m2 = excluded.area_m2, source = excluded.source"));
  st.bind(1, name).bind(2, area_m2).bind(3, source);
  return st.run();
}

Result<std::optional<double>> Store::reference_area_m2(std::string_view name) const {
  FRONTLINE_TRY(st, impl_->db.prepare("SELECT area_m2 FROM reference_area WHERE name = ?"));
  st.bind(1, name);
  FRONTLINE_TRY(row, st.step());
  if (!row) return std::optional<double>{};
  return std::optional<double>{st.real(0)};
}

Result<std::int64_t> Store::add_version(std::string_view map, const NewVersion& version) {
  auto r = add_version_tx(map, version);
  // A rolled-back transaction may have handed out ids that SQLite will reuse: forget what was read.
  if (!r) impl_->chunk_cache.clear();
  return r;
}

Result<std::int64_t> Store::add_version_tx(std::string_view map, const NewVersion& version) {
  auto& db = impl_->db;
  store::Transaction tx(db);
  FRONTLINE_CHECK(tx.begin());
  FRONTLINE_TRY(map_id, impl_->map_or_create(map));

  std::vector<RingId> ids;
  ids.reserve(version.rings.size());
  std::int64_t added = 0;
  std::vector<std::pair<std::uint64_t, RingId>> learned;
  std::vector<std::pair<std::uint64_t, std::int64_t>> learned_chunks;
  for (const auto& nr : version.rings) {
    if (auto k = impl_->known_rings.find(nr.hash); k != impl_->known_rings.end()) {
      ids.push_back(k->second);
      continue;
    }
    FRONTLINE_TRY(find_ring, impl_->stmt("SELECT id FROM ring WHERE hash = ?"));
    find_ring->bind(1, static_cast<std::int64_t>(nr.hash));
    FRONTLINE_TRY(found, find_ring->step());
    if (found) {
      const RingId id = find_ring->int64(0);
      find_ring->reset();
      FRONTLINE_TRY(stored, impl_->read_ring(id));
      if (stored != *nr.ring) {
        return make_error(ErrorCode::internal,
                          fmt::format("store: two different rings share content hash {:016x}", nr.hash));
      }
      ids.push_back(id);
      learned.emplace_back(nr.hash, id);
      continue;
    }
    std::vector<std::int64_t> chunk_ids;
    for (auto run : store::split_ring(*nr.ring)) {
      FRONTLINE_TRY(cid, impl_->write_chunk(run, learned_chunks));
      chunk_ids.push_back(cid);
    }
    const BBox b = bbox_of(*nr.ring);
    FRONTLINE_TRY(
        insert_ring,
        impl_->stmt("INSERT INTO ring(hash, points, min_lon, min_lat, max_lon, max_lat, area_m2, perimeter_m, chunks) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert_ring->bind(1, static_cast<std::int64_t>(nr.hash))
        .bind(2, static_cast<std::int64_t>(nr.ring->size()))
        .bind(3, std::int64_t{b.min_lon})
        .bind(4, std::int64_t{b.min_lat})
        .bind(5, std::int64_t{b.max_lon})
        .bind(6, std::int64_t{b.max_lat})
        .bind(7, nr.area_m2)
        .bind(8, nr.perimeter_m)
        .bind_blob(9, store::encode_ids(chunk_ids));
    FRONTLINE_CHECK(insert_ring->run());
    ids.push_back(db.last_insert_id());
    learned.emplace_back(nr.hash, db.last_insert_id());
    ++added;
  }

  FRONTLINE_TRY(insert_version,
                db.prepare("INSERT INTO version(map_id, time, source_id, content_hash, vertices, report, source_hash) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)"));
  insert_version.bind(1, map_id)
      .bind(2, version.time.seconds)
      .bind(3, version.source_id)
      .bind(4, static_cast<std::int64_t>(version.content_hash))
      .bind(5, version.vertices)
      .bind(6, version.report_json)
      .bind(7, static_cast<std::int64_t>(version.source_hash));
  FRONTLINE_CHECK(insert_version.run());
  const VersionId vid = db.last_insert_id();

  FRONTLINE_TRY(
      insert_layer,
      db.prepare("INSERT INTO layer(version_id, status, area_m2, perimeter_m, overlap_m2, polygons, vertices, rings) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  for (const auto& layer : version.layers) {
    std::vector<std::vector<std::int64_t>> polys;
    polys.reserve(layer.polygons.size());
    for (const auto& p : layer.polygons) {
      std::vector<std::int64_t> r;
      r.reserve(p.size());
      for (std::size_t idx : p) r.push_back(ids.at(idx));
      polys.push_back(std::move(r));
    }
    const auto& s = layer.summary;
    insert_layer.bind(1, vid)
        .bind(2, static_cast<std::int64_t>(s.status))
        .bind(3, s.area_m2)
        .bind(4, s.perimeter_m)
        .bind(5, s.overlap_m2)
        .bind(6, s.polygons)
        .bind(7, s.vertices)
        .bind_blob(8, store::encode_polygons(polys));
    FRONTLINE_CHECK(insert_layer.run());
  }
  FRONTLINE_CHECK(tx.commit());
  // Only committed rings are known: a rolled-back version must not leave ids behind.
  for (const auto& [h, id] : learned) impl_->known_rings.emplace(h, id);
  for (const auto& [h, id] : learned_chunks) impl_->known_chunks.emplace(h, id);
  return added;
}

Result<std::int64_t> Store::file_bytes() const {
  std::error_code ec;
  auto size = std::filesystem::file_size(impl_->path, ec);
  if (ec) return make_error(ErrorCode::io, "cannot stat store: " + ec.message());
  return static_cast<std::int64_t>(size);
}

}  // namespace frontline
