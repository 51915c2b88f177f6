// Importing small DeepState-style snapshots into a store, then reading measures back. Expected
// areas are pyproj's (tests/data/unit/geodesic_cases.tsv); the two versions are
//   v1 (2024-01-01): occupied a_square and small_square, contested contested_square,
//                    plus a foreign polygon and a point (both excluded);
//   v2 (2024-02-15): occupied a_grown (= a_square + b_minus_a), small_square liberated,
//                    contested_square unchanged.
#include <gtest/gtest.h>

#include "frontline/import.hpp"
#include "frontline/measures.hpp"
#include "frontline/store.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

namespace fs = std::filesystem;
using test::case_area;

constexpr std::int64_t kT1 = 1704067200;  // 2024-01-01T00:00:00Z
constexpr std::int64_t kT2 = 1707955200;  // 2024-02-15T00:00:00Z
constexpr std::int64_t kFeb1 = 1706745600;
constexpr std::int64_t kMar1 = 1709251200;
constexpr double kRel = 1e-9;

double km2(std::string_view case_name) {
  return case_area(case_name) / 1e6;
}

#define EXPECT_REL(actual, expected) \
  EXPECT_LE(test::relative_difference((actual), (expected)), kRel) << "got " << (actual) << ", expected " << (expected)

test::FeatureSpec polygon_feature(std::string name, std::string fill, std::string_view case_name) {
  return {std::move(name), std::move(fill), test::geojson_polygon(test::case_polygon(case_name))};
}

std::string snapshot_v1() {
  return test::feature_collection({
      polygon_feature("Окуповано /// Occupied /// geoJSON.status.occupied", "#a52714", "a_square"),
      polygon_feature("Окуповано /// Occupied /// geoJSON.status.occupied", "#a52714", "small_square"),
      polygon_feature("Під питанням /// Unknown status /// geoJSON.status.unknown", "#bcaaa4", "contested_square"),
      polygon_feature("Придністров'я /// Transnistria /// geoJSON.territories.transnistria", "#ff5252", "cell_48n_ccw"),
      {"Напрямок удару", "#a52714", R"({"type": "Point", "coordinates": [31.2, 48.3]})"},
  });
}

std::string snapshot_v2() {
  return test::feature_collection({
      polygon_feature("Окуповано /// Occupied /// geoJSON.status.occupied", "#a52714", "a_grown"),
      polygon_feature("Звільнено /// Liberated /// geoJSON.status.dismissed_at {{at:10.02}}", "#0f9d58",
                      "small_square"),
      polygon_feature("Під питанням /// Unknown status /// geoJSON.status.unknown", "#bcaaa4", "contested_square"),
  });
}

class StoreImport : public testing::Test {
 protected:
  void SetUp() override {
    f1_ = dir_ / (std::to_string(kT1) + ".geojson");
    f2_ = dir_ / (std::to_string(kT2) + ".geojson");
    test::write_text(f1_, snapshot_v1());
    test::write_text(f2_, snapshot_v2());
    auto s = Store::open_for_writing(dir_ / "store.db", WriteOptions{true});
    ASSERT_TRUE(s) << s.error().message;
    store_.emplace(std::move(*s));
  }

  Result<ImportReport> import(std::vector<fs::path> paths) {
    ImportOptions options;
    options.threads = 2;
    return import_paths(*store_, paths, options);
  }

  std::vector<std::int64_t> version_times() {
    std::vector<std::int64_t> out;
    auto vs = store_->versions("deepstate");
    EXPECT_TRUE(vs) << vs.error().message;
    if (vs) {
      for (const auto& v : *vs) out.push_back(v.time.seconds);
    }
    return out;
  }

  void import_both() {
    auto r = import({f1_, f2_});
    ASSERT_TRUE(r) << r.error().message;
  }

  test::ScratchDir dir_;
  fs::path f1_, f2_;
  std::optional<Store> store_;
};

TEST_F(StoreImport, TwoSnapshotsGiveTwoVersions) {
  auto r = import({f1_, f2_});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->files, 2u);
  EXPECT_EQ(r->versions_added, 2u);
  EXPECT_EQ(r->foreign.size(), 1u);
  EXPECT_EQ(r->points, 1);
  EXPECT_EQ(r->polygons[static_cast<std::size_t>(Status::occupied)], 3);
  EXPECT_EQ(version_times(), (std::vector<std::int64_t>{kT1, kT2}));
  auto vs = store_->versions("deepstate");
  ASSERT_TRUE(vs);
  EXPECT_EQ((*vs)[0].source_id, std::to_string(kT1));
}

