// Claims: reading them with their places resolved, the registry, and the verdicts
// (docs/claims.md).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <unordered_set>

#include "frontline/claims.hpp"
#include "frontline/name_key.hpp"
#include "frontline/places.hpp"
#include "geo/geodesic.hpp"
#include "geo/locate.hpp"
#include "geo/plane.hpp"
#include "io/bundled.hpp"
#include "io/claims_reader.hpp"

namespace frontline {

const char* to_string(ClaimWhat w) noexcept {
  switch (w) {
    case ClaimWhat::captured:
      return "captured";
    case ClaimWhat::liberated:
      return "liberated";
    case ClaimWhat::entered:
      return "entered";
    case ClaimWhat::encircled:
      return "encircled";
    case ClaimWhat::advanced:
      return "advanced";
  }
  return "?";
}

std::optional<ClaimWhat> claim_what_from_string(std::string_view s) noexcept {
  for (auto w :
       {ClaimWhat::captured, ClaimWhat::liberated, ClaimWhat::entered, ClaimWhat::encircled, ClaimWhat::advanced}) {
    if (s == to_string(w)) return w;
  }
  return std::nullopt;
}

const char* to_string(Verdict v) noexcept {
  switch (v) {
    case Verdict::supported:
      return "supported";
    case Verdict::partly_supported:
      return "partly supported";
    case Verdict::not_supported:
      return "not supported";
    case Verdict::contradicted:
      return "contradicted";
    case Verdict::unverifiable:
      return "unverifiable";
    case Verdict::pending:
      return "pending";
  }
  return "?";
}

namespace {

constexpr std::size_t kMaxWarnings = 50;
constexpr std::uint64_t kMaxClaimsFileBytes = std::uint64_t{256} << 20;

double metres(FixedCoordinate a, FixedCoordinate b) {
  const geo::LocalPlane k(a.lat);
  return std::hypot((b.lon - a.lon) * k.x, (b.lat - a.lat) * k.y);
}

// Wikipedia's town: a settlement of that name, the nearest to the table's coordinates where it
// gives them and several share the name; nullopt when none (or several and no coordinates).
Result<std::optional<Place>> wikipedia_place(const Store& store, const io::ClaimRow& row) {
  FRONTLINE_TRY(candidates, store.places_by_key(name_key(row.claim.place)));
  std::erase_if(candidates, [](const Place& p) { return p.kind != PlaceKind::settlement; });
  if (candidates.empty()) return std::optional<Place>{};
  if (candidates.size() == 1) return std::optional<Place>(candidates.front());
  if (!row.near) return std::optional<Place>{};
  auto best = std::min_element(candidates.begin(), candidates.end(), [&](const Place& a, const Place& b) {
    return metres(*row.near, a.point) < metres(*row.near, b.point);
  });
  // The table's coordinates are matched by name and some are wrong: farther than 20 km is another town.
  if (metres(*row.near, best->point) > 20'000) return std::optional<Place>{};
  return std::optional<Place>(*best);
}

}  // namespace

Result<std::vector<Claim>> read_claims(const Store& store, const std::filesystem::path& file,
                                       ClaimsImportReport* report) {
  FRONTLINE_TRY(text, io::read_text_file(file, kMaxClaimsFileBytes));
  FRONTLINE_TRY(parsed, io::parse_claims(text, file.string()));
  FRONTLINE_TRY(has_places, store.has_places());
  std::vector<Claim> out;
  if (report != nullptr) {
    report->files.push_back(file.string());
    report->skipped += parsed.skipped;
  }
  for (auto& row : parsed.rows) {
    if (report != nullptr) ++report->read;
    Claim& c = row.claim;
    if (!c.polygon) {
      if (!has_places) {
        return make_error(ErrorCode::not_found,
                          fmt::format("{}: the claim names the place '{}', but the store {} has no gazetteer; run "
                                      "`frontline places import --store {} data`",
                                      row.where, c.place, store.path().string(), store.path().string()));
      }
      if (parsed.dataset == "wikipedia") {
        FRONTLINE_TRY(place, wikipedia_place(store, row));
        if (!place) {
          if (report != nullptr) {
            ++report->unresolved;
            if (report->warnings.size() < kMaxWarnings) {
              report->warnings.push_back(
                  fmt::format("{}: no single settlement '{}' in the gazetteer; left out", row.where, c.place));
            }
          }
          continue;
        }
        c.place_id = place->id;
      } else if (!c.place.empty() && c.place.size() < 12 &&
                 c.place.find_first_not_of("0123456789") == std::string::npos) {
        // A place id (`places search`, `places list`): no name to resolve.
        FRONTLINE_TRY(place, store.place(std::stoll(c.place)));
        if (!place) return make_error(ErrorCode::bad_input, fmt::format("{}: no place with id {}", row.where, c.place));
        c.place_id = place->id;
        c.place = place->name;
      } else {
        auto place = find_place(store, c.place, row.oblast);
        if (!place) {
          return make_error(ErrorCode::bad_input, fmt::format("{}: {}", row.where, place.error().message));
        }
        c.place_id = place->id;
      }
    }
    out.push_back(std::move(c));
  }
  // The table repeats a claim in every daily snapshot until the text changes: one claim each.
  std::vector<Claim> unique;
  std::unordered_set<std::string> seen;
  for (auto& c : out) {
    if (seen.insert(c.key).second) unique.push_back(std::move(c));
  }
  return unique;
}

Result<ClaimsImportReport> import_claims(Store& store, std::span<const std::filesystem::path> files) {
  if (files.empty()) return make_error(ErrorCode::bad_request, "give at least one claims file");
  ClaimsImportReport report;
  std::vector<Claim> all;
  for (const auto& f : files) {
    FRONTLINE_TRY(claims, read_claims(store, f, &report));
    for (auto& c : claims) all.push_back(std::move(c));
  }
  FRONTLINE_TRY(writer, store.begin_write());
  FRONTLINE_TRY(added, writer.add_claims(all));
  FRONTLINE_CHECK(writer.commit());
  report.added = added;
  report.already_stored = static_cast<std::int64_t>(all.size()) - added;
  FRONTLINE_TRY(stored, store.claims());
  report.stored_total = static_cast<std::int64_t>(stored.size());
  return report;
}

Result<Claim> add_claim(Store& store, Claim claim) {
  if (!claim.polygon && !claim.place_id) {
    FRONTLINE_TRY(place, find_place(store, claim.place));
    claim.place_id = place.id;
  }
  if (claim.key.empty()) {
    claim.key =
        fmt::format("cli:{}:{}:{}:{}", claim.place, to_string(claim.what), format_iso(claim.claimed_at), claim.actor);
  }
  if (claim.dataset.empty()) claim.dataset = "cli";
  FRONTLINE_TRY(writer, store.begin_write());
  std::vector<Claim> one{claim};
  FRONTLINE_TRY(added, writer.add_claims(one));
  if (added == 0) {
    return make_error(ErrorCode::conflict, fmt::format("a claim with the key '{}' is stored already", claim.key));
  }
  FRONTLINE_CHECK(writer.commit());
  return one.front();
}

// ---- verdicts ----

namespace {

struct Extent {
  Place place;
  MultiPolygon geometry;
};

Result<Extent> extent_of(const Store& store, const Claim& c) {
  Extent e;
  if (c.polygon) {
    e.geometry = *c.polygon;
    e.place.id = 0;
    e.place.kind = PlaceKind::custom;
    e.place.extent = ExtentKind::user_polygon;
    e.place.name = c.place;
    for (const auto& p : e.geometry) {
      for (const auto& pt : p.outer) e.place.bbox.extend(pt);
    }
    e.place.area_m2 = geo::area_m2(e.geometry);
    e.place.point = {
        static_cast<std::int32_t>((static_cast<std::int64_t>(e.place.bbox.min_lon) + e.place.bbox.max_lon) / 2),
        static_cast<std::int32_t>((static_cast<std::int64_t>(e.place.bbox.min_lat) + e.place.bbox.max_lat) / 2)};
    return e;
  }
  FRONTLINE_TRY(p, store.place(c.place_id.value_or(0)));
  if (!p) return make_error(ErrorCode::not_found, fmt::format("claim {}: no place {}", c.key, c.place_id.value_or(0)));
  e.place = std::move(*p);
  FRONTLINE_TRY(g, store.place_geometry(e.place.id));
  e.geometry = std::move(g);
  return e;
}

// The claimant's share: occupied ground for Russia's claims, ground neither occupied nor grey
// for Ukraine's.
double claimant_share(Side side, const PlaceShare& s) {
  return side == Side::russian ? s.occupied : std::max(0.0, 1.0 - s.occupied - s.contested);
}

std::string percent(double share) {
  return fmt::format("{:.1f} %", share * 100);
}

}  // namespace

Result<std::vector<ClaimVerdict>> check_claims(const Store& store, std::string_view map, std::span<const Claim> claims,
                                               const ClaimsCheckOptions& options) {
  if (options.grace_days < 0 || options.grace_days > 365) {
    return make_error(ErrorCode::bad_request, fmt::format("grace {} days: give 0 to 365", options.grace_days));
  }
  FRONTLINE_TRY(versions, store.versions(map));
  if (versions.empty()) return make_error(ErrorCode::not_found, fmt::format("the map '{}' has no versions", map));
  const Timestamp now = options.now.value_or(Timestamp{
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count()});
  const std::int64_t grace = static_cast<std::int64_t>(options.grace_days) * 86400;
  const Timestamp first = versions.front().time, last = versions.back().time;
  // The claimant's shares over each claim's grace period, measured place by place: one meter per
  // place and each version's polygons read once, however many claims name it.
  VersionPolygons vp(store, versions);
  std::vector<std::vector<PlaceShare>> shares_of_claim(claims.size());
  std::vector<std::optional<Extent>> extent_of_claim(claims.size());
  {
    std::map<std::int64_t, std::vector<std::size_t>> by_place;  // place id -> claims; polygons alone
    for (std::size_t i = 0; i < claims.size(); ++i) {
      const auto& c = claims[i];
      if (c.claimed_at < first || c.what == ClaimWhat::encircled || c.what == ClaimWhat::advanced) continue;
      by_place[c.polygon ? -static_cast<std::int64_t>(i) - 1 : c.place_id.value_or(0)].push_back(i);
    }
    for (const auto& [key, members] : by_place) {
      FRONTLINE_TRY(extent, extent_of(store, claims[members.front()]));
      std::vector<ShareWindow> windows;
      for (std::size_t i : members)
        windows.push_back({claims[i].claimed_at, Timestamp{claims[i].claimed_at.seconds + grace}});
      FRONTLINE_TRY(rows, place_shares(store, vp, extent.place, windows,
                                       claims[members.front()].polygon ? &extent.geometry : nullptr));
      for (std::size_t k = 0; k < members.size(); ++k) {
        shares_of_claim[members[k]] = std::move(rows[k]);
        extent_of_claim[members[k]] = extent;
      }
    }
  }
  std::vector<ClaimVerdict> out;
  out.reserve(claims.size());
  for (std::size_t ci = 0; ci < claims.size(); ++ci) {
    const Claim& c = claims[ci];
    ClaimVerdict v;
    v.claim = c;
    if (!extent_of_claim[ci]) {
      FRONTLINE_TRY(e, extent_of(store, c));
      extent_of_claim[ci] = std::move(e);
    }
    const Extent& extent = *extent_of_claim[ci];
    v.place = extent.place;
    auto& f = v.figures;
    f.place_km2 = extent.place.area_m2 / 1e6;
    const Timestamp end{c.claimed_at.seconds + grace};
    const std::string claim_text = fmt::format(
        "{} claimed on {} that {} {} {}", c.actor.empty() ? std::string(to_string(c.side)) + " side" : c.actor,
        format_date(c.claimed_at), c.side == Side::russian ? "Russia" : "Ukraine", to_string(c.what), c.place);
    if (c.claimed_at < first) {
      v.verdict = Verdict::unverifiable;
      v.explanation = fmt::format("{}; {} begins {}: no map data then", claim_text, map, format_date(first));
      out.push_back(std::move(v));
      continue;
    }
    if (c.what == ClaimWhat::encircled || c.what == ClaimWhat::advanced) {
      v.verdict = Verdict::unverifiable;
      v.explanation = fmt::format(
          "{}; frontline judges claims of capture, liberation and entry by the ground held; "
          "'{}' is not judged from the map",
          claim_text, to_string(c.what));
      out.push_back(std::move(v));
      continue;
    }
    const std::vector<PlaceShare>& rows = shares_of_claim[ci];
    f.versions = rows.size();
    if (!rows.empty()) {
      f.share_at_claim = claimant_share(c.side, rows.front());
      double best = -1;
      for (const auto& r : rows) {
        const double s = claimant_share(c.side, r);
        if (s > best) {
          best = s;
          f.max_share_at = format_iso(r.version.time);
        }
      }
      f.max_share = best;
      f.share_at_end = claimant_share(c.side, rows.back());
      f.grey_share_at_end = rows.back().contested;
    }
    // The evidence inside the place within the grace period.
    EvidenceFilter ef;
    ef.from = c.claimed_at;
    ef.to = end;
    ef.bbox = extent.place.bbox;
    FRONTLINE_TRY(seen, store.evidence(ef));
    const Side other = c.side == Side::russian ? Side::ukrainian : Side::russian;
    for (const auto& e : seen) {
      if (!geo::covers(extent.geometry, e.point)) continue;
      if (e.side == other) {
        if (++f.evidence_other_side == 1) {
          f.first_evidence_against = fmt::format("{} (id {})", format_date(e.observed_at), e.id);
        }
      } else if (e.side == c.side) {
        ++f.evidence_claimant_side;
      }
    }
    const bool window_complete = end <= last;
    const double max_share = f.max_share.value_or(0);
    const double grey = f.grey_share_at_end.value_or(0);
    const std::string held =
        fmt::format("{} held {} of {} ({:.1f} km²) at most within {} days (as of the claim {}, at the end {}{})",
                    c.side == Side::russian ? "Russia" : "Ukraine", percent(max_share), c.place, f.place_km2,
                    options.grace_days, percent(f.share_at_claim.value_or(0)), percent(f.share_at_end.value_or(0)),
                    grey > 0 ? fmt::format(", grey {}", percent(grey)) : std::string());
    const double supported_mark = c.what == ClaimWhat::entered ? 0.05 : 0.95;
    if (f.evidence_other_side > 0) {
      v.verdict = Verdict::contradicted;
      v.explanation =
          fmt::format("{}; {} evidence record(s) of {} presence inside it after the claim, the first {}; {}",
                      claim_text, f.evidence_other_side, to_string(other), *f.first_evidence_against, held);
    } else if (max_share >= supported_mark) {
      v.verdict = Verdict::supported;
      v.explanation = fmt::format("{}; {}", claim_text, held);
    } else if (!window_complete && end > now) {
      v.verdict = Verdict::pending;
      v.explanation = fmt::format("{}; the grace period runs to {} and the map's last version is {}; so far {}",
                                  claim_text, format_date(end), format_date(last), held);
    } else if (!window_complete) {
      v.verdict = Verdict::unverifiable;
      v.explanation = fmt::format("{}; the map ends {}, before the grace period did ({}): no map data then; so far {}",
                                  claim_text, format_date(last), format_date(end), held);
    } else if (c.what == ClaimWhat::entered ? max_share + grey >= 0.05
                                            : (max_share >= 0.5 || max_share + grey >= 0.5)) {
      v.verdict = Verdict::partly_supported;
      v.explanation = fmt::format("{}; {}", claim_text, held);
    } else {
      v.verdict = Verdict::not_supported;
      v.explanation = fmt::format("{}; {}", claim_text, held);
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace frontline
