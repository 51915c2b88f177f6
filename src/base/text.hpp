// Small text helpers the readers share: ASCII trimming and lower-casing (the field names, sides,
// kinds and URLs they compare are ASCII; DeepState's Cyrillic labels have their own rule in
// io/deepstate_labels.cpp).
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace frontline {

inline std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace frontline
