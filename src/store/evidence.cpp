// The evidence tables. Like the gazetteer's, they are created by the first write of evidence, so a
// store of maps alone stays as it was, and a reader of a store without them finds no evidence.
// Records are indexed in time (observed_at) and in space (an R*Tree of their points).
#include "store/evidence.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "store/checksum.hpp"
#include "store/impl.hpp"

namespace frontline::store {

namespace {

constexpr const char* kEvidenceTables = R"sql(
CREATE TABLE IF NOT EXISTS evidence(
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  dataset TEXT NOT NULL,
  observed_at INTEGER NOT NULL,
  time_precision INTEGER NOT NULL,
  lon INTEGER NOT NULL, lat INTEGER NOT NULL,
  precision_m REAL NOT NULL,
  side INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  sources TEXT NOT NULL,
  geolocation TEXT NOT NULL,
  unit TEXT NOT NULL,
  text TEXT NOT NULL,
  unsourced INTEGER NOT NULL,
  confidence REAL NOT NULL,
  checksum INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS evidence_time ON evidence(observed_at);
CREATE VIRTUAL TABLE IF NOT EXISTS evidence_place USING rtree_i32(id, min_lon, max_lon, min_lat, max_lat);
)sql";

constexpr const char* kColumns =
    "id, key, dataset, observed_at, time_precision, lon, lat, precision_m, side, kind, sources, geolocation, unit, "
    "text, unsourced, confidence, checksum";

std::string sources_json(const std::vector<std::string>& sources) {
  return nlohmann::json(sources).dump();
}

std::int64_t evidence_checksum(const EvidenceRecord& r, std::string_view sources) {
  Checksum c;
  c.add(r.id)
      .add(r.key)
      .add(r.dataset)
      .add(r.observed_at.seconds)
      .add(static_cast<std::int64_t>(r.time_precision))
      .add(static_cast<std::int64_t>(r.point.lon))
      .add(static_cast<std::int64_t>(r.point.lat))
      .add(r.precision_m)
      .add(static_cast<std::int64_t>(r.side))
      .add(static_cast<std::int64_t>(r.kind))
      .add(sources)
      .add(r.geolocation)
      .add(r.unit)
      .add(r.text)
      .add(static_cast<std::int64_t>(r.unsourced))
      .add(r.confidence);
  return c.value();
}

Error damaged(const std::string& path, std::int64_t id) {
  return make_error(ErrorCode::io,
                    fmt::format("the store {} is damaged (evidence {} does not match its checksum); run `frontline "
                                "check --store {}`",
                                path, id, path));
}

Result<bool> has_tables(Connection& c) {
  FRONTLINE_TRY(n, c.db().query_int("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'evidence'"));
  return n == 1;
}

}  // namespace

Result<std::int64_t> insert_evidence(Connection& c, std::span<EvidenceRecord> records) {
  if (records.empty()) return 0;
  FRONTLINE_CHECK(c.db().exec(kEvidenceTables));
  FRONTLINE_TRY(next, c.db().query_int("SELECT coalesce(max(id), 0) + 1 FROM evidence"));
  FRONTLINE_TRY(ins, c.stmt(fmt::format("INSERT INTO evidence({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                        "?, ?, ?)",
                                        kColumns)));
  FRONTLINE_TRY(place, c.stmt("INSERT INTO evidence_place(id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, "
                              "?)"));
  for (auto& r : records) {
    r.id = next++;
    const std::string sources = sources_json(r.sources);
    ins->bind(1, r.id)
        .bind(2, r.key)
        .bind(3, r.dataset)
        .bind(4, r.observed_at.seconds)
        .bind(5, static_cast<std::int64_t>(r.time_precision))
        .bind(6, static_cast<std::int64_t>(r.point.lon))
        .bind(7, static_cast<std::int64_t>(r.point.lat))
        .bind(8, r.precision_m)
        .bind(9, static_cast<std::int64_t>(r.side))
        .bind(10, static_cast<std::int64_t>(r.kind))
        .bind(11, sources)
        .bind(12, r.geolocation)
        .bind(13, r.unit)
        .bind(14, r.text)
        .bind(15, static_cast<std::int64_t>(r.unsourced))
        .bind(16, r.confidence)
        .bind(17, evidence_checksum(r, sources));
    FRONTLINE_CHECK(ins->run());
    place->bind(1, r.id)
        .bind(2, static_cast<std::int64_t>(r.point.lon))
        .bind(3, static_cast<std::int64_t>(r.point.lon))
        .bind(4, static_cast<std::int64_t>(r.point.lat))
        .bind(5, static_cast<std::int64_t>(r.point.lat));
    FRONTLINE_CHECK(place->run());
  }
  return static_cast<std::int64_t>(records.size());
}

