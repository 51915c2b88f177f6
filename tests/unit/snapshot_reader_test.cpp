// Reading one GeoJSON snapshot from memory: what is read, what is counted and skipped, and how
// broken files are reported.
#include <gtest/gtest.h>

#include "io/snapshot_reader.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

io::InputFile in_memory(std::string contents, std::string name = "snap/1700000000.geojson") {
  io::InputFile f;
  f.display_name = name;
  f.base_name = name.substr(name.rfind('/') + 1);
  f.contents = std::move(contents);
  f.contents.reserve(f.contents.size() + io::kParsePadding);  // room for the parser's padding
  return f;
}

Result<io::Snapshot> read(std::string contents, io::ReadOptions options = {}) {
  auto f = in_memory(std::move(contents));
  return io::read_snapshot(f, options);
}

const std::string kSquare =
    R"({"type": "Polygon", "coordinates": [[[30, 48], [31, 48], [31, 49], [30, 49], [30, 48]]]})";

std::string collection(const std::string& features) {
  return R"({"type": "FeatureCollection", "features": [)" + features + "]}";
}

std::string feature(const std::string& geometry, const std::string& name = "Окуповано /// Occupied",
                    const std::string& fill = "#a52714") {
  return R"({"type": "Feature", "properties": {"name": ")" + name + R"(", "fill": ")" + fill + R"("}, "geometry": )" +
         geometry + "}";
}

TEST(SnapshotReader, ReadsAClassifiedPolygon) {
  auto s = read(collection(feature(kSquare)));
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->polygons.size(), 1u);
  EXPECT_EQ(s->polygons[0].status, Status::occupied);
  const Ring expected{{300000000, 480000000},
                      {310000000, 480000000},
                      {310000000, 490000000},
                      {300000000, 490000000},
                      {300000000, 480000000}};
  EXPECT_EQ(s->polygons[0].polygon->outer, expected);
  EXPECT_EQ(s->report.polygons[static_cast<std::size_t>(Status::occupied)], 1);
}

TEST(SnapshotReader, CoordinatesGoToTheGrid) {
  auto s = read(collection(feature(
      R"({"type": "Polygon", "coordinates": [[[30.1234567, 48.7654321], [31, 48], [31, 49], [30.1234567, 48.7654321]]]})")));
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->polygons.size(), 1u);
  EXPECT_EQ(s->polygons[0].polygon->outer.front(), (FixedCoordinate{301234567, 487654321}));
}

TEST(SnapshotReader, MalformedJsonNamesTheFileAndTheByte) {
  auto s = read(R"({"type": "FeatureCollection", "features": [{"type": "Feature",, }]})");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::bad_input);
  EXPECT_NE(s.error().message.find("snap/1700000000.geojson"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("byte"), std::string::npos) << s.error().message;
}

TEST(SnapshotReader, TruncatedFileIsMalformed) {
  const std::string whole = collection(feature(kSquare));
  auto s = read(whole.substr(0, whole.size() / 2));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::bad_input);
  EXPECT_NE(s.error().message.find("byte"), std::string::npos) << s.error().message;
}

TEST(SnapshotReader, PositionOutOfRangeNamesTheFeature) {
  const std::string swapped = R"({"type": "Polygon", "coordinates": [[[48, 30], [48, 200], [49, 31], [48, 30]]]})";
  auto s = read(collection(feature(kSquare) + "," + feature(swapped)));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::bad_input);
  EXPECT_NE(s.error().message.find("feature 2"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("snap/1700000000.geojson"), std::string::npos) << s.error().message;
}

TEST(SnapshotReader, OnlyPointsIsAnError) {
  const std::string point = R"({"type": "Point", "coordinates": [30, 48]})";
  auto s = read(collection(feature(point) + "," + feature(point)));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::bad_input);
}

TEST(SnapshotReader, NotAFeatureCollectionIsAnError) {
  for (const std::string& text :
       {feature(kSquare), kSquare, std::string("[]"), std::string(R"({"type": "FeatureCollection"})"),
        std::string(R"({"type": "FeatureCollection", "features": {}})"), std::string("42")}) {
    auto s = read(text);
    ASSERT_FALSE(s) << text;
    EXPECT_EQ(s.error().code, ErrorCode::bad_input) << text;
  }
}

TEST(SnapshotReader, EmptyTextIsAnError) {
  auto s = read("");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::bad_input);
}

