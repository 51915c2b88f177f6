// Scenario documents: what a proposal hands over.
#include "format/json_doc.hpp"

namespace frontline::format {

std::string scenario_json(const Scenario& s) {
  json j;
  j["map"] = s.map;
  j["at"] = format_iso(s.at);
  j["version_time"] = format_iso(s.version.time);
  j["scenario"] = s.description;
  json transfers = json::array();
  for (const auto& t : s.transfers)
    transfers.push_back({{"from", t.from}, {"to", t.to}, {"area_km2", km2(t.area_km2)}});
  j["transfers"] = transfers;
  json settlements = json::array();
  for (const auto& a : s.settlements) {
    settlements.push_back({{"name", a.place.name},
                           {"oblast", a.place.oblast},
                           {"population", a.place.population ? json(*a.place.population) : json(nullptr)},
                           {"from", a.from},
                           {"to", a.to}});
  }
  j["settlements"] = settlements;
  j["population_total"] = s.population_total;
  j["settlements_without_population"] = s.settlements_without_population;
  json hromadas = json::array();
  for (const auto& h : s.hromadas) {
    hromadas.push_back(
        {{"name", h.place.name}, {"oblast", h.place.oblast}, {"share", round_to(h.share, 4)}, {"wholly", h.wholly}});
  }
  j["hromadas"] = hromadas;
  j["line_length_before_km"] = round_to(s.line_length_before_km, 3);
  j["line_length_km"] = s.line_length_km ? json(round_to(*s.line_length_km, 3)) : json(nullptr);
  j["dmz_edges_km"] = s.dmz_edges_km ? json(round_to(*s.dmz_edges_km, 3)) : json(nullptr);
  return doc(j);
}

std::string scenario_text(const Scenario& s) {
  std::string out = fmt::format("{} on map '{}' as of {} (version {}):\n", s.description, s.map, format_iso(s.at),
                                format_iso(s.version.time));
  if (s.transfers.empty()) out += "  no ground changes hands\n";
  for (const auto& t : s.transfers) out += fmt::format("  {:>10.1f} km²  from {} to {}\n", t.area_km2, t.from, t.to);
  const std::size_t wholly = static_cast<std::size_t>(
      std::count_if(s.hromadas.begin(), s.hromadas.end(), [](const AffectedHromada& h) { return h.wholly; }));
  out += fmt::format(
      "{} settlements, {} people (census figures; {} settlements without a figure count as 0); {} "
      "hromadas touched, {} wholly\n",
      s.settlements.size(), s.population_total, s.settlements_without_population, s.hromadas.size(), wholly);
  out += fmt::format("line of contact: {:.1f} km now", s.line_length_before_km);
  if (s.line_length_km) out += fmt::format(", {:.1f} km after", *s.line_length_km);
  if (s.dmz_edges_km) out += fmt::format("; the zone's edges in Ukraine {:.1f} km together", *s.dmz_edges_km);
  out += "\n";
  if (!s.settlements.empty()) {
    out += "\nlargest settlements:\n";
    Table t({"settlement", "oblast", "population", "from", "to"});
    for (std::size_t i = 0; i < s.settlements.size() && i < 15; ++i) {
      const auto& a = s.settlements[i];
      t.add(
          {a.place.name, a.place.oblast, a.place.population ? std::to_string(*a.place.population) : "-", a.from, a.to});
    }
    out += t.text();
  }
  return out;
}

std::string scenario_geojson(const Scenario& s) {
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
  bool first = true;
  for (const auto& t : s.transfers) {
    if (!first) out += ',';
    first = false;
    out += fmt::format(
        "{{\"type\":\"Feature\",\"properties\":{{\"from\":\"{}\",\"to\":\"{}\",\"area_km2\":{}}},"
        "\"geometry\":",
        t.from, t.to, round_to(t.area_km2, 3));
    write_multipolygon(out, t.geometry);
    out += '}';
  }
  out += "]}\n";
  return out;
}

}  // namespace frontline::format
