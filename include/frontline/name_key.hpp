// Tolerant matching of place names as people type them: "Sivers’k", "SIVERSK", "Сіверськ" and
// "Siversk" are one name; "Pokrovs" is one letter away from "Pokrovsk".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace frontline {

// The form names are compared in: Cyrillic romanized by KMU 2010 (translit.hpp; the Russian
// letters ы э ё ъ as y, e, e and nothing), Latin diacritics removed (é → e, ł → l, ž → z),
// apostrophes and the soft sign's marks dropped, lower case, every run of spaces, hyphens and
// other punctuation one space, none at the ends.
std::string name_key(std::string_view utf8);

// Edit distance of two keys (insertions, deletions, substitutions and swaps of neighbours, each
// 1: the optimal string alignment distance), or `limit` + 1 as soon as it exceeds `limit`.
std::size_t name_distance(std::string_view a, std::string_view b, std::size_t limit);

// Indexes of the keys closest to `key`, within `limit` edits (nearest first, then in order);
// the caller's names for "did you mean".
std::vector<std::size_t> closest_names(const std::vector<std::string>& keys, std::string_view key, std::size_t limit);

}  // namespace frontline
