#include "io/deepstate_labels.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace frontline::io {

namespace {
using Kind = Classification::Kind;

bool contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

template <std::size_t N>
bool contains_any(std::string_view hay, const std::array<std::string_view, N>& needles) {
  return std::any_of(needles.begin(), needles.end(), [&](std::string_view n) { return contains(hay, n); });
}

// Lower-cases ASCII and the Cyrillic letters DeepState's labels use (UTF-8, 2-byte sequences).
std::string lower(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    if (c < 0x80) {
      out[i] = static_cast<char>(std::tolower(c));
    } else if ((c == 0xD0 || c == 0xD1) && i + 1 < out.size()) {
      auto d = static_cast<unsigned char>(out[i + 1]);
      if (c == 0xD0 && d >= 0x90 && d <= 0x9F) {  // А-П -> а-п
        out[i + 1] = static_cast<char>(d + 0x20);
      } else if (c == 0xD0 && d >= 0xA0 && d <= 0xAF) {  // Р-Я -> р-я (D1 80..8F)
        out[i] = static_cast<char>(0xD1);
        out[i + 1] = static_cast<char>(d - 0x20);
      } else if (c == 0xD0 && d >= 0x80 && d <= 0x8F) {  // Ѐ-Џ (Є, І, Ї) -> ѐ-џ (D1 90..9F)
        out[i] = static_cast<char>(0xD1);
        out[i + 1] = static_cast<char>(d + 0x10);
      }
      ++i;
    }
  }
  return out;
}

Classification by_fill(std::string_view fill) {
  const std::string f = lower(fill);
  auto is = [&](std::initializer_list<std::string_view> colours) {
    return std::find(colours.begin(), colours.end(), std::string_view(f)) != colours.end();
  };
  if (is({"#a52714"})) return {Kind::status, Status::occupied, LabelRule::fill};
  if (is({"#0f9d58", "#0288d1", "#01579b", "#0097a7"})) return {Kind::status, Status::liberated, LabelRule::fill};
  if (is({"#bcaaa4", "#bdbdbd", "#757575"})) return {Kind::status, Status::contested, LabelRule::fill};
  if (is({"#880e4f", "#000000"})) return {Kind::status, Status::occupied_before_2022, LabelRule::fill};
  if (is({"#ff5252", "#ce93d8"})) return {Kind::foreign, Status::occupied, LabelRule::fill};
  return {Kind::unclassified, Status::occupied, LabelRule::fill};
}

constexpr std::array<std::string_view, 3> kBefore2022En = {"cadr", "crimea", "tuzla"};
constexpr std::array<std::string_view, 13> kForeignEn = {
    "transnistria", "abkhazia", "tskhinval", "karelia", "ichkeria", "prussia", "kuril",
    "petsamo",      "salla",    "pechorsky", "latvia",  "estonia",  "wagner"};
constexpr std::array<std::string_view, 2> kOccupiedEn = {"occupied", "under occupation"};
constexpr std::array<std::string_view, 4> kLiberatedEn = {"liberated", "taken back", "recaptured", "pushed back"};
constexpr std::array<std::string_view, 8> kContestedEn = {"unknown",  "contested",      "contensed", "contenesed",
                                                          "in doubt", "under question", "gray area", "grey area"};
constexpr std::array<std::string_view, 3> kBefore2022Uk = {"ордло", "крим", "тузла"};
constexpr std::array<std::string_view, 3> kOccupiedUk = {"окупов", "захоплено", "зайняті ворогом"};
constexpr std::array<std::string_view, 4> kLiberatedUk = {"звільнено", "відкинуто", "орки відсутні",
                                                          "під контролем зсу"};
constexpr std::array<std::string_view, 4> kContestedUk = {"під питанням", "невідом", "сіра зона", "немає інфо"};
}  // namespace

const char* to_string(LabelRule rule) noexcept {
  switch (rule) {
    case LabelRule::key:
      return "key";
    case LabelRule::english:
      return "english";
    case LabelRule::ukrainian:
      return "ukrainian";
    case LabelRule::fill:
      return "fill";
  }
  return "?";
}

std::string normalize_label(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool space = false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    bool is_space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (c == 0xC2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) == 0xA0) {
      is_space = true;
      ++i;
    }
    if (is_space) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(c));
  }
  return out;
}

Classification classify_deepstate(std::string_view raw_name, std::string_view fill) {
  const std::string name = normalize_label(raw_name);

  // Rule 1 (2024 on): the machine key after "geoJSON.".
  if (auto k = name.find("geoJSON."); k != std::string::npos) {
    std::string_view key = std::string_view(name).substr(k + 8);
    key = key.substr(0, key.find(' '));
    if (key == "status.occupied") return {Kind::status, Status::occupied, LabelRule::key};
    if (key == "status.unknown") return {Kind::status, Status::contested, LabelRule::key};
    if (key.starts_with("status.dismissed")) return {Kind::status, Status::liberated, LabelRule::key};
    if (key == "territories.ordlo" || key == "territories.crimea" || key == "territories.tuzla") {
      return {Kind::status, Status::occupied_before_2022, LabelRule::key};
    }
    if (key.starts_with("territories.")) return {Kind::foreign, Status::occupied, LabelRule::key};
    return by_fill(fill);  // zmiinyi_island (Snake Island changed hands) and unknown keys
  }

  // Rule 2 (late 2022 to early 2024): the English half of "uk /// en".
  if (auto k = name.find("///"); k != std::string::npos) {
    const std::string en = lower(std::string_view(name).substr(k + 3));
    if (contains_any(en, kBefore2022En)) return {Kind::status, Status::occupied_before_2022, LabelRule::english};
    if (contains(en, "snake island")) return by_fill(fill);
    if (contains_any(en, kForeignEn)) return {Kind::foreign, Status::occupied, LabelRule::english};
    if (contains_any(en, kOccupiedEn)) return {Kind::status, Status::occupied, LabelRule::english};
    if (contains_any(en, kLiberatedEn)) return {Kind::status, Status::liberated, LabelRule::english};
    if (contains_any(en, kContestedEn)) return {Kind::status, Status::contested, LabelRule::english};
  }

  // Rule 3 (2022): Ukrainian free text.
  const std::string uk = lower(name);
  if (contains_any(uk, kBefore2022Uk)) return {Kind::status, Status::occupied_before_2022, LabelRule::ukrainian};
  if (contains(uk, "придністров")) return {Kind::foreign, Status::occupied, LabelRule::ukrainian};
  if (contains(uk, "зміїний")) return by_fill(fill);
  if (contains_any(uk, kOccupiedUk)) return {Kind::status, Status::occupied, LabelRule::ukrainian};
  if (contains_any(uk, kLiberatedUk)) return {Kind::status, Status::liberated, LabelRule::ukrainian};
  if (contains_any(uk, kContestedUk)) return {Kind::status, Status::contested, LabelRule::ukrainian};

  // Rule 4: the fill colour of DeepState's legend.
  return by_fill(fill);
}

}  // namespace frontline::io
