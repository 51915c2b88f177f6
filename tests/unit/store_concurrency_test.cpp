// One store read by many threads at once, as the HTTP server will read it: every answer equals
// the answer the same question got on one thread, and (under the tsan preset) no data race.
// The store holds 20 consecutive real DeepState versions (May-June 2024) from the bundled archive.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include "frontline/import.hpp"
#include "frontline/measures.hpp"
#include "frontline/store.hpp"
#include "frontline/tiles.hpp"
#include "server/api.hpp"
#include "server/site_cache.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

namespace fs = std::filesystem;

class Concurrency : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::ScratchDir();
    const fs::path archive = test::repo_data("deepstate-history-2022-04-03_2025-08-03.tar.zst");
    ASSERT_TRUE(fs::exists(archive)) << archive;
    // The first 20 versions from mid-May to mid-June 2024 (version ids 1716... and 1717...).
    const std::string cmd = "zstd -dc --long=31 '" + archive.string() + "' | tar -x -C '" + dir_->path().string() +
                            "' --wildcards 'deepstate-history/1716*' 'deepstate-history/1717*'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir_->path() / "deepstate-history")) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    ASSERT_GE(files.size(), 20u);
    files.resize(20);
    {
      auto s = Store::open_for_writing(dir_->path() / "store.db", WriteOptions{true});
      ASSERT_TRUE(s) << s.error().message;
      auto r = import_paths(*s, files, {});
      ASSERT_TRUE(r) << r.error().message;
    }
    auto s = Store::open_read_only(dir_->path() / "store.db");
    ASSERT_TRUE(s) << s.error().message;
    store_ = new Store(std::move(*s));
  }
  static void TearDownTestSuite() {
    delete store_;
    delete dir_;
    store_ = nullptr;
    dir_ = nullptr;
  }

  static test::ScratchDir* dir_;
  static Store* store_;
};
test::ScratchDir* Concurrency::dir_ = nullptr;
Store* Concurrency::store_ = nullptr;

// What one question answered, reduced to numbers that must be identical across threads.
struct Answer {
  std::int64_t version = 0;
  double a = 0, b = 0, c = 0;
  int status = -1;
  friend bool operator==(const Answer&, const Answer&) = default;
};

Answer ask(const Store& store, const std::vector<VersionInfo>& versions, int question, std::size_t i) {
  const VersionInfo& v = versions[i % versions.size()];
  const VersionInfo& w = versions[(i * 7 + 3) % versions.size()];
  Answer out;
  switch (question % 4) {
    case 0: {
      auto r = area_at(store, "deepstate", v.time);
      EXPECT_TRUE(r) << r.error().message;
      if (r) out = {r->version ? r->version->id : -1, r->occupied_total_km2.value_or(-1), 0, 0, -1};
      break;
    }
    case 1: {
      auto r = diff(store, "deepstate", v.time, w.time);
      EXPECT_TRUE(r) << r.error().message;
      if (r) out = {r->to.id, r->gained_km2, r->lost_km2, r->reclassified_km2, -1};
      break;
    }
    case 2: {
      auto r =
          status_at(store, "deepstate", Longitude{37.4 + 0.01 * static_cast<double>(i % 50)}, Latitude{48.1}, v.time);
      EXPECT_TRUE(r) << r.error().message;
      if (r) out = {r->version.id, 0, 0, 0, r->status ? static_cast<int>(*r->status) : -1};
      break;
    }
    default: {
      auto g = store.layer_geometry(v.id, Status::occupied);
      EXPECT_TRUE(g) << g.error().message;
      if (g) out = {v.id, static_cast<double>(vertex_count(*g)), static_cast<double>(g->size()), 0, -1};
      break;
    }
  }
  return out;
}

TEST_F(Concurrency, ManyThreadsReadOneStoreAndAgreeWithOneThread) {
  auto versions = store_->versions("deepstate");
  ASSERT_TRUE(versions) << versions.error().message;
  ASSERT_EQ(versions->size(), 20u);
  constexpr std::size_t kQuestions = 48;
  std::vector<Answer> expected;
  for (std::size_t i = 0; i < kQuestions; ++i) expected.push_back(ask(*store_, *versions, static_cast<int>(i), i));

  constexpr int kThreads = 8;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t));
      for (int k = 0; k < 40; ++k) {
        const std::size_t i = rng() % kQuestions;
        if (!(ask(*store_, *versions, static_cast<int>(i), i) == expected[i])) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST_F(Concurrency, GainsOverTheSameStoreFromSeveralThreads) {
  auto versions = store_->versions("deepstate");
  ASSERT_TRUE(versions);
  const Timestamp from{versions->front().time.seconds + 86400};  // the first whole day the map covers
  const Timestamp to = versions->back().time;
  auto one = gains(*store_, "deepstate", Step::day, from, to);
  ASSERT_TRUE(one) << one.error().message;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      auto again = gains(*store_, "deepstate", Step::day, from, to);
      if (!again || again->size() != one->size()) {
        ++mismatches;
        return;
      }
      for (std::size_t i = 0; i < one->size(); ++i) {
        if ((*again)[i].gained_km2 != (*one)[i].gained_km2 || (*again)[i].lost_km2 != (*one)[i].lost_km2) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

// The server's pattern: its workers answer (API, history tiles, site.json) while the background
// build of the history tiles reads the same store; answers are 200, or 503 until the tiles are
// ready, and the tiles equal those built on one thread. Stopping a build half way returns.
TEST_F(Concurrency, TheServerAnswersWhileItBuildsTheHistoryTiles) {
  server::SiteCache site;
  site.start(*store_, HistoryTileOptions{});
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      const char* lines[] = {"GET /api/maps/deepstate/area?at=2024-06-01", "GET /tiles/deepstate/history/8/154/88.mvt",
                             "GET /site.json", "GET /base/oblasts.geojson", "GET /api/maps/deepstate/versions"};
      for (int i = 0; i < 20; ++i) {
        const auto a = server::handle(*store_, &site, server::request_from_line(lines[(t + i) % 5]));
        if (a.status != 200 && a.status != 503) ++bad;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
  for (int i = 0; i < 600 && site.history("deepstate") == nullptr && !site.failure(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto built = site.history("deepstate");
  ASSERT_NE(built, nullptr);
  auto direct = history_tiles(*store_, "deepstate");
  ASSERT_TRUE(direct) << direct.error().message;
  EXPECT_EQ(built->tiles, direct->tiles);
  site.stop();

  server::SiteCache stopped;
  stopped.start(*store_, HistoryTileOptions{});
  stopped.stop();  // returns at the next version the build reads
  SUCCEED();
}

}  // namespace
}  // namespace frontline
