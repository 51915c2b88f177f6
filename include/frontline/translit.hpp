// Ukrainian names in Latin letters, by the official national transliteration (Resolution of the
// Cabinet of Ministers of Ukraine No. 55 of 27 January 2010, "KMU 2010"): Покровськ → Pokrovsk,
// Гуляйполе → Huliaipole. It is the system of Ukraine's passports, road signs and its
// geographical names, and the one the gazetteer romanizes with (docs/model.md, "Names").
#pragma once

#include <string>
#include <string_view>

namespace frontline {

// The KMU 2010 romanization of UTF-8 text. Letters outside the Ukrainian alphabet, digits,
// spaces and punctuation pass through unchanged; the soft sign and apostrophes (' ’ ʼ) inside a
// word are dropped. Є, Ї, Й, Ю, Я are written Ye, Yi, Y, Yu, Ya at the start of a word and ie,
// i, i, iu, ia elsewhere; зг is zgh. A capital keeps its case on the first Latin letter (Ж → Zh),
// or on all of them when the next letter is a capital too (ЖОВТІ → ZHOVTI). Invalid UTF-8 bytes
// pass through unchanged.
std::string transliterate_kmu2010(std::string_view utf8);

// An oblast's name in English as Ukraine's government writes it ("Donetsk oblast", "Crimea",
// "Kyiv city"), from its Ukrainian name in the boundary files ("Донецька область"); other names
// are romanized.
std::string oblast_name_en(std::string_view uk);

}  // namespace frontline
