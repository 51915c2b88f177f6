#include "store/sqlite.hpp"

namespace frontline::store {

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string msg = sqlite3_errmsg(db_);
  const char* sql = sqlite3_sql(stmt_.get());
  sqlite3_reset(stmt_.get());
  return make_error(ErrorCode::io, "store: " + msg + " (in: " + (sql != nullptr ? sql : "?") + ")");
}

Result<void> Statement::run() {
  for (;;) {
    FRONTLINE_TRY(row, step());
    if (!row) break;
  }
  reset();
  return {};
}

Result<Database> Database::open(const std::string& path, bool read_only) {
  sqlite3* raw = nullptr;
  const int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  Database db;
  db.db_.reset(raw);
  if (rc != SQLITE_OK) {
    return make_error(ErrorCode::io,
                      "cannot open store " + path + ": " + (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

Result<void> Database::exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  if (sqlite3_exec(db_.get(), s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err != nullptr ? err : "unknown error";
    sqlite3_free(err);
    return make_error(ErrorCode::io, "store: " + msg + " (in: " + s.substr(0, 80) + ")");
  }
  return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                         nullptr) != SQLITE_OK) {
    return make_error(ErrorCode::internal,
                      std::string("store: cannot prepare statement: ") + sqlite3_errmsg(db_.get()));
  }
  return Statement(db_.get(), stmt);
}

}  // namespace frontline::store
