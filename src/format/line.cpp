// Documents about the line of contact (frontline/line.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "format/json_doc.hpp"
#include "frontline/format.hpp"

namespace frontline::format {

namespace {
json coordinate(FixedCoordinate c) {
  return json::array({round_to(c.lon * kGridDegrees, 7), round_to(c.lat * kGridDegrees, 7)});
}

json sector_object(const AdvanceSector& s, bool with_middle) {
  json j;
  j["name"] = s.name;
  j["oblast"] = s.oblast.empty() ? json(nullptr) : json(s.oblast);
  if (with_middle) j["middle"] = coordinate(s.middle);
  j["line_km"] = km2(s.line_km);
  j["new_line_km"] = km2(s.new_line_km);
  j["mean_km"] = km2(s.mean_km);
  j["max_km"] = km2(s.max_km);
  j["min_km"] = km2(s.min_km);
  j["gained_km2"] = km2(s.gained_km2);
  j["lost_km2"] = km2(s.lost_km2);
  return j;
}

json line_object(const FrontLine& l) {
  json j;
  j["map"] = l.map;
  j["at"] = format_iso(l.at);
  j["version_time"] = format_iso(l.version.time);
  j["source_id"] = l.version.source_id;
  j["edge"] = to_string(l.edge);
  j["length_km"] = km2(l.length_km);
  j["length_generalised_km"] = km2(l.length_generalised_km);
  j["grey_zone_km2"] = km2(l.grey_zone_km2);
  j["grey_zone_mean_width_km"] = km2(l.grey_zone_mean_width_km);
  j["grey_zone_max_width_km"] = km2(l.grey_zone_max_width_km);
  j["grey_zone_line_share"] = l.grey_zone_line_share ? json(round_to(*l.grey_zone_line_share, 4)) : json(nullptr);
  j["grey_zone_area_per_km"] = km2(l.grey_zone_area_per_km);
  j["paths"] = l.paths.size();
  j["border_tolerance_m"] = l.tolerance_m;
  j["generalise_tolerance_m"] = l.generalise_m;
  j["width_sample_m"] = l.sample_m;
  return j;
}
}  // namespace

std::string line_json(const FrontLine& l) {
  return doc(line_object(l));
}

std::string line_text(const FrontLine& l) {
  std::string out = fmt::format(
      "line of contact ({} edge), map '{}' as of {}: {} km in {} paths, {} km generalised "
      "at {:.0f} m\n",
      to_string(l.edge), l.map, format_iso(l.version.time), km2_text(l.length_km), l.paths.size(),
      km2_text(l.length_generalised_km), l.generalise_m);
  if (l.grey_zone_mean_width_km) {
    out += fmt::format(
        "grey zone: {} km²; in front of {:.0f} % of the line; {:.2f} km wide on average along the line, "
        "{:.2f} km at most\n",
        km2_text(l.grey_zone_km2), *l.grey_zone_line_share * 100, *l.grey_zone_mean_width_km,
        *l.grey_zone_max_width_km);
  } else if (l.grey_zone_km2) {
    out += fmt::format("grey zone: {} km²\n", km2_text(l.grey_zone_km2));
  }
  return out;
}

std::string line_geojson(const FrontLine& l) {
  json features = json::array();
  for (const auto& path : l.paths) {
    json coords = json::array();
    for (const auto& c : path) coords.push_back(coordinate(c));
    json f;
    f["type"] = "Feature";
    f["properties"] = {{"edge", to_string(l.edge)}, {"version_time", format_iso(l.version.time)}};
    f["geometry"] = {{"type", "LineString"}, {"coordinates", coords}};
    features.push_back(f);
  }
  json fc;
  fc["type"] = "FeatureCollection";
  fc["properties"] = line_object(l);
  fc["features"] = features;
  return fc.dump() + "\n";
}

json advance_object(const Advance& a) {
  json j;
  j["map"] = a.map;
  j["from"] = format_iso(a.from);
  j["to"] = format_iso(a.to);
  j["from_version_time"] = format_iso(a.from_version.time);
  j["to_version_time"] = format_iso(a.to_version.time);
  j["step_m"] = a.options.step_m;
  j["sector_km"] = a.options.sector_km;
  j["old_length_km"] = km2(a.old_length_km);
  j["new_length_km"] = km2(a.new_length_km);
  j["samples"] = a.total.samples;
  j["new_line_km"] = km2(a.total.new_line_km);
  j["mean_km"] = km2(a.total.mean_km);
  j["max_km"] = km2(a.total.max_km);
  j["min_km"] = km2(a.total.min_km);
  j["gained_km2"] = km2(a.total.gained_km2);
  j["lost_km2"] = km2(a.total.lost_km2);
  return j;
}

std::string advance_json(const Advance& a) {
  json j = advance_object(a);
  json oblasts = json::array();
  for (const auto& s : a.oblasts) oblasts.push_back(sector_object(s, false));
  json sectors = json::array();
  for (const auto& s : a.sectors) sectors.push_back(sector_object(s, true));
  j["oblasts"] = oblasts;
  j["sectors"] = sectors;
  return doc(j);
}

std::string advance_text(const Advance& a, std::size_t top) {
  std::string out = fmt::format(
      "line of contact, map '{}', from {} to {}: mean move {:.3f} km (positive: toward Ukraine; over {} km of line "
      "sampled every {:.0f} m), farthest {:.3f} km forward and {:.3f} km back; occupied ground gained {} km², "
      "lost {} km²\n{}",
      a.map, format_iso(a.from_version.time), format_iso(a.to_version.time), a.total.mean_km, km2_text(a.new_length_km),
      a.options.step_m, a.total.max_km, std::abs(a.total.min_km), km2_text(a.total.gained_km2),
      km2_text(a.total.lost_km2),
      a.total.new_line_km > 0
          ? fmt::format("new line, not a move (a front opened, an island drawn; left out of the figures): {} km\n",
                        km2_text(a.total.new_line_km))
          : "");
  auto table = [](std::span<const AdvanceSector> rows, bool sectors) {
    std::vector<std::string> header{sectors ? "sector" : "oblast"};
    if (sectors) header.emplace_back("oblast");
    for (const char* h : {"line_km", "new_line_km", "mean_km", "max_km", "min_km", "gained_km2", "lost_km2"}) {
      header.emplace_back(h);
    }
    Table t(std::move(header));
    for (const auto& s : rows) {
      std::vector<std::string> row{s.name.empty() ? "(none: water or abroad)" : s.name};
      if (sectors) row.push_back(s.oblast.empty() ? "-" : s.oblast);
      for (auto v : {km2_text(s.line_km), km2_text(s.new_line_km), fmt::format("{:.3f}", s.mean_km),
                     fmt::format("{:.3f}", s.max_km), fmt::format("{:.3f}", s.min_km), km2_text(s.gained_km2),
                     km2_text(s.lost_km2)}) {
        row.push_back(std::move(v));
      }
      t.add(std::move(row));
    }
    return t.text();
  };
  out += "\nby oblast:\n" + table(a.oblasts, false);
  std::vector<AdvanceSector> ranked(a.sectors.begin(), a.sectors.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const AdvanceSector& x, const AdvanceSector& y) {
    return std::abs(x.mean_km) > std::abs(y.mean_km);
  });
  if (ranked.size() > top) ranked.resize(top);
  out += fmt::format("\nthe {} of {} sectors of {:.0f} km that moved most (path:km along it):\n", ranked.size(),
                     a.sectors.size(), a.options.sector_km);
  out += table(ranked, true);
  return out;
}

