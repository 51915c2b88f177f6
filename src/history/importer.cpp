#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>

#include "frontline/import.hpp"
#include "geo/geodesic.hpp"
#include "geo/hash.hpp"
#include "geo/resolve.hpp"
#include "io/archive.hpp"
#include "history/pending.hpp"
#include "io/snapshot_reader.hpp"

namespace frontline {

namespace {
using history::Pending;
using history::PendingLayer;
using history::RingEntry;
using history::RingTable;

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
    return make_error(ErrorCode::bad_input,
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
    auto [it, inserted] = pool_.try_emplace(h, p);
    if (inserted) return p;
    const Polygon& q = *it->second;
    if (q.outer == p->outer && q.holes == p->holes) return it->second;
    return p;  // a hash collision: keep both, correctness first
  }

 private:
  std::unordered_map<std::uint64_t, std::shared_ptr<const Polygon>> pool_;
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
    spdlog::info("import: {} took {:.3f} s", name, std::chrono::duration<double>(now - phase_start).count());
    phase_start = now;
  };
  // 1. Read and check everything; nothing is written before all inputs are known to be good.
  //    Versions are resolved on worker threads as they arrive.
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  history::ResolvePool pool(options.threads == 0 ? hw : options.threads);
  std::vector<std::unique_ptr<Pending>> pending;
  PolygonPool polygon_pool;
  const io::ReadOptions read_options{options.status};
  for (const auto& path : paths) {
    FRONTLINE_CHECK(io::for_each_input(path, [&](io::InputFile& f) -> Result<void> {
      FRONTLINE_TRY(t, version_time(f, options));
      FRONTLINE_TRY(snap, io::read_snapshot(f, read_options));
      auto p = std::make_unique<Pending>();
      p->time = t;
      p->source_id = f.base_name.substr(0, f.base_name.find('.'));
      p->display_name = f.display_name;
      p->report = std::move(snap.report);
      p->polygons = std::move(snap.polygons);
      for (auto& sp : p->polygons) sp.polygon = polygon_pool.intern(std::move(sp.polygon));
      pool.add(p.get());
      pending.push_back(std::move(p));
      ++report.files;
      progress("read", report.files, 0);
      return {};
    }));
  }
  if (options.time && report.files > 1) {
    return make_error(ErrorCode::bad_request,
                      fmt::format("--time gives one time, but the inputs hold {} files; use it with one file", report.files));
  }
  if (pending.empty()) {
    return make_error(ErrorCode::bad_input, "the inputs hold no .geojson or .json files");
  }
  log_phase("read");
  pool.finish();
  polygon_pool = PolygonPool();

  // 2. Wait for the rest of the geometry work.
  while (pool.resolved() < pending.size() && !pool.failed()) {
    progress("resolve", pool.resolved(), pending.size());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FRONTLINE_TRY(rings, pool.join());
  progress("resolve", pending.size(), pending.size());
  log_phase("resolve");
  std::stable_sort(pending.begin(), pending.end(), [](const auto& a, const auto& b) { return a->time < b->time; });

  // 3. Decide what is new, and refuse conflicts before writing anything.
  std::map<std::int64_t, std::uint64_t> timeline;  // time -> content hash, stored versions
  if (auto maps = store.maps(); maps && std::find(maps->begin(), maps->end(), options.map) != maps->end()) {
    FRONTLINE_TRY(existing, store.versions(options.map));
    for (const auto& v : existing) timeline.emplace(v.time.seconds, v.content_hash);
  }
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
  if (!pending.empty()) {
    report.first = pending.front()->time;
    report.last = pending.back()->time;
  }

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
