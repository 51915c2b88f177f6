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
