#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>

#include "frontline/import.hpp"
#include "geo/geodesic.hpp"
#include "geo/hash.hpp"
#include "geo/resolve.hpp"
#include "import/pending.hpp"
#include "io/archive.hpp"
#include "io/snapshot_reader.hpp"

namespace frontline {

namespace {
using importer::Pending;
using importer::PendingLayer;
using importer::RingEntry;
using importer::RingTable;

Result<Timestamp> version_time(const io::InputFile& f, const ImportOptions& o) {
  if (o.time) return *o.time;
  const std::string& name = f.base_name;
  if (o.time_from_name) {
    for (std::size_t i = 0; i + 8 <= name.size(); ++i) {
      const std::string_view digits(name.data() + i, 8);
      if (digits.find_first_not_of("0123456789") != std::string_view::npos) continue;
      if (i + 8 < name.size() && std::isdigit(static_cast<unsigned char>(name[i + 8])) != 0) continue;
      const std::string iso = fmt::format("{}-{}-{}", digits.substr(0, 4), digits.substr(4, 2), digits.substr(6, 2));
      auto t = parse_time(iso);
      if (t) return *t;
    }
    return make_error(
        ErrorCode::bad_input,
        fmt::format("{}: no YYYYMMDD date in the file name, which --time-from-name needs", f.display_name));
  }
  const std::string stem = name.substr(0, name.find('.'));
  if (!stem.empty() && stem.find_first_not_of("0123456789") == std::string::npos && stem.size() <= 12) {
    return Timestamp{std::stoll(stem)};
  }
  return make_error(ErrorCode::bad_input,
                    fmt::format("{}: cannot read a version time from the file name: DeepState snapshots are named "
                                "<unix_seconds>.geojson; for other files give --time or --time-from-name",
                                f.display_name));
}

// Interns polygons by content so that a history's repeated polygons are held once in memory.
class PolygonPool {
 public:
  std::shared_ptr<const Polygon> intern(std::shared_ptr<const Polygon> p) {
    const std::uint64_t h = geo::hash_polygon(*p);
    std::lock_guard lock(mutex_);
    auto [it, inserted] = pool_.try_emplace(h, p);
    if (inserted) return p;
    const Polygon& q = *it->second;
    if (q.outer == p->outer && q.holes == p->holes) return it->second;
    return p;  // a hash collision: keep both, correctness first
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::shared_ptr<const Polygon>> pool_;
};

// Parses files on worker threads while the reader decompresses the next ones. Archives list
// their files in any order, so results are kept by input index and the first error in input
// order is the one reported.
class ParsePool {
 public:
  ParsePool(unsigned threads, const ImportOptions& options, PolygonPool& polygons)
      : options_(options), read_options_{options.status}, polygons_(polygons) {
    for (unsigned t = 0; t < std::max(1u, threads); ++t) workers_.emplace_back([this] { work(); });
  }
  ParsePool(const ParsePool&) = delete;
  ParsePool& operator=(const ParsePool&) = delete;
  ~ParsePool() { (void)finish(); }

  void add(io::InputFile&& f) {
    std::unique_lock lock(mutex_);
    // Bounded: at most a few dozen unparsed files in memory at once.
    space_.wait(lock, [&] { return queue_.size() < 32; });
    queue_.push_back({next_index_++, std::move(f)});
    ready_.notify_one();
  }

  // Waits for all files; returns them in input order, or the first error in input order.
  Result<std::vector<std::unique_ptr<Pending>>> finish() {
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
    }
    ready_.notify_all();
    for (auto& w : workers_) {
      if (w.joinable()) w.join();
    }
    if (!errors_.empty()) return errors_.begin()->second;
    std::vector<std::unique_ptr<Pending>> out;
    out.reserve(done_.size());
    for (auto& [i, p] : done_) out.push_back(std::move(p));
    done_.clear();
    return out;
  }

 private:
  struct Item {
    std::size_t index;
    io::InputFile file;
  };

  void work() {
    for (;;) {
      Item item;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return closing_ || !queue_.empty(); });
        if (queue_.empty()) return;
        item = std::move(queue_.front());
        queue_.pop_front();
        space_.notify_one();
      }
      auto parsed = parse(item.file);
      std::lock_guard lock(mutex_);
      if (parsed) {
        done_.emplace(item.index, std::move(*parsed));
      } else {
        errors_.emplace(item.index, std::move(parsed).error());
      }
    }
  }

  Result<std::unique_ptr<Pending>> parse(io::InputFile& f) {
    FRONTLINE_TRY(t, version_time(f, options_));
    FRONTLINE_TRY(snap, io::read_snapshot(f, read_options_));
    auto p = std::make_unique<Pending>();
    p->time = t;
    p->source_id = f.base_name.substr(0, f.base_name.find('.'));
    p->display_name = f.display_name;
    p->report = std::move(snap.report);
    p->polygons = std::move(snap.polygons);
    std::vector<std::uint64_t> source;
    source.reserve(p->polygons.size() * 2);
    for (auto& sp : p->polygons) {
      sp.polygon = polygons_.intern(std::move(sp.polygon));
      source.push_back(static_cast<std::uint64_t>(sp.status));
      source.push_back(geo::hash_polygon(*sp.polygon));
    }
    p->source_hash = geo::hash_ids(source);
    return p;
  }

  const ImportOptions& options_;
  const io::ReadOptions read_options_;
  PolygonPool& polygons_;
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<Item> queue_;
  std::size_t next_index_ = 0;
  bool closing_ = false;
  std::map<std::size_t, std::unique_ptr<Pending>> done_;
  std::map<std::size_t, Error> errors_;
  std::vector<std::thread> workers_;
};

