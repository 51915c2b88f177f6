#include "frontline/name_key.hpp"

#include <algorithm>
#include <utility>

#include "base/utf8.hpp"
#include "frontline/translit.hpp"

namespace frontline {

namespace {

// Latin letters with diacritics (Latin-1 and Latin Extended-A, the ones place names use) and
// the Russian letters the Ukrainian alphabet lacks, as plain letters.
std::string_view plain(char32_t c) {
  switch (c) {
    case U'à':
    case U'á':
    case U'â':
    case U'ã':
    case U'ä':
    case U'å':
    case U'ā':
    case U'ă':
    case U'ą':
      return "a";
    case U'ç':
    case U'ć':
    case U'č':
      return "c";
    case U'ď':
    case U'đ':
      return "d";
    case U'è':
    case U'é':
    case U'ê':
    case U'ë':
    case U'ē':
    case U'ė':
    case U'ę':
    case U'ě':
    case U'э':
    case U'ё':
      return "e";
    case U'ğ':
      return "g";
    case U'ì':
    case U'í':
    case U'î':
    case U'ï':
    case U'ī':
    case U'į':
    case U'ı':
      return "i";
    case U'ł':
    case U'ľ':
    case U'ĺ':
      return "l";
    case U'ñ':
    case U'ń':
    case U'ň':
      return "n";
    case U'ò':
    case U'ó':
    case U'ô':
    case U'õ':
    case U'ö':
    case U'ø':
    case U'ō':
    case U'ő':
      return "o";
    case U'ř':
    case U'ŕ':
      return "r";
    case U'ś':
    case U'š':
    case U'ş':
      return "s";
    case U'ť':
    case U'ţ':
      return "t";
    case U'ù':
    case U'ú':
    case U'û':
    case U'ü':
    case U'ū':
    case U'ů':
    case U'ű':
      return "u";
    case U'ý':
    case U'ÿ':
    case U'ы':
      return "y";
    case U'ź':
    case U'ż':
    case U'ž':
      return "z";
    case U'ß':
      return "ss";
    case U'ъ':
      return "";
    default:
      return {};
  }
}

}  // namespace

std::string name_key(std::string_view utf8) {
  const std::string latin = transliterate_kmu2010(utf8);
  std::string out;
  out.reserve(latin.size());
  bool gap = false;  // a separator is pending
  for (std::size_t i = 0; i < latin.size();) {
    const utf8::Char d = utf8::decode(latin, i);
    i += d.size;
    char32_t c = d.valid ? d.cp : 0;
    if (c >= U'A' && c <= U'Z') c += U'a' - U'A';
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) c += 0x20;  // Latin-1 capitals
    // Latin Extended-A alternates capital and small letter; the capital is the even one in
    // U+0100..U+0137 and U+014A..U+0177, the odd one in U+0139..U+0148 and U+0179..U+017E.
    if (((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) && c % 2 == 0) c += 1;
    if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) && c % 2 == 1) c += 1;
    if (c == 0x178) c = 0xFF;  // Ÿ
    if (c == U'Ы' || c == U'Э' || c == U'Ё' || c == U'Ъ') c = c == U'Ё' ? U'ё' : c + (U'а' - U'А');
    std::string_view letters;
    char single = 0;
    if ((c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9')) {
      single = static_cast<char>(c);
      letters = {&single, 1};
    } else if (utf8::is_apostrophe(c) || c == 0) {
      continue;
    } else {
      letters = plain(c);
      if (letters.empty() && c != U'ъ') {
        gap = true;  // a space, a hyphen, any other punctuation
        continue;
      }
    }
    if (letters.empty()) continue;
    if (gap && !out.empty()) out.push_back(' ');
    gap = false;
    out.append(letters);
  }
  return out;
}

std::size_t name_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  // Three rows of the optimal string alignment table.
  std::vector<std::size_t> before(m + 1), row(m + 1), next(m + 1);
  for (std::size_t j = 0; j <= m; ++j) row[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    next[0] = i;
    std::size_t best = next[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      next[j] = std::min({row[j] + 1, next[j - 1] + 1, row[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        next[j] = std::min(next[j], before[j - 2] + 1);
      best = std::min(best, next[j]);
    }
    if (best > limit) return limit + 1;
    std::swap(before, row);
    std::swap(row, next);
  }
  return std::min(row[m], limit + 1);
}

std::vector<std::size_t> closest_names(const std::vector<std::string>& keys, std::string_view key, std::size_t limit) {
  std::vector<std::pair<std::size_t, std::size_t>> found;  // distance, index
  for (std::size_t k = 0; k < keys.size(); ++k) {
    const std::size_t d = name_distance(keys[k], key, limit);
    if (d <= limit) found.emplace_back(d, k);
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::size_t> out;
  out.reserve(found.size());
  for (const auto& [d, k] : found) out.push_back(k);
  return out;
}

}  // namespace frontline
