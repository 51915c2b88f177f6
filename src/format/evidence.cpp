// Evidence documents: the import report, the review queue (JSON, GeoJSON, table), the lag.
#include "format/json_doc.hpp"

namespace frontline::format {

namespace {

json coordinate(std::int32_t v) {
  return round_to(v / kGridPerDegree, 7);
}

json optional_number(const std::optional<double>& v, int decimals) {
  return v ? json(round_to(*v, decimals)) : json(nullptr);
}

// What every evidence document says of a record first: who, when, where.
json record_fields(const EvidenceRecord& r) {
  json j;
  j["id"] = r.id;
  j["key"] = r.key;
  j["dataset"] = r.dataset;
  j["observed_at"] = format_iso(r.observed_at);
  j["time_precision"] = to_string(r.time_precision);
  j["lon"] = coordinate(r.point.lon);
  j["lat"] = coordinate(r.point.lat);
  j["precision_m"] = round_to(r.precision_m, 1);
  j["side"] = to_string(r.side);
  j["kind"] = to_string(r.kind);
  return j;
}

json finding_properties(const EvidenceFinding& f) {
  const auto& r = f.record;
  json j = record_fields(r);
  j["oblast"] = f.oblast.empty() ? json(nullptr) : json(f.oblast);
  j["version_time"] = f.version_time ? json(format_iso(*f.version_time)) : json(nullptr);
  j["map_status"] = f.map_status.empty() ? json(nullptr) : json(f.map_status);
  j["finding"] = to_string(f.finding);
  j["distance_inside_km"] = optional_number(f.distance_inside_km, 3);
  j["map_changed_after_days"] = optional_number(f.map_changed_after_days, 3);
  j["map_changed_in"] = f.changed_in ? json(format_iso(*f.changed_in)) : json(nullptr);
  j["confidence"] = r.confidence;
  j["sources"] = r.sources;
  j["geolocation"] = r.geolocation.empty() ? json(nullptr) : json(r.geolocation);
  j["unsourced"] = r.unsourced;
  j["explanation"] = f.explanation;
  return j;
}

}  // namespace

std::string evidence_import_json(const EvidenceImportReport& r) {
  json j;
  j["files"] = r.files;
  j["read"] = r.read;
  json by = json::object();
  for (const auto& [k, v] : r.read_by_dataset) by[k] = v;
  j["read_by_dataset"] = by;
  j["added"] = r.added;
  j["already_stored"] = r.already_stored;
  j["merged_by_source"] = r.merged_by_source;
  j["merged_by_place"] = r.merged_by_place;
  j["unsourced"] = r.unsourced;
  j["skipped_unsourced"] = r.skipped_unsourced;
  j["skipped_without_place"] = r.skipped_without_place;
  j["looked_swapped"] = r.swapped;
  j["warnings_total"] = r.warnings_total;
  j["warnings"] = r.warnings;
  json merges = json::array();
  for (const auto& m : r.merges) merges.push_back({{"kept", m.kept}, {"merged", m.merged}, {"why", m.why}});
  j["merges"] = merges;
  j["stored_total"] = r.stored_total;
  return doc(j);
}

std::string evidence_import_text(const EvidenceImportReport& r) {
  std::string out;
  std::string datasets;
  for (const auto& [k, v] : r.read_by_dataset) datasets += fmt::format("{}{} {}", datasets.empty() ? "" : ", ", v, k);
  fmt::format_to(std::back_inserter(out), "read {} records from {} file(s){}\n", r.read, r.files.size(),
                 datasets.empty() ? "" : " (" + datasets + ")");
  fmt::format_to(std::back_inserter(out),
                 "added {}, already stored {}, merged {} by source and {} by place and day; {} in the store\n", r.added,
                 r.already_stored, r.merged_by_source, r.merged_by_place, r.stored_total);
  if (r.unsourced > 0)
    fmt::format_to(std::back_inserter(out), "{} imported without a source, marked unsourced\n", r.unsourced);
  if (r.skipped_unsourced > 0) {
    fmt::format_to(std::back_inserter(out), "{} left out without a source (--skip-unsourced)\n", r.skipped_unsourced);
  }
  if (r.skipped_without_place > 0) {
    fmt::format_to(std::back_inserter(out),
                   "{} rows left out: no coordinates, or not evidence (a legend's reference site)\n",
                   r.skipped_without_place);
  }
  for (const auto& w : r.warnings) fmt::format_to(std::back_inserter(out), "warning: {}\n", w);
  if (r.warnings_total > static_cast<std::int64_t>(r.warnings.size())) {
    fmt::format_to(std::back_inserter(out), "... and {} more warnings (--json lists the first {})\n",
                   r.warnings_total - static_cast<std::int64_t>(r.warnings.size()), r.warnings.size());
  }
  return out;
}

std::string evidence_list_json(std::span<const EvidenceRecord> records) {
  json arr = json::array();
  for (const auto& r : records) {
    json j = record_fields(r);
    j["sources"] = r.sources;
    j["geolocation"] = r.geolocation.empty() ? json(nullptr) : json(r.geolocation);
    j["unit"] = r.unit.empty() ? json(nullptr) : json(r.unit);
    j["text"] = r.text;
    j["unsourced"] = r.unsourced;
    j["confidence"] = r.confidence;
    arr.push_back(std::move(j));
  }
  return doc(arr);
}

Table evidence_list_table(std::span<const EvidenceRecord> records) {
  Table t({"id", "observed", "side", "kind", "lon", "lat", "sources", "confidence", "dataset"});
  for (const auto& r : records) {
    t.add({std::to_string(r.id), format_date(r.observed_at), to_string(r.side), to_string(r.kind),
           fmt::format("{:.5f}", r.point.lon / kGridPerDegree), fmt::format("{:.5f}", r.point.lat / kGridPerDegree),
           r.unsourced ? "unsourced" : std::to_string(r.sources.size()), fmt::format("{:.3f}", r.confidence),
           r.dataset});
  }
  return t;
}

std::string evidence_check_json(const EvidenceCheck& c) {
  // Written record by record, as nlohmann would write the whole array with an indent of 2: a
  // million findings as one json value would take gigabytes.
  if (c.findings.empty()) return "[]\n";
  std::string out = "[\n";
  for (std::size_t i = 0; i < c.findings.size(); ++i) {
    const std::string one = finding_properties(c.findings[i]).dump(2);
    out += "  ";
    for (char ch : one) {
      out += ch;
      if (ch == '\n') out += "  ";
    }
    out += i + 1 < c.findings.size() ? ",\n" : "\n";
  }
  out += "]\n";
  return out;
}

std::string evidence_check_geojson(const EvidenceCheck& c) {
  json counts = json::object();
  for (const auto& [k, v] : c.counts) counts[to_string(k)] = v;
  const json props = {
      {"map", c.map}, {"records", c.records}, {"counts", counts}, {"reflected_later", c.reflected_later}};
  // Feature by feature, for the same reason as evidence_check_json.
  std::string out = R"({"type":"FeatureCollection","properties":)" + props.dump() + R"(,"features":[)";
  for (std::size_t i = 0; i < c.findings.size(); ++i) {
    const auto& f = c.findings[i];
    json g;
    g["type"] = "Feature";
    g["geometry"] = {{"type", "Point"},
                     {"coordinates", {coordinate(f.record.point.lon), coordinate(f.record.point.lat)}}};
    g["properties"] = finding_properties(f);
    if (i > 0) out += ',';
    out += g.dump();
  }
  out += "]}\n";
  return out;
}

std::string evidence_check_text(const EvidenceCheck& c) {
  std::string out;
  fmt::format_to(std::back_inserter(out), "{} records against {}:", c.records, c.map);
  for (const auto& [k, v] : c.counts) fmt::format_to(std::back_inserter(out), " {} {},", v, to_string(k));
  if (out.back() == ',') out.pop_back();
  fmt::format_to(std::back_inserter(out), "\n{} of the records ahead of the map were shown by it later\n\n",
                 c.reflected_later);
  Table t({"id", "observed", "side", "lon", "lat", "map status", "finding", "km inside", "days to map", "confidence",
           "explanation"});
  for (const auto& f : c.findings) {
    const auto& r = f.record;
    t.add({std::to_string(r.id), format_date(r.observed_at), to_string(r.side),
           fmt::format("{:.5f}", r.point.lon / kGridPerDegree), fmt::format("{:.5f}", r.point.lat / kGridPerDegree),
           f.map_status.empty() ? "-" : f.map_status, to_string(f.finding),
           f.distance_inside_km ? fmt::format("{:.1f}", *f.distance_inside_km) : "-",
           f.map_changed_after_days ? fmt::format("{:.1f}", *f.map_changed_after_days) : "-",
           fmt::format("{:.3f}", r.confidence), f.explanation});
  }
  return out + t.text();
}

std::string evidence_lag_json(std::string_view map, std::span<const LagRow> rows) {
  json arr = json::array();
  for (const auto& r : rows) {
    json j;
    j["month"] = r.month;
    j["sector"] = r.sector.empty() ? json(nullptr) : json(r.sector);
    j["records"] = r.records;
    j["median_days"] = round_to(r.median_days, 3);
    j["p25_days"] = round_to(r.p25_days, 3);
    j["p75_days"] = round_to(r.p75_days, 3);
    j["p90_days"] = round_to(r.p90_days, 3);
    j["mean_days"] = round_to(r.mean_days, 3);
    arr.push_back(std::move(j));
  }
  return doc(json{{"map", map}, {"rows", arr}});
}

Table evidence_lag_table(std::span<const LagRow> rows) {
  Table t({"month", "sector", "records", "p25 days", "median days", "p75 days", "p90 days", "mean days"});
  for (const auto& r : rows) {
    t.add({r.month, r.sector.empty() ? "all" : r.sector, std::to_string(r.records), fmt::format("{:.1f}", r.p25_days),
           fmt::format("{:.1f}", r.median_days), fmt::format("{:.1f}", r.p75_days), fmt::format("{:.1f}", r.p90_days),
           fmt::format("{:.1f}", r.mean_days)});
  }
  return t;
}

std::string diff_evidence_json(std::string_view map, const DiffResult& d, std::span<const ChangeEvidence> changes,
                               const ChangeEvidenceOptions& options) {
  json j = json::parse(diff_json(map, d));
  j["within_km"] = options.within_km;
  j["days_before"] = options.days_before;
  json arr = json::array();
  std::size_t supported = 0;
  for (const auto& c : changes) {
    const DiffPiece& p = d.pieces[c.piece];
    json e;
    e["change"] = to_string(p.kind);
    e["status_before"] = p.before ? json(to_string(*p.before)) : json(nullptr);
    e["status_after"] = p.after ? json(to_string(*p.after)) : json(nullptr);
    e["area_km2"] = km2(c.area_km2);
    e["lon"] = coordinate(c.centre.lon);
    e["lat"] = coordinate(c.centre.lat);
    json ev = json::array();
    for (const auto& s : c.evidence) {
      ev.push_back({{"id", s.record.id},
                    {"observed_at", format_iso(s.record.observed_at)},
                    {"side", to_string(s.record.side)},
                    {"distance_km", round_to(s.distance_km, 3)},
                    {"confidence", s.record.confidence},
                    {"sources", s.record.sources}});
    }
    if (!c.evidence.empty()) ++supported;
    e["evidence"] = std::move(ev);
    arr.push_back(std::move(e));
  }
  j["changes"] = std::move(arr);
  j["changes_with_evidence"] = supported;
  j["changes_without_evidence"] = changes.size() - supported;
  return doc(j);
}

std::string diff_evidence_text(const DiffResult& d, std::span<const ChangeEvidence> changes,
                               const ChangeEvidenceOptions& options) {
  std::string out = diff_text(d);
  std::size_t supported = 0;
  double supported_km2 = 0, total_km2 = 0;
  for (const auto& c : changes) {
    total_km2 += c.area_km2;
    if (!c.evidence.empty()) {
      ++supported;
      supported_km2 += c.area_km2;
    }
  }
  out += fmt::format(
      "{} of {} gained or lost polygons ({:.1f} of {:.1f} km²) have evidence of the side that took them "
      "within {:g} km, from {} days before\n\n",
      supported, changes.size(), supported_km2, total_km2, options.within_km, options.days_before);
  Table t({"change", "km2", "lon", "lat", "records", "nearest km", "first seen"});
  for (const auto& c : changes) {
    const DiffPiece& p = d.pieces[c.piece];
    Timestamp first = kLatestTime;
    for (const auto& s : c.evidence) first = std::min(first, s.record.observed_at);
    t.add({to_string(p.kind), fmt::format("{:.2f}", c.area_km2), fmt::format("{:.5f}", c.centre.lon / kGridPerDegree),
           fmt::format("{:.5f}", c.centre.lat / kGridPerDegree), std::to_string(c.evidence.size()),
           c.evidence.empty() ? "-" : fmt::format("{:.2f}", c.evidence.front().distance_km),
           c.evidence.empty() ? "-" : format_date(first)});
  }
  return out + t.text();
}

}  // namespace frontline::format
