#include "frontline/format.hpp"

#include "format/json_doc.hpp"
#include "geo/theatre.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>

namespace frontline::format {

namespace {
// The polygons an import report counts under all of a map's labels.
std::int64_t total(const std::map<std::string, std::int64_t>& by_label) {
  std::int64_t n = 0;
  for (const auto& [label, count] : by_label) n += count;
  return n;
}

json status_or_null(const std::optional<Status>& s) {
  return s ? json(std::string(to_string(*s))) : json(nullptr);
}

json area_object(const AreaAt& a) {
  json j;
  j["map"] = a.map;
  j["at"] = format_iso(a.at);
  j["version_time"] = a.version ? json(format_iso(a.version->time)) : json(nullptr);
  j["source_id"] = a.version ? json(a.version->source_id) : json(nullptr);
  json areas = json::object();
  for (const auto& [s, v] : a.areas_km2) areas[std::string(to_string(s))] = km2(v);
  j["areas_km2"] = areas;
  // occupied_total is as drawn (DeepState's convention); the part in Ukraine is what shares use.
  j["occupied_total_km2"] = km2(a.occupied_total_km2);
  json outside = json(nullptr);
  std::optional<double> ot_in_ukraine;
  if (!a.outside_ukraine_km2.empty()) {
    outside = json::object();
    for (const auto& [s, v] : a.outside_ukraine_km2) outside[std::string(to_string(s))] = km2(v);
    if (auto it = a.outside_ukraine_km2.find(Status::occupied_total);
        it != a.outside_ukraine_km2.end() && a.occupied_total_km2) {
      ot_in_ukraine = *a.occupied_total_km2 - it->second;
    }
  }
  j["occupied_total_in_ukraine_km2"] = ot_in_ukraine ? km2(ot_in_ukraine) : json(nullptr);
  j["outside_ukraine_km2"] = outside;
  j["share_of_ukraine"] = a.share_of_ukraine ? json(round_to(*a.share_of_ukraine, 6)) : json(nullptr);
  return j;
}

json gain_object(const GainRow& g) {
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

std::string csv_field(const std::string& f) {
  if (f.find_first_of(",\"\r\n") == std::string::npos) return f;
  std::string out = "\"";
  for (char c : f) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

double round_to(double v, int decimals) {
  const double f = std::pow(10.0, decimals);
  const double r = std::round(v * f) / f;
  return r == 0.0 ? 0.0 : r;  // no "-0.0"
}

std::string km2_text(std::optional<double> v) {
  return v ? fmt::format("{:.1f}", round_to(*v, 1)) : "-";
}

std::string Table::text() const {
  std::vector<std::size_t> width(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
  };
  measure(header_);
  for (const auto& r : rows_) measure(r);
  std::string out;
  auto line = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      // First column left-aligned (names, dates), the rest right-aligned (numbers).
      out += i == 0 ? fmt::format("{:<{}}", row[i], width[i]) : fmt::format("  {:>{}}", row[i], width[i]);
    }
    out += '\n';
  };
  line(header_);
  for (const auto& r : rows_) line(r);
  return out;
}

std::string Table::csv() const {
  std::string out;
  auto line = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      out += csv_field(row[i]);
    }
    out += '\n';
  };
  line(header_);
  for (const auto& r : rows_) line(r);
  return out;
}

std::string area_json(const AreaAt& a) {
  return doc(area_object(a));
}

std::string area_series_json(std::span<const AreaAt> rows) {
  json arr = json::array();
  for (const auto& r : rows) arr.push_back(area_object(r));
  return doc(arr);
}

