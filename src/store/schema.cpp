#include "store/schema.hpp"

#include "geo/geodesic.hpp"
#include "geo/region_cells.hpp"
#include "io/bundled.hpp"
#include "store/checksum.hpp"
#include "store/codec.hpp"

#include <fmt/format.h>

#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unordered_map>

namespace frontline::store {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE map(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  versions INTEGER NOT NULL DEFAULT 0);
CREATE TABLE ring(
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL UNIQUE,
  points INTEGER NOT NULL,
  min_lon INTEGER NOT NULL, min_lat INTEGER NOT NULL, max_lon INTEGER NOT NULL, max_lat INTEGER NOT NULL,
  area_m2 REAL NOT NULL,
  perimeter_m REAL NOT NULL,
  chunks BLOB NOT NULL,
  checksum INTEGER NOT NULL DEFAULT 0);
CREATE TABLE chunk(
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL UNIQUE,
  points INTEGER NOT NULL,
  coords BLOB NOT NULL);
CREATE TABLE version(
  id INTEGER PRIMARY KEY,
  map_id INTEGER NOT NULL REFERENCES map(id),
  time INTEGER NOT NULL,
  source_id TEXT NOT NULL,
  content_hash INTEGER NOT NULL,
  source_hash INTEGER NOT NULL,
  vertices INTEGER NOT NULL,
  report TEXT,
  statuses INTEGER NOT NULL DEFAULT 0,
  checksum INTEGER NOT NULL DEFAULT 0,
  UNIQUE(map_id, time));
CREATE TABLE layer(
  version_id INTEGER NOT NULL REFERENCES version(id),
  status INTEGER NOT NULL,
  area_m2 REAL NOT NULL,
  perimeter_m REAL NOT NULL,
  overlap_m2 REAL NOT NULL,
  polygons INTEGER NOT NULL,
  vertices INTEGER NOT NULL,
  rings BLOB NOT NULL,
  checksum INTEGER NOT NULL DEFAULT 0,
  outside_m2 REAL,
  PRIMARY KEY(version_id, status)) WITHOUT ROWID;
CREATE TABLE reference_area(
  name TEXT PRIMARY KEY, area_m2 REAL NOT NULL, source TEXT NOT NULL);
)sql";

// The tables every frontline store since schema 3 has.
constexpr std::array<const char*, 5> kCoreTables = {"map", "version", "layer", "ring", "chunk"};

Error not_a_store(const std::string& path, std::string_view why) {
  return make_error(ErrorCode::bad_input,
                    fmt::format("{} is not a frontline store ({}); frontline leaves it untouched", path, why));
}