std::string advance_geojson(const Advance& a) {
  json features = json::array();
  for (const auto& s : a.samples) {
    json f;
    f["type"] = "Feature";
    f["properties"] = {
        {"distance_km", km2(s.distance_km)},
        {"new_line", s.new_line},
        {"sector", a.sectors[s.sector].name},
        {"oblast", a.oblasts[s.oblast].oblast.empty() ? json(nullptr) : json(a.oblasts[s.oblast].oblast)}};
    f["geometry"] = {{"type", "LineString"}, {"coordinates", json::array({coordinate(s.from), coordinate(s.at)})}};
    features.push_back(f);
  }
  json fc;
  fc["type"] = "FeatureCollection";
  fc["properties"] = advance_object(a);
  fc["features"] = features;
  return fc.dump() + "\n";
}

std::string line_series_json(std::string_view map, std::span<const LineSeriesRow> rows) {
  json arr = json::array();
  for (const auto& r : rows) {
    json j;
    j["period"] = r.period;
    j["start"] = format_iso(r.start);
    j["end"] = format_iso(r.end);
    j["start_version_time"] = r.start_version ? json(format_iso(r.start_version->time)) : json(nullptr);
    j["end_version_time"] = r.end_version ? json(format_iso(r.end_version->time)) : json(nullptr);
    j["length_km"] = km2(r.length_km);
    j["length_generalised_km"] = km2(r.length_generalised_km);
    j["grey_zone_mean_width_km"] = km2(r.grey_zone_mean_width_km);
    j["mean_advance_km"] = km2(r.mean_advance_km);
    j["max_advance_km"] = km2(r.max_advance_km);
    j["min_advance_km"] = km2(r.min_advance_km);
    j["gained_km2"] = km2(r.gained_km2);
    j["lost_km2"] = km2(r.lost_km2);
    arr.push_back(j);
  }
  json j;
  j["map"] = map;
  j["periods"] = arr;
  return doc(j);
}

Table line_series_table(std::span<const LineSeriesRow> rows) {
  Table t({"period", "length_km", "generalised_km", "grey_width_km", "mean_advance_km", "max_advance_km",
           "min_advance_km", "gained_km2", "lost_km2"});
  auto km = [](const std::optional<double>& v) { return v ? fmt::format("{:.3f}", round_to(*v, 3)) : "-"; };
  for (const auto& r : rows) {
    t.add({r.period, km2_text(r.length_km), km2_text(r.length_generalised_km), km(r.grey_zone_mean_width_km),
           km(r.mean_advance_km), km(r.max_advance_km), km(r.min_advance_km), km2_text(r.gained_km2),
           km2_text(r.lost_km2)});
  }
  return t;
}

}  // namespace frontline::format