Table area_table(std::span<const AreaAt> rows) {
  std::vector<std::string> header{"at", "version_time"};
  for (Status s : kAllStatuses) header.emplace_back(fmt::format("{}_km2", to_string(s)));
  header.emplace_back("outside_ukraine_km2");
  header.emplace_back("share_of_ukraine");
  Table table(header);
  for (const auto& r : rows) {
    std::vector<std::string> row{format_iso(r.at), r.version ? format_iso(r.version->time) : "-"};
    for (Status s : kAllStatuses) {
      if (s == Status::occupied_total) {
        row.push_back(km2_text(r.occupied_total_km2));
      } else {
        auto it = r.areas_km2.find(s);
        row.push_back(it == r.areas_km2.end() ? "-" : km2_text(it->second));
      }
    }
    // Ground drawn on a neighbour's land, whatever its status.
    std::optional<double> outside;
    for (const auto& [s, v] : r.outside_ukraine_km2) {
      // occupied and occupied_before_2022 are counted in occupied_total
      if (s != Status::occupied && s != Status::occupied_before_2022) outside = outside.value_or(0) + v;
    }
    row.push_back(km2_text(outside));
    row.push_back(r.share_of_ukraine ? fmt::format("{:.2f}%", *r.share_of_ukraine * 100) : "-");
    table.add(std::move(row));
  }
  return table;
}

std::string versions_json(std::string_view map, std::span<const VersionChange> versions) {
  json out = json::array();
  for (const auto& c : versions) {
    const VersionInfo& v = c.version;
    std::vector<std::string> statuses;
    json areas = json::object();
    for (const auto& l : v.layers) {
      statuses.emplace_back(to_string(l.status));
      areas[std::string(to_string(l.status))] = km2(l.area_m2 / 1e6);
    }
    json j;
    j["map"] = map;
    j["version_time"] = format_iso(v.time);
    j["source_id"] = v.source_id;
    j["statuses"] = statuses;
    j["vertices"] = v.vertices;
    j["change_km2"] = km2(c.change_km2);
    j["areas_km2"] = areas;
    j["occupied_total_km2"] = km2(c.occupied_total_km2);
    out.push_back(std::move(j));
  }
  return doc(out);
}

Table versions_table(std::span<const VersionChange> versions) {
  Table table({"version_time", "source_id", "statuses", "vertices", "occupied_total_km2", "change_km2"});
  for (const auto& c : versions) {
    std::vector<std::string> statuses;
    for (const auto& l : c.version.layers) statuses.emplace_back(to_string(l.status));
    table.add({format_iso(c.version.time), c.version.source_id, fmt::format("{}", fmt::join(statuses, "+")),
               std::to_string(c.version.vertices), km2_text(c.occupied_total_km2), km2_text(c.change_km2)});
  }
  return table;
}

std::string gains_json(std::span<const GainRow> rows) {
  json arr = json::array();
  for (const auto& r : rows) arr.push_back(gain_object(r));
  return doc(arr);
}

Table gains_table(std::span<const GainRow> rows) {
  Table table({"period", "net_km2", "gained_km2", "lost_km2", "contested_change_km2"});
  for (const auto& r : rows) {
    table.add({r.period, km2_text(r.net_km2), km2_text(r.gained_km2), km2_text(r.lost_km2),
               km2_text(r.contested_change_km2)});
  }
  return table;
}

std::string maps_json(std::span<const std::string> maps) {
  json j;
  j["maps"] = json::array();
  for (const auto& m : maps) j["maps"].push_back(m);
  return doc(j);
}

std::string comparison_json(std::string_view map, const GainsComparison& c) {
  json j;
  j["map"] = map;
  j["periods"] = json::array({gain_object(c.first), gain_object(c.second)});
  j["net_ratio"] = c.net_ratio ? json(round_to(*c.net_ratio, 4)) : json(nullptr);
  return doc(j);
}

Table comparison_table(const GainsComparison& c) {
  const GainRow rows[] = {c.first, c.second};
  return gains_table(rows);
}

std::string comparison_sentence(const GainsComparison& c) {
  if (c.net_ratio) {
    return fmt::format("net gain of {} is {:.2f} times that of {}\n", c.first.period, *c.net_ratio, c.second.period);
  }
  if (!c.first.net_km2 || !c.second.net_km2) return "no ratio: a period starts before the map's first version\n";
  return fmt::format("net gain of {} is zero; no ratio\n", c.second.period);
}