TEST_F(StoreImport, LayerAreasMatchTheReference) {
  import_both();
  auto v1 = store_->version_by_time("deepstate", Timestamp{kT1});
  ASSERT_TRUE(v1 && *v1);
  EXPECT_REL(*(*v1)->area_m2(Status::occupied), case_area("a_square") + case_area("small_square"));
  EXPECT_REL(*(*v1)->area_m2(Status::contested), case_area("contested_square"));
  EXPECT_REL(*(*v1)->area_m2(Status::occupied_total), case_area("a_square") + case_area("small_square"));
  EXPECT_FALSE((*v1)->area_m2(Status::liberated)) << "v1 carries no liberated layer";

  auto at = area_at(*store_, "deepstate", Timestamp{kT2 + 3600});
  ASSERT_TRUE(at) << at.error().message;
  ASSERT_TRUE(at->version);
  EXPECT_EQ(at->version->time.seconds, kT2);
  EXPECT_REL(at->areas_km2.at(Status::occupied), km2("a_grown"));
  EXPECT_REL(at->areas_km2.at(Status::liberated), km2("small_square"));
  EXPECT_REL(at->areas_km2.at(Status::contested), km2("contested_square"));
  ASSERT_TRUE(at->occupied_total_km2);
  EXPECT_REL(*at->occupied_total_km2, km2("a_grown"));
}

TEST_F(StoreImport, ImportingAgainAddsNothing) {
  import_both();
  auto again = import({f1_, f2_});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->versions_added, 0u);
  EXPECT_EQ(again->already_stored, 2u);
  EXPECT_EQ(again->rings_added, 0);
  EXPECT_EQ(version_times(), (std::vector<std::int64_t>{kT1, kT2}));
}

TEST_F(StoreImport, MalformedFileStopsTheImportWithTheStoreUnchanged) {
  import_both();
  const fs::path f3 = dir_ / (std::to_string(kMar1) + ".geojson");
  const fs::path bad = dir_ / (std::to_string(kMar1 + 86400) + ".geojson");
  test::write_text(f3, test::feature_collection({polygon_feature("Окуповано", "#a52714", "ab_union")}));
  test::write_text(bad, R"({"type": "FeatureCollection", "features": [ {"type": "Feature" )");
  auto r = import({f1_, f2_, f3, bad});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::bad_input);
  EXPECT_NE(r.error().message.find(bad.filename().string()), std::string::npos) << r.error().message;
  EXPECT_EQ(version_times(), (std::vector<std::int64_t>{kT1, kT2})) << "the good new file must not be written either";
}

TEST_F(StoreImport, AnUnrepairableRingStopsTheImportNamingFileAndFeature) {
  // A ring of 3,000 random points crosses itself about a million times: refused before GEOS
  // tries, with the file and the feature (the second) named, and nothing written.
  import_both();
  const fs::path f3 = dir_ / (std::to_string(kMar1) + ".geojson");
  const fs::path bad = dir_ / (std::to_string(kMar1 + 86400) + ".geojson");
  test::write_text(f3, test::feature_collection({polygon_feature("Окуповано", "#a52714", "ab_union")}));
  Polygon tangle;
  std::uint32_t x = 12345;  // a linear congruential generator: the same points everywhere
  for (int i = 0; i < 3000; ++i) {
    x = x * 1664525u + 1013904223u;
    const auto lon = static_cast<std::int32_t>(370'000'000 + (x >> 8) % 10'000'000);
    x = x * 1664525u + 1013904223u;
    const auto lat = static_cast<std::int32_t>(470'000'000 + (x >> 8) % 10'000'000);
    tangle.outer.push_back({lon, lat});
  }
  tangle.outer.push_back(tangle.outer.front());
  test::write_text(bad, test::feature_collection({polygon_feature("Окуповано", "#a52714", "small_square"),
                                                  {"Окуповано", "#a52714", test::geojson_polygon(tangle)}}));
  auto r = import({f1_, f2_, f3, bad});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::bad_input);
  const std::string& m = r.error().message;
  EXPECT_NE(m.find(bad.string() + ": feature 2: a ring crosses itself "), std::string::npos) << m;
  EXPECT_EQ(version_times(), (std::vector<std::int64_t>{kT1, kT2})) << "nothing of this import is written";
}

