// The write transaction: new rings, runs, versions and layers. Everything an import writes is one
// transaction (BEGIN IMMEDIATE, so that two importers take the store in turn), which makes an
// interrupted import leave the store exactly as it was.
#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "frontline/store.hpp"
#include "store/checksum.hpp"
#include "store/claims.hpp"
#include "store/codec.hpp"
#include "store/evidence.hpp"
#include "store/impl.hpp"
#include "store/places.hpp"

namespace frontline {

struct StoreWriter::State {
  Store::Impl* impl = nullptr;
  std::optional<Store::Impl::Lease> lease;  // the connection, back to the pool when the writer ends
  store::Connection* conn = nullptr;
  std::unique_ptr<store::Transaction> tx;
  // Rings and runs this transaction has written or checked against their content, by hash: each
  // distinct one is compared once, not once per version that uses it.
  std::unordered_map<std::uint64_t, RingId> rings;
  std::unordered_map<std::uint64_t, std::int64_t> chunks;
  // Ids are given here rather than by SQLite, so that a row's checksum can cover its id.
  RingId next_ring = 0;
  VersionId next_version = 0;

  Result<void> start_ids() {
    FRONTLINE_TRY(r, conn->db().query_int("SELECT coalesce(max(id), 0) + 1 FROM ring"));
    FRONTLINE_TRY(v, conn->db().query_int("SELECT coalesce(max(id), 0) + 1 FROM version"));
    next_ring = r;
    next_version = v;
    return {};
  }

  Result<std::int64_t> write_chunk(std::span<const FixedCoordinate> run) {
    const std::uint64_t h = XXH3_64bits(run.data(), run.size_bytes());
    if (auto it = chunks.find(h); it != chunks.end()) return it->second;
    FRONTLINE_TRY(find, conn->stmt("SELECT id FROM chunk WHERE hash = ?"));
    find->bind(1, static_cast<std::int64_t>(h));
    FRONTLINE_TRY(found, find->step());
    if (found) {
      const std::int64_t id = find->int64(0);
      // A 64-bit hash collision is astronomically unlikely; it is still checked, never assumed.
      Ring stored;
      FRONTLINE_CHECK(store::append_run(*conn, nullptr, id, stored));
      if (!std::equal(stored.begin(), stored.end(), run.begin(), run.end())) {
        return make_error(ErrorCode::internal, fmt::format("store: two different runs share content hash {:016x}", h));
      }
      chunks.emplace(h, id);
      return id;
    }
    FRONTLINE_TRY(ins, conn->stmt("INSERT INTO chunk(hash, points, coords) VALUES (?, ?, ?)"));
    ins->bind(1, static_cast<std::int64_t>(h))
        .bind(2, static_cast<std::int64_t>(run.size()))
        .bind_blob(3, store::encode_ring(run));
    FRONTLINE_CHECK(ins->run());
    const std::int64_t id = conn->db().last_insert_id();
    chunks.emplace(h, id);
    return id;
  }