Result<void> update_evidence_sources(Connection& c, const EvidenceRecord& r) {
  const std::string sources = sources_json(r.sources);
  FRONTLINE_TRY(st, c.stmt("UPDATE evidence SET sources = ?, confidence = ?, unsourced = ?, geolocation = ?, "
                           "checksum = ? WHERE id = ?"));
  st->bind(1, sources)
      .bind(2, r.confidence)
      .bind(3, static_cast<std::int64_t>(r.unsourced))
      .bind(4, r.geolocation)
      .bind(5, evidence_checksum(r, sources))
      .bind(6, r.id);
  return st->run();
}

Result<std::vector<EvidenceRecord>> query_evidence(Connection& c, const EvidenceFilter& f) {
  FRONTLINE_TRY(exists, has_tables(c));
  if (!exists) return std::vector<EvidenceRecord>{};
  std::string where = "WHERE observed_at >= ? AND observed_at <= ?";
  if (f.bbox) {
    where +=
        " AND id IN (SELECT id FROM evidence_place WHERE min_lon >= ? AND max_lon <= ? AND min_lat >= ? AND "
        "max_lat <= ?)";
  }
  if (f.side) where += " AND side = ?";
  if (f.dataset) where += " AND dataset = ?";
  FRONTLINE_TRY(st, c.stmt(fmt::format("SELECT {} FROM evidence {} ORDER BY observed_at, id", kColumns, where)));
  int i = 1;
  st->bind(i++, f.from.value_or(Timestamp{std::numeric_limits<std::int64_t>::min()}).seconds);
  st->bind(i++, f.to.value_or(Timestamp{std::numeric_limits<std::int64_t>::max()}).seconds);
  if (f.bbox) {
    st->bind(i, static_cast<std::int64_t>(f.bbox->min_lon));
    st->bind(i + 1, static_cast<std::int64_t>(f.bbox->max_lon));
    st->bind(i + 2, static_cast<std::int64_t>(f.bbox->min_lat));
    st->bind(i + 3, static_cast<std::int64_t>(f.bbox->max_lat));
    i += 4;
  }
  if (f.side) st->bind(i++, static_cast<std::int64_t>(*f.side));
  if (f.dataset) st->bind(i++, std::string_view(*f.dataset));
  std::vector<EvidenceRecord> out;
  for (;;) {
    FRONTLINE_TRY(row, st->step());
    if (!row) break;
    EvidenceRecord r;
    r.id = st->int64(0);
    r.key = st->text(1);
    r.dataset = st->text(2);
    r.observed_at = Timestamp{st->int64(3)};
    const auto tp = st->int64(4), side = st->int64(8), kind = st->int64(9);
    if (tp < 0 || tp > 2 || side < 0 || side > 2 || kind < 0 || kind > 6) return damaged(c.db().path(), r.id);
    r.time_precision = static_cast<TimePrecision>(tp);
    r.point = FixedCoordinate{static_cast<std::int32_t>(st->int64(5)), static_cast<std::int32_t>(st->int64(6))};
    r.precision_m = st->real(7);
    r.side = static_cast<Side>(side);
    r.kind = static_cast<EvidenceKind>(kind);
    const std::string sources = st->text(10);
    const auto j = nlohmann::json::parse(sources, nullptr, false);
    if (!j.is_array()) return damaged(c.db().path(), r.id);
    for (const auto& s : j) {
      if (!s.is_string()) return damaged(c.db().path(), r.id);
      r.sources.push_back(s.get<std::string>());
    }
    r.geolocation = st->text(11);
    r.unit = st->text(12);
    r.text = st->text(13);
    r.unsourced = st->int64(14) != 0;
    r.confidence = st->real(15);
    if (evidence_checksum(r, sources) != st->int64(16)) return damaged(c.db().path(), r.id);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::int64_t> count_evidence(Connection& c) {
  FRONTLINE_TRY(exists, has_tables(c));
  if (!exists) return 0;
  return c.db().query_int("SELECT count(*) FROM evidence");
}

}  // namespace frontline::store

namespace frontline {

Result<std::vector<EvidenceRecord>> Store::evidence(const EvidenceFilter& filter) const {
  return read(*impl_, [&](store::Connection& c) { return store::query_evidence(c, filter); });
}

Result<std::int64_t> Store::evidence_count() const {
  return read(*impl_, [&](store::Connection& c) { return store::count_evidence(c); });
}

}  // namespace frontline