TEST_F(StoreImport, HolesOutsideTheirShellAreCountedAndStored) {
  // The shell 37..37.6 x 47..47.4 with one hole wholly outside it and one across its east side.
  const fs::path f3 = dir_ / (std::to_string(kMar1) + ".geojson");
  test::write_text(f3, test::feature_collection(
                           {{"Окуповано", "#a52714",
                             test::geojson_polygon(test::polygon_from_wkt(
                                 "POLYGON ((37 47, 37.6 47, 37.6 47.4, 37 47.4, 37 47), (38 47, 38.1 47, 38.1 47.1, "
                                 "38 47.1, 38 47), (37.5 47.1, 37.8 47.1, 37.8 47.2, 37.5 47.2, 37.5 47.1))"))}}));
  auto r = import({f3});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->repaired, 1);
  EXPECT_EQ(r->holes_outside_shell, 1);
  EXPECT_EQ(r->holes_partly_outside_shell, 1);
  auto a = area_at(*store_, "deepstate", Timestamp{kMar1});
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_REL(a->areas_km2.at(Status::occupied), km2("hole_test_notched"));
  // Importing again reads the counts back from the stored version's record.
  auto again = import({f3});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->already_stored, 1u);
  EXPECT_EQ(again->holes_outside_shell, 1);
  EXPECT_EQ(again->holes_partly_outside_shell, 1);
}

TEST_F(StoreImport, SameContentAsThePreviousVersionIsStoredAndCountedUnchanged) {
  import_both();
  const fs::path f3 = dir_ / (std::to_string(kMar1) + ".geojson");
  test::write_text(f3, snapshot_v2());
  auto r = import({f3});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->versions_added, 1u);
  EXPECT_EQ(r->unchanged, 1u);
  EXPECT_EQ(version_times(), (std::vector<std::int64_t>{kT1, kT2, kMar1}));
}

// Whatever the order of imports, the store ends the same: v2 and its identical successor, imported
// one at a time in reverse order, give the versions one import of all three gives.
TEST_F(StoreImport, OrderOfImportsDoesNotMatter) {
  const fs::path f3 = dir_ / (std::to_string(kMar1) + ".geojson");
  test::write_text(f3, snapshot_v2());
  for (const fs::path& f : {f3, f2_, f1_}) {
    auto r = import({f});
    ASSERT_TRUE(r) << r.error().message;
  }
  test::ScratchDir other;
  auto once = Store::open_for_writing(other / "once.db", WriteOptions{true});
  ASSERT_TRUE(once) << once.error().message;
  const std::vector<fs::path> all{f1_, f2_, f3};
  auto r = import_paths(*once, all, {});
  ASSERT_TRUE(r) << r.error().message;
  auto a = store_->versions("deepstate");
  auto b = once->versions("deepstate");
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->size(), 3u);
  ASSERT_EQ(a->size(), b->size());
  for (std::size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].time, (*b)[i].time);
    EXPECT_EQ((*a)[i].content_hash, (*b)[i].content_hash);
  }
}

TEST_F(StoreImport, DifferentContentAtAStoredTimeIsAConflict) {
  import_both();
  const fs::path other = dir_ / "other";
  fs::create_directories(other);
  const fs::path f = other / (std::to_string(kT1) + ".geojson");
  test::write_text(f, snapshot_v2());
  auto r = import({f});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
  EXPECT_EQ(version_times(), (std::vector<std::int64_t>{kT1, kT2}));
}

// What one import may hold until it writes is capped; past a cap it stops, naming the file, and
// writes nothing. v1 holds 3 classified polygons of 5 vertices each (two squares and a
// contested square) plus the rings of v2's new polygons.
TEST_F(StoreImport, CapsOnWhatOneImportHoldsStopItNamingTheFile) {
  ImportOptions options;
  options.threads = 1;
  options.max_versions = 1;
  const std::vector<fs::path> both{f1_, f2_};
  auto r = import_paths(*store_, both, options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::bad_input);
  EXPECT_NE(r.error().message.find("inputs hold more than 1 versions, the cap on one import"), std::string::npos)
      << r.error().message;
  options = {};
  options.max_polygons = 2;
  r = import_paths(*store_, both, options);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("more than 2 polygons"), std::string::npos) << r.error().message;
  options = {};
  options.max_distinct_vertices = 10;
  r = import_paths(*store_, both, options);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("more than 10 distinct vertices"), std::string::npos) << r.error().message;
  auto maps = store_->maps();
  ASSERT_TRUE(maps) << maps.error().message;
  EXPECT_TRUE(maps->empty()) << "nothing is written";
}

