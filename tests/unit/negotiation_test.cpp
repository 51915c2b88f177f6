// Content negotiation (server/negotiation.hpp): Accept-Encoding as browsers, curl and proxies
// write it, and If-None-Match lists. Each row is a header and what RFC 9110 says it accepts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "server/negotiation.hpp"

namespace frontline::server {
namespace {

struct AcceptCase {
  std::string_view header;
  bool gzip;
  bool zstd;
};

TEST(Negotiation, AcceptEncodingAsClientsWriteIt) {
  const AcceptCase cases[] = {
      {"", false, false},                       // no header: identity only
      {"gzip, deflate", true, false},           // curl --compressed, Python's requests
      {"gzip, deflate, br, zstd", true, true},  // Chrome 123 and later
      {"gzip, deflate, br", true, false},       // Firefox before zstd
      {"identity", false, false},
      {"GZIP", true, false},            // codings are case-insensitive
      {"x-gzip", true, false},          // §8.4.1.3: x-gzip is gzip
      {"zstd;q=0, gzip", true, false},  // a weight of 0 refuses
      {"gzip;q=0.000", false, false},
      {"gzip;q=0.001", true, false},                // the smallest weight still accepts
      {"gzip ; Q=0.5 , zstd;q=1.000", true, true},  // spaces around ';', upper-case Q
      {"*", true, true},                            // any coding
      {"*;q=0", false, false},
      {"*, gzip;q=0", false, true},  // * covers only codings not named
      {"gzip;q=0, *;q=0.3", false, true},
      {"gzip;q=1.5", false, false},     // no weight above 1: the element is skipped
      {"zstd;q=0.0001", false, false},  // at most three decimals
      {"gzip;q=", false, false},
      {"gzip;q=abc, zstd", false, true},  // a bad element does not spoil the others
      {"gzipx, zstdy", false, false},
      {",,, ;;; , gzip", true, false},
      {"br;level=4, zstd;foo=bar", false, true},  // other parameters are ignored
  };
  for (const auto& c : cases) {
    const auto got = accepted_codings(c.header);
    EXPECT_EQ(got.gzip, c.gzip) << "gzip for Accept-Encoding: " << c.header;
    EXPECT_EQ(got.zstd, c.zstd) << "zstd for Accept-Encoding: " << c.header;
  }
}

TEST(Negotiation, ZstdBeforeGzipAndOnlyWhatExists) {
  EXPECT_EQ(choose_coding({true, true}, true, true), Coding::zstd);
  EXPECT_EQ(choose_coding({true, true}, true, false), Coding::gzip);  // a small answer has no zstd body
  EXPECT_EQ(choose_coding({true, false}, true, true), Coding::gzip);
  EXPECT_EQ(choose_coding({false, true}, true, false), Coding::identity);
  EXPECT_EQ(choose_coding({false, false}, true, true), Coding::identity);
}

TEST(Negotiation, IfNoneMatchLists) {
  EXPECT_TRUE(none_match_hits("\"abc\"", "\"abc\""));
  EXPECT_TRUE(none_match_hits("W/\"abc\"", "\"abc\""));  // If-None-Match compares weakly
  EXPECT_TRUE(none_match_hits("\"x\", \"abc\"", "\"abc\""));
  EXPECT_TRUE(none_match_hits(" * ", "\"abc\""));
  EXPECT_FALSE(none_match_hits("\"abc-gz\"", "\"abc\""));  // another representation's tag
  EXPECT_FALSE(none_match_hits("", "\"abc\""));
  EXPECT_FALSE(none_match_hits("abc", "\"abc\""));  // unquoted is no entity tag
  EXPECT_FALSE(none_match_hits(", ,", "\"abc\""));
}

// The fuzz target's seed corpus (fuzz/corpus/fuzz_negotiation) through the same calls.
TEST(Negotiation, FuzzCorpusReplays) {
  const std::filesystem::path dir = std::filesystem::path(FRONTLINE_FUZZ_DIR) / "corpus" / "fuzz_negotiation";
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string_view all(bytes);
    const std::size_t nl = all.find('\n');
    const auto a = accepted_codings(all.substr(0, nl));
    EXPECT_FALSE(accepted_codings(std::string(all.substr(0, nl)) + ",gzip;q=0").gzip) << entry.path();
    const Coding c = choose_coding(a, true, true);
    EXPECT_TRUE(c == Coding::identity || (c == Coding::zstd ? a.zstd : a.gzip)) << entry.path();
    if (nl != std::string_view::npos) (void)none_match_hits(all.substr(nl + 1), "\"x\"");
    ++n;
  }
  EXPECT_GE(n, 4);
}

}  // namespace
}  // namespace frontline::server