void merge_report(ImportReport& r, const Pending& p) {
  for (std::size_t i = 0; i < r.polygons.size(); ++i) r.polygons[i] += p.report.polygons[i];
  for (const auto& [k, v] : p.report.foreign) r.foreign[k] += v;
  for (const auto& [k, v] : p.report.unclassified) r.unclassified[k] += v;
  for (const auto& [k, v] : p.report.by_fill) r.by_fill[k] += v;
  r.points += p.report.points;
  r.other_geometries += p.report.other_geometries;
  r.degenerate_rings += p.report.degenerate_rings;
  r.repaired += p.repaired;
  r.holes_outside_shell += p.holes_outside;
  r.holes_partly_outside_shell += p.holes_partly_outside;
  for (const auto& l : p.layers) {
    auto& m = r.max_overlap_m2[static_cast<std::size_t>(l.status)];
    m = std::max(m, l.overlap_m2);
  }
}

std::string version_report_json(const Pending& p) {
  nlohmann::json j;
  j["source"] = p.display_name;
  for (Status s : kAllStatuses) {
    const int n = p.report.polygons[static_cast<std::size_t>(s)];
    if (n > 0) j["polygons"][std::string(to_string(s))] = n;
  }
  std::int64_t foreign = 0;
  for (const auto& [k, v] : p.report.foreign) foreign += v;
  j["foreign_polygons"] = foreign;
  j["unclassified"] = p.report.unclassified;
  j["points_skipped"] = p.report.points;
  j["repaired"] = p.repaired;
  j["holes_outside_shell"] = p.holes_outside;
  j["holes_partly_outside_shell"] = p.holes_partly_outside;
  for (const auto& l : p.layers) {
    if (l.overlap_m2 > 0) j["overlap_km2"][std::string(to_string(l.status))] = l.overlap_m2 / 1e6;
  }
  return j.dump();
}

NewVersion to_new_version(const Pending& p, const RingTable& rings) {
  NewVersion v;
  v.time = p.time;
  v.source_id = p.source_id;
  v.content_hash = p.content_hash;
  v.source_hash = p.source_hash;
  v.report_json = version_report_json(p);
  std::unordered_map<std::uint64_t, std::size_t> index;
  for (const auto& l : p.layers) {
    NewLayer nl;
    nl.summary.status = l.status;
    nl.summary.overlap_m2 = l.overlap_m2;
    for (const auto& poly : l.polygons) {
      std::vector<std::size_t> idx;
      for (std::size_t k = 0; k < poly.size(); ++k) {
        const RingEntry& e = rings.at(poly[k]);
        auto [it, inserted] = index.try_emplace(poly[k], v.rings.size());
        if (inserted) v.rings.push_back({poly[k], e.ring.get(), e.measure.area_m2, e.measure.perimeter_m});
        idx.push_back(it->second);
        nl.summary.area_m2 += k == 0 ? e.measure.area_m2 : -e.measure.area_m2;
        nl.summary.perimeter_m += e.measure.perimeter_m;
        nl.summary.vertices += static_cast<std::int64_t>(e.ring->size());
      }
      nl.polygons.push_back(std::move(idx));
    }
    nl.summary.polygons = static_cast<std::int64_t>(nl.polygons.size());
    v.vertices += nl.summary.vertices;
    v.layers.push_back(std::move(nl));
  }
  return v;
}

// Marks the versions the store already holds from the same source (same time, same hash of the
// classified source polygons): they need no geometry work, so re-running an import over a growing
// folder costs only the new files. Their repairs and overlaps come from the stored record, so the
// report still describes every input. Returns the stored versions' times and content hashes.
Result<std::map<std::int64_t, std::uint64_t>> mark_stored(const Store& store, const std::string& map,
                                                          std::vector<std::unique_ptr<Pending>>& pending) {
  std::map<std::int64_t, std::uint64_t> timeline;
  FRONTLINE_TRY(maps, store.maps());
  if (std::find(maps.begin(), maps.end(), map) == maps.end()) return timeline;
  FRONTLINE_TRY(existing, store.versions(map));
  std::map<std::int64_t, const VersionInfo*> by_time;
  for (const auto& v : existing) {
    timeline.emplace(v.time.seconds, v.content_hash);
    by_time.emplace(v.time.seconds, &v);
  }
  for (auto& p : pending) {
    auto it = by_time.find(p->time.seconds);
    if (it == by_time.end() || it->second->source_hash != p->source_hash) continue;
    p->stored = true;
    p->content_hash = it->second->content_hash;
    FRONTLINE_TRY(text, store.version_report(it->second->id));
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) continue;
    p->repaired = j.value("repaired", 0);
    p->holes_outside = j.value("holes_outside_shell", 0);
    p->holes_partly_outside = j.value("holes_partly_outside_shell", 0);
    if (auto o = j.find("overlap_km2"); o != j.end() && o->is_object()) {
      for (const auto& [name, km2] : o->items()) {
        if (auto st = status_from_string(name); st && km2.is_number()) {
          p->layers.push_back({*st, {}, km2.get<double>() * 1e6});
        }
      }
    }
  }
  return timeline;
}

}  // namespace

