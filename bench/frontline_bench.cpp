// Library-level benchmarks on real DeepState snapshots: parsing, resolving a version cold and
// after its predecessor (the incremental case an import lives on), measuring rings with and
// without the per-run cache, and the store queries behind `area --at`, `diff`, `place --at`,
// `line --at` and `advance`.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "frontline/frontline.hpp"
#include "geo/geodesic.hpp"
#include "geo/resolve.hpp"
#include "io/archive.hpp"
#include "io/snapshot_reader.hpp"

namespace {
using namespace frontline;

// The last few snapshots (by time: archives list them in any order) of the bundled history.
struct Fixture {
  std::vector<io::InputFile> files;
  std::vector<io::Snapshot> snapshots;
  std::filesystem::path store_path;

  Fixture() {
    std::vector<io::InputFile> all;
    auto r = io::for_each_input(FRONTLINE_HISTORY_ARCHIVE, [&](io::InputFile& f) -> Result<void> {
      // Names are Unix seconds of equal length, so they sort as times.
      all.push_back(std::move(f));
      std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.base_name < b.base_name; });
      if (all.size() > 8) all.erase(all.begin());
      return {};
    });
    if (!r) {
      std::fprintf(stderr, "cannot read %s: %s\n", FRONTLINE_HISTORY_ARCHIVE, r.error().message.c_str());
      std::exit(1);
    }
    files = std::move(all);
    for (auto& f : files) {
      io::InputFile copy = f;
      auto s = io::read_snapshot(copy, {});
      if (!s) std::exit(1);
      snapshots.push_back(std::move(*s));
    }
    store_path = std::filesystem::temp_directory_path() / "frontline_bench.db";
    std::filesystem::remove(store_path);
    auto store = Store::open_for_writing(store_path, WriteOptions{true});
    const auto dir = std::filesystem::temp_directory_path() / "frontline_bench_in";
    std::filesystem::create_directories(dir);
    std::vector<std::filesystem::path> paths;
    for (const auto& f : files) {
      const auto p = dir / f.base_name;
      std::FILE* out = std::fopen(p.c_str(), "wb");
      std::fwrite(f.contents.data(), 1, f.contents.size(), out);
      std::fclose(out);
      paths.push_back(p);
    }
    auto rep = import_paths(*store, paths, {});
    if (!rep) std::exit(1);
    // The bundled gazetteer (oblasts and settlements; no hromadas, which are not bundled).
    const std::filesystem::path repo = FRONTLINE_REPO_DATA;
    const std::vector<std::filesystem::path> dirs{repo / "places", repo};
    auto gaz = import_gazetteer(*store, dirs);
    if (!gaz) {
      std::fprintf(stderr, "gazetteer: %s\n", gaz.error().message.c_str());
      std::exit(1);
    }
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void BM_ParseSnapshot(benchmark::State& state) {
  auto& fx = fixture();
  for (auto _ : state) {
    io::InputFile f = fx.files.back();
    auto s = io::read_snapshot(f, {});
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * fx.files.back().contents.size()));
}
BENCHMARK(BM_ParseSnapshot)->Unit(benchmark::kMillisecond);

void BM_ResolveCold(benchmark::State& state) {
  auto& fx = fixture();
  for (auto _ : state) {
    geo::Resolver r;
    auto out = r.resolve(fx.snapshots.back().polygons);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_ResolveCold)->Unit(benchmark::kMillisecond);

// A version resolved after the one before it: what an import does 1,359 times.
void BM_ResolveAfterPrevious(benchmark::State& state) {
  auto& fx = fixture();
  const auto n = fx.snapshots.size();
  for (auto _ : state) {
    state.PauseTiming();
    geo::Resolver r;
    (void)r.resolve(fx.snapshots[n - 2].polygons);
    state.ResumeTiming();
    auto out = r.resolve(fx.snapshots[n - 1].polygons);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_ResolveAfterPrevious)->Unit(benchmark::kMillisecond);

const Ring& largest_ring() {
  static const Ring ring = [] {
    Ring best;
    for (const auto& sp : fixture().snapshots.back().polygons) {
      if (sp.polygon->outer.size() > best.size()) best = sp.polygon->outer;
    }
    return best;
  }();
  return ring;
}

void BM_RingMeasureGeographicLib(benchmark::State& state) {
  const Ring& ring = largest_ring();
  for (auto _ : state) benchmark::DoNotOptimize(geo::measure_ring(ring));
  state.counters["vertices"] = static_cast<double>(ring.size());
}
BENCHMARK(BM_RingMeasureGeographicLib)->Unit(benchmark::kMicrosecond);

// The same ring with one vertex moved, measured after the original: the per-run cache at work.
void BM_RingMeasureAfterLocalEdit(benchmark::State& state) {
  Ring edited = largest_ring();
  edited[edited.size() / 2].lat += 1000;
  for (auto _ : state) {
    state.PauseTiming();
    geo::RingMeasurer m;
    (void)m.measure(largest_ring());
    state.ResumeTiming();
    benchmark::DoNotOptimize(m.measure(edited));
  }
}
BENCHMARK(BM_RingMeasureAfterLocalEdit)->Unit(benchmark::kMicrosecond);

void BM_StoreAreaAt(benchmark::State& state) {
  auto& fx = fixture();
  auto store = Store::open_read_only(fx.store_path);
  for (auto _ : state) {
    auto a = area_at(*store, "deepstate", Timestamp{4'000'000'000});
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_StoreAreaAt)->Unit(benchmark::kMicrosecond);

void BM_StoreDiffConsecutive(benchmark::State& state) {
  auto& fx = fixture();
  auto store = Store::open_read_only(fx.store_path);
  auto versions = store->versions("deepstate");
  const auto n = versions->size();
  for (auto _ : state) {
    auto d = diff(*store, "deepstate", (*versions)[n - 2].time, (*versions)[n - 1].time);
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_StoreDiffConsecutive)->Unit(benchmark::kMillisecond);

// `place --at` in process: find the place, measure it as of the last version.
void BM_PlaceStatus(benchmark::State& state) {
  auto& fx = fixture();
  auto store = Store::open_read_only(fx.store_path);
  for (auto _ : state) {
    auto place = find_place(*store, "Pokrovsk");
    auto s = place_status(*store, "deepstate", *place, Timestamp{4'000'000'000});
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_PlaceStatus)->Unit(benchmark::kMillisecond);

void BM_LineAt(benchmark::State& state) {
  auto& fx = fixture();
  auto store = Store::open_read_only(fx.store_path);
  for (auto _ : state) {
    auto l = front_line(*store, "deepstate", Timestamp{4'000'000'000});
    benchmark::DoNotOptimize(l);
  }
}
BENCHMARK(BM_LineAt)->Unit(benchmark::kMillisecond);

void BM_AdvanceFirstToLast(benchmark::State& state) {
  auto& fx = fixture();
  auto store = Store::open_read_only(fx.store_path);
  auto versions = store->versions("deepstate");
  for (auto _ : state) {
    auto a = advance(*store, "deepstate", versions->front().time, versions->back().time);
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_AdvanceFirstToLast)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
