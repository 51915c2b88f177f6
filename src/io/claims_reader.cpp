#include "io/claims_reader.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <regex>

#include "base/text.hpp"
#include "io/csv.hpp"
#include "io/evidence_readers.hpp"

namespace frontline::io {

namespace {

Error bad(std::string_view where, std::string_view what) {
  return make_error(ErrorCode::bad_input, fmt::format("{}: {}", where, what));
}

// Non-breaking spaces (Wikipedia puts one after every flag) and runs of spaces as one space.
std::string squeeze(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool space = std::isspace(static_cast<unsigned char>(s[i])) != 0;
    if (!space && s.substr(i, 2) == "\xC2\xA0") {
      space = true;
      ++i;
    }
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += s[i];
    }
  }
  return trim(out);
}

Result<void> common_fields(const std::string& where, ClaimRow& row, std::string_view side_text,
                           std::string_view what_text, std::string_view claimed_at) {
  Claim& c = row.claim;
  auto side = side_from_string(ascii_lower(trim(side_text)));
  if (!side || *side == Side::unknown) {
    return bad(where,
               fmt::format("side '{}' is not russian (ru) or ukrainian (ua): a claim has a claimant", trim(side_text)));
  }
  c.side = *side;
  std::string what = ascii_lower(trim(what_text));
  // "advanced 3 km": the kind and its distance.
  if (what.starts_with("advanced")) {
    const std::string rest = trim(std::string_view(what).substr(8));
    if (!rest.empty()) {
      double km = 0;
      const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), km);
      if (ec != std::errc() || !(km > 0 && km < 1000)) {
        return bad(where, fmt::format("'{}': give advanced N km with N between 0 and 1000", what_text));
      }
      c.advanced_km = km;
      (void)ptr;
    }
    what = "advanced";
  }
  auto w = claim_what_from_string(what);
  if (!w) {
    return bad(where, fmt::format("what '{}' is not captured, liberated, entered, encircled or advanced N km",
                                  trim(what_text)));
  }
  c.what = *w;
  FRONTLINE_TRY(t, parse_observed_time(trim(claimed_at), where));
  c.claimed_at = t.at;
  return {};
}

Result<ClaimsFile> parse_frontline_csv(const CsvHeader& header, CsvReader& reader, const std::string& name) {
  for (const char* col : {"claimed_at", "place", "what", "side"}) {
    if (!header.has(col)) {
      return bad(fmt::format("{}:1", name),
                 fmt::format("no '{}' column: a claims file has id, actor, side, claimed_at, place, what, "
                             "source_url, quote (docs/claims.md)",
                             col));
    }
  }
  ClaimsFile out;
  out.dataset = "csv";
  for (;;) {
    FRONTLINE_TRY(row, reader.next());
    if (!row) break;
    auto get = [&](std::string_view col) -> std::string {
      auto i = header.find(col);
      return i && *i < row->size() ? trim((*row)[*i]) : std::string();
    };
    ClaimRow r;
    r.where = fmt::format("{}:{}", name, reader.line());
    FRONTLINE_CHECK(common_fields(r.where, r, get("side"), get("what"), get("claimed_at")));
    r.claim.dataset = "csv";
    r.claim.actor = get("actor");
    r.claim.place = get("place");
    r.oblast = get("oblast");
    r.claim.source_url = get("source_url");
    r.claim.quote = get("quote");
    if (r.claim.place.empty()) return bad(r.where, "the claim names no place");
    const std::string id = get("id");
    r.claim.key = id.empty() ? fmt::format("csv:{}:{}:{}:{}", r.claim.place, to_string(r.claim.what),
                                           format_iso(r.claim.claimed_at), r.claim.actor)
                             : "csv:" + id;
    out.rows.push_back(std::move(r));
  }
  return out;
}

