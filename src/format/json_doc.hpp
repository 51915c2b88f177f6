// The JSON building blocks every document shares (src/format/*.cpp): one rounding of km².
#pragma once

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iterator>

#include <optional>
#include <string>

#include "frontline/format.hpp"
#include "frontline/geometry.hpp"

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

// A GeoJSON ring, written by hand: whole geometries through nlohmann would cost a node per number.
inline void write_ring(std::string& out, const Ring& r, int decimals = 7) {
  out += '[';
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (i > 0) out += ',';
    // Dividing by the grid's reciprocal prints 47.7, where multiplying by 1e-7 prints 47.699999999999996.
    fmt::format_to(std::back_inserter(out), "[{:.{}f},{:.{}f}]", r[i].lon / kGridPerDegree, decimals,
                   r[i].lat / kGridPerDegree, decimals);
  }
  out += ']';
}
inline void write_multipolygon(std::string& out, const MultiPolygon& mp, int decimals = 7) {
  out += "{\"type\":\"MultiPolygon\",\"coordinates\":[";
  for (std::size_t k = 0; k < mp.size(); ++k) {
    if (k > 0) out += ',';
    out += '[';
    write_ring(out, mp[k].outer, decimals);
    for (const auto& h : mp[k].holes) {
      out += ',';
      write_ring(out, h, decimals);
    }
    out += ']';
  }
  out += "]}";
}

}  // namespace frontline::format