// v1 -> v2 changes in two places a degree apart: each is overlaid in its own box, and the pieces
// are those of the whole (pyproj's areas), with gained − lost = net.
TEST_F(StoreImport, DiffOverlaysEachPlaceThatChangedApart) {
  import_both();
  auto d = diff(*store_, "deepstate", Timestamp{kT1}, Timestamp{kT2});
  ASSERT_TRUE(d) << d.error().message;
  auto change = change_between(*store_, d->from.id, d->to.id);
  ASSERT_TRUE(change) << change.error().message;
  auto boxes = changed_boxes(*store_, *change, ChangeClasses::by_status);
  ASSERT_TRUE(boxes) << boxes.error().message;
  ASSERT_EQ(boxes->size(), 2u);
  EXPECT_FALSE((*boxes)[0].intersects((*boxes)[1]));
  auto whole = changed_box(*store_, *change, ChangeClasses::by_status);
  ASSERT_TRUE(whole);
  EXPECT_TRUE(whole->intersects((*boxes)[0]) && whole->intersects((*boxes)[1]));
  EXPECT_REL(d->gained_km2, km2("b_minus_a"));
  EXPECT_REL(d->lost_km2, km2("small_square"));
  EXPECT_EQ(d->reclassified_km2, 0.0);
  ASSERT_TRUE(d->net_km2);
  EXPECT_NEAR(d->gained_km2 - d->lost_km2, *d->net_km2, 1e-6);
  ASSERT_EQ(d->pieces.size(), 2u);  // occupied -> liberated, none -> occupied
}

TEST_F(StoreImport, TheSameVersionGivenTwiceIsCountedOnce) {
  const fs::path copy_dir = dir_ / "copy";
  fs::create_directories(copy_dir);
  const fs::path copy = copy_dir / f1_.filename();
  fs::copy_file(f1_, copy);
  auto r = import({f1_, copy, f2_});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->files, 3u);
  EXPECT_EQ(r->duplicate_inputs, 1u);
  EXPECT_EQ(r->versions_added, 2u);
}

TEST_F(StoreImport, AreaSeriesStepsThroughVersions) {
  import_both();
  auto rows = area_series(*store_, "deepstate", Timestamp{kT1}, Timestamp{kMar1}, Step::month);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 3u);  // 01-01, 02-01, 03-01
  for (const auto& row : *rows) ASSERT_TRUE(row.version);
  EXPECT_EQ((*rows)[0].version->time.seconds, kT1);
  EXPECT_EQ((*rows)[1].version->time.seconds, kT1);
  EXPECT_EQ((*rows)[2].version->time.seconds, kT2);
  EXPECT_REL(*(*rows)[2].occupied_total_km2, km2("a_grown"));
}

TEST_F(StoreImport, VersionAtPicksTheLatestNotAfterT) {
  import_both();
  auto expect_at = [&](std::int64_t t, std::optional<std::int64_t> expected) {
    auto v = store_->version_at("deepstate", Timestamp{t});
    ASSERT_TRUE(v) << v.error().message;
    if (!expected) {
      EXPECT_FALSE(*v) << "at " << t;
    } else {
      ASSERT_TRUE(*v) << "at " << t;
      EXPECT_EQ((*v)->time.seconds, *expected) << "at " << t;
    }
  };
  expect_at(kT1 - 1, std::nullopt);
  expect_at(kT1, kT1);
  expect_at(kT1 + 1, kT1);
  expect_at(kT2 - 1, kT1);
  expect_at(kT2, kT2);
  expect_at(kT2 + 400 * 86400, kT2);
  auto none = area_at(*store_, "deepstate", Timestamp{kT1 - 1});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::not_found);
}