Result<ClaimsFile> parse_wikipedia(const CsvHeader& header, CsvReader& reader, const std::string& name) {
  ClaimsFile out;
  out.dataset = "wikipedia";
  const bool latest = !header.has("snapshot_date");  // latest.csv: "Name", "More information", "update"
  for (;;) {
    FRONTLINE_TRY(row, reader.next());
    if (!row) break;
    auto get = [&](std::string_view col) -> std::string {
      auto i = header.find(col);
      return i && *i < row->size() ? (*row)[*i] : std::string();
    };
    const std::string text = squeeze(get(latest ? "more information" : "more_information"));
    const std::string snapshot = trim(latest ? get("update") : get("snapshot_date"));
    int year = 0;
    if (snapshot.size() >= 4) {
      // "2024-06-19" or "17 August 2024 00h53 UTC": the first run of four digits.
      for (std::size_t i = 0; i + 4 <= snapshot.size(); ++i) {
        if (std::all_of(snapshot.begin() + static_cast<std::ptrdiff_t>(i),
                        snapshot.begin() + static_cast<std::ptrdiff_t>(i + 4),
                        [](char ch) { return ch >= '0' && ch <= '9'; })) {
          year = std::stoi(snapshot.substr(i, 4));
          break;
        }
      }
    }
    auto claim = wikipedia_claim(text, year);
    if (!claim) {
      ++out.skipped;
      continue;
    }
    ClaimRow r;
    r.where = fmt::format("{}:{}", name, reader.line());
    Claim& c = r.claim;
    c.dataset = "wikipedia";
    c.what = claim->what;
    c.side = claim->side;
    c.actor = claim->actor;
    c.claimed_at = claim->at;
    c.place = trim(get("name"));
    c.source_url = "https://en.wikipedia.org/wiki/Cities_and_towns_during_the_Russo-Ukrainian_war";
    c.quote = text;
    const std::string lat = trim(get("lat")), lon = trim(get("lon"));
    if (!lat.empty() && !lon.empty()) {
      double a = 0, o = 0;
      const auto ra = std::from_chars(lat.data(), lat.data() + lat.size(), a);
      const auto ro = std::from_chars(lon.data(), lon.data() + lon.size(), o);
      if (ra.ec == std::errc() && ro.ec == std::errc()) r.near = to_fixed(Longitude{o}, Latitude{a});
    }
    c.key = fmt::format("wikipedia:{}:{}:{}", c.place, to_string(c.what), format_date(c.claimed_at));
    out.rows.push_back(std::move(r));
  }
  return out;
}

