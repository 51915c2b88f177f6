// Documents about places (frontline/places.hpp): one home for the CLI's and the server's text.
#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "format/json_doc.hpp"
#include "frontline/format.hpp"

namespace frontline::format {

namespace {

json share(double v) {
  return round_to(v, 4);
}

json place_brief(const Place& p) {
  json j;
  j["id"] = p.id;
  j["kind"] = to_string(p.kind);
  j["name"] = p.name;
  j["name_uk"] = p.name_uk;
  j["oblast"] = p.oblast;
  j["raion"] = p.raion;
  j["extent"] = to_string(p.extent);
  return j;
}

std::string percent(double share) {
  return fmt::format("{:.1f}%", round_to(share * 100, 1));
}

}  // namespace

std::string place_json(const Place& p) {
  json j = place_brief(p);
  j["hromada"] = p.hromada;
  j["radius_m"] = p.extent == ExtentKind::radius ? json(round_to(p.radius_m, 0)) : json(nullptr);
  j["source"] = p.source;
  j["population"] = p.population ? json(*p.population) : json(nullptr);
  j["lon"] = round_to(p.point.lon * kGridDegrees, 7);
  j["lat"] = round_to(p.point.lat * kGridDegrees, 7);
  j["area_km2"] = km2(p.area_m2 / 1e6);
  json aliases = json::array();
  for (const auto& a : p.aliases) aliases.push_back({{"name", a.name}, {"kind", a.kind}});
  j["aliases"] = aliases;
  return doc(j);
}

std::string places_json(std::span<const Place> places) {
  json arr = json::array();
  for (const auto& p : places) {
    json j = place_brief(p);
    j["area_km2"] = km2(p.area_m2 / 1e6);
    arr.push_back(j);
  }
  return doc(arr);
}

Table places_table(std::span<const Place> places) {
  Table t({"id", "kind", "name", "name_uk", "raion", "oblast", "extent", "area_km2"});
  for (const auto& p : places) {
    t.add({std::to_string(p.id), to_string(p.kind), p.name, p.name_uk, p.raion, p.oblast, to_string(p.extent),
           km2_text(p.area_m2 / 1e6)});
  }
  return t;
}

std::string place_text(const Place& p) {
  std::string out = fmt::format("{}: {}\n", p.id, describe(p));
  out += fmt::format("  Ukrainian name: {}\n", p.name_uk.empty() ? "-" : p.name_uk);
  if (!p.hromada.empty()) out += fmt::format("  hromada: {}\n", p.hromada);
  out += fmt::format("  extent: {}{}, {} km², from {}\n", to_string(p.extent),
                     p.extent == ExtentKind::radius ? fmt::format(" of {:.0f} m", p.radius_m) : "",
                     km2_text(p.area_m2 / 1e6), p.source);
  if (p.population) out += fmt::format("  population: {}\n", *p.population);
  out += fmt::format("  point: {:.5f}, {:.5f}\n", p.point.lon * kGridDegrees, p.point.lat * kGridDegrees);
  if (!p.aliases.empty()) {
    out += "  also:";
    for (std::size_t i = 0; i < p.aliases.size(); ++i) out += (i ? ", " : " ") + p.aliases[i].name;
    out += "\n";
  }
  return out;
}

std::string place_status_json(std::string_view map, const PlaceStatus& s) {
  json j;
  j["map"] = map;
  j["place"] = place_brief(s.place);
  j["at"] = format_iso(s.at);
  j["version_time"] = format_iso(s.version.time);
  j["source_id"] = s.version.source_id;
  j["place_km2"] = km2(s.place_km2);
  json areas = json::object();
  json shares = json::object();
  for (const auto& [st, v] : s.areas_km2) areas[std::string(to_string(st))] = km2(v);
  for (const auto& [st, v] : s.shares) shares[std::string(to_string(st))] = share(v);
  j["areas_km2"] = areas;
  j["shares"] = shares;
  j["occupied_total_share"] = share(s.occupied_total_share);
  j["held_by_ukraine_share"] = share(s.held_by_ukraine_share);
  j["label"] = s.label;
  return doc(j);
}

std::string place_status_text(std::string_view map, const PlaceStatus& s) {
  std::string out =
      fmt::format("{}: {} (map '{}' as of {})\n", describe(s.place), s.label, map, format_iso(s.version.time));
  out += fmt::format("  occupied {} ({} of {} km²), held by Ukraine {}", percent(s.occupied_total_share),
                     km2_text(s.occupied_total_share * s.place_km2), km2_text(s.place_km2),
                     percent(s.held_by_ukraine_share));
  if (auto it = s.shares.find(Status::contested); it != s.shares.end()) out += ", grey zone " + percent(it->second);
  return out + "\n";
}

std::string place_timeline_json(std::string_view map, const PlaceTimeline& t) {
  json j;
  j["map"] = map;
  j["place"] = place_brief(t.place);
  json changes = json::array();
  for (const auto& c : t.changes) {
    changes.push_back({{"version_time", format_iso(c.version.time)},
                       {"source_id", c.version.source_id},
                       {"label", c.label},
                       {"occupied_total_share", share(c.occupied_total_share)}});
  }
  j["changes"] = changes;
  auto when = [](const std::optional<VersionInfo>& v) { return v ? json(format_iso(v->time)) : json(nullptr); };
  auto which = [](const std::optional<VersionInfo>& v) { return v ? json(v->source_id) : json(nullptr); };
  j["capture"] = {{"mostly", when(t.mostly)},
                  {"fully", when(t.fully)},
                  {"mostly_source_id", which(t.mostly)},
                  {"fully_source_id", which(t.fully)}};
  j["versions_measured"] = t.versions;
  return doc(j);
}

std::string place_timeline_text(std::string_view map, const PlaceTimeline& t) {
  Table table({"version_time", "source_id", "occupied", "label"});
  for (const auto& c : t.changes) {
    table.add({format_iso(c.version.time), c.version.source_id, percent(c.occupied_total_share), c.label});
  }
  std::string out = fmt::format("{} on map '{}': {} label{} ({} versions measured)\n", describe(t.place), map,
                                t.changes.size(), t.changes.size() == 1 ? "" : "s", t.versions);
  out += table.text();
  auto line = [](const char* what, const std::optional<VersionInfo>& v) {
    return v ? fmt::format("{}: {} (version {})\n", what, format_iso(v->time), v->source_id)
             : fmt::format("{}: -\n", what);
  };
  out += line("mostly held by Russia since", t.mostly);
  out += line("held by Russia since", t.fully);
  return out;
}

std::string regions_json(std::span<const RegionRow> rows) {
  json arr = json::array();
  for (const auto& r : rows) {
    json j;
    j["id"] = r.place.id;
    j["name"] = r.place.name_uk;
    j["name_en"] = r.place.name;
    j["oblast"] = r.place.oblast;
    j["area_km2"] = km2(r.area_km2);
    j["occupied_total_km2"] = km2(r.occupied_total_km2);
    j["share_occupied"] = round_to(r.share_occupied, 6);
    if (r.change_km2) {
      j["change_km2"] = km2(*r.change_km2);
      j["share_of_gains"] = r.share_of_gains ? json(round_to(*r.share_of_gains, 6)) : json(nullptr);
    }
    arr.push_back(j);
  }
  return doc(arr);
}

Table regions_table(std::span<const RegionRow> rows) {
  const bool change = !rows.empty() && rows.front().change_km2.has_value();
  std::vector<std::string> header{"name_en", "oblast", "area_km2", "occupied_total_km2", "share_occupied"};
  if (change) {
    header.emplace_back("change_km2");
    header.emplace_back("share_of_gains");
  }
  Table t(header);
  for (const auto& r : rows) {
    std::vector<std::string> row{r.place.name, r.place.oblast, km2_text(r.area_km2), km2_text(r.occupied_total_km2),
                                 fmt::format("{:.2f}%", round_to(r.share_occupied * 100, 2))};
    if (change) {
      row.push_back(km2_text(r.change_km2));
      row.push_back(r.share_of_gains ? fmt::format("{:.1f}%", round_to(*r.share_of_gains * 100, 1)) : "-");
    }
    t.add(std::move(row));
  }
  return t;
}

namespace {

// The rows of a unit history: (version index, unit index, m²), by time then unit, where the
// figure as printed changes.
std::vector<std::tuple<std::size_t, std::size_t, double>> history_rows(const UnitHistory& h) {
  std::vector<std::tuple<std::size_t, std::size_t, double>> rows;
  for (std::size_t u = 0; u < h.units.size(); ++u) {
    std::optional<double> last;
    for (const auto& [vi, m2] : h.changes[u]) {
      const double km2_now = round_to(m2 / 1e6, 3);
      if (last && *last == km2_now) continue;
      last = km2_now;
      rows.emplace_back(vi, u, m2);
    }
  }
  std::sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
    if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) < std::get<0>(b);
    return h.units[std::get<1>(a)].name < h.units[std::get<1>(b)].name;
  });
  return rows;
}

