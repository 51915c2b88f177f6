// Documents about the line of contact (frontline/line.hpp).
#include <fmt/format.h>

#include "format/json_doc.hpp"
#include "frontline/format.hpp"

namespace frontline::format {

namespace {
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
  j["paths"] = l.paths.size();
  j["border_tolerance_m"] = l.tolerance_m;
  j["generalise_tolerance_m"] = l.generalise_m;
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
    out += fmt::format("grey zone: {} km², {:.2f} km wide on average along the line\n", km2_text(l.grey_zone_km2),
                       *l.grey_zone_mean_width_km);
  }
  return out;
}

std::string line_geojson(const FrontLine& l) {
  json features = json::array();
  for (const auto& path : l.paths) {
    json coords = json::array();
    for (const auto& c : path) coords.push_back({round_to(c.lon * kGridDegrees, 7), round_to(c.lat * kGridDegrees, 7)});
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

}  // namespace frontline::format
