#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>

#include "frontline/import.hpp"
#include "geo/geodesic.hpp"
#include "geo/hash.hpp"
#include "geo/resolve.hpp"
#include "import/pending.hpp"
#include "io/archive.hpp"
#include "io/bundled.hpp"
#include "io/snapshot_reader.hpp"

namespace frontline {

namespace {
using importer::Pending;
using importer::PendingLayer;
using importer::RingEntry;
using importer::RingTable;

Result<Timestamp> version_time(const io::InputFile& f, const ImportOptions& o) {
  if (o.time) return *o.time;
  auto t = time_from_file_name(f.base_name, o.time_from_name);
  if (!t) return make_error(t.error().code, fmt::format("{}: {}", f.display_name, t.error().message));
  return t;
}

// Interns polygons by content so that a history's repeated polygons are held once in memory.
// It also counts what the import holds until it writes, which the import's caps bound.
class PolygonPool {
 public:
  std::shared_ptr<const Polygon> intern(std::shared_ptr<const Polygon> p) {
    const std::uint64_t h = geo::hash_polygon(*p);
    std::lock_guard lock(mutex_);
    ++references_;
    auto [it, inserted] = pool_.try_emplace(h, p);
    if (inserted) {
      vertices_ += vertex_count(*p);
      return p;
    }
    const Polygon& q = *it->second;
    if (q.outer == p->outer && q.holes == p->holes) return it->second;
    vertices_ += vertex_count(*p);
    return p;  // a hash collision: keep both, correctness first
  }
  std::size_t vertices() {
    std::lock_guard lock(mutex_);
    return vertices_;
  }
  std::size_t references() {
    std::lock_guard lock(mutex_);
    return references_;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::shared_ptr<const Polygon>> pool_;
  std::size_t vertices_ = 0;    // distinct
  std::size_t references_ = 0;  // polygons of all versions
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
    // Bounded: at most a few dozen files waiting, and at most kMaxUnparsedBytes of contents
    // waiting or being parsed (a larger file goes alone). Parsing holds about 20 times a file's
    // size, and a zstd window of up to 1 GiB may be held meanwhile.
    const std::size_t bytes = f.contents.size();
    space_.wait(lock, [&] {
      return unparsed_bytes_ == 0 || (queue_.size() < 32 && unparsed_bytes_ + bytes <= kMaxUnparsedBytes);
    });
    unparsed_bytes_ += bytes;
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
      const std::size_t bytes = item.file.contents.size();
      auto parsed = parse(item.file);
      std::lock_guard lock(mutex_);
      unparsed_bytes_ -= bytes;
      space_.notify_one();
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
    FRONTLINE_CHECK(check_caps(f));
    return p;
  }

  // An import holds every version's polygons until it writes: what a small hostile archive could
  // make it hold is capped, with room for ten times the DeepState history (1,359 versions,
  // 112,412 polygons, 2.1 million distinct vertices).
  Result<void> check_caps(const io::InputFile& f) {
    auto over = [&](std::string_view what, std::size_t cap, std::string_view history) {
      return make_error(ErrorCode::bad_input,
                        fmt::format("{}: with this file the inputs hold more than {} {}, the cap on one import (the "
                                    "DeepState history holds {}); import them in parts",
                                    f.display_name, cap, what, history));
    };
    if (++versions_ > options_.max_versions) return over("versions", options_.max_versions, "1,359");
    if (polygons_.references() > options_.max_polygons) return over("polygons", options_.max_polygons, "112,412");
    if (polygons_.vertices() > options_.max_distinct_vertices) {
      return over("distinct vertices", options_.max_distinct_vertices, "2.1 million");
    }
    return {};
  }