TEST_F(StoreImport, MonthlyGainsAreDifferencesOfAreas) {
  import_both();
  auto rows = gains(*store_, "deepstate", Step::month, Timestamp{kT1}, Timestamp{kFeb1});
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  const GainRow& jan = (*rows)[0];
  const GainRow& feb = (*rows)[1];
  EXPECT_EQ(jan.period, "2024-01");
  EXPECT_EQ(feb.period, "2024-02");
  ASSERT_TRUE(jan.net_km2 && jan.gained_km2 && jan.lost_km2);
  ASSERT_TRUE(feb.net_km2 && feb.gained_km2 && feb.lost_km2);
  EXPECT_EQ(*jan.net_km2, 0);
  EXPECT_EQ(*jan.gained_km2, 0);
  EXPECT_EQ(feb.start.seconds, kFeb1);
  EXPECT_EQ(feb.end.seconds, kMar1);
  const double v1_total = km2("a_square") + km2("small_square");
  EXPECT_REL(*feb.net_km2, km2("a_grown") - v1_total);
  EXPECT_REL(*feb.gained_km2, km2("b_minus_a"));
  EXPECT_REL(*feb.lost_km2, km2("small_square"));
  EXPECT_NEAR(*feb.net_km2, *feb.gained_km2 - *feb.lost_km2, 1e-6);
  ASSERT_TRUE(feb.contested_change_km2);
  EXPECT_NEAR(*feb.contested_change_km2, 0, 1e-9);
}

TEST_F(StoreImport, SeriesBeforeTheFirstVersionHaveEmptyRows) {
  import_both();
  // December 2023 starts before v1 (2024-01-01T00:00Z): its row carries no figures. Before the
  // fix the whole request failed with not_found.
  auto rows = gains(*store_, "deepstate", Step::month, Timestamp{kT1 - 86400}, Timestamp{kT2});
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 3u);  // 2023-12, 2024-01, 2024-02
  const GainRow& dec = (*rows)[0];
  EXPECT_EQ(dec.period, "2023-12");
  EXPECT_EQ(dec.end.seconds, kT1);
  EXPECT_FALSE(dec.net_km2);
  EXPECT_FALSE(dec.gained_km2);
  EXPECT_FALSE(dec.lost_km2);
  EXPECT_FALSE(dec.contested_change_km2);
  EXPECT_FALSE(dec.start_version);
  EXPECT_FALSE(dec.end_version);
  ASSERT_TRUE((*rows)[1].net_km2);
  EXPECT_EQ(*(*rows)[1].net_km2, 0);  // January: v1 at both ends
  EXPECT_TRUE((*rows)[2].gained_km2);

  // Days 2023-12-30 and 12-31 are empty; 2024-01-01 is v1.
  auto areas = area_series(*store_, "deepstate", Timestamp{kT1 - 2 * 86400}, Timestamp{kT1}, Step::day);
  ASSERT_TRUE(areas) << areas.error().message;
  ASSERT_EQ(areas->size(), 3u);
  for (int i = 0; i < 2; ++i) {
    const AreaAt& empty = (*areas)[i];
    EXPECT_EQ(empty.at.seconds, kT1 - (2 - i) * 86400);
    EXPECT_FALSE(empty.version);
    EXPECT_TRUE(empty.areas_km2.empty());
    EXPECT_FALSE(empty.occupied_total_km2);
    EXPECT_FALSE(empty.share_of_ukraine);
  }
  ASSERT_TRUE((*areas)[2].version);
  EXPECT_EQ((*areas)[2].version->time.seconds, kT1);

  // A single time before the first version is still not found, and so is a map without versions.
  EXPECT_EQ(area_at(*store_, "deepstate", Timestamp{kT1 - 1}).error().code, ErrorCode::not_found);
  auto no_map = gains(*store_, "no-such-map", Step::month, Timestamp{kT1}, Timestamp{kT2});
  ASSERT_FALSE(no_map);
  EXPECT_EQ(no_map.error().code, ErrorCode::not_found);
}

TEST_F(StoreImport, MonthlySeriesKeepsTheDayOfTheMonthFromItsStart) {
  import_both();
  // From 2024-01-31: 02-29 (2024 is a leap year), then 03-31, not 03-29 (Python: calendar.monthrange;
  // 1706659200, 1709164800, 1711843200). Before the fix the rows were 01-31 and 03-02.
  auto rows = area_series(*store_, "deepstate", Timestamp{1706659200}, Timestamp{1711843200}, Step::month);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].at.seconds, 1706659200);
  EXPECT_EQ((*rows)[1].at.seconds, 1709164800);
  EXPECT_EQ((*rows)[2].at.seconds, 1711843200);
  ASSERT_TRUE((*rows)[1].version);
  EXPECT_EQ((*rows)[1].version->time.seconds, kT2);
}

