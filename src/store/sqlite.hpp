// RAII over SQLite handles. Every failure becomes an Error that says what it means for the user:
// a damaged file, another process holding the write lock, a read-only location; the SQL and
// SQLite's own message follow for whoever debugs it.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "frontline/error.hpp"

namespace frontline::store {

struct DbCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;

// The message every read that meets damage ends with: one wording, one remedy.
Error damaged(const std::string& path, std::string_view what);

// An SQLite result code as an Error for the store at `path`.
Error sqlite_error(const std::string& path, sqlite3* db, int rc, std::string_view context);

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt, const std::string* path) : db_(db), stmt_(stmt), path_(path) {}

  Statement& bind(int index, std::int64_t v) {
    sqlite3_bind_int64(stmt_.get(), index, v);
    return *this;
  }
  Statement& bind(int index, double v) {
    sqlite3_bind_double(stmt_.get(), index, v);
    return *this;
  }
  Statement& bind(int index, std::string_view v) {
    sqlite3_bind_text(stmt_.get(), index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind_null(int index) {
    sqlite3_bind_null(stmt_.get(), index);
    return *this;
  }
  Statement& bind_blob(int index, std::span<const std::uint8_t> v) {
    sqlite3_bind_blob(stmt_.get(), index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // true: a row is ready; false: done. Errors come back as values.
  Result<bool> step();
  Result<void> run();  // step to completion, then reset
  void reset() noexcept {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
  }

  std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_.get(), col); }
  double real(int col) const { return sqlite3_column_double(stmt_.get(), col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL; }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(stmt_.get(), col);
    return p == nullptr ? std::string{}
                        : std::string(reinterpret_cast<const char*>(p),
                                      static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), col)));
  }
  std::span<const std::uint8_t> blob(int col) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_.get(), col));
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), col))};
  }

 private:
  sqlite3* db_ = nullptr;
  std::unique_ptr<sqlite3_stmt, StmtFinalizer> stmt_;
  const std::string* path_ = nullptr;  // owned by the Database, which outlives its statements
};

enum class OpenMode {
  read_only,   // never writes: no journal, no -wal/-shm, no schema
  read_write,  // an existing file
  create,      // creates the file when missing
};

class Database {
 public:
  // `uri_params` (e.g. "immutable=1") are appended to a file: URI.
  static Result<Database> open(const std::string& path, OpenMode mode, std::string_view uri_params = {});

  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  Database(Database&&) noexcept = default;
  Database& operator=(Database&&) noexcept = default;
  ~Database() = default;

  Result<void> exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  // How long a statement waits for another process's lock before it reports a conflict.
  void set_busy_timeout(std::chrono::milliseconds wait);
  sqlite3* get() const noexcept { return db_.get(); }
  const std::string& path() const noexcept { return *path_; }
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_.get()); }
  // One integer from a pragma or a query with one row and one column.
  Result<std::int64_t> query_int(std::string_view sql);

 private:
  // The path lives on the heap so that statements can point at it across moves.
  std::unique_ptr<std::string> path_ = std::make_unique<std::string>();
  DbPtr db_;
};

// Rolls back unless committed: an error or an exception mid-way leaves the store untouched.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(&db) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction(Transaction&& o) noexcept : db_(o.db_), active_(std::exchange(o.active_, false)) {}
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction() {
    if (active_) (void)db_->exec("ROLLBACK");
  }
  // IMMEDIATE takes the write lock now (waiting up to the busy timeout), so two writers take the
  // store in turn instead of failing half-way; DEFERRED is a consistent read snapshot.
  Result<void> begin_immediate();
  Result<void> begin_read();
  Result<void> commit();
  Result<void> rollback();
  bool active() const noexcept { return active_; }

 private:
  Database* db_;
  bool active_ = false;
};

}  // namespace frontline::store