Result<ImportReport> import_paths(Store& store, std::span<const std::filesystem::path> paths,
                                  const ImportOptions& options) {
  ImportReport report;
  report.map = options.map;
  auto progress = [&](std::string_view phase, std::size_t done, std::size_t total) {
    if (options.progress) options.progress(phase, done, total);
  };

  using Clock = std::chrono::steady_clock;
  auto phase_start = Clock::now();
  auto log_phase = [&](const char* name) {
    const auto now = Clock::now();
    spdlog::debug("import: {} took {:.3f} s", name, std::chrono::duration<double>(now - phase_start).count());
    phase_start = now;
  };
  // 1. Read and check everything; nothing is written before all inputs are known to be good.
  //    This thread decompresses; workers parse and classify.
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const unsigned threads = options.threads == 0 ? hw : options.threads;
  PolygonPool polygon_pool;
  std::vector<std::unique_ptr<Pending>> pending;
  {
    ParsePool parsers(threads, options, polygon_pool);
    for (const auto& path : paths) {
      auto walked = io::for_each_input(path, [&](io::InputFile& f) -> Result<void> {
        parsers.add(std::move(f));
        ++report.files;
        progress("read", report.files, 0);
        return {};
      });
      if (!walked) {
        (void)parsers.finish();
        return std::move(walked).error();
      }
    }
    FRONTLINE_TRY(parsed, parsers.finish());
    pending = std::move(parsed);
  }
  if (options.time && report.files > 1) {
    return make_error(
        ErrorCode::bad_request,
        fmt::format("--time gives one time, but the inputs hold {} files; use it with one file", report.files));
  }
  if (pending.empty()) {
    return make_error(ErrorCode::bad_input, "the inputs hold no .geojson or .json files");
  }
  log_phase("read");

  // 2. Resolve every version into disjoint, valid status layers, in time order: consecutive
  //    versions share most of their work through the resolvers' caches.
  std::stable_sort(pending.begin(), pending.end(), [](const auto& a, const auto& b) { return a->time < b->time; });
  FRONTLINE_TRY(timeline, mark_stored(store, options.map, pending));
  std::size_t to_resolve = 0;
  RingTable rings;
  {
    importer::ResolvePool pool(threads);
    for (auto& p : pending) {
      if (p->stored) continue;
      pool.add(p.get());
      ++to_resolve;
    }
    pool.finish();
    while (pool.resolved() < to_resolve && !pool.failed()) {
      progress("resolve", pool.resolved(), to_resolve);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FRONTLINE_TRY(tables, pool.join());
    rings = std::move(tables);
  }
  progress("resolve", to_resolve, to_resolve);
  log_phase("resolve");

  // 3. Decide what is new, and refuse conflicts before writing anything.
  std::vector<const Pending*> to_write;
  std::map<std::int64_t, const Pending*> seen;
  for (const auto& pp : pending) {
    const Pending& p = *pp;
    merge_report(report, p);
    if (auto it = seen.find(p.time.seconds); it != seen.end()) {
      if (it->second->content_hash != p.content_hash) {
        return make_error(ErrorCode::conflict,
                          fmt::format("{} and {} are both the version at {} but differ; keep one of them",
                                      it->second->display_name, p.display_name, format_iso(p.time)));
      }
      ++report.duplicate_inputs;
      continue;
    }
    seen.emplace(p.time.seconds, &p);
    if (auto it = timeline.find(p.time.seconds); it != timeline.end()) {
      if (it->second != p.content_hash) {
        return make_error(ErrorCode::conflict,
                          fmt::format("{}: the store already holds a different version of map '{}' at {}; "
                                      "import it into another --map",
                                      p.display_name, options.map, format_iso(p.time)));
      }
      ++report.already_stored;
      continue;
    }
    auto prev = timeline.lower_bound(p.time.seconds);
    if (prev != timeline.begin() && std::prev(prev)->second == p.content_hash) {
      ++report.identical_skipped;
      continue;
    }
    timeline.emplace(p.time.seconds, p.content_hash);
    to_write.push_back(&p);
  }
  report.first = pending.front()->time;
  report.last = pending.back()->time;

  log_phase("plan");
  // 4. Write, one transaction per version.
  for (std::size_t i = 0; i < to_write.size(); ++i) {
    const NewVersion v = to_new_version(*to_write[i], rings);
    FRONTLINE_TRY(added, store.add_version(options.map, v));
    report.rings_added += added;
    ++report.versions_added;
    progress("write", i + 1, to_write.size());
  }
  log_phase("write");
  return report;
}

}  // namespace frontline