double unit_share(const Place& p, double m2) {
  return p.area_m2 > 0 ? std::min(1.0, m2 / p.area_m2) : 0.0;
}

}  // namespace

std::string unit_history_json(std::string_view map, const UnitHistory& h) {
  json arr = json::array();
  for (const auto& [vi, u, m2] : history_rows(h)) {
    const Place& p = h.units[u];
    json j;
    j["version_time"] = format_iso(h.versions[vi].time);
    j["id"] = p.id;
    j["name"] = p.name_uk;
    j["name_en"] = p.name;
    j["oblast"] = p.oblast;
    j["occupied_total_km2"] = km2(m2 / 1e6);
    j["share_occupied"] = round_to(unit_share(p, m2), 6);
    arr.push_back(j);
  }
  json j;
  j["map"] = map;
  j["versions"] = h.versions.size();
  j["units"] = h.units.size();
  j["changes"] = arr;
  return doc(j);
}

Table unit_history_table(const UnitHistory& h) {
  Table t({"version_time", "name_en", "oblast", "occupied_total_km2", "share_occupied"});
  for (const auto& [vi, u, m2] : history_rows(h)) {
    const Place& p = h.units[u];
    t.add({format_iso(h.versions[vi].time), p.name, p.oblast, km2_text(m2 / 1e6),
           fmt::format("{:.2f}%", round_to(unit_share(p, m2) * 100, 2))});
  }
  return t;
}