Result<ClaimsFile> parse_json(const nlohmann::json& doc, const std::string& name) {
  if (!doc.is_array()) return bad(name, "a claims JSON file is an array of claims (docs/claims.md)");
  ClaimsFile out;
  out.dataset = "json";
  std::size_t index = 0;
  for (const auto& j : doc) {
    ++index;
    ClaimRow r;
    r.where = fmt::format("{}: claim {}", name, index);
    if (!j.is_object()) return bad(r.where, "a claim is not an object");
    auto text = [&](const char* k) -> std::string {
      auto it = j.find(k);
      if (it == j.end() || it->is_null()) return {};
      if (it->is_string()) return trim(it->get<std::string>());
      if (it->is_number()) return it->dump();
      return {};
    };
    FRONTLINE_CHECK(common_fields(r.where, r, text("side"), text("what"), text("claimed_at")));
    Claim& c = r.claim;
    c.dataset = "json";
    c.actor = text("actor");
    c.place = text("place");
    r.oblast = text("oblast");
    c.source_url = text("source_url");
    c.quote = text("quote");
    if (auto p = j.find("polygon"); p != j.end() && !p->is_null()) {
      // A GeoJSON Polygon or MultiPolygon: the ground the claim names.
      const std::string type = p->is_object() && p->contains("type") && (*p)["type"].is_string()
                                   ? (*p)["type"].get<std::string>()
                                   : std::string();
      const auto coords = p->is_object() ? p->find("coordinates") : p->end();
      if ((type != "Polygon" && type != "MultiPolygon") || coords == p->end() || !coords->is_array()) {
        return bad(r.where, "polygon is not a GeoJSON Polygon or MultiPolygon");
      }
      std::vector<nlohmann::json> polys;
      if (type == "Polygon") {
        polys.push_back(*coords);
      } else {
        for (const auto& q : *coords) polys.push_back(q);
      }
      MultiPolygon mp;
      std::size_t vertices = 0;
      for (const auto& q : polys) {
        if (!q.is_array() || q.empty()) return bad(r.where, "a polygon without rings");
        Polygon poly;
        for (std::size_t k = 0; k < q.size(); ++k) {
          if (!q[k].is_array() || q[k].size() < 4) return bad(r.where, "a ring of fewer than four positions");
          Ring ring;
          for (const auto& pos : q[k]) {
            if (++vertices > 100'000) return bad(r.where, "a claim's polygon of more than 100,000 positions");
            if (!pos.is_array() || pos.size() < 2 || !pos[0].is_number() || !pos[1].is_number()) {
              return bad(r.where, "a position is not [longitude, latitude]");
            }
            auto f = to_fixed(Longitude{pos[0].get<double>()}, Latitude{pos[1].get<double>()});
            if (!f) return bad(r.where, "a position is out of range");
            ring.push_back(*f);
          }
          if (ring.front() != ring.back()) return bad(r.where, "a ring is not closed");
          if (k == 0) {
            poly.outer = std::move(ring);
          } else {
            poly.holes.push_back(std::move(ring));
          }
        }
        mp.push_back(std::move(poly));
      }
      c.polygon = std::move(mp);
      if (c.place.empty()) c.place = "(polygon)";
    }
    if (c.place.empty()) return bad(r.where, "the claim names no place and gives no polygon");
    const std::string id = text("id");
    c.key = id.empty() ? fmt::format("json:{}:{}:{}:{}", c.place, to_string(c.what), format_iso(c.claimed_at), c.actor)
                       : "json:" + id;
    out.rows.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::optional<WikipediaClaim> wikipedia_claim(std::string_view raw, int snapshot_year) {
  static const std::regex kForms[] = {
      // 0 Claimed by a Russian source on 10 June 2024 / between 10–12 May 2024
      std::regex(R"(Claimed by (?:an? |some )?(Russian sources?|Ukrainian sources?) (?:on|between) (?:around )?)"
                 R"((\d{1,2})(?:\s*[–-]\s*\d{1,2})? ([A-Z][a-z]+)(?: (\d{4}))?)"),
      // 1 Capture claimed by Russia/ LPR 12 July 2022
      std::regex(R"(Capture claimed by ((?:Russia|Ukraine)[^0-9]*?) (?:on )?(\d{1,2}) ([A-Z][a-z]+)(?: (\d{4}))?)"),
      // 2 Claimed contested by a Russian source since 14 June 2024
      std::regex(
          R"(Claimed contested by (?:an? |some )?(Russian sources?|Ukrainian sources?) (?:since|on) (?:around )?)"
          R"((\d{1,2})(?:\s*[–-]\s*\d{1,2})? ([A-Z][a-z]+)(?: (\d{4}))?)"),
      // 3 Control claimed by Ukraine on 1 April
      std::regex(
          R"(Control claimed by ((?:the )?(?:Ukraine|Russia[^ ]*|LPR|DPR)[^0-9]*?),? (?:on|as of) (\d{1,2}) ([A-Z][a-z]+)(?: (\d{4}))?)"),
  };
  static const std::array<std::string_view, 12> kMonths = {"January",   "February", "March",    "April",
                                                           "May",       "June",     "July",     "August",
                                                           "September", "October",  "November", "December"};
  const std::string text = squeeze(raw);
  for (std::size_t form = 0; form < std::size(kForms); ++form) {
    std::smatch m;
    if (!std::regex_search(text, m, kForms[form])) continue;
    const std::string actor = trim(m[1].str());
    const int day = std::stoi(m[2].str());
    int month = 0;
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
      if (m[3].str() == kMonths[i]) month = static_cast<int>(i) + 1;
    }
    const int year = m[4].matched ? std::stoi(m[4].str()) : snapshot_year;
    if (month == 0 || year < 2014 || year > 2100) continue;
    auto t = parse_time(fmt::format("{:04}-{:02}-{:02}", year, month, day));
    if (!t) continue;
    WikipediaClaim c;
    c.at = *t;
    const bool ukrainian = actor.find("Ukrain") != std::string::npos;
    c.side = ukrainian ? Side::ukrainian : Side::russian;
    c.actor = actor;
    if (form == 2) {
      c.what = ClaimWhat::entered;
    } else if (ukrainian) {
      c.what = ClaimWhat::liberated;
    } else {
      c.what = ClaimWhat::captured;
    }
    return c;
  }
  return std::nullopt;
}

Result<ClaimsFile> parse_claims(std::string_view text, const std::string& name) {
  std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (i >= text.size()) return bad(name, "the file is empty");
  if (text[i] == '[' || text[i] == '{') {
    auto doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded()) return bad(name, "the file is not valid JSON");
    return parse_json(doc, name);
  }
  CsvReader reader(text, name);
  FRONTLINE_TRY(first, reader.next());
  if (!first) return bad(name, "the file is empty");
  const CsvHeader header(std::move(*first));
  if (header.has("more_information") || header.has("more information")) return parse_wikipedia(header, reader, name);
  return parse_frontline_csv(header, reader, name);
}

}  // namespace frontline::io
