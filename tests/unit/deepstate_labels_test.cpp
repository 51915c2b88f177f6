// DeepState label classification, driven by tests/data/unit/deepstate_labels.tsv: each row is a
// raw label (with escapes), its fill, and the outcome the documented rules give it.
#include <gtest/gtest.h>

#include <set>

#include "io/deepstate_labels.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

using io::Classification;
using io::LabelRule;

struct LabelCase {
  int line = 0;
  std::string raw;  // as written in the table, escapes not yet decoded
  std::string name;
  std::string fill;
  std::string expected;  // a status name, "foreign" or "unclassified"
  std::string rule;
};

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// \uXXXX (BMP), \n, \t, \\ as in the table.
std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out.push_back(s[i]);
      continue;
    }
    const char e = s[++i];
    if (e == 'n') {
      out.push_back('\n');
    } else if (e == 't') {
      out.push_back('\t');
    } else if (e == '\\') {
      out.push_back('\\');
    } else if (e == 'u' && i + 4 < s.size()) {
      append_utf8(out, static_cast<unsigned>(std::stoul(std::string(s.substr(i + 1, 4)), nullptr, 16)));
      i += 4;
    } else {
      ADD_FAILURE() << "bad escape \\" << e;
    }
  }
  return out;
}

void PrintTo(const LabelCase& c, std::ostream* os) {
  *os << "table row " << c.line;
}

std::vector<LabelCase> label_cases() {
  std::vector<LabelCase> out;
  int n = 0;
  for (const auto& row : test::read_tsv(test::unit_data("deepstate_labels.tsv"))) {
    ++n;
    if (row.size() != 4) {
      ADD_FAILURE() << "deepstate_labels.tsv: case " << n << " has " << row.size() << " fields";
      continue;
    }
    out.push_back({n, row[0], unescape(row[0]), row[1], row[2], row[3]});
  }
  return out;
}

std::string outcome(const Classification& c) {
  switch (c.kind) {
    case Classification::Kind::status:
      return std::string(to_string(c.status));
    case Classification::Kind::foreign:
      return "foreign";
    case Classification::Kind::unclassified:
      return "unclassified";
  }
  return "?";
}

class DeepStateLabel : public testing::TestWithParam<LabelCase> {};

TEST_P(DeepStateLabel, ClassifiesByTheFirstMatchingRule) {
  const LabelCase& c = GetParam();
  const Classification got = io::classify_deepstate(c.name, c.fill);
  EXPECT_EQ(outcome(got), c.expected) << "label '" << c.raw << "' fill '" << c.fill << "'";
  EXPECT_EQ(io::to_string(got.rule), c.rule) << "label '" << c.raw << "' fill '" << c.fill << "'";
}

INSTANTIATE_TEST_SUITE_P(Table, DeepStateLabel, testing::ValuesIn(label_cases()),
                         [](const testing::TestParamInfo<LabelCase>& p) {
                           return "case" + std::to_string(p.param.line) + "_" + p.param.expected;
                         });

TEST(DeepStateLabels, TableCoversEveryOutcomeAndRule) {
  std::set<std::string> outcomes;
  std::set<std::string> rules;
  for (const auto& c : label_cases()) {
    outcomes.insert(c.expected);
    rules.insert(c.rule);
  }
  EXPECT_EQ(outcomes, (std::set<std::string>{"occupied", "occupied_before_2022", "contested", "liberated", "foreign",
                                             "unclassified"}));
  EXPECT_EQ(rules, (std::set<std::string>{"key", "english", "ukrainian", "fill"}));
}

TEST(DeepStateLabels, LiberatedInAnyFillIsStillLiberated) {
  // Words beat colours: a mislabelled fill does not change what the label says.
  for (const char* fill : {"#a52714", "#bcaaa4", "#880e4f", "#ff5252", "", "#fbc02d"}) {
    const auto c = io::classify_deepstate("Звільнено /// Liberated", fill);
    EXPECT_EQ(c.kind, Classification::Kind::status) << fill;
    EXPECT_EQ(c.status, Status::liberated) << fill;
    EXPECT_EQ(c.rule, LabelRule::english) << fill;
  }
}

TEST(NormalizeLabel, CollapsesNoBreakSpacesNewlinesAndRuns) {
  EXPECT_EQ(io::normalize_label("Окуповано\u00a0///\u00a0Occupied"), "Окуповано /// Occupied");
  EXPECT_EQ(io::normalize_label("  a \n\n b\t\tc\r\n"), "a b c");
  EXPECT_EQ(io::normalize_label("\u00a0\u00a0x\u00a0\u00a0"), "x");
  EXPECT_EQ(io::normalize_label("a\u00a0 \u00a0b"), "a b");
}

TEST(NormalizeLabel, EmptyAndBlankBecomeEmpty) {
  EXPECT_EQ(io::normalize_label(""), "");
  EXPECT_EQ(io::normalize_label(" \n\u00a0\t "), "");
}

TEST(NormalizeLabel, LeavesOtherTextAlone) {
  EXPECT_EQ(io::normalize_label("Багатокутник 54"), "Багатокутник 54");
  EXPECT_EQ(io::normalize_label("\ufffd\ufffd /// Occupied"), "\ufffd\ufffd /// Occupied");
  EXPECT_EQ(io::normalize_label("geoJSON.status.dismissed_at {{at:12.05}}"),
            "geoJSON.status.dismissed_at {{at:12.05}}");
  // A lone 0xC2 byte at the end (truncated UTF-8) is kept, not read past.
  EXPECT_EQ(io::normalize_label(std::string_view("ab\xC2", 3)), std::string("ab\xC2"));
}

}  // namespace
}  // namespace frontline