  const ImportOptions& options_;
  const io::ReadOptions read_options_;
  PolygonPool& polygons_;
  std::atomic<std::size_t> versions_{0};
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  static constexpr std::size_t kMaxUnparsedBytes = std::size_t{16} << 20;
  std::deque<Item> queue_;
  std::size_t unparsed_bytes_ = 0;
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
  for (const auto& [k, v] : p.report.far_away) r.far_away[k] += v;
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
  // Only where there were any: the reports of stores written before the rule lack the key too.
  if (!p.report.far_away.empty()) j["far_from_ukraine"] = p.report.far_away;
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
    double outside = 0;
    for (const auto& poly : l.polygons) {
      std::vector<std::size_t> idx;
      for (std::size_t k = 0; k < poly.size(); ++k) {
        const RingEntry& e = rings.at(poly[k]);
        auto [it, inserted] = index.try_emplace(poly[k], v.rings.size());
        if (inserted) v.rings.push_back({poly[k], e.ring.get(), e.measure.area_m2, e.measure.perimeter_m});
        idx.push_back(it->second);
        nl.summary.area_m2 += k == 0 ? e.measure.area_m2 : -e.measure.area_m2;
        outside += k == 0 ? e.outside_m2 : -e.outside_m2;
        nl.summary.perimeter_m += e.measure.perimeter_m;
        nl.summary.vertices += static_cast<std::int64_t>(e.ring->size());
      }
      nl.polygons.push_back(std::move(idx));
    }
    nl.summary.polygons = static_cast<std::int64_t>(nl.polygons.size());
    nl.summary.outside_m2 = outside;
    v.vertices += nl.summary.vertices;
    v.layers.push_back(std::move(nl));
  }
  return v;
}

// Marks the versions the store already holds from the same source (same time, same hash of the
// classified source polygons): they need no geometry work, so re-running an import over a growing
// folder costs only the new files. Their repairs and overlaps come from the stored record, so the
// report still describes every input. This is only a shortcut taken on a read snapshot; what is
// written is decided again inside the write transaction (plan()).
Result<void> mark_stored(const Store& store, const std::string& map, std::vector<std::unique_ptr<Pending>>& pending) {
  FRONTLINE_TRY(maps, store.maps());
  if (std::find(maps.begin(), maps.end(), map) == maps.end()) return {};
  FRONTLINE_TRY(existing, store.versions(map));
  std::map<std::int64_t, const VersionInfo*> by_time;
  for (const auto& v : existing) by_time.emplace(v.time.seconds, &v);
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
  return {};
}

// Everything an import has read and resolved, ready to be written into any store.
struct Prepared {
  std::vector<std::unique_ptr<Pending>> pending;  // in time order
  RingTable rings;
  std::size_t files = 0;
};

unsigned worker_threads(unsigned requested) {
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  if (requested == 0) return hw;
  // More workers than a few per core only cost memory (each holds a resolver and its caches).
  const unsigned cap = std::max(4u, 4 * hw);
  if (requested > cap) {
    spdlog::warn("--threads {} is more than this machine can use; using {} ({} cores)", requested, cap, hw);
    return cap;
  }
  return requested;
}

// 1. Read and check every input, 2. resolve the versions the store does not hold yet. Nothing is
// written: a bad input stops the import here.
Result<Prepared> prepare(const Store* existing, std::span<const std::filesystem::path> paths,
                         const ImportOptions& options) {
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
  // This thread decompresses; workers parse and classify.
  const unsigned threads = worker_threads(options.threads);
  Prepared out;
  PolygonPool polygon_pool;
  {
    ParsePool parsers(threads, options, polygon_pool);
    io::WalkOptions walk_options;
    walk_options.max_entry_bytes = options.max_entry_bytes;
    walk_options.max_unpacked_bytes = options.max_unpacked_bytes;
    for (const auto& path : paths) {
      auto walked = io::for_each_input(path, walk_options, [&](io::InputFile& f) -> Result<void> {
        parsers.add(std::move(f));
        ++out.files;
        progress("read", out.files, 0);
        return {};
      });
      if (!walked) {
        (void)parsers.finish();
        return std::move(walked).error();
      }
    }
    FRONTLINE_TRY(parsed, parsers.finish());
    out.pending = std::move(parsed);
  }
  if (options.time && out.files > 1) {
    return make_error(
        ErrorCode::bad_request,
        fmt::format("--time gives one time, but the inputs hold {} files; use it with one file", out.files));
  }
  if (out.pending.empty()) return make_error(ErrorCode::bad_input, "the inputs hold no .geojson or .json files");
  log_phase("read");

  // Resolve every version into disjoint, valid status layers, in time order: consecutive versions
  // share most of their work through the resolvers' caches.
  std::stable_sort(out.pending.begin(), out.pending.end(),
                   [](const auto& a, const auto& b) { return a->time < b->time; });
  if (existing != nullptr) FRONTLINE_CHECK(mark_stored(*existing, options.map, out.pending));
  const auto to_resolve = static_cast<std::size_t>(
      std::count_if(out.pending.begin(), out.pending.end(), [](const auto& p) { return !p->stored; }));
  if (to_resolve > 0) {
    // Every status is split at the border with the neighbours' land (docs/model.md, "Borders"):
    // read only when there is something to resolve, so that re-running an import costs nothing.
    FRONTLINE_TRY(land, io::neighbours_land());
    FRONTLINE_TRY(foreign, geo::RegionCells::build(land));
    importer::ResolvePool pool(threads, foreign);
    for (auto& p : out.pending) {
      if (p->stored) continue;
      pool.add(p.get());
    }
    pool.finish();
    while (pool.resolved() < to_resolve && !pool.failed()) {
      progress("resolve", pool.resolved(), to_resolve);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FRONTLINE_TRY(tables, pool.join());
    out.rings = std::move(tables);
  }
  progress("resolve", to_resolve, to_resolve);
  log_phase("resolve");
  return out;
}

// 3. Decide, inside the write transaction, what is new: the store may have changed since the
// inputs were read (another import), so nothing decided on the read snapshot is trusted. Every
// version is stored, including one identical in content to the version before it (the map's
// makers published it): what the store holds then depends only on the set of inputs ever
// imported, never on their order. A different version at a time the store already holds is a
// conflict, refused before anything is written.
Result<std::vector<const Pending*>> plan(StoreWriter& writer, const std::string& store_path, const Prepared& prepared,
                                         const ImportOptions& options, ImportReport& report) {
  FRONTLINE_TRY(existing, writer.versions(options.map));
  std::map<std::int64_t, std::uint64_t> timeline;
  for (const auto& v : existing) timeline.emplace(v.time.seconds, v.content_hash);
  std::vector<const Pending*> to_write;
  std::map<std::int64_t, const Pending*> seen;
  for (const auto& pp : prepared.pending) {
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
                                      "import it into another --map (or into a new store, if this one was "
                                      "written under earlier import rules: docs/model.md)",
                                      p.display_name, options.map, format_iso(p.time)));
      }
      ++report.already_stored;
      continue;
    }
    if (p.stored) {
      // Marked on the read snapshot but no longer there: the store was replaced meanwhile.
      return make_error(ErrorCode::conflict,
                        fmt::format("the store {} changed while the import read its inputs (version {} of map '{}' "
                                    "disappeared); run the import again",
                                    store_path, format_iso(p.time), options.map));
    }
    timeline.emplace(p.time.seconds, p.content_hash);
    to_write.push_back(&p);
  }
  for (const Pending* p : to_write) {
    auto it = timeline.find(p->time.seconds);
    if (it != timeline.begin() && std::prev(it)->second == p->content_hash) ++report.unchanged;
  }
  report.first = prepared.pending.front()->time;
  report.last = prepared.pending.back()->time;
  return to_write;
}

