#include "server/response_cache.hpp"

#include <sys/stat.h>

namespace frontline::server {

ResponseCache::ResponseCache(std::filesystem::path store, std::size_t capacity_bytes)
    : store_(std::move(store)), wal_(store_.string() + "-wal"), capacity_(capacity_bytes) {
  filled_under_ = stamp();
}

ResponseCache::Stamp ResponseCache::stamp() const {
  Stamp s;
  struct stat st {};
  if (::stat(store_.c_str(), &st) == 0) {
    s.db_size = st.st_size;
    s.db_mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  }
  if (::stat(wal_.c_str(), &st) == 0) {
    s.wal_size = st.st_size;
    s.wal_mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  }
  return s;
}

void ResponseCache::check_store_locked() {
  const Stamp now = stamp();
  if (now == filled_under_) return;
  entries_.clear();
  order_.clear();
  bytes_ = 0;
  filled_under_ = now;
}

std::shared_ptr<const CachedAnswer> ResponseCache::find(const std::string& key) {
  const std::lock_guard lock(mutex_);
  check_store_locked();
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second.at);
  return it->second.answer;
}

void ResponseCache::put(const std::string& key, std::shared_ptr<const CachedAnswer> answer) {
  const std::size_t size = held_bytes(*answer) + key.size();
  if (size > capacity_ / 8) return;
  const std::lock_guard lock(mutex_);
  check_store_locked();
  if (entries_.contains(key)) return;
  while (bytes_ + size > capacity_ && !order_.empty()) {
    auto victim = entries_.find(order_.back());
    bytes_ -= held_bytes(*victim->second.answer) + victim->first.size();
    entries_.erase(victim);
    order_.pop_back();
  }
  order_.push_front(key);
  entries_.emplace(key, Entry{std::move(answer), order_.begin()});
  bytes_ += size;
}

}  // namespace frontline::server
