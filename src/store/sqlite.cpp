#include "store/sqlite.hpp"

#include <fmt/format.h>

namespace frontline::store {

Error damaged(const std::string& path, std::string_view what) {
  return make_error(ErrorCode::io,
                    fmt::format("the store {} is damaged ({}); run `frontline check --store {}`", path, what, path));
}

Error sqlite_error(const std::string& path, sqlite3* db, int rc, std::string_view context) {
  const std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const std::string detail = context.empty() ? msg : fmt::format("{}; in: {}", msg, context.substr(0, 100));
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
      return damaged(path, detail);
    case SQLITE_NOTADB:
      return make_error(ErrorCode::bad_input,
                        fmt::format("{} is not a frontline store (not an SQLite database); frontline leaves it "
                                    "untouched",
                                    path));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return make_error(ErrorCode::conflict,
                        fmt::format("another process is writing the store {} and did not finish in time ({}); "
                                    "try again when it has finished",
                                    path, msg));
    case SQLITE_READONLY:
      return make_error(ErrorCode::io,
                        fmt::format("the store {} cannot be written here ({}); check the permissions of the file and "
                                    "its folder",
                                    path, msg));
    case SQLITE_FULL:
      return make_error(ErrorCode::io, fmt::format("the disk holding the store {} is full ({})", path, msg));
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return make_error(ErrorCode::io, fmt::format("cannot use the store {}: {}", path, detail));
    default:
      return make_error(ErrorCode::io, fmt::format("store {}: {}", path, detail));
  }
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const char* sql = sqlite3_sql(stmt_.get());
  Error e = sqlite_error(path_ != nullptr ? *path_ : std::string("?"), db_, rc, sql != nullptr ? sql : "");
  sqlite3_reset(stmt_.get());
  return e;
}

Result<void> Statement::run() {
  for (;;) {
    FRONTLINE_TRY(row, step());
    if (!row) break;
  }
  reset();
  return {};
}

Result<Database> Database::open(const std::string& path, OpenMode mode, std::string_view uri_params) {
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  switch (mode) {
    case OpenMode::read_only:
      flags |= SQLITE_OPEN_READONLY;
      break;
    case OpenMode::read_write:
      flags |= SQLITE_OPEN_READWRITE;
      break;
    case OpenMode::create:
      flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
      break;
  }
  // A file: URI so that parameters such as immutable=1 can be given; the path is escaped so that
  // '?', '#' and '%' in a file name stay part of the name.
  std::string uri = "file:";
  for (char c : path) {
    if (c == '?' || c == '#' || c == '%') {
      uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      uri += c;
    }
  }
  if (!uri_params.empty()) uri += fmt::format("?{}", uri_params);
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(uri.c_str(), &raw, flags, nullptr);
  Database db;
  *db.path_ = path;
  db.db_.reset(raw);
  if (rc != SQLITE_OK) return sqlite_error(path, raw, rc, "");
  sqlite3_extended_result_codes(raw, 1);
  db.set_busy_timeout(std::chrono::seconds(5));
  return db;
}

void Database::set_busy_timeout(std::chrono::milliseconds wait) {
  sqlite3_busy_timeout(db_.get(), static_cast<int>(std::min<std::int64_t>(wait.count(), 1 << 30)));
}

Result<void> Database::exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  const int rc = sqlite3_exec(db_.get(), s.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return sqlite_error(*path_, db_.get(), rc, s);
  return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &stmt, nullptr);
  if (rc != SQLITE_OK) {
    // A schema that does not have the table or column asked for is damage or a foreign file,
    // both reported with their own words by sqlite_error's callers; the SQL is in the message.
    return sqlite_error(*path_, db_.get(), rc, sql);
  }
  return Statement(db_.get(), stmt, path_.get());
}

Result<std::int64_t> Database::query_int(std::string_view sql) {
  FRONTLINE_TRY(st, prepare(sql));
  FRONTLINE_TRY(row, st.step());
  if (!row) return std::int64_t{0};
  return st.int64(0);
}

Result<void> Transaction::begin_immediate() {
  FRONTLINE_CHECK(db_->exec("BEGIN IMMEDIATE"));
  active_ = true;
  return {};
}

Result<void> Transaction::begin_read() {
  FRONTLINE_CHECK(db_->exec("BEGIN DEFERRED"));
  active_ = true;
  return {};
}

Result<void> Transaction::commit() {
  FRONTLINE_CHECK(db_->exec("COMMIT"));
  active_ = false;
  return {};
}

Result<void> Transaction::rollback() {
  if (!active_) return {};
  active_ = false;
  return db_->exec("ROLLBACK");
}

}  // namespace frontline::store