// 4. Write, in one transaction: an import that fails or is killed leaves the store as it was.
Result<ImportReport> write(Store& store, const Prepared& prepared, const ImportOptions& options) {
  ImportReport report;
  report.map = options.map;
  report.files = prepared.files;
  FRONTLINE_TRY(writer, store.begin_write());
  FRONTLINE_TRY(to_write, plan(writer, store.path().string(), prepared, options, report));
  for (std::size_t i = 0; i < to_write.size(); ++i) {
    const NewVersion v = to_new_version(*to_write[i], prepared.rings);
    FRONTLINE_TRY(added, writer.add_version(options.map, v));
    report.rings_added += added;
    ++report.versions_added;
    if (options.progress) options.progress("write", i + 1, to_write.size());
  }
  FRONTLINE_CHECK(writer.commit());
  return report;
}

// A name beside the store that no other import uses: the new store is written there and only
// then given its name, so that the store's path never names a half-written file.
std::filesystem::path temporary_beside(const std::filesystem::path& store) {
  std::random_device random;
  const std::uint64_t tag = (std::uint64_t{random()} << 32) ^ random();
  return store.parent_path() / fmt::format(".{}.import-{}-{:016x}", store.filename().string(), ::getpid(), tag);
}

void remove_store_files(const std::filesystem::path& p) {
  std::error_code ec;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix, ec);
}