Result<void> migrate_3_to_4(Database& db) {
  FRONTLINE_CHECK(db.exec(R"sql(
ALTER TABLE map ADD COLUMN versions INTEGER NOT NULL DEFAULT 0;
UPDATE map SET versions = (SELECT count(*) FROM version WHERE version.map_id = map.id);
ALTER TABLE version ADD COLUMN statuses INTEGER NOT NULL DEFAULT 0;
UPDATE version SET statuses = (SELECT coalesce(sum(1 << status), 0) FROM layer WHERE layer.version_id = version.id);
ALTER TABLE version ADD COLUMN checksum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE layer ADD COLUMN checksum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ring ADD COLUMN checksum INTEGER NOT NULL DEFAULT 0;
)sql"));
  // Row checksums are XXH3, which SQL cannot compute: one pass over each table.
  {
    FRONTLINE_TRY(rows, db.prepare("SELECT id, map_id, time, source_id, content_hash, source_hash, vertices, statuses "
                                   "FROM version"));
    FRONTLINE_TRY(upd, db.prepare("UPDATE version SET checksum = ? WHERE id = ?"));
    for (;;) {
      FRONTLINE_TRY(row, rows.step());
      if (!row) break;
      const std::string source_id = rows.text(3);
      upd.bind(1, checksum(VersionRow{rows.int64(1), rows.int64(2), source_id, rows.int64(4), rows.int64(5),
                                      rows.int64(6), rows.int64(7)}))
          .bind(2, rows.int64(0));
      FRONTLINE_CHECK(upd.run());
    }
  }
  {
    FRONTLINE_TRY(rows, db.prepare("SELECT version_id, status, area_m2, perimeter_m, overlap_m2, polygons, vertices, "
                                   "rings FROM layer"));
    FRONTLINE_TRY(upd, db.prepare("UPDATE layer SET checksum = ? WHERE version_id = ? AND status = ?"));
    for (;;) {
      FRONTLINE_TRY(row, rows.step());
      if (!row) break;
      upd.bind(1, checksum(LayerRow{rows.int64(0), rows.int64(1), rows.real(2), rows.real(3), rows.real(4),
                                    rows.int64(5), rows.int64(6), rows.blob(7)}))
          .bind(2, rows.int64(0))
          .bind(3, rows.int64(1));
      FRONTLINE_CHECK(upd.run());
    }
  }
  FRONTLINE_TRY(rows, db.prepare("SELECT id, hash, points, min_lon, min_lat, max_lon, max_lat, area_m2, perimeter_m, "
                                 "chunks FROM ring"));
  FRONTLINE_TRY(upd, db.prepare("UPDATE ring SET checksum = ? WHERE id = ?"));
  for (;;) {
    FRONTLINE_TRY(row, rows.step());
    if (!row) break;
    upd.bind(1, checksum(RingRow{rows.int64(0), rows.int64(1), rows.int64(2), rows.int64(3), rows.int64(4),
                                 rows.int64(5), rows.int64(6), rows.real(7), rows.real(8), rows.blob(9)}))
        .bind(2, rows.int64(0));
    FRONTLINE_CHECK(upd.run());
  }
  return {};
}

// Every run of vertices of the store, decoded: what migrations that measure rings read first.
Result<std::unordered_map<std::int64_t, Ring>> read_runs(Database& db) {
  std::unordered_map<std::int64_t, Ring> runs;
  FRONTLINE_TRY(rows, db.prepare("SELECT id, coords FROM chunk"));
  for (;;) {
    FRONTLINE_TRY(row, rows.step());
    if (!row) break;
    auto coords = decode_ring(rows.blob(1));
    if (!coords) return damaged(db.path(), fmt::format("run {}: {}", rows.int64(0), coords.error().message));
    runs.emplace(rows.int64(0), std::move(*coords));
  }
  return runs;
}

// A ring from its list of runs (a ring row's chunks blob).
Result<Ring> join_runs(Database& db, std::int64_t id, std::span<const std::uint8_t> chunks,
                       const std::unordered_map<std::int64_t, Ring>& runs) {
  auto ids = decode_ids(chunks);
  Ring ring;
  for (std::int64_t run : ids ? *ids : std::vector<std::int64_t>{}) {
    auto it = runs.find(run);
    if (it == runs.end()) break;
    ring.insert(ring.end(), it->second.begin(), it->second.end());
  }
  if (!ids || ring.size() < 4 || ring.front() != ring.back()) {
    return damaged(db.path(), fmt::format("ring {} does not decode", id));
  }
  return ring;
}

// Schema 5 measures each edge as the straight line in longitude and latitude (geo/geodesic.hpp):
// every ring's area and perimeter is measured again, each layer's sums follow in the importer's
// order (so the store holds what a new import would write), and their row checksums with them.
// A layer's overlap_m2 stays what the import recorded: it describes the file as it was read.
Result<void> migrate_4_to_5(Database& db) {
  FRONTLINE_TRY(runs, read_runs(db));
  std::unordered_map<std::int64_t, geo::RingMeasure> measures;
  {
    geo::RingMeasurer measurer;
    FRONTLINE_TRY(rows, db.prepare("SELECT id, hash, points, min_lon, min_lat, max_lon, max_lat, chunks FROM ring"));
    FRONTLINE_TRY(upd, db.prepare("UPDATE ring SET area_m2 = ?, perimeter_m = ?, checksum = ? WHERE id = ?"));
    for (;;) {
      FRONTLINE_TRY(row, rows.step());
      if (!row) break;
      const std::int64_t id = rows.int64(0);
      FRONTLINE_TRY(ring, join_runs(db, id, rows.blob(7), runs));
      const geo::RingMeasure m = measurer.measure(ring);
      measures.emplace(id, m);
      const std::span<const std::uint8_t> chunks = rows.blob(7);
      upd.bind(1, m.area_m2)
          .bind(2, m.perimeter_m)
          .bind(3, checksum(RingRow{id, rows.int64(1), rows.int64(2), rows.int64(3), rows.int64(4), rows.int64(5),
                                    rows.int64(6), m.area_m2, m.perimeter_m, chunks}))
          .bind(4, id);
      FRONTLINE_CHECK(upd.run());
    }
  }
  FRONTLINE_TRY(rows, db.prepare("SELECT version_id, status, overlap_m2, polygons, vertices, rings FROM layer"));
  FRONTLINE_TRY(upd, db.prepare("UPDATE layer SET area_m2 = ?, perimeter_m = ?, checksum = ? WHERE version_id = ? "
                                "AND status = ?"));
  for (;;) {
    FRONTLINE_TRY(row, rows.step());
    if (!row) break;
    auto polygons = decode_polygons(rows.blob(5));
    if (!polygons) {
      return damaged(db.path(), fmt::format("a layer of version {} does not decode", rows.int64(0)));
    }
    double area = 0;
    double perimeter = 0;
    for (const auto& poly : *polygons) {
      for (std::size_t k = 0; k < poly.size(); ++k) {
        auto it = measures.find(poly[k]);
        if (it == measures.end()) {
          return damaged(db.path(),
                         fmt::format("version {} names ring {}, which it does not hold", rows.int64(0), poly[k]));
        }
        area += k == 0 ? it->second.area_m2 : -it->second.area_m2;
        perimeter += it->second.perimeter_m;
      }
    }
    const std::span<const std::uint8_t> blob = rows.blob(5);
    upd.bind(1, area)
        .bind(2, perimeter)
        .bind(3, checksum(LayerRow{rows.int64(0), rows.int64(1), area, perimeter, rows.real(2), rows.int64(3),
                                   rows.int64(4), blob}))
        .bind(4, rows.int64(0))
        .bind(5, rows.int64(1));
    FRONTLINE_CHECK(upd.run());
  }
  return {};
}

// Schema 6 splits every layer into the part in Ukraine and the part on a neighbour's land
// (docs/model.md, "Borders"): each ring's part on the bundled neighbours' land is measured, each
// layer sums its polygons' parts (outer minus holes) as the importer does.
Result<void> migrate_5_to_6(Database& db) {
  FRONTLINE_CHECK(db.exec("ALTER TABLE layer ADD COLUMN outside_m2 REAL"));
  FRONTLINE_TRY(land, io::neighbours_land());
  FRONTLINE_TRY(foreign, geo::RegionCells::build(land));
  geo::GeosContext ctx;
  FRONTLINE_TRY(runs, read_runs(db));
  std::unordered_map<std::int64_t, double> outside;
  {
    FRONTLINE_TRY(rows, db.prepare("SELECT id, chunks FROM ring"));
    for (;;) {
      FRONTLINE_TRY(row, rows.step());
      if (!row) break;
      const std::int64_t id = rows.int64(0);
      FRONTLINE_TRY(ring, join_runs(db, id, rows.blob(1), runs));
      FRONTLINE_TRY(m2, foreign.area_on_land_m2(ctx, ring));
      outside.emplace(id, m2);
    }
  }
  FRONTLINE_TRY(rows, db.prepare("SELECT version_id, status, area_m2, perimeter_m, overlap_m2, polygons, vertices, "
                                 "rings FROM layer"));
  FRONTLINE_TRY(upd, db.prepare("UPDATE layer SET outside_m2 = ?, checksum = ? WHERE version_id = ? AND status = ?"));
  for (;;) {
    FRONTLINE_TRY(row, rows.step());
    if (!row) break;
    auto polygons = decode_polygons(rows.blob(7));
    if (!polygons) return damaged(db.path(), fmt::format("a layer of version {} does not decode", rows.int64(0)));
    double sum = 0;
    for (const auto& poly : *polygons) {
      for (std::size_t k = 0; k < poly.size(); ++k) {
        auto it = outside.find(poly[k]);
        if (it == outside.end()) {
          return damaged(db.path(),
                         fmt::format("version {} names ring {}, which it does not hold", rows.int64(0), poly[k]));
        }
        sum += k == 0 ? it->second : -it->second;
      }
    }
    upd.bind(1, sum)
        .bind(2, checksum(LayerRow{rows.int64(0), rows.int64(1), rows.real(2), rows.real(3), rows.real(4),
                                   rows.int64(5), rows.int64(6), rows.blob(7), sum}))
        .bind(3, rows.int64(0))
        .bind(4, rows.int64(1));
    FRONTLINE_CHECK(upd.run());
  }
  return {};
}

}  // namespace

