// Decoding UTF-8 one character at a time, for the name functions (translit, name_key).
#pragma once

#include <cstddef>
#include <string_view>

namespace frontline::utf8 {

struct Char {
  char32_t cp = 0;
  std::size_t size = 1;  // bytes taken (1 for an invalid byte)
  bool valid = false;
};

// The character at byte i: one to three bytes (everything names use); a byte that starts no
// valid sequence is reported invalid with size 1.
inline Char decode(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1, true};
  auto cont = [&](std::size_t k) { return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80; };
  auto bits = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F); };
  if ((b0 & 0xE0) == 0xC0 && b0 >= 0xC2 && cont(1)) return {(static_cast<char32_t>(b0 & 0x1F) << 6) | bits(1), 2, true};
  if ((b0 & 0xF0) == 0xE0 && cont(1) && cont(2)) {
    const char32_t cp = (static_cast<char32_t>(b0 & 0x0F) << 12) | (bits(1) << 6) | bits(2);
    if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) return {cp, 3, true};
  }
  return {0, 1, false};
}

// The marks people type for an apostrophe: ' ’ ʼ (the Ukrainian one), ‘ ` ´.
inline bool is_apostrophe(char32_t c) {
  return c == U'\'' || c == U'\u2019' || c == U'\u02BC' || c == U'\u2018' || c == U'`' || c == U'\u00B4';
}

}  // namespace frontline::utf8
