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
  if (r.unresolved > 0) out += fmt::format("{} claims name a town not found in the gazetteer (left out)\n", r.unresolved);
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

}  // namespace frontline::format