TEST(SnapshotReader, PointsAndLinesAreCountedAndSkipped) {
  const std::string point = R"({"type": "Point", "coordinates": [30.5, 48.5]})";
  const std::string multipoint = R"({"type": "MultiPoint", "coordinates": [[30.5, 48.5], [30.6, 48.6]]})";
  const std::string line = R"({"type": "LineString", "coordinates": [[30, 48], [31, 49]]})";
  auto s = read(collection(feature(kSquare) + "," + feature(point) + "," + feature(multipoint) + "," + feature(line) +
                           "," + feature("null")));
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->polygons.size(), 1u);
  EXPECT_EQ(s->report.points, 2);
  EXPECT_EQ(s->report.other_geometries, 2);
}

TEST(SnapshotReader, GeometryCollectionOfPolygonsIsRead) {
  const std::string gc = R"({"type": "GeometryCollection", "geometries": [)" + kSquare + "," +
                         R"({"type": "Polygon", "coordinates": [[[35, 47], [35.5, 47], [35.5, 47.5], [35, 47]]]},)" +
                         R"({"type": "Point", "coordinates": [30.5, 48.5]}]})";
  auto s = read(collection(feature(gc, "Звільнено /// Liberated", "#0f9d58")));
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->polygons.size(), 2u);
  for (const auto& p : s->polygons) EXPECT_EQ(p.status, Status::liberated);
  EXPECT_EQ(s->report.points, 1);
}

TEST(SnapshotReader, PolygonsKnowTheirFeature) {
  // Features counted from 1, points and lines included: the numbers errors name.
  const std::string point = R"({"type": "Point", "coordinates": [30.5, 48.5]})";
  const std::string mp = R"({"type": "MultiPolygon", "coordinates": [[[[30, 48], [31, 48], [31, 49], [30, 48]]],
          [[[35, 47], [35.5, 47], [35.5, 47.5], [35, 47]]]]})";
  auto s = read(collection(feature(point) + "," + feature(kSquare) + "," + feature(mp)));
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->polygons.size(), 3u);
  EXPECT_EQ(s->polygons[0].feature, 2u);
  EXPECT_EQ(s->polygons[1].feature, 3u);
  EXPECT_EQ(s->polygons[2].feature, 3u);
}

TEST(SnapshotReader, MultiPolygonsAndHoles) {
  const std::string mp =
      R"({"type": "MultiPolygon", "coordinates": [[[[36, 46], [38, 46], [38, 48], [36, 48], [36, 46]],
          [[36.5, 46.5], [36.5, 47], [37, 47], [37, 46.5], [36.5, 46.5]]], [[[30, 48], [31, 48], [31, 49], [30, 48]]]]})";
  auto s = read(collection(feature(mp)));
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->polygons.size(), 2u);
  EXPECT_EQ(s->polygons[0].polygon->holes.size(), 1u);
  EXPECT_EQ(s->polygons[1].polygon->holes.size(), 0u);
}

TEST(SnapshotReader, ThreeDimensionalCoordinatesAreAccepted) {
  auto s = read(collection(feature(
      R"({"type": "Polygon", "coordinates": [[[30, 48, 120.5], [31, 48, 0], [31, 49, 7], [30, 49, 0], [30, 48, 120.5]]]})")));
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->polygons.size(), 1u);
  EXPECT_EQ(s->polygons[0].polygon->outer.size(), 5u);
  EXPECT_EQ(s->polygons[0].polygon->outer[1], (FixedCoordinate{310000000, 480000000}));
}

TEST(SnapshotReader, UnclosedRingsAreClosed) {
  auto s =
      read(collection(feature(R"({"type": "Polygon", "coordinates": [[[30, 48], [31, 48], [31, 49], [30, 49]]]})")));
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->polygons.size(), 1u);
  const Ring& r = s->polygons[0].polygon->outer;
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r.front(), r.back());
}

TEST(SnapshotReader, DegenerateRingsAreDroppedAndCounted) {
  const std::string sliver = R"({"type": "Polygon", "coordinates": [[[30, 48], [31, 48], [30, 48]]]})";
  auto s = read(collection(feature(kSquare) + "," + feature(sliver)));
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->polygons.size(), 1u);
  EXPECT_EQ(s->report.degenerate_rings, 1);
}

TEST(SnapshotReader, FixedStatusAppliesToEveryPolygon) {
  auto s =
      read(collection(feature(kSquare, "Звільнено /// Liberated", "#0f9d58") + "," +
                      feature(kSquare, "Придністров'я /// Transnistria", "#ff5252") + "," + feature(kSquare, "", "")),
           io::ReadOptions{Status::occupied_total});
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->polygons.size(), 3u);
  for (const auto& p : s->polygons) EXPECT_EQ(p.status, Status::occupied_total);
  EXPECT_TRUE(s->report.foreign.empty());
  EXPECT_EQ(s->report.polygons[static_cast<std::size_t>(Status::occupied_total)], 3);
}

