#include "store/schema.hpp"

#include <fmt/format.h>

#include <array>
#include <cstring>
#include <fstream>

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
  chunks BLOB NOT NULL);
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
  return db.exec(R"sql(
ALTER TABLE map ADD COLUMN versions INTEGER NOT NULL DEFAULT 0;
UPDATE map SET versions = (SELECT count(*) FROM version WHERE version.map_id = map.id);
ALTER TABLE version ADD COLUMN statuses INTEGER NOT NULL DEFAULT 0;
UPDATE version SET statuses = (SELECT coalesce(sum(1 << status), 0) FROM layer WHERE layer.version_id = version.id);
)sql");
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
