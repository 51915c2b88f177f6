// The JSON building blocks every document shares (src/format/*.cpp): one rounding of km².
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "frontline/format.hpp"

namespace frontline::format {

using json = nlohmann::ordered_json;

inline json km2(double v) {
  return round_to(v, 3);
}
inline json km2(const std::optional<double>& v) {
  return v ? json(round_to(*v, 3)) : json(nullptr);
}
inline std::string doc(const json& j) {
  return j.dump(2) + "\n";
}

}  // namespace frontline::format