  // The id of a ring, written if the store does not hold it yet; `added` counts new rings.
  Result<RingId> write_ring(const NewRing& nr, std::int64_t& added) {
    if (auto k = rings.find(nr.hash); k != rings.end()) return k->second;
    FRONTLINE_TRY(find, conn->stmt("SELECT id FROM ring WHERE hash = ?"));
    find->bind(1, static_cast<std::int64_t>(nr.hash));
    FRONTLINE_TRY(found, find->step());
    if (found) {
      const RingId id = find->int64(0);
      FRONTLINE_TRY(stored, store::read_ring(*conn, impl->schema, nullptr, id));
      if (stored != *nr.ring) {
        return make_error(ErrorCode::internal,
                          fmt::format("store: two different rings share content hash {:016x}", nr.hash));
      }
      rings.emplace(nr.hash, id);
      return id;
    }
    std::vector<std::int64_t> chunk_ids;
    for (auto run : store::split_ring(*nr.ring)) {
      FRONTLINE_TRY(cid, write_chunk(run));
      chunk_ids.push_back(cid);
    }
    const BBox b = bbox_of(*nr.ring);
    const std::vector<std::uint8_t> chunk_blob = store::encode_ids(chunk_ids);
    const RingId id = next_ring++;
    const store::RingRow row{id,
                             static_cast<std::int64_t>(nr.hash),
                             static_cast<std::int64_t>(nr.ring->size()),
                             b.min_lon,
                             b.min_lat,
                             b.max_lon,
                             b.max_lat,
                             nr.area_m2,
                             nr.perimeter_m,
                             chunk_blob};
    FRONTLINE_TRY(ins, conn->stmt("INSERT INTO ring(id, hash, points, min_lon, min_lat, max_lon, max_lat, area_m2, "
                                  "perimeter_m, chunks, checksum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    ins->bind(1, id)
        .bind(2, row.hash)
        .bind(3, row.points)
        .bind(4, row.min_lon)
        .bind(5, row.min_lat)
        .bind(6, row.max_lon)
        .bind(7, row.max_lat)
        .bind(8, row.area_m2)
        .bind(9, row.perimeter_m)
        .bind_blob(10, chunk_blob)
        .bind(11, store::checksum(row));
    FRONTLINE_CHECK(ins->run());
    rings.emplace(nr.hash, id);
    ++added;
    return id;
  }

  Result<std::int64_t> map_or_create(std::string_view name) {
    FRONTLINE_TRY(found, store::find_map(*conn, impl->schema, name));
    if (found) return found->id;
    FRONTLINE_TRY(st, conn->stmt("INSERT INTO map(name) VALUES (?)"));
    st->bind(1, name);
    FRONTLINE_CHECK(st->run());
    return conn->db().last_insert_id();
  }
};

StoreWriter::StoreWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}
StoreWriter::StoreWriter(StoreWriter&&) noexcept = default;
StoreWriter& StoreWriter::operator=(StoreWriter&&) noexcept = default;
StoreWriter::~StoreWriter() {
  if (state_) state_->tx.reset();  // rolls back before the connection closes
}

Result<StoreWriter> Store::begin_write() {
  if (!impl_->writable) {
    return make_error(ErrorCode::internal, fmt::format("the store {} was opened for reading", impl_->path_string));
  }
  auto state = std::make_unique<StoreWriter::State>();
  state->impl = impl_.get();
  FRONTLINE_TRY(lease, impl_->lease());
  state->lease.emplace(std::move(lease));
  state->conn = &**state->lease;
  state->tx = std::make_unique<store::Transaction>(state->conn->db());
  auto begun = state->tx->begin_immediate();
  if (!begun) return writer_busy(begun.error(), impl_->path_string, impl_->write_options.wait);
  FRONTLINE_CHECK(state->start_ids());
  return StoreWriter(std::move(state));
}

Result<std::vector<VersionInfo>> StoreWriter::versions(std::string_view map) {
  FRONTLINE_TRY(row, store::find_map(*state_->conn, state_->impl->schema, map));
  if (!row) return std::vector<VersionInfo>{};
  return store::read_versions(*state_->conn, state_->impl->schema, map, *row, store::Which::all);
}

Result<std::int64_t> StoreWriter::add_version(std::string_view map, const NewVersion& version) {
  State& s = *state_;
  FRONTLINE_TRY(map_id, s.map_or_create(map));
  std::vector<RingId> ids;
  ids.reserve(version.rings.size());
  std::int64_t added = 0;
  for (const auto& nr : version.rings) {
    FRONTLINE_TRY(id, s.write_ring(nr, added));
    ids.push_back(id);
  }

  std::int64_t statuses = 0;
  for (const auto& layer : version.layers) statuses |= std::int64_t{1} << static_cast<int>(layer.summary.status);
  const VersionId vid = s.next_version++;
  const store::VersionRow row{map_id,
                              version.time.seconds,
                              version.source_id,
                              static_cast<std::int64_t>(version.content_hash),
                              static_cast<std::int64_t>(version.source_hash),
                              version.vertices,
                              statuses};
  FRONTLINE_TRY(ins, s.conn->stmt("INSERT INTO version(id, map_id, time, source_id, content_hash, vertices, report, "
                                  "source_hash, statuses, checksum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  ins->bind(1, vid)
      .bind(2, map_id)
      .bind(3, row.time)
      .bind(4, row.source_id)
      .bind(5, row.content_hash)
      .bind(6, row.vertices)
      .bind(7, version.report_json)
      .bind(8, row.source_hash)
      .bind(9, statuses)
      .bind(10, store::checksum(row));
  FRONTLINE_CHECK(ins->run());

  FRONTLINE_TRY(layer_ins,
                s.conn->stmt("INSERT INTO layer(version_id, status, area_m2, perimeter_m, overlap_m2, "
                             "polygons, vertices, rings, checksum, outside_m2) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  for (const auto& layer : version.layers) {
    std::vector<std::vector<std::int64_t>> polys;
    polys.reserve(layer.polygons.size());
    for (const auto& p : layer.polygons) {
      std::vector<std::int64_t> r;
      r.reserve(p.size());
      for (std::size_t idx : p) r.push_back(ids.at(idx));
      polys.push_back(std::move(r));
    }
    const auto& sum = layer.summary;
    const std::vector<std::uint8_t> blob = store::encode_polygons(polys);
    const store::LayerRow lr{vid,
                             static_cast<std::int64_t>(sum.status),
                             sum.area_m2,
                             sum.perimeter_m,
                             sum.overlap_m2,
                             sum.polygons,
                             sum.vertices,
                             blob,
                             sum.outside_m2.value_or(0.0)};
    layer_ins->bind(1, vid)
        .bind(2, lr.status)
        .bind(3, lr.area_m2)
        .bind(4, lr.perimeter_m)
        .bind(5, lr.overlap_m2)
        .bind(6, lr.polygons)
        .bind(7, lr.vertices)
        .bind_blob(8, blob)
        .bind(9, store::checksum(lr))
        .bind(10, *lr.outside_m2);
    FRONTLINE_CHECK(layer_ins->run());
  }
  FRONTLINE_TRY(count, s.conn->stmt("UPDATE map SET versions = versions + 1 WHERE id = ?"));
  count->bind(1, map_id);
  FRONTLINE_CHECK(count->run());
  return added;
}

Result<std::int64_t> StoreWriter::replace_gazetteer(std::span<const NewPlace> places) {
  return store::write_gazetteer(*state_->conn, places);
}

Result<std::int64_t> StoreWriter::add_place(const NewPlace& place) {
  return store::write_user_place(*state_->conn, place);
}

Result<bool> StoreWriter::remove_place(std::int64_t id) {
  return store::delete_user_place(*state_->conn, id);
}

Result<std::vector<EvidenceRecord>> StoreWriter::evidence(const EvidenceFilter& filter) {
  return store::query_evidence(*state_->conn, filter);
}

Result<std::int64_t> StoreWriter::add_evidence(std::span<EvidenceRecord> records) {
  return store::insert_evidence(*state_->conn, records);
}

Result<void> StoreWriter::update_evidence_sources(const EvidenceRecord& record) {
  return store::update_evidence_sources(*state_->conn, record);
}

Result<std::int64_t> StoreWriter::add_claims(std::span<Claim> claims) {
  return store::insert_claims(*state_->conn, claims);
}

Result<void> StoreWriter::set_reference(std::string_view name, double area_m2, std::string_view source) {
  FRONTLINE_TRY(
      st, state_->conn->stmt("INSERT INTO reference_area(name, area_m2, source) VALUES (?, ?, ?) "
                             "ON CONFLICT(name) DO UPDATE SET area_m2 = excluded.area_m2, source = excluded.source"));
  st->bind(1, name).bind(2, area_m2).bind(3, source);
  return st->run();
}

Result<void> StoreWriter::commit() {
  FRONTLINE_CHECK(state_->tx->commit());
  state_->tx.reset();
  return {};
}

}  // namespace frontline
