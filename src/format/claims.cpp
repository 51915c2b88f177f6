// Claims documents: the import report, the registry, the verdicts.
#include "format/json_doc.hpp"

namespace frontline::format {

namespace {

json share(const std::optional<double>& v) {
  return v ? json(round_to(*v, 4)) : json(nullptr);
}

json claim_fields(const Claim& c) {
  json j;
  j["id"] = c.id == 0 ? json(c.key) : json(c.id);
  j["key"] = c.key;
  j["actor"] = c.actor;
  j["side"] = to_string(c.side);
  j["claimed_at"] = format_iso(c.claimed_at);
  j["place"] = c.place;
  j["place_id"] = c.place_id ? json(*c.place_id) : json(nullptr);
  j["what"] = c.what == ClaimWhat::advanced && c.advanced_km ? json(fmt::format("advanced {:g} km", *c.advanced_km))
                                                             : json(to_string(c.what));
  j["source_url"] = c.source_url;
  j["quote"] = c.quote;
  return j;
}

}  // namespace

std::string claims_import_json(const ClaimsImportReport& r) {
  json j;
  j["files"] = r.files;
  j["read"] = r.read;
  j["added"] = r.added;
  j["already_stored"] = r.already_stored;
  j["skipped"] = r.skipped;
  j["unresolved"] = r.unresolved;
  j["warnings"] = r.warnings;
  j["stored_total"] = r.stored_total;
  return doc(j);
}

std::string claims_import_text(const ClaimsImportReport& r) {
  std::string out = fmt::format("read {} claims from {} file(s): added {}, already stored {}; {} in the store\n",
                                r.read, r.files.size(), r.added, r.already_stored, r.stored_total);
  if (r.skipped > 0) out += fmt::format("{} rows hold no dated claim (left out)\n", r.skipped);
  if (r.unresolved > 0)
    out += fmt::format("{} claims name a town not found in the gazetteer (left out)\n", r.unresolved);
  for (const auto& w : r.warnings) out += "warning: " + w + "\n";
  return out;
}

std::string claims_list_json(std::span<const Claim> claims) {
  json arr = json::array();
  for (const auto& c : claims) arr.push_back(claim_fields(c));
  return doc(arr);
}

Table claims_list_table(std::span<const Claim> claims) {
  Table t({"id", "claimed", "side", "actor", "what", "place"});
  for (const auto& c : claims) {
    t.add({std::to_string(c.id), format_date(c.claimed_at), to_string(c.side), c.actor, to_string(c.what), c.place});
  }
  return t;
}

std::string claims_check_json(std::span<const ClaimVerdict> verdicts) {
  json arr = json::array();
  for (const auto& v : verdicts) {
    json j = claim_fields(v.claim);
    j["verdict"] = to_string(v.verdict);
    const auto& f = v.figures;
    json fig;
    fig["place_km2"] = km2(f.place_km2);
    fig["share_at_claim"] = share(f.share_at_claim);
    fig["max_share"] = share(f.max_share);
    fig["max_share_at"] = f.max_share_at ? json(*f.max_share_at) : json(nullptr);
    fig["share_at_end"] = share(f.share_at_end);
    fig["grey_share_at_end"] = share(f.grey_share_at_end);
    fig["versions"] = f.versions;
    fig["evidence_other_side"] = f.evidence_other_side;
    fig["evidence_claimant_side"] = f.evidence_claimant_side;
    fig["first_evidence_against"] = f.first_evidence_against ? json(*f.first_evidence_against) : json(nullptr);
    j["figures"] = fig;
    j["explanation"] = v.explanation;
    arr.push_back(std::move(j));
  }
  return doc(arr);
}

std::string claims_check_text(std::span<const ClaimVerdict> verdicts) {
  std::string out;
  std::map<std::string, std::size_t> counts;
  for (const auto& v : verdicts) ++counts[to_string(v.verdict)];
  out += fmt::format("{} claims:", verdicts.size());
  for (const auto& [k, n] : counts) out += fmt::format(" {} {},", n, k);
  if (out.back() == ',') out.pop_back();
  out += "\n\n";
  for (const auto& v : verdicts) {
    out += fmt::format("{}  {}\n  {}\n", v.claim.id == 0 ? v.claim.key : std::to_string(v.claim.id),
                       to_string(v.verdict), v.explanation);
  }
  return out;
}

std::string claimed_layer_json(std::string_view map, std::span<const ClaimedLayerDay> days) {
  json arr = json::array();
  for (const auto& d : days) {
    json j;
    j["date"] = d.date;
    j["version_time"] = d.version ? json(format_iso(d.version->time)) : json(nullptr);
    j["polygons"] = d.polygons;
    j["claimed_km2"] = km2(d.claimed_km2);
    j["not_shown_km2"] = km2(d.not_shown_km2);
    j["not_shown_share"] =
        d.not_shown_km2 && d.claimed_km2 > 0 ? json(round_to(*d.not_shown_km2 / d.claimed_km2, 4)) : json(nullptr);
    arr.push_back(std::move(j));
  }
  return doc(json{{"map", map}, {"days", arr}});
}

Table claimed_layer_table(std::span<const ClaimedLayerDay> days) {
  Table t({"date", "version", "polygons", "claimed_km2", "not_shown_km2", "not_shown_share"});
  for (const auto& d : days) {
    t.add(
        {d.date, d.version ? format_iso(d.version->time) : "-", std::to_string(d.polygons),
         fmt::format("{:.1f}", d.claimed_km2), km2_text(d.not_shown_km2),
         d.not_shown_km2 && d.claimed_km2 > 0 ? fmt::format("{:.1f} %", 100 * *d.not_shown_km2 / d.claimed_km2) : "-"});
  }
  return t;
}

std::string claimed_layer_geojson(std::span<const ClaimedLayerDay> days) {
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
  bool first = true;
  for (const auto& d : days) {
    if (d.not_shown.empty()) continue;
    if (!first) out += ',';
    first = false;
    out += fmt::format(
        "{{\"type\":\"Feature\",\"properties\":{{\"date\":\"{}\",\"claimed_km2\":{},\"not_shown_km2\":{}}},"
        "\"geometry\":",
        d.date, round_to(d.claimed_km2, 3), round_to(d.not_shown_km2.value_or(0), 3));
    write_multipolygon(out, d.not_shown);
    out += '}';
  }
  out += "]}\n";
  return out;
}

}  // namespace frontline::format
