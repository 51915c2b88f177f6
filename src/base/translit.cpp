#include "frontline/translit.hpp"

#include "base/utf8.hpp"

#include <cstddef>
#include <string_view>
#include <utility>

namespace frontline {

namespace {

using utf8::decode;
using utf8::is_apostrophe;

// Lower-case Ukrainian letter of a code point (upper case folded), or 0.
char32_t ukrainian_lower(char32_t c, bool& upper) {
  upper = false;
  if (c >= U'А' && c <= U'Я') {
    upper = true;
    return c + (U'а' - U'А');
  }
  switch (c) {
    case U'Є':
      upper = true;
      return U'є';
    case U'І':
      upper = true;
      return U'і';
    case U'Ї':
      upper = true;
      return U'ї';
    case U'Ґ':
      upper = true;
      return U'ґ';
    default:
      break;
  }
  if ((c >= U'а' && c <= U'я') || c == U'є' || c == U'і' || c == U'ї' || c == U'ґ') return c;
  return 0;
}

bool is_letter(char32_t c) {
  bool upper = false;
  return ukrainian_lower(c, upper) != 0 || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') ||
         (c >= 0x400 && c <= 0x4FF);
}

// The table of the resolution: (start of a word, elsewhere).
std::pair<std::string_view, std::string_view> latin(char32_t lower) {
  switch (lower) {
    case U'а':
      return {"a", "a"};
    case U'б':
      return {"b", "b"};
    case U'в':
      return {"v", "v"};
    case U'г':
      return {"h", "h"};
    case U'ґ':
      return {"g", "g"};
    case U'д':
      return {"d", "d"};
    case U'е':
      return {"e", "e"};
    case U'є':
      return {"ye", "ie"};
    case U'ж':
      return {"zh", "zh"};
    case U'з':
      return {"z", "z"};
    case U'и':
      return {"y", "y"};
    case U'і':
      return {"i", "i"};
    case U'ї':
      return {"yi", "i"};
    case U'й':
      return {"y", "i"};
    case U'к':
      return {"k", "k"};
    case U'л':
      return {"l", "l"};
    case U'м':
      return {"m", "m"};
    case U'н':
      return {"n", "n"};
    case U'о':
      return {"o", "o"};
    case U'п':
      return {"p", "p"};
    case U'р':
      return {"r", "r"};
    case U'с':
      return {"s", "s"};
    case U'т':
      return {"t", "t"};
    case U'у':
      return {"u", "u"};
    case U'ф':
      return {"f", "f"};
    case U'х':
      return {"kh", "kh"};
    case U'ц':
      return {"ts", "ts"};
    case U'ч':
      return {"ch", "ch"};
    case U'ш':
      return {"sh", "sh"};
    case U'щ':
      return {"shch", "shch"};
    case U'ь':
      return {"", ""};
    case U'ю':
      return {"yu", "iu"};
    case U'я':
      return {"ya", "ia"};
    default:
      return {"", ""};  // ъ, ы, э, ё: not Ukrainian letters, handled by the caller
  }
}

void append_cased(std::string& out, std::string_view latin_text, bool upper, bool all_upper) {
  for (std::size_t k = 0; k < latin_text.size(); ++k) {
    char c = latin_text[k];
    if (upper && (k == 0 || all_upper) && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    out.push_back(c);
  }
}

}  // namespace

std::string transliterate_kmu2010(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool in_word = false;   // a letter (or an apostrophe after one) came just before
  char32_t previous = 0;  // the previous letter, lower case (for зг)
  for (std::size_t i = 0; i < s.size();) {
    const utf8::Char d = decode(s, i);
    if (!d.valid) {
      out.push_back(s[i]);
      ++i;
      in_word = false;
      previous = 0;
      continue;
    }
    bool upper = false;
    const char32_t lower = ukrainian_lower(d.cp, upper);
    const bool known = lower != 0 && lower != U'ъ' && lower != U'ы' && lower != U'э' && lower != U'ё';
    if (!known) {
      bool inside = false;
      if (is_apostrophe(d.cp) && in_word && i + d.size < s.size()) {
        const utf8::Char n = decode(s, i + d.size);
        inside = n.valid && is_letter(n.cp);
      }
      if (inside) {
        // An apostrophe inside a word is not written: Знам'янка → Znamianka.
      } else {
        out.append(s.substr(i, d.size));
        in_word = is_letter(d.cp);
      }
      i += d.size;
      previous = 0;
      continue;
    }
    // All capitals when the next letter is a capital too.
    bool next_upper = false;
    if (upper && i + d.size < s.size()) {
      const utf8::Char n = decode(s, i + d.size);
      if (n.valid) {
        bool nu = false;
        if (ukrainian_lower(n.cp, nu) != 0) {
          next_upper = nu;
        } else {
          next_upper = n.cp >= U'A' && n.cp <= U'Z';
        }
      }
    }
    const auto [initial, medial] = latin(lower);
    std::string_view text = in_word ? medial : initial;
    if (lower == U'г' && previous == U'з') text = "gh";  // зг → zgh, told apart from ж (zh)
    append_cased(out, text, upper, upper && next_upper);
    in_word = true;
    previous = lower;
    i += d.size;
  }
  return out;
}

namespace {

// The oblasts' names in English as Ukraine's government writes them (the adjective's stem,
// romanized by KMU 2010), by the Ukrainian name the boundary file carries.
struct OblastName {
  const char* uk;
  const char* en;
};
constexpr OblastName kOblasts[] = {
    {"Автономна Республіка Крим", "Crimea"},
    {"Вінницька область", "Vinnytsia oblast"},
    {"Волинська область", "Volyn oblast"},
    {"Дніпропетровська область", "Dnipropetrovsk oblast"},
    {"Донецька область", "Donetsk oblast"},
    {"Житомирська область", "Zhytomyr oblast"},
    {"Закарпатська область", "Zakarpattia oblast"},
    {"Запорізька область", "Zaporizhzhia oblast"},
    {"Івано-Франківська область", "Ivano-Frankivsk oblast"},
    {"Київська область", "Kyiv oblast"},
    {"Кіровоградська область", "Kirovohrad oblast"},
    {"Луганська область", "Luhansk oblast"},
    {"Львівська область", "Lviv oblast"},
    {"Миколаївська область", "Mykolaiv oblast"},
    {"Одеська область", "Odesa oblast"},
    {"Полтавська область", "Poltava oblast"},
    {"Рівненська область", "Rivne oblast"},
    {"Сумська область", "Sumy oblast"},
    {"Тернопільська область", "Ternopil oblast"},
    {"Харківська область", "Kharkiv oblast"},
    {"Херсонська область", "Kherson oblast"},
    {"Хмельницька область", "Khmelnytskyi oblast"},
    {"Черкаська область", "Cherkasy oblast"},
    {"Чернівецька область", "Chernivtsi oblast"},
    {"Чернігівська область", "Chernihiv oblast"},
    {"Місто Київ", "Kyiv city"},
    {"Місто Севастополь", "Sevastopol city"},
};

}  // namespace

std::string oblast_name_en(std::string_view uk) {
  for (const auto& o : kOblasts) {
    if (uk == o.uk) return o.en;
  }
  return transliterate_kmu2010(uk);
}

}  // namespace frontline