std::string diff_json(std::string_view map, const DiffResult& d) {
  json j;
  j["map"] = map;
  j["from_version_time"] = format_iso(d.from.time);
  j["to_version_time"] = format_iso(d.to.time);
  j["gained_km2"] = km2(d.gained_km2);
  j["lost_km2"] = km2(d.lost_km2);
  j["reclassified_km2"] = km2(d.reclassified_km2);
  j["net_km2"] = km2(d.net_km2);
  j["features"] = d.pieces.size();
  if (!d.bbox.empty()) {
    j["bbox"] = {d.bbox.min_lon / kGridPerDegree, d.bbox.min_lat / kGridPerDegree, d.bbox.max_lon / kGridPerDegree,
                 d.bbox.max_lat / kGridPerDegree};
  } else {
    j["bbox"] = nullptr;
  }
  return doc(j);
}

std::string diff_text(const DiffResult& d) {
  return fmt::format(
      "from {} to {}\n  gained {} km2, lost {} km2, net {} km2 (change of the occupied area), reclassified {} km2 "
      "({} features)\n",
      format_iso(d.from.time), format_iso(d.to.time), km2_text(d.gained_km2), km2_text(d.lost_km2), km2_text(d.net_km2),
      km2_text(d.reclassified_km2), d.pieces.size());
}

std::string diff_geojson(const DiffResult& d) {
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
  for (std::size_t i = 0; i < d.pieces.size(); ++i) {
    const auto& p = d.pieces[i];
    if (i > 0) out += ",\n";
    fmt::format_to(std::back_inserter(out),
                   "{{\"type\":\"Feature\",\"properties\":{{\"change\":\"{}\",\"status_before\":{},"
                   "\"status_after\":{},\"area_km2\":{}}},\"geometry\":{{\"type\":\"MultiPolygon\",\"coordinates\":[",
                   to_string(p.kind), status_or_null(p.before).dump(), status_or_null(p.after).dump(),
                   round_to(p.area_km2, 4));
    for (std::size_t k = 0; k < p.geometry.size(); ++k) {
      if (k > 0) out += ',';
      out += '[';
      write_ring(out, p.geometry[k].outer);
      for (const auto& h : p.geometry[k].holes) {
        out += ',';
        write_ring(out, h);
      }
      out += ']';
    }
    out += "]}}";
  }
  out += "]}\n";
  return out;
}

std::string status_json(std::string_view map, Timestamp at, Longitude lon, Latitude lat, const PointStatus& p) {
  json j;
  j["map"] = map;
  j["at"] = format_iso(at);
  j["version_time"] = format_iso(p.version.time);
  j["lon"] = lon.degrees;
  j["lat"] = lat.degrees;
  j["status"] = status_or_null(p.status);
  j["in_ukraine"] = p.in_ukraine;
  j["label"] = p.label();
  return doc(j);
}

std::string status_text(std::string_view map, const PointStatus& p) {
  return fmt::format("{}{} (map '{}' as of {})\n", p.label(), p.status && !p.in_ukraine ? ", outside Ukraine" : "", map,
                     format_iso(p.version.time));
}

std::string check_json(std::string_view store, const CheckReport& r) {
  json j;
  j["store"] = store;
  j["ok"] = r.ok();
  j["maps"] = r.maps;
  j["versions"] = r.versions;
  j["layers"] = r.layers;
  j["rings"] = r.rings;
  j["runs"] = r.runs;
  j["problems"] = r.problems;
  j["more_problems"] = r.truncated;
  return doc(j);
}

std::string check_text(std::string_view store, const CheckReport& r) {
  if (r.ok()) {
    return fmt::format("{}: sound ({} maps, {} versions, {} layers, {} rings, {} runs of vertices checked)\n", store,
                       r.maps, r.versions, r.layers, r.rings, r.runs);
  }
  std::string out = fmt::format("{}: damaged: {}{} problems\n", store, r.problems.size(), r.truncated ? "+" : "");
  for (const auto& p : r.problems) out += fmt::format("  {}\n", p);
  return out;
}

