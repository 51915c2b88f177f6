// Answers kept in memory so that a crowd asking the same questions costs one computation: every
// answer depends only on the store's content, so an answer stays good until the store changes.
// The store is read-only to the server, but another process may import into it while it serves:
// each lookup compares the store file's and its write-ahead log's size and modification time with
// those the cache was filled under, and drops everything when they differ.
#pragma once

#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace frontline::server {

struct CachedAnswer {
  int status = 200;
  std::string content_type;
  std::string body;
  std::string etag;
  std::string gzipped;  // the body gzipped, when it is worth compressing (server/http.cpp)
  std::string zstd;     // the body as a zstd frame, likewise
  bool immutable = false;
};

// The bytes an answer holds in memory: what the cache's capacity counts.
inline std::size_t held_bytes(const CachedAnswer& a) {
  return a.body.size() + a.gzipped.size() + a.zstd.size();
}

class ResponseCache {
 public:
  // `capacity_bytes` bounds the bodies held; answers larger than an eighth of it are not kept.
  ResponseCache(std::filesystem::path store, std::size_t capacity_bytes);

  std::shared_ptr<const CachedAnswer> find(const std::string& key);
  void put(const std::string& key, std::shared_ptr<const CachedAnswer> answer);
  // Answers that depend on work under way elsewhere (503) must not be kept: callers only put 200s.

 private:
  struct Stamp {
    std::int64_t db_size = -1, db_mtime = -1, wal_size = -1, wal_mtime = -1;
    friend bool operator==(const Stamp&, const Stamp&) = default;
  };
  Stamp stamp() const;
  void check_store_locked();

  std::filesystem::path store_, wal_;
  std::size_t capacity_;
  std::mutex mutex_;
  Stamp filled_under_;
  std::size_t bytes_ = 0;
  std::list<std::string> order_;  // most recently used first
  struct Entry {
    std::shared_ptr<const CachedAnswer> answer;
    std::list<std::string>::iterator at;
  };
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace frontline::server