std::string unit_captures_json(std::string_view map, std::span<const UnitCapture> rows) {
  json arr = json::array();
  for (const auto& c : rows) {
    json j;
    j["id"] = c.place.id;
    j["name"] = c.place.name_uk;
    j["name_en"] = c.place.name;
    j["oblast"] = c.place.oblast;
    j["mostly"] = c.mostly ? json(format_iso(c.mostly->time)) : json(nullptr);
    j["fully"] = c.fully ? json(format_iso(c.fully->time)) : json(nullptr);
    j["share_now"] = round_to(c.share_now, 6);
    arr.push_back(j);
  }
  json j;
  j["map"] = map;
  j["captures"] = arr;
  return doc(j);
}

Table unit_captures_table(std::span<const UnitCapture> rows) {
  Table t({"name_en", "oblast", "mostly_held_since", "fully_held_since", "share_now"});
  for (const auto& c : rows) {
    t.add({c.place.name, c.place.oblast, c.mostly ? format_iso(c.mostly->time) : "-",
           c.fully ? format_iso(c.fully->time) : "-", fmt::format("{:.2f}%", round_to(c.share_now * 100, 2))});
  }
  return t;
}

std::string gazetteer_json(const GazetteerReport& r) {
  json j;
  j["files"] = r.files;
  j["oblasts"] = r.oblasts;
  j["raions"] = r.raions;
  j["hromadas"] = r.hromadas;
  j["hromadas_without_geometry"] = r.hromadas_without_geometry;
  j["settlements"] = r.settlements;
  j["settlements_by_extent"] = r.settlements_by_extent;
  j["points_merged_into_boundaries"] = r.merged_points;
  j["dropped_rings"] = r.dropped_rings;
  return doc(j);
}

std::string gazetteer_text(const GazetteerReport& r) {
  std::string out = fmt::format(
      "places: {} oblasts, {} raions, {} hromadas ({} without geometry skipped), {} "
      "settlements\n",
      r.oblasts, r.raions, r.hromadas, r.hromadas_without_geometry, r.settlements);
  out += "settlement extents:";
  for (const auto& [k, n] : r.settlements_by_extent) out += fmt::format(" {} {},", k, n);
  if (out.back() == ',') out.pop_back();
  out += fmt::format(
      "\npoints merged into OSM boundaries: {}\nrings left out (fewer than four positions or not "
      "closed): {}\nfrom:\n",
      r.merged_points, r.dropped_rings);
  for (const auto& f : r.files) out += "  " + f + "\n";
  return out;
}

}  // namespace frontline::format