TEST(SnapshotReader, ForeignAndUnclassifiedAreExcludedButReported) {
  auto s =
      read(collection(feature(kSquare) + "," + feature(kSquare, "Придністров'я /// Transnistria", "#ff5252") + "," +
                      feature(kSquare, "Багатокутник 54", "#fbc02d") + "," + feature(kSquare, "", "#bcaaa4")));
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->polygons.size(), 2u);
  EXPECT_EQ(s->report.foreign.at("Придністров'я /// Transnistria"), 1);
  EXPECT_EQ(s->report.unclassified.at("Багатокутник 54 (#fbc02d)"), 1);
  EXPECT_EQ(s->report.by_fill.size(), 1u);
  EXPECT_EQ(s->report.polygons[static_cast<std::size_t>(Status::contested)], 1);
}

// Nothing of Ukraine's map: storing it would record a version in which nobody holds anything.
TEST(SnapshotReader, OnlyForeignPolygonsIsRefused) {
  auto s = read(collection(feature(kSquare, "Придністров'я /// Transnistria", "#ff5252")));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::bad_input);
  EXPECT_NE(s.error().message.find("no polygon of it has a status (0 unclassified, 1 of other countries"),
            std::string::npos)
      << s.error().message;
}

// The theatre (src/geo/theatre.hpp): 19.1–43.3° E, 41.3–55.4° N. DeepState's grey-zone triangle
// in the Arabian Sea (2023-02-02, feature 55) is left out and counted; a polygon that only touches
// the theatre's edge, or crosses it, is kept.
TEST(SnapshotReader, PolygonsWhollyOutsideTheTheatreAreCountedNotKept) {
  const std::string arabian_sea =
      R"({"type": "Polygon", "coordinates": [[[65.6434836, 15.1950186, 0], [64.7082832, 13.5127829, 0],
          [63.1135756, 15.2627736, 0], [65.6434836, 15.1950186, 0]]]})";
  const std::string touching_east_edge =
      R"({"type": "Polygon", "coordinates": [[[43.3, 48], [44, 48], [44, 49], [43.3, 48]]]})";
  const std::string just_east =
      R"({"type": "Polygon", "coordinates": [[[43.3000001, 48], [44, 48], [44, 49], [43.3000001, 48]]]})";
  const std::string across_north_edge =
      R"({"type": "Polygon", "coordinates": [[[30, 55], [31, 55], [31, 56], [30, 55]]]})";
  const std::string grey = "Статус невідомий /// Unknown status";
  const std::string gc = R"({"type": "GeometryCollection", "geometries": [)" + arabian_sea + "," + kSquare + "]}";
  auto s = read(collection(feature(gc, grey, "#bcaaa4") + "," + feature(touching_east_edge) + "," + feature(just_east) +
                           "," + feature(across_north_edge)));
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->polygons.size(), 3u);  // the square, the one touching the edge, the one across it
  EXPECT_EQ(s->report.polygons[static_cast<std::size_t>(Status::contested)], 1);
  EXPECT_EQ(s->report.polygons[static_cast<std::size_t>(Status::occupied)], 2);
  ASSERT_EQ(s->report.far_away.size(), 2u);
  EXPECT_EQ(s->report.far_away.at(grey + " (#bcaaa4)"), 1);
  EXPECT_EQ(s->report.far_away.at("Окуповано /// Occupied (#a52714)"), 1);
}

// A file whose only polygon with a status is far away holds nothing to store.
TEST(SnapshotReader, OnlyFarAwayPolygonsIsRefused) {
  auto s = read(
      collection(feature(R"({"type": "Polygon", "coordinates": [[[100, 10], [101, 10], [101, 11], [100, 10]]]})")));
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("1 far from Ukraine"), std::string::npos) << s.error().message;
}

TEST(SnapshotReader, NonNumericPositionIsAnError) {
  auto s =
      read(collection(feature(R"({"type": "Polygon", "coordinates": [[["30", 48], [31, 48], [31, 49], [30, 48]]]})")));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::bad_input);
  EXPECT_NE(s.error().message.find("feature 1"), std::string::npos) << s.error().message;
}

}  // namespace
}  // namespace frontline