TEST_F(StoreImport, SeriesRefuseTimesOutsideTheRange) {
  import_both();
  auto far = area_series(*store_, "deepstate", Timestamp{kT1}, Timestamp{kLatestTime.seconds + 1}, Step::month);
  ASSERT_FALSE(far);
  EXPECT_EQ(far.error().code, ErrorCode::bad_request);
  auto early = gains(*store_, "deepstate", Step::month, Timestamp{-1}, Timestamp{kT1});
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::bad_request);
  // Kyiv's local midnights are known to 2037-10-25 (the last clock change tzdata lists).
  auto kyiv = TimeZone::named("Europe/Kyiv");
  ASSERT_TRUE(kyiv);
  auto late = gains(*store_, "deepstate", Step::month, Timestamp{kT1}, Timestamp{2140045200}, *kyiv);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::bad_request);
}

TEST_F(StoreImport, DiffGivesGainedAndLostGround) {
  import_both();
  auto d = diff(*store_, "deepstate", Timestamp{kT1}, Timestamp{kT2});
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->from.time.seconds, kT1);
  EXPECT_EQ(d->to.time.seconds, kT2);
  EXPECT_REL(d->gained_km2, km2("b_minus_a"));
  EXPECT_REL(d->lost_km2, km2("small_square"));
  EXPECT_NEAR(d->reclassified_km2, 0, 1e-9);
  bool saw_liberation = false;
  for (const auto& p : d->pieces) {
    if (p.kind == ChangeKind::lost) {
      EXPECT_EQ(p.before, Status::occupied);
      EXPECT_EQ(p.after, Status::liberated);
      saw_liberation = true;
    }
  }
  EXPECT_TRUE(saw_liberation);
  // The other way round, gains and losses swap.
  auto back = diff(*store_, "deepstate", Timestamp{kT2}, Timestamp{kT1});
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_REL(back->gained_km2, km2("small_square"));
  EXPECT_REL(back->lost_km2, km2("b_minus_a"));
  // A version against itself has no pieces.
  auto same = diff(*store_, "deepstate", Timestamp{kT2}, Timestamp{kT2 + 10});
  ASSERT_TRUE(same);
  EXPECT_TRUE(same->pieces.empty());
}

TEST_F(StoreImport, StatusAtPoints) {
  import_both();
  auto status = [&](double lon, double lat, std::int64_t t) -> std::optional<Status> {
    auto r = status_at(*store_, "deepstate", Longitude{lon}, Latitude{lat}, Timestamp{t});
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->status : std::nullopt;
  };
  EXPECT_EQ(status(30.5, 48.5, kT1), Status::occupied);
  EXPECT_EQ(status(31.25, 48.5, kT1), std::nullopt);  // taken between v1 and v2
  EXPECT_EQ(status(31.25, 48.5, kT2), Status::occupied);
  EXPECT_EQ(status(35.25, 47.25, kT1), Status::occupied);
  EXPECT_EQ(status(35.25, 47.25, kT2), Status::liberated);
  EXPECT_EQ(status(32.25, 46.25, kT2), Status::contested);
  EXPECT_EQ(status(36.5, 48.5, kT1), std::nullopt);  // the foreign polygon is not on the map
  EXPECT_EQ(status(0, 0, kT2), std::nullopt);
  auto early = status_at(*store_, "deepstate", Longitude{30.5}, Latitude{48.5}, Timestamp{kT1 - 1});
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::not_found);
  auto bad = status_at(*store_, "deepstate", Longitude{48.5}, Latitude{130}, Timestamp{kT2});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::bad_request);
}

TEST_F(StoreImport, StoredRingsDecodeToTheSourceRings) {
  import_both();
  auto v = store_->version_by_time("deepstate", Timestamp{kT2});
  ASSERT_TRUE(v && *v);
  auto g = store_->layer_geometry((*v)->id, Status::liberated);
  ASSERT_TRUE(g) << g.error().message;
  ASSERT_EQ(g->size(), 1u);
  EXPECT_EQ((*g)[0].outer, test::case_polygon("small_square").outer);
}

}  // namespace
}  // namespace frontline
