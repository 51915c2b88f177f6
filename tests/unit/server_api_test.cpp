// The HTTP API without sockets (server/api.hpp): the fuzz target's seed corpus and regressions
// replayed through handle() on the golden fixtures (every answer 200 or a 4xx with a JSON error),
// the status of each error code, and the request-line split the fuzz target uses.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "frontline/frontline.hpp"
#include "server/api.hpp"
#include "server/response_cache.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

// The golden fixtures in a store of this process's own (ctest runs tests as parallel processes).
class ServerApi : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ =
        std::filesystem::temp_directory_path() / ("frontline_server_api_test_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    auto w = Store::open_for_writing(path_, WriteOptions{true});
    ASSERT_TRUE(w) << w.error().message;
    const std::filesystem::path golden = FRONTLINE_GOLDEN_DATA;
    const std::vector<std::filesystem::path> inputs{golden / "deepstate"};
    auto imported = import_paths(*w, inputs, {});
    ASSERT_TRUE(imported) << imported.error().message;
    const std::vector<std::filesystem::path> dirs{golden / "places"};
    auto places = import_gazetteer(*w, dirs);
    ASSERT_TRUE(places) << places.error().message;
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
};

TEST_F(ServerApi, CorpusAndRegressionsAnswerWithJson) {
  auto store = Store::open_read_only(path_);
  ASSERT_TRUE(store);
  std::size_t replayed = 0;
  for (const char* dir : {"corpus/fuzz_api", "regressions/fuzz_api"}) {
    const std::filesystem::path d = std::filesystem::path(FRONTLINE_FUZZ_DIR) / dir;
    if (!std::filesystem::exists(d)) continue;
    for (const auto& f : std::filesystem::directory_iterator(d)) {
      const auto a = server::handle(*store, server::request_from_line(test::read_text(f.path())));
      ++replayed;
      EXPECT_TRUE(a.status == 200 || (a.status >= 400 && a.status < 500)) << f.path() << ": " << a.status;
      if (a.status != 200) {
        const auto j = nlohmann::json::parse(a.body, nullptr, false);
        ASSERT_FALSE(j.is_discarded()) << f.path();
        EXPECT_TRUE(j["error"]["code"].is_string() && j["error"]["message"].is_string()) << f.path();
      }
    }
  }
  EXPECT_GE(replayed, 18u);
}

TEST_F(ServerApi, ErrorsMapToStatuses) {
  EXPECT_EQ(server::http_status(ErrorCode::bad_request), 400);
  EXPECT_EQ(server::http_status(ErrorCode::bad_input), 400);
  EXPECT_EQ(server::http_status(ErrorCode::not_found), 404);
  EXPECT_EQ(server::http_status(ErrorCode::conflict), 409);
  EXPECT_EQ(server::http_status(ErrorCode::internal), 500);
  auto store = Store::open_read_only(path_);
  ASSERT_TRUE(store);
  EXPECT_EQ(server::handle(*store, server::request_from_line("DELETE /api/maps")).status, 405);
  EXPECT_EQ(server::handle(*store, server::request_from_line("GET /api/maps/x/area?at=2025-01-10")).status, 404);
  EXPECT_EQ(server::handle(*store, server::request_from_line("GET /api/maps/deepstate/area?at=2025-01-10")).status,
            200);
  // Bytes that are not UTF-8 come back in the message, replaced, as valid JSON.
  const auto a = server::handle(*store, server::request_from_line("GET /api/\xff\xfe"));
  EXPECT_EQ(a.status, 404);
  EXPECT_FALSE(nlohmann::json::parse(a.body, nullptr, false).is_discarded());
}

