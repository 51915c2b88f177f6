// Two real DeepState snapshots from the bundled history archive, imported and measured, against
// the figures of the project's independent Python reference (bench/reference/frontline_ref.py:
// shapely make_valid + unary_union, precedence by difference, pyproj geodesic areas).
#include <gtest/gtest.h>

#include <cstdlib>

#include "frontline/import.hpp"
#include "frontline/measures.hpp"
#include "frontline/store.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

namespace fs = std::filesystem;

constexpr double kRelTolerance = 1e-6;

struct ReferenceAreas {
  std::int64_t version;
  // km²: occupied ground as drawn, contested and liberated ground in Ukraine only
  double occupied, occupied_before_2022, contested, liberated;
  // km² on a neighbour's land, per status
  double outside_occupied, outside_occupied_before_2022, outside_contested, outside_liberated;
};

// From frontline_ref.py history-areas --ids 1648989208,1754251105 (areas_km2, outside_ukraine_km2).
constexpr ReferenceAreas kReference[] = {
    // 2022-04-03, the first version
    {1648989208, 63368.5936, 43418.9853, 6087.1351, 14030.6266, 88.6970, 39.8939, 8.6298, 1.2045},
    // 2025-08-03, the last version
    {1754251105, 70347.2792, 43982.4897, 1015.4334, 41829.3839, 20.1725, 67.9962, 29.3255, 19.9006},
};
constexpr double kOutsideToleranceKm2 = 0.001;

class RealDataHistory : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::ScratchDir();
    const fs::path archive = test::repo_data("deepstate-history-2022-04-03_2025-08-03.tar.zst");
    ASSERT_TRUE(fs::exists(archive)) << archive;
    std::string members;
    for (const auto& r : kReference) members += " deepstate-history/" + std::to_string(r.version) + ".geojson";
    const std::string cmd =
        "zstd -dc --long=31 '" + archive.string() + "' | tar -x -C '" + dir_->path().string() + "'" + members;
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    auto s = Store::open_for_writing(dir_->path() / "store.db", WriteOptions{true});
    ASSERT_TRUE(s) << s.error().message;
    store_ = new Store(std::move(*s));
    const std::vector<fs::path> paths{dir_->path() / "deepstate-history"};
    ImportOptions options;
    options.threads = 2;
    auto r = import_paths(*store_, paths, options);
    ASSERT_TRUE(r) << r.error().message;
    report_ = new ImportReport(std::move(*r));
  }
  static void TearDownTestSuite() {
    delete report_;
    delete store_;
    delete dir_;
    report_ = nullptr;
    store_ = nullptr;
    dir_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(report_, nullptr) << "the import failed"; }

  static test::ScratchDir* dir_;
  static Store* store_;
  static ImportReport* report_;
};

test::ScratchDir* RealDataHistory::dir_ = nullptr;
Store* RealDataHistory::store_ = nullptr;
ImportReport* RealDataHistory::report_ = nullptr;

TEST_F(RealDataHistory, ImportsBothSnapshots) {
  EXPECT_EQ(report_->files, 2u);
  EXPECT_EQ(report_->versions_added, 2u);
  auto vs = store_->versions("deepstate");
  ASSERT_TRUE(vs) << vs.error().message;
  ASSERT_EQ(vs->size(), 2u);
  EXPECT_EQ((*vs)[0].time.seconds, 1648989208);
  EXPECT_EQ((*vs)[1].time.seconds, 1754251105);
}

TEST_F(RealDataHistory, AreasPerStatusMatchThePythonReference) {
  for (const auto& ref : kReference) {
    auto at = area_at(*store_, "deepstate", Timestamp{ref.version});
    ASSERT_TRUE(at) << at.error().message;
    ASSERT_TRUE(at->version);
    ASSERT_EQ(at->version->time.seconds, ref.version);
    const std::pair<Status, double> expected[] = {{Status::occupied, ref.occupied},
                                                  {Status::occupied_before_2022, ref.occupied_before_2022},
                                                  {Status::contested, ref.contested},
                                                  {Status::liberated, ref.liberated}};
    for (const auto& [status, km2] : expected) {
      ASSERT_TRUE(at->areas_km2.contains(status)) << ref.version << " has no " << to_string(status) << " layer";
      const double got = at->areas_km2.at(status);
      EXPECT_LE(test::relative_difference(got, km2), kRelTolerance)
          << ref.version << " " << to_string(status) << ": frontline " << got << " km², reference " << km2 << " km²";
    }
    const std::pair<Status, double> outside[] = {{Status::occupied, ref.outside_occupied},
                                                 {Status::occupied_before_2022, ref.outside_occupied_before_2022},
                                                 {Status::contested, ref.outside_contested},
                                                 {Status::liberated, ref.outside_liberated}};
    for (const auto& [status, km2] : outside) {
      ASSERT_TRUE(at->outside_ukraine_km2.contains(status)) << ref.version << " " << to_string(status);
      EXPECT_NEAR(at->outside_ukraine_km2.at(status), km2, kOutsideToleranceKm2)
          << ref.version << " " << to_string(status) << " outside Ukraine";
    }
    ASSERT_TRUE(at->occupied_total_km2);
    EXPECT_LE(test::relative_difference(*at->occupied_total_km2, ref.occupied + ref.occupied_before_2022),
              kRelTolerance)
        << ref.version << " occupied_total";
  }
}

}  // namespace
}  // namespace frontline
