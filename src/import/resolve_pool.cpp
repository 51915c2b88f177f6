#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "geo/hash.hpp"
#include "import/pending.hpp"

namespace frontline::importer {

Result<void> resolve_version(geo::Resolver& resolver, Pending& p, RingTable& rings, const geo::RegionCells& land,
                             geo::GeosContext& ctx) {
  auto result = resolver.resolve(p.polygons);
  if (!result) {
    // The resolver's messages name the feature; only the importer knows the file.
    Error e = std::move(result).error();
    e.message = p.display_name + ": " + e.message;
    return e;
  }
  auto& resolved = *result;
  p.repaired = resolved.repaired;
  if (std::all_of(resolved.layers.begin(), resolved.layers.end(), [](const MultiPolygon& l) { return l.empty(); })) {
    return make_error(ErrorCode::bad_input,
                      fmt::format("{}: every polygon collapses to nothing when made valid (no area is left); it "
                                  "holds no map to store",
                                  p.display_name));
  }
  p.holes_outside = resolved.holes_outside;
  p.holes_partly_outside = resolved.holes_partly_outside;
  std::vector<std::uint64_t> content;
  std::optional<Error> failed;
  for (Status s : kAllStatuses) {
    const auto idx = static_cast<std::size_t>(s);
    if (!resolved.present[idx]) continue;
    PendingLayer layer{s, {}, resolved.overlap_m2[idx]};
    content.push_back(0xFFFF0000u + idx);
    for (Polygon& poly : resolved.layers[idx]) {
      std::vector<std::uint64_t> ids;
      auto add = [&](Ring&& r) {
        const std::uint64_t h = geo::hash_ring(r);
        if (!rings.contains(h)) {
          const geo::RingMeasure m = resolver.measure(r);
          auto outside = land.area_on_land_m2(ctx, r);
          if (!outside) {
            if (!failed) failed = std::move(outside).error();
            return;
          }
          rings.emplace(h, RingEntry{std::make_shared<const Ring>(std::move(r)), m, *outside});
        }
        ids.push_back(h);
        content.push_back(h);
      };
      add(std::move(poly.outer));
      for (Ring& hole : poly.holes) add(std::move(hole));
      layer.polygons.push_back(std::move(ids));
    }
    p.layers.push_back(std::move(layer));
  }
  if (failed) {
    failed->message = p.display_name + ": " + failed->message;
    return *failed;
  }
  p.content_hash = geo::hash_ids(content);
  p.polygons.clear();
  p.polygons.shrink_to_fit();
  return {};
}

namespace {
constexpr std::size_t kBlock = 24;  // versions a worker takes at a time
}

struct ResolvePool::Shared {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<Pending*> items;
  std::size_t next = 0;
  bool done_reading = false;
  bool failed = false;
  std::vector<std::thread> threads;
  std::vector<RingTable> tables;
  std::vector<std::optional<Error>> errors;
  std::shared_ptr<geo::ResolverCache> cache = std::make_shared<geo::ResolverCache>();
  const geo::RegionCells* land = nullptr;
};

ResolvePool::ResolvePool(unsigned threads, const geo::RegionCells& land) : shared_(std::make_unique<Shared>()) {
  shared_->land = &land;
  threads = std::max(1u, threads);
  shared_->tables.resize(threads);
  shared_->errors.resize(threads);
  for (unsigned t = 0; t < threads; ++t) shared_->threads.emplace_back([this, t] { work(t); });
}

ResolvePool::~ResolvePool() {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->done_reading = true;
    shared_->failed = true;  // abandoned: an error elsewhere ended the import
  }
  shared_->cv.notify_all();
  for (auto& t : shared_->threads) {
    if (t.joinable()) t.join();
  }
}

bool ResolvePool::failed() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->failed;
}

void ResolvePool::add(Pending* p) {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->items.push_back(p);
  }
  shared_->cv.notify_one();
}

void ResolvePool::finish() {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->done_reading = true;
  }
  shared_->cv.notify_all();
}

void ResolvePool::work(unsigned index) {
  geo::Resolver resolver(shared_->cache);
  geo::GeosContext ctx;
  const auto t0 = std::chrono::steady_clock::now();
  std::size_t count = 0;
  std::vector<Pending*> block;
  for (;;) {
    {
      std::unique_lock lock(shared_->mutex);
      shared_->cv.wait(lock, [&] {
        return shared_->failed || shared_->done_reading || shared_->items.size() >= shared_->next + kBlock;
      });
      if (shared_->failed || shared_->next >= shared_->items.size()) return;
      const std::size_t end = std::min(shared_->items.size(), shared_->next + kBlock);
      block.assign(shared_->items.begin() + static_cast<std::ptrdiff_t>(shared_->next),
                   shared_->items.begin() + static_cast<std::ptrdiff_t>(end));
      shared_->next = end;
    }
    for (Pending* p : block) {
      auto r = resolve_version(resolver, *p, shared_->tables[index], *shared_->land, ctx);
      if (!r) {
        std::lock_guard lock(shared_->mutex);
        shared_->errors[index] = std::move(r).error();
        shared_->failed = true;
        shared_->cv.notify_all();
        return;
      }
      ++resolved_;
      ++count;
    }
    const auto& st = resolver.stats();
    if (shared_->done_reading && shared_->next >= shared_->items.size()) {
      spdlog::debug(
          "resolve worker {}: {} versions in {:.3f} s: {} validity checks in {:.3f} s, {} clips in {:.3f} s, "
          "{} cuts ({} cached, {} changed nothing, in {:.3f} s) in {:.3f} s; most work in one version: {} pairs, "
          "{} self-crossings, {} crossings, {} cut pairs, {} cut vertices",
          index, count, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
          st.validity_checks, st.validity_s, st.clips, st.clip_s, st.cuts, st.cut_hits, st.cuts_noop, st.cut_noop_s,
          st.cut_s, st.most.pairs, st.most.self_crossings, st.most.crossings, st.most.cut_pairs, st.most.cut_vertices);
    }
  }
}

Result<RingTable> ResolvePool::join() {
  for (auto& t : shared_->threads) t.join();
  for (auto& e : shared_->errors) {
    if (e) return *e;
  }
  RingTable rings = std::move(shared_->tables.front());
  for (std::size_t t = 1; t < shared_->tables.size(); ++t) rings.merge(shared_->tables[t]);
  return rings;
}

}  // namespace frontline::importer
