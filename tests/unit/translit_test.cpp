// KMU 2010 romanization against the examples published with the resolution itself
// (tests/data/unit/kmu2010_examples.tsv), and the rules the table leaves to its notes.
#include <gtest/gtest.h>

#include "frontline/translit.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

TEST(Kmu2010, EveryPublishedExample) {
  const auto rows = test::read_tsv(FRONTLINE_UNIT_DATA "/kmu2010_examples.tsv");
  ASSERT_GE(rows.size(), 79u);
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 2u);
    EXPECT_EQ(transliterate_kmu2010(row[0]), row[1]) << row[0];
  }
}

TEST(Kmu2010, ApostrophesOfEveryKindAreDroppedInsideAWord) {
  EXPECT_EQ(transliterate_kmu2010("Знам’янка"), "Znamianka");      // U+2019
  EXPECT_EQ(transliterate_kmu2010("Знамʼянка"), "Znamianka");      // U+02BC
  EXPECT_EQ(transliterate_kmu2010("'Ярошенко'"), "'Yaroshenko'");  // quotes around a word stay
}

TEST(Kmu2010, WordStartsAfterSpacesHyphensAndDigits) {
  EXPECT_EQ(transliterate_kmu2010("Нова Ялта"), "Nova Yalta");
  EXPECT_EQ(transliterate_kmu2010("Іванівка-Юр'ївка"), "Ivanivka-Yurivka");
  EXPECT_EQ(transliterate_kmu2010("5-й"), "5-y");
}

TEST(Kmu2010, CapitalsAndAllCapitals) {
  EXPECT_EQ(transliterate_kmu2010("ЖОВТІ ВОДИ"), "ZHOVTI VODY");
  EXPECT_EQ(transliterate_kmu2010("Щ"), "Shch");
  EXPECT_EQ(transliterate_kmu2010("розгін"), "rozghin");
}

TEST(Kmu2010, OtherTextPassesThrough) {
  EXPECT_EQ(transliterate_kmu2010("Kurakhove (Курахове), 2024"), "Kurakhove (Kurakhove), 2024");
  EXPECT_EQ(transliterate_kmu2010(""), "");
  const std::string invalid = std::string("\xC3\x28 ") + "Київ" + " \xFF";
  EXPECT_EQ(transliterate_kmu2010(invalid), std::string("\xC3\x28 ") + "Kyiv" + " \xFF");
}

}  // namespace
}  // namespace frontline
