// The store's shared state, for store.cpp (reads), writer.cpp (the write transaction) and
// check.cpp. Not part of the public API.
#pragma once

#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "frontline/store.hpp"
#include "store/connection.hpp"
#include "store/read.hpp"
#include "store/sqlite.hpp"

namespace frontline {

// What a writer says when another process holds the store past its wait: one wording everywhere.
inline Error writer_busy(const Error& e, const std::string& path, std::chrono::milliseconds wait) {
  if (e.code != ErrorCode::conflict) return e;
  return make_error(ErrorCode::conflict,
                    fmt::format("another import is writing {} and did not finish within {:g} s; try again when it "
                                "has finished, or wait longer with --wait",
                                path, static_cast<double>(wait.count()) / 1000));
}

struct Store::Impl {
  std::filesystem::path path;
  std::string path_string;
  bool writable = false;
  int schema = 0;
  std::string uri_params;  // "immutable=1" when reading an at-rest WAL-mode store of schema 3
  WriteOptions write_options;
  // About 32 MB of decoded vertices: the whole DeepState history's distinct runs fit twice over.
  store::ChunkCache chunks{4'000'000};

  std::mutex mutex;  // guards idle
  std::vector<std::unique_ptr<store::Connection>> idle;

  // A connection for one thread's use, back to the pool when the lease ends.
  class Lease {
   public:
    Lease(Impl* impl, std::unique_ptr<store::Connection> c) : impl_(impl), c_(std::move(c)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (c_ == nullptr) return;
      std::lock_guard lock(impl_->mutex);
      if (impl_->idle.size() < kMaxIdle) impl_->idle.push_back(std::move(c_));
    }
    store::Connection& operator*() const noexcept { return *c_; }
    store::Connection* operator->() const noexcept { return c_.get(); }

   private:
    static constexpr std::size_t kMaxIdle = 16;
    Impl* impl_;
    std::unique_ptr<store::Connection> c_;
  };

  Result<std::unique_ptr<store::Connection>> connect() const {
    FRONTLINE_TRY(
        db, store::Database::open(path_string, writable ? store::OpenMode::read_write : store::OpenMode::read_only,
                                  uri_params));
    db.set_busy_timeout(write_options.wait);
    return std::make_unique<store::Connection>(std::move(db));
  }

  Result<Lease> lease() {
    {
      std::lock_guard lock(mutex);
      if (!idle.empty()) {
        auto c = std::move(idle.back());
        idle.pop_back();
        return Lease(this, std::move(c));
      }
    }
    FRONTLINE_TRY(c, connect());
    return Lease(this, std::move(c));
  }
};

// Runs `fn` on a pooled connection inside one read transaction: a multi-statement read sees one
// committed state even while another process imports.
template <class Fn>
auto read(Store::Impl& impl, Fn&& fn) -> decltype(fn(std::declval<store::Connection&>())) {
  FRONTLINE_TRY(lease, impl.lease());
  store::Transaction tx(lease->db());
  FRONTLINE_CHECK(tx.begin_read());
  auto result = fn(*lease);
  if (result) FRONTLINE_CHECK(tx.commit());
  return result;
}

}  // namespace frontline
