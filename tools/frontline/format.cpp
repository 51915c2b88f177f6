#include "format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace frontline::cli {

double round_to(double v, int decimals) {
  const double f = std::pow(10.0, decimals);
  const double r = std::round(v * f) / f;
  return r == 0.0 ? 0.0 : r;  // no "-0.0"
}

json km2(double v) {
  return round_to(v, 3);
}
json km2(const std::optional<double>& v) {
  return v ? json(round_to(*v, 3)) : json(nullptr);
}

json to_json(const AreaAt& a) {
  json j;
  j["map"] = a.map;
  j["at"] = format_iso(a.at);
  j["version_time"] = a.version ? json(format_iso(a.version->time)) : json(nullptr);
  j["source_id"] = a.version ? json(a.version->source_id) : json(nullptr);
  json areas = json::object();
  for (const auto& [s, v] : a.areas_km2) areas[std::string(to_string(s))] = km2(v);
  j["areas_km2"] = areas;
  j["occupied_total_km2"] = km2(a.occupied_total_km2);
  j["share_of_ukraine"] = a.share_of_ukraine ? json(round_to(*a.share_of_ukraine, 6)) : json(nullptr);
  return j;
}

json to_json(const GainRow& g) {
  json j;
  j["period"] = g.period;
  j["start"] = format_iso(g.start);
  j["end"] = format_iso(g.end);
  j["net_km2"] = km2(g.net_km2);
  j["gained_km2"] = km2(g.gained_km2);
  j["lost_km2"] = km2(g.lost_km2);
  j["contested_change_km2"] = km2(g.contested_change_km2);
  return j;
}

Result<void> note_empty_rows(const char* verb, const Store& store, std::string_view map, std::size_t empty_rows) {
  if (empty_rows == 0) return {};
  FRONTLINE_TRY(first, first_version_time(store, map));
  std::fprintf(stderr, "frontline %s: note: map '%.*s' starts at %s; %zu %s before it %s empty\n", verb,
               static_cast<int>(map.size()), map.data(), format_iso(first).c_str(), empty_rows,
               empty_rows == 1 ? "row" : "rows", empty_rows == 1 ? "is" : "are");
  return {};
}

void print_json(const json& j) {
  std::fputs((j.dump(2) + "\n").c_str(), stdout);
}

std::string fmt_km2(double v) {
  return fmt::format("{:.1f}", round_to(v, 1));
}
std::string fmt_km2(const std::optional<double>& v) {
  return v ? fmt_km2(*v) : "-";
}

void Table::print_text() const {
  std::vector<std::size_t> width(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
  };
  measure(header_);
  for (const auto& r : rows_) measure(r);
  auto print = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      // First column left-aligned (names, dates), the rest right-aligned (numbers).
      line += i == 0 ? fmt::format("{:<{}}", row[i], width[i]) : fmt::format("  {:>{}}", row[i], width[i]);
    }
    std::puts(line.c_str());
  };
  print(header_);
  for (const auto& r : rows_) print(r);
}

void Table::print_csv() const {
  auto print = [](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += ',';
      line += row[i].find_first_of(",\"") == std::string::npos ? row[i] : "\"" + row[i] + "\"";
    }
    std::puts(line.c_str());
  };
  print(header_);
  for (const auto& r : rows_) print(r);
}

}  // namespace frontline::cli
