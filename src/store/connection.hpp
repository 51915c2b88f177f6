// A store connection with its prepared statements, and the bounded cache of decoded runs of
// vertices that a store's connections share. One connection serves one thread at a time (SQLite's
// multi-thread mode); the store hands them out from a pool.
#pragma once

#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "frontline/geometry.hpp"
#include "store/sqlite.hpp"

namespace frontline::store {

class Connection {
 public:
  explicit Connection(Database db) : db_(std::move(db)) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  Connection(Connection&&) = delete;
  Connection& operator=(Connection&&) = delete;
  ~Connection() = default;

  // A prepared statement, reset (and its bindings cleared) when the handle goes out of scope, on
  // every path: an early return cannot leave it holding a read lock or half-stepped.
  class Stmt {
   public:
    explicit Stmt(Statement* s) : s_(s) {}
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt(Stmt&& o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
    Stmt& operator=(Stmt&&) = delete;
    ~Stmt() {
      if (s_ != nullptr) s_->reset();
    }
    Statement* operator->() const noexcept { return s_; }
    Statement& operator*() const noexcept { return *s_; }

   private:
    Statement* s_;
  };

  // Statements are prepared once per connection: an import runs some of them hundreds of
  // thousands of times.
  Result<Stmt> stmt(const std::string& sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      FRONTLINE_TRY(st, db_.prepare(sql));
      it = statements_.emplace(sql, std::move(st)).first;
    }
    it->second.reset();
    return Stmt(&it->second);
  }

  Database& db() noexcept { return db_; }

 private:
  Database db_;
  std::unordered_map<std::string, Statement> statements_;
};

// Decoded runs by chunk id, bounded by the vertices held, shared by threads. Chunks are immutable
// once committed (the store only appends), so an id always decodes to the same run; only
// committed chunks may enter (a rolled-back transaction's ids are reused by SQLite).
class ChunkCache {
 public:
  explicit ChunkCache(std::size_t max_vertices) : max_per_shard_(std::max<std::size_t>(1, max_vertices / kShards)) {}

  // Appends the run to `out` and returns true when it is cached.
  bool append_to(std::int64_t id, Ring& out) {
    Shard& s = shard(id);
    std::lock_guard lock(s.mutex);
    auto it = s.index.find(id);
    if (it == s.index.end()) return false;
    s.lru.splice(s.lru.begin(), s.lru, it->second);
    const Ring& r = it->second->second;
    out.insert(out.end(), r.begin(), r.end());
    return true;
  }

  void put(std::int64_t id, const Ring& run) {
    Shard& s = shard(id);
    std::lock_guard lock(s.mutex);
    if (s.index.contains(id)) return;
    s.lru.emplace_front(id, run);
    s.index.emplace(id, s.lru.begin());
    s.vertices += run.size();
    while (s.vertices > max_per_shard_ && s.lru.size() > 1) {
      auto& last = s.lru.back();
      s.vertices -= last.second.size();
      s.index.erase(last.first);
      s.lru.pop_back();
    }
  }

 private:
  static constexpr std::size_t kShards = 16;  // threads reading different rings rarely meet
  struct Shard {
    std::mutex mutex;
    std::list<std::pair<std::int64_t, Ring>> lru;  // most recently used first
    std::unordered_map<std::int64_t, std::list<std::pair<std::int64_t, Ring>>::iterator> index;
    std::size_t vertices = 0;
  };
  Shard& shard(std::int64_t id) { return shards_[static_cast<std::uint64_t>(id) % kShards]; }
  std::size_t max_per_shard_;
  Shard shards_[kShards];
};

}  // namespace frontline::store