std::string import_json(const ImportReport& r, double secs) {
  json j;
  j["map"] = r.map;
  j["files"] = r.files;
  j["first"] = r.first ? json(format_iso(*r.first)) : json(nullptr);
  j["last"] = r.last ? json(format_iso(*r.last)) : json(nullptr);
  j["versions_added"] = r.versions_added;
  j["already_stored"] = r.already_stored;
  j["unchanged"] = r.unchanged;
  j["duplicate_inputs"] = r.duplicate_inputs;
  json polys = json::object();
  for (Status s : kAllStatuses) {
    const auto n = r.polygons[static_cast<std::size_t>(s)];
    if (n > 0) polys[std::string(to_string(s))] = n;
  }
  j["polygons"] = polys;
  j["foreign_polygons"] = total(r.foreign);
  j["foreign_by_label"] = r.foreign;
  j["unclassified_polygons"] = total(r.unclassified);
  j["unclassified_by_label"] = r.unclassified;
  j["classified_by_fill_only"] = r.by_fill;
  j["far_from_ukraine_polygons"] = total(r.far_away);
  j["far_from_ukraine_by_label"] = r.far_away;
  j["points_skipped"] = r.points;
  j["other_geometries_skipped"] = r.other_geometries;
  j["degenerate_rings_dropped"] = r.degenerate_rings;
  j["invalid_polygons_repaired"] = r.repaired;
  j["holes_outside_shell"] = r.holes_outside_shell;
  j["holes_partly_outside_shell"] = r.holes_partly_outside_shell;
  json overlap = json::object();
  for (Status s : kPrecedence)
    overlap[std::string(to_string(s))] = round_to(r.max_overlap_m2[static_cast<std::size_t>(s)] / 1e6, 3);
  j["max_overlap_km2"] = overlap;
  j["rings_added"] = r.rings_added;
  j["seconds"] = round_to(secs, 3);
  return doc(j);
}

std::string import_text(const ImportReport& r, double secs) {
  std::string out;
  auto to = std::back_inserter(out);
  fmt::format_to(to, "imported {} files into map '{}' in {:.2f} s\n", r.files, r.map, secs);
  if (r.first) fmt::format_to(to, "  versions from {} to {}\n", format_iso(*r.first), format_iso(*r.last));
  fmt::format_to(to,
                 "  versions added {} ({} identical in content to the version before), already stored {}, duplicate "
                 "inputs {}\n",
                 r.versions_added, r.unchanged, r.already_stored, r.duplicate_inputs);
  fmt::format_to(to, "  polygons by status:");
  for (Status s : kAllStatuses) {
    const auto n = r.polygons[static_cast<std::size_t>(s)];
    if (n > 0) fmt::format_to(to, " {} {}", to_string(s), n);
  }
  fmt::format_to(to, "\n  excluded, not Ukraine: {} polygons ({} labels)\n", total(r.foreign), r.foreign.size());
  fmt::format_to(to, "  excluded, unclassified: {} polygons\n", total(r.unclassified));
  for (const auto& [label, n] : r.unclassified)
    fmt::format_to(to, "    {} x {}: no label rule and no status colour\n", n, label);
  fmt::format_to(to, "  classified by fill colour alone: {} polygons ({} labels; --json lists them)\n",
                 total(r.by_fill), r.by_fill.size());
  if (!r.far_away.empty()) {
    fmt::format_to(to, "  excluded, far from Ukraine: {} polygons wholly outside {} (a drawing error, not ground)\n",
                   total(r.far_away), geo::theatre_text());
    for (const auto& [label, n] : r.far_away) fmt::format_to(to, "    {} x {}\n", n, label);
  }
  fmt::format_to(to, "  skipped: {} point features (not measured), {} other geometries; dropped {} degenerate rings\n",
                 r.points, r.other_geometries, r.degenerate_rings);
  fmt::format_to(to, "  invalid polygons repaired: {}; new rings stored: {}\n", r.repaired, r.rings_added);
  if (r.holes_outside_shell + r.holes_partly_outside_shell > 0) {
    fmt::format_to(to, "  holes outside their shell: {} wholly (no area subtracted), {} partly (only their overlap)\n",
                   r.holes_outside_shell, r.holes_partly_outside_shell);
  }
  return out;
}

}  // namespace frontline::format