// The web map's documents: 503 while the server builds them, then the same bytes the library
// gives (history tiles, base layers) and a site.json that names them.
TEST_F(ServerApi, WebMapDocumentsAreUnavailableUntilBuiltThenServed) {
  EXPECT_EQ(server::http_status(ErrorCode::unavailable), 503);
  auto store = Store::open_read_only(path_);
  ASSERT_TRUE(store);
  server::SiteCache site;
  const auto get = [&](const char* line) { return server::handle(*store, &site, server::request_from_line(line)); };
  EXPECT_EQ(get("GET /tiles/deepstate/history/5/19/11.mvt").status, 503);
  EXPECT_EQ(get("GET /base/oblasts.geojson").status, 503);
  const auto before = get("GET /site.json");
  ASSERT_EQ(before.status, 200);
  EXPECT_TRUE(before.provisional);  // not kept in memory: the bounds come with the tiles
  ASSERT_TRUE(site.build_now(*store, HistoryTileOptions{}));
  EXPECT_FALSE(get("GET /site.json").provisional);

  const auto j = nlohmann::json::parse(get("GET /site.json").body);
  EXPECT_TRUE(j["maps"][0].contains("bounds"));
  EXPECT_EQ(j["mode"], "api");
  EXPECT_EQ(j["default_map"], "deepstate");
  EXPECT_EQ(j["maps"][0]["history_tiles"], "tiles/deepstate/history/{z}/{x}/{y}.mvt");
  auto versions = store->versions("deepstate");
  ASSERT_TRUE(versions);
  EXPECT_EQ(j["maps"][0]["versions"], versions->size());
  EXPECT_EQ(j["maps"][0]["history_maxzoom"], kDefaultHistoryMaxZoom);

  auto direct = history_tiles(*store, "deepstate");
  ASSERT_TRUE(direct);
  const auto tile = get("GET /tiles/deepstate/history/5/19/11.mvt");
  ASSERT_EQ(tile.status, 200);
  EXPECT_EQ(tile.content_type, "application/vnd.mapbox-vector-tile");
  EXPECT_EQ(tile.body, direct->tiles.at(TileId{5, 19, 11}));
  EXPECT_EQ(get("GET /tiles/deepstate/history/5/0/0.mvt").body, "");     // nothing there: an empty tile
  EXPECT_EQ(get("GET /tiles/deepstate/history/9/0/0.mvt").status, 404);  // beyond the deepest zoom
  EXPECT_EQ(get("GET /tiles/deepstate/history/5/99/0.mvt").status, 400);
  EXPECT_EQ(get("GET /tiles/nomap/history/5/19/11.mvt").status, 404);
  EXPECT_EQ(get("GET /tiles/deepstate/history/5/19/11.mvt?x=1").status, 400);

  const auto oblasts = get("GET /base/oblasts.geojson");
  ASSERT_EQ(oblasts.status, 200);
  const auto o = nlohmann::json::parse(oblasts.body);
  EXPECT_EQ(o["type"], "FeatureCollection");
  EXPECT_FALSE(o["features"].empty());
  EXPECT_EQ(get("GET /base/settlements.geojson").status, 200);
  EXPECT_EQ(get("GET /base/neighbours.geojson").status, 200);
  EXPECT_EQ(get("GET /base/nothing.geojson").status, 404);
}

TEST(ResponseCache, KeepsTheRecentAnswersWithinItsBoundAndForgetsAChangedStore) {
  const auto path =
      std::filesystem::temp_directory_path() / ("frontline_response_cache_" + std::to_string(::getpid()) + ".db");
  test::write_text(path, "store");
  server::ResponseCache cache(path, 8000);  // answers of up to 1,000 bytes are kept
  auto answer = [](std::size_t bytes) {
    auto a = std::make_shared<server::CachedAnswer>();
    a->body.assign(bytes, 'x');
    return a;
  };
  cache.put("big", answer(1500));
  EXPECT_EQ(cache.find("big"), nullptr);  // over an eighth of the bound
  for (int i = 0; i < 9; ++i) {
    std::string key = "k";  // not "k" + to_string(i): GCC 12 -O3 reports a false -Wrestrict there
    key += std::to_string(i);
    cache.put(key, answer(900));
  }
  EXPECT_EQ(cache.find("k0"), nullptr);  // the least recently used went first
  EXPECT_NE(cache.find("k8"), nullptr);
  EXPECT_NE(cache.find("k1"), nullptr);
  cache.put("k9", answer(900));  // k1 was just used: k2 goes
  EXPECT_NE(cache.find("k1"), nullptr);
  EXPECT_EQ(cache.find("k2"), nullptr);
  test::write_text(path, "store, after an import");
  EXPECT_EQ(cache.find("k1"), nullptr);  // the store changed: everything is dropped
  std::filesystem::remove(path);
}

TEST(RequestLine, SplitsMethodPathAndQuery) {
  const auto r = server::request_from_line("GET /api/x?a=1&b=&c&a=2=3");
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/api/x");
  ASSERT_EQ(r.query.size(), 4u);
  EXPECT_EQ(r.query[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(r.query[1], (std::pair<std::string, std::string>{"b", ""}));
  EXPECT_EQ(r.query[2], (std::pair<std::string, std::string>{"c", ""}));
  EXPECT_EQ(r.query[3], (std::pair<std::string, std::string>{"a", "2=3"}));
  EXPECT_EQ(server::request_from_line("").method, "");
}

}  // namespace
}  // namespace frontline
