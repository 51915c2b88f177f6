// Place names as people type them: one key for the spellings of one name, and "did you mean".
#include <gtest/gtest.h>

#include "frontline/name_key.hpp"

namespace frontline {
namespace {

TEST(NameKey, SpellingsOfOneNameShareAKey) {
  for (const char* s : {"Siversk", "Sivers’k", "Sivers'k", "SIVERSK", "Сіверськ", "  siversk  ", "Siversʼk"}) {
    EXPECT_EQ(name_key(s), "siversk") << s;
  }
  EXPECT_EQ(name_key("Гуляйполе"), "huliaipole");
  EXPECT_EQ(name_key("Bila Tserkva"), name_key("Біла Церква"));
  EXPECT_EQ(name_key("Chasiv-Yar"), "chasiv yar");
  EXPECT_EQ(name_key("Chasiv Yar (Donetsk oblast)"), "chasiv yar donetsk oblast");
}

TEST(NameKey, DiacriticsAndRussianLettersFold) {
  EXPECT_EQ(name_key("Kramatorśk"), "kramatorsk");
  EXPECT_EQ(name_key("Łódź"), "lodz");
  EXPECT_EQ(name_key("ŽATEC"), "zatec");
  EXPECT_EQ(name_key("Ĺubochňa"), "lubochna");
  EXPECT_EQ(name_key("Красноармейск"), "krasnoarmeisk");
  EXPECT_EQ(name_key("Разъезд"), "razezd");
  EXPECT_EQ(name_key("Дзержинск"), name_key("Dzerzhynsk"));
}

TEST(NameKey, DistanceCountsEditsAndSwaps) {
  EXPECT_EQ(name_distance("pokrovsk", "pokrovsk", 3), 0u);
  EXPECT_EQ(name_distance("pokrovs", "pokrovsk", 3), 1u);
  EXPECT_EQ(name_distance("kurakhovo", "kurakhove", 3), 1u);
  EXPECT_EQ(name_distance("pokorvsk", "pokrovsk", 3), 1u);  // two neighbours swapped
  EXPECT_EQ(name_distance("bakhmut", "artemivsk", 3), 4u);  // over the limit: limit + 1
  EXPECT_EQ(name_distance("", "abc", 5), 3u);
}

TEST(NameKey, ClosestNamesNearestFirst) {
  const std::vector<std::string> keys{name_key("Pokrovsk"), name_key("Pokrovske"), name_key("Myrnohrad"),
                                      name_key("Pokrovka")};
  const auto hits = closest_names(keys, name_key("Pokrovs"), 2);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0], 0u);  // pokrovsk: 1 edit
  EXPECT_EQ(hits[1], 1u);  // pokrovske: 2
  EXPECT_EQ(hits[2], 3u);  // pokrovka: 2
  EXPECT_TRUE(closest_names(keys, "zzzz", 2).empty());
}

}  // namespace
}  // namespace frontline
