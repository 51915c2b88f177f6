// RAII over SQLite handles. Statements are prepared once and reused; every failure becomes an
// Error that names the SQL and SQLite's message.
#pragma once

#include <sqlite3.h>

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

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

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
  Statement& bind_blob(int index, std::span<const std::uint8_t> v) {
    sqlite3_bind_blob(stmt_.get(), index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // true: a row is ready; false: done. Errors come back as values.
  Result<bool> step();
  Result<void> run();  // step to completion, then reset
  void reset() {
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
};

class Database {
 public:
  static Result<Database> open(const std::string& path, bool read_only);
  Result<void> exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  sqlite3* get() const noexcept { return db_.get(); }
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_.get()); }

 private:
  DbPtr db_;
};

// Rolls back unless committed: an error or an exception mid-way leaves the store untouched.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(&db) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (active_) (void)db_->exec("ROLLBACK");
  }
  Result<void> begin() {
    FRONTLINE_CHECK(db_->exec("BEGIN IMMEDIATE"));
    active_ = true;
    return {};
  }
  Result<void> commit() {
    FRONTLINE_CHECK(db_->exec("COMMIT"));
    active_ = false;
    return {};
  }

 private:
  Database* db_;
  bool active_ = false;
};

}  // namespace frontline::store