Result<FileHeader> read_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::io, fmt::format("cannot read the store {}", path));
  std::array<char, 100> h{};
  in.read(h.data(), h.size());
  const auto got = in.gcount();
  FileHeader out;
  out.empty = got == 0;
  out.sqlite = got == 100 && std::memcmp(h.data(), "SQLite format 3\0", 16) == 0;
  // Bytes 18 and 19: the file format write and read versions, 2 for WAL (sqlite.org/fileformat.html).
  out.wal = out.sqlite && (h[18] == 2 || h[19] == 2);
  return out;
}

std::string read_only_uri_params(const std::string& path, const FileHeader& header) {
  std::error_code ec;
  if (header.wal && !std::filesystem::exists(path + "-wal", ec)) return "immutable=1";
  return {};
}

Result<Identity> identify(Database& db) {
  FRONTLINE_TRY(app, db.query_int("PRAGMA application_id"));
  FRONTLINE_TRY(user, db.query_int("PRAGMA user_version"));
  FRONTLINE_TRY(tables, db.query_int("SELECT count(*) FROM sqlite_schema"));
  Identity id;
  if (app == 0 && user == 0 && tables == 0) return id;  // an empty database
  if (app != 0 && app != kApplicationId) {
    return not_a_store(db.path(), fmt::format("its application id is {:#x}", app));
  }
  if (user > kSchemaVersion) {
    return make_error(ErrorCode::conflict,
                      fmt::format("the store {} has schema {}, written by a newer frontline; this frontline reads "
                                  "schemas 3 to {}",
                                  db.path(), user, kSchemaVersion));
  }
  if (user < 3) return not_a_store(db.path(), "an SQLite database without frontline's schema");
  for (const char* t : kCoreTables) {
    FRONTLINE_TRY(st, db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?"));
    st.bind(1, std::string_view(t));
    FRONTLINE_TRY(row, st.step());
    if (!row || st.int64(0) != 1) {
      return not_a_store(db.path(), fmt::format("an SQLite database without frontline's table '{}'", t));
    }
  }
  id.schema = static_cast<int>(user);
  return id;
}

Result<void> create_schema(Database& db) {
  FRONTLINE_CHECK(db.exec(kSchema));
  FRONTLINE_CHECK(db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId)));
  return db.exec(fmt::format("PRAGMA user_version = {}", kSchemaVersion));
}

Result<void> migrate(Database& db, int from_schema) {
  for (int s = from_schema; s < kSchemaVersion; ++s) {
    switch (s) {
      case 3:
        FRONTLINE_CHECK(migrate_3_to_4(db));
        break;
      case 4:
        FRONTLINE_CHECK(migrate_4_to_5(db));
        break;
      case 5:
        FRONTLINE_CHECK(migrate_5_to_6(db));
        break;
      default:
        return make_error(ErrorCode::internal, fmt::format("no migration from store schema {}", s));
    }
  }
  FRONTLINE_CHECK(db.exec(fmt::format("PRAGMA application_id = {}", kApplicationId)));
  return db.exec(fmt::format("PRAGMA user_version = {}", kSchemaVersion));
}

Result<void> leave_wal_mode(Database& db) {
  FRONTLINE_TRY(st, db.prepare("PRAGMA journal_mode = DELETE"));
  FRONTLINE_TRY(row, st.step());
  if (!row || st.text(0) != "delete") {
    return make_error(ErrorCode::conflict, fmt::format("the store {} is in use by another process (it could not leave "
                                                       "WAL mode); try again when it is not",
                                                       db.path()));
  }
  return {};
}

}  // namespace frontline::store
