#include "server/site_cache.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace frontline::server {

void SiteCache::start(const Store& store, HistoryTileOptions options) {
  stop();
  cancel_.store(false);
  worker_ = std::thread([this, &store, options] {
    auto built = build(store, options);
    if (!built) {
      if (!cancel_.load()) spdlog::error("building the web map's tiles failed: {}", built.error().message);
      const std::lock_guard lock(mutex_);
      failure_ = built.error();
    }
  });
}

void SiteCache::stop() {
  cancel_.store(true);
  if (worker_.joinable()) worker_.join();
}

Result<void> SiteCache::build_now(const Store& store, HistoryTileOptions options) {
  return build(store, options);
}

Result<void> SiteCache::build(const Store& store, HistoryTileOptions options) {
  const auto t0 = std::chrono::steady_clock::now();
  FRONTLINE_TRY(base, base_layers(store));
  {
    const std::lock_guard lock(mutex_);
    base_ = std::make_shared<const std::vector<SiteFile>>(std::move(base));
  }
  options.cancel = &cancel_;
  FRONTLINE_TRY(maps, store.maps());
  for (const auto& map : maps) {
    FRONTLINE_TRY(h, history_tiles(store, map, options));
    spdlog::info("history tiles of {} ready: {} tiles, {} pieces", map, h.tiles.size(), h.features);
    const std::lock_guard lock(mutex_);
    history_[map] = std::make_shared<const HistoryTiles>(std::move(h));
  }
  spdlog::info("the web map's tiles and base layers are ready ({:.1f} s)",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return {};
}

std::shared_ptr<const HistoryTiles> SiteCache::history(const std::string& map) const {
  const std::lock_guard lock(mutex_);
  auto it = history_.find(map);
  return it == history_.end() ? nullptr : it->second;
}

std::shared_ptr<const std::vector<SiteFile>> SiteCache::base() const {
  const std::lock_guard lock(mutex_);
  return base_;
}

std::optional<Error> SiteCache::failure() const {
  const std::lock_guard lock(mutex_);
  return failure_;
}

}  // namespace frontline::server