// Gives the finished temporary store its name unless another process created the store first.
// Returns false when the name was taken.
Result<bool> publish(const std::filesystem::path& tmp, const std::filesystem::path& store) {
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, store.c_str(), RENAME_NOREPLACE) == 0) return true;
  int err = errno;
  if (err == EINVAL || err == ENOSYS || err == ENOTSUP) {
    // File systems without RENAME_NOREPLACE: link() also refuses to replace an existing name.
    if (::link(tmp.c_str(), store.c_str()) == 0) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return true;
    }
    err = errno;
  }
  if (err == EEXIST) return false;
  return make_error(ErrorCode::io, fmt::format("cannot create the store {}: {}", store.string(), std::strerror(err)));
}

}  // namespace

Result<ImportReport> import_paths(Store& store, std::span<const std::filesystem::path> paths,
                                  const ImportOptions& options) {
  FRONTLINE_TRY(prepared, prepare(&store, paths, options));
  return write(store, prepared, options);
}

Result<ImportReport> import_into(const std::filesystem::path& store_path, std::span<const std::filesystem::path> paths,
                                 const ImportOptions& options) {
  const WriteOptions existing_store{false, options.wait};
  std::error_code ec;
  const bool exists = std::filesystem::exists(store_path, ec);
  const bool empty_file =
      exists && std::filesystem::is_regular_file(store_path, ec) && std::filesystem::file_size(store_path, ec) == 0;
  if (exists && !empty_file) {
    std::optional<Prepared> prepared;
    {
      FRONTLINE_TRY(snapshot, Store::open_read_only(store_path));
      FRONTLINE_TRY(p, prepare(&snapshot, paths, options));
      prepared.emplace(std::move(p));
    }
    FRONTLINE_TRY(store, Store::open_for_writing(store_path, existing_store));
    return write(store, *prepared, options);
  }
  FRONTLINE_TRY(prepared, prepare(nullptr, paths, options));
  if (empty_file) {
    FRONTLINE_TRY(store, Store::open_for_writing(store_path, existing_store));
    return write(store, prepared, options);
  }
  const auto tmp = temporary_beside(store_path);
  ImportReport report;
  {
    auto store = Store::open_for_writing(tmp, WriteOptions{true, options.wait});
    if (!store) {
      remove_store_files(tmp);
      return std::move(store).error();
    }
    auto written = write(*store, prepared, options);
    if (!written) {
      remove_store_files(tmp);
      return std::move(written).error();
    }
    report = std::move(*written);
  }
  auto published = publish(tmp, store_path);
  if (!published || *published) {
    if (!published) remove_store_files(tmp);
    if (!published) return std::move(published).error();
    return report;
  }
  // Another import created the store while this one read its inputs: write into that one.
  remove_store_files(tmp);
  FRONTLINE_TRY(store, Store::open_for_writing(store_path, existing_store));
  return write(store, prepared, options);
}

}  // namespace frontline
