// What the server builds once, in the background, after it starts: the history tiles of every
// map and the base layers of the web map (frontline/site.hpp). Requests for them are answered 503
// ("unavailable", ask again) until they are ready; everything else is answered at once.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "frontline/site.hpp"
#include "frontline/tiles.hpp"

namespace frontline::server {

class SiteCache {
 public:
  SiteCache() = default;
  SiteCache(const SiteCache&) = delete;
  SiteCache& operator=(const SiteCache&) = delete;
  ~SiteCache() { stop(); }

  // Starts building from `store` (read through its pool: the build takes one connection).
  void start(const Store& store, HistoryTileOptions options);
  // Asks the build to stop and waits for it (at the next version it reads).
  void stop();
  // Builds everything now, on this thread (tests).
  Result<void> build_now(const Store& store, HistoryTileOptions options);

  // nullptr until ready.
  std::shared_ptr<const HistoryTiles> history(const std::string& map) const;
  std::shared_ptr<const std::vector<SiteFile>> base() const;
  // The error that stopped the build, if one did.
  std::optional<Error> failure() const;

 private:
  Result<void> build(const Store& store, HistoryTileOptions options);

  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const HistoryTiles>> history_;
  std::shared_ptr<const std::vector<SiteFile>> base_;
  std::optional<Error> failure_;
  std::atomic<bool> cancel_{false};
  std::thread worker_;
};

}  // namespace frontline::server
