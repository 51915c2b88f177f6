// Evidence against a map (docs/evidence.md): the map's status at each record's point as of its
// time, and over the following versions until the map agrees with what was seen.
//
// One pass over the versions. A record is located in the version as of its time; a record the
// map contradicts stays open, and is located again only in versions whose change touches it
// (changed_boxes: every point whose status differs between two versions lies in one of them).
// Polygons are indexed once per distinct polygon (EdgeStripes), not once per version.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <unordered_map>

#include "analysis/internal.hpp"
#include "frontline/evidence.hpp"
#include "frontline/translit.hpp"
#include "geo/geodesic.hpp"
#include "geo/hash.hpp"
#include "geo/locate.hpp"
#include "geo/point_index.hpp"
#include "io/bundled.hpp"

namespace frontline {

const char* to_string(Finding f) noexcept {
  switch (f) {
    case Finding::consistent:
      return "consistent";
    case Finding::ahead_of_map:
      return "ahead_of_map";
    case Finding::outside_ukraine:
      return "outside_ukraine";
    case Finding::unverifiable:
      return "unverifiable";
  }
  return "?";
}

namespace {

// The indexed polygons of one version, built from a cache keyed by polygon identity.
class PolygonCache {
 public:
  explicit PolygonCache(const Store& store) : store_(store) {}

  Result<std::shared_ptr<const geo::EdgeStripes>> get(const StoredPolygon& p) {
    std::vector<std::uint64_t> ids(p.rings.begin(), p.rings.end());
    ids.push_back(static_cast<std::uint64_t>(p.status));
    const std::uint64_t key = geo::hash_ids(ids);
    auto it = cache_.find(key);
    if (it != cache_.end()) {
      it->second.used = generation_;
      return it->second.stripes;
    }
    FRONTLINE_TRY(g, store_.geometry(std::span<const StoredPolygon>(&p, 1)));
    auto stripes = std::make_shared<const geo::EdgeStripes>(g);
    edges_ += stripes->edges();
    cache_.emplace(key, Entry{stripes, generation_});
    return stripes;
  }

  // Drops what the last versions did not use once the cache holds many edges.
  void next_version() {
    ++generation_;
    if (edges_ < 8'000'000) return;
    for (auto it = cache_.begin(); it != cache_.end();) {
      if (it->second.used + 2 < generation_) {
        edges_ -= it->second.stripes->edges();
        it = cache_.erase(it);
      } else {
        ++it;
      }
    }
  }

 private:
  struct Entry {
    std::shared_ptr<const geo::EdgeStripes> stripes;
    std::uint64_t used = 0;
  };
  const Store& store_;
  std::unordered_map<std::uint64_t, Entry> cache_;
  std::uint64_t generation_ = 0;
  std::size_t edges_ = 0;
};

struct Version {
  const VersionInfo* info = nullptr;
  std::vector<StoredPolygon> polygons;  // those that carry a status of their own (not derived totals)
};

Result<Version> load_version(const Store& store, const VersionInfo& v, Store::RingBoxes& boxes) {
  Version out;
  out.info = &v;
  FRONTLINE_TRY(polys, store.polygons(v.id, boxes));
  const bool derived_total = v.layer(Status::occupied) != nullptr;
  for (auto& p : polys) {
    if (p.status == Status::occupied_total && derived_total) continue;
    out.polygons.push_back(std::move(p));
  }
  return out;
}

Result<std::optional<Status>> status_of(const Version& v, FixedCoordinate pt, PolygonCache& cache) {
  for (const auto& p : v.polygons) {
    if (!p.bbox.contains(pt)) continue;
    FRONTLINE_TRY(s, cache.get(p));
    if (s->covers(pt)) return std::optional<Status>(p.status);
  }
  return std::optional<Status>{};
}

bool agrees(Side side, std::optional<Status> status, bool in_ukraine) {
  if (side == Side::russian) return status && counts_as_occupied(*status);
  if (side == Side::ukrainian) return status ? *status == Status::liberated : in_ukraine;
  return false;
}

// The ground that agrees with the side: occupied polygons for russian; for ukrainian, the edge of
// the occupied or grey ground the point lies in (beyond it the map shows Ukrainian ground, or
// the border or the coast: docs/evidence.md).
Result<std::optional<double>> distance_inside_m(const Version& v, FixedCoordinate pt, Side side, double max_m,
                                                PolygonCache& cache) {
  std::optional<geo::EdgeStripes::Nearest> best;
  for (const auto& p : v.polygons) {
    const bool wanted = side == Side::russian ? counts_as_occupied(p.status)
                                              : (counts_as_occupied(p.status) || p.status == Status::contested);
    if (!wanted) continue;
    FRONTLINE_TRY(s, cache.get(p));
    if (side == Side::ukrainian && !s->covers(pt)) continue;
    auto n = s->nearest(pt, best ? best->plane_m : max_m);
    if (n && (!best || n->plane_m < best->plane_m)) best = n;
  }
  if (!best) return std::optional<double>{};
  return std::optional<double>(geo::distance_m(pt, best->foot));
}

std::string status_name(std::optional<Status> s, bool in_ukraine) {
  if (s) return std::string(to_string(*s));
  return in_ukraine ? "held_by_ukraine" : "outside_ukraine";
}

Timestamp judged_at(const EvidenceRecord& r) {
  switch (r.time_precision) {
    case TimePrecision::exact:
      return r.observed_at;
    case TimePrecision::day:
      return Timestamp{r.observed_at.seconds + 86400 - 1};
    case TimePrecision::week:
      return Timestamp{r.observed_at.seconds + std::int64_t{7} * 86400 - 1};
  }
  return r.observed_at;
}

struct Oblasts {
  std::vector<io::GeoJsonFeature> features;
  std::vector<BBox> boxes;
  const io::GeoJsonFeature* find(FixedCoordinate p) const {
    for (std::size_t i = 0; i < features.size(); ++i) {
      if (boxes[i].contains(p) && geo::covers(features[i].polygons, p)) return &features[i];
    }
    return nullptr;
  }
};

std::string oblast_name(const io::GeoJsonFeature& f) {
  auto it = f.properties.find("ADMIN_1");
  return it != f.properties.end() ? oblast_name_en(it->second) : std::string("Ukraine");
}

const char* side_word(Side s) {
  return s == Side::russian ? "Russian" : s == Side::ukrainian ? "Ukrainian" : "Unknown";
}

std::string ground_word(const std::string& map_status) {
  if (map_status == "held_by_ukraine" || map_status == "liberated") return "Ukrainian-held ground";
  if (map_status == "contested") return "the grey zone";
  return "Russian-held ground";
}

}  // namespace

Result<EvidenceCheck> check_evidence(const Store& store, std::string_view map, const EvidenceCheckOptions& options) {
  FRONTLINE_TRY(versions, store.versions(map));
  if (versions.empty()) return make_error(ErrorCode::not_found, fmt::format("the map '{}' has no versions", map));
  EvidenceFilter filter;
  filter.from = options.from;
  filter.to = options.to;
  filter.dataset = options.dataset;
  FRONTLINE_TRY(records, store.evidence(filter));
  FRONTLINE_TRY(oblast_features, io::ukraine_oblasts());
  Oblasts oblasts{std::move(oblast_features), {}};
  for (const auto& f : oblasts.features) {
    BBox b;
    for (const auto& poly : f.polygons) {
      for (const auto& c : poly.outer) b.extend(c);
    }
    oblasts.boxes.push_back(b);
  }

  EvidenceCheck out;
  out.map = std::string(map);
  out.records = records.size();
  const double max_m = options.max_distance_km * 1000;

  // Each record's version (index) as of its judged time; records without one are unverifiable.
  std::vector<EvidenceFinding> findings(records.size());
  std::vector<std::vector<std::size_t>> starting(versions.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto& f = findings[i];
    f.record = std::move(records[i]);
    const auto* ob = oblasts.find(f.record.point);
    f.oblast = ob != nullptr ? oblast_name(*ob) : std::string();
    const Timestamp at = judged_at(f.record);
    auto it = std::upper_bound(versions.begin(), versions.end(), at,
                               [](Timestamp t, const VersionInfo& v) { return t < v.time; });
    if (it == versions.begin()) {
      f.finding = Finding::unverifiable;
      f.explanation = fmt::format("no version of {} as of {}: the map begins {}", map,
                                  format_date(f.record.observed_at), format_date(versions.front().time));
      continue;
    }
    const auto k = static_cast<std::size_t>(std::distance(versions.begin(), it) - 1);
    f.version_time = versions[k].time;
    starting[k].push_back(i);
  }

  PolygonCache cache(store);
  Store::RingBoxes ring_boxes;
  std::vector<std::size_t> open;  // ahead_of_map records the map has not yet agreed with
  std::optional<Version> previous;
  for (std::size_t k = 0; k < versions.size(); ++k) {
    if (open.empty() && starting[k].empty()) {
      previous.reset();
      continue;
    }
    cache.next_version();
    FRONTLINE_TRY(v, load_version(store, versions[k], ring_boxes));
    // Open records: located again where this version changed.
    if (!open.empty() && k > 0) {
      FRONTLINE_TRY(change, change_between(store, versions[k - 1].id, versions[k].id));
      if (!change.empty()) {
        FRONTLINE_TRY(boxes, changed_boxes(store, change, ChangeClasses::by_status));
        std::vector<std::size_t> still;
        for (std::size_t i : open) {
          auto& f = findings[i];
          const FixedCoordinate pt = f.record.point;
          const bool touched = std::any_of(boxes.begin(), boxes.end(), [&](const BBox& b) { return b.contains(pt); });
          if (touched) {
            FRONTLINE_TRY(s, status_of(v, pt, cache));
            if (agrees(f.record.side, s, !f.oblast.empty())) {
              f.changed_in = versions[k].time;
              f.map_changed_after_days =
                  static_cast<double>(versions[k].time.seconds - f.record.observed_at.seconds) / 86400.0;
              continue;
            }
          }
          still.push_back(i);
        }
        open = std::move(still);
      }
    }
    for (std::size_t i : starting[k]) {
      auto& f = findings[i];
      const FixedCoordinate pt = f.record.point;
      FRONTLINE_TRY(s, status_of(v, pt, cache));
      const bool in_ukraine = !f.oblast.empty() || s.has_value();
      f.map_status = status_name(s, in_ukraine);
      if (!s && f.oblast.empty()) {
        f.finding = Finding::outside_ukraine;
        f.explanation = fmt::format("outside Ukraine, where {} draws nothing", map);
        continue;
      }
      if (f.record.side == Side::unknown) {
        f.finding = Finding::unverifiable;
        f.explanation = "the record does not say whose presence it shows";
        continue;
      }
      if (agrees(f.record.side, s, !f.oblast.empty())) {
        f.finding = Finding::consistent;
        continue;
      }
      f.finding = Finding::ahead_of_map;
      FRONTLINE_TRY(d, distance_inside_m(v, pt, f.record.side, max_m, cache));
      if (d) f.distance_inside_km = *d / 1000;
      open.push_back(i);
    }
  }
  const Timestamp last = versions.back().time;
  for (auto& f : findings) {
    if (f.finding != Finding::ahead_of_map) continue;
    const std::string inside = f.distance_inside_km ? fmt::format("{:.1f} km inside", *f.distance_inside_km)
                                                    : fmt::format("more than {:g} km inside", options.max_distance_km);
    const std::string seen = fmt::format("{} presence {} {} on {}", side_word(f.record.side), inside,
                                         ground_word(f.map_status), format_date(f.record.observed_at));
    if (f.map_changed_after_days) {
      ++out.reflected_later;
      f.explanation = fmt::format("{}; the map changed there {:.0f} days later ({})", seen, *f.map_changed_after_days,
                                  format_date(*f.changed_in));
    } else {
      f.days_unreflected = std::max(0.0, static_cast<double>(last.seconds - f.record.observed_at.seconds) / 86400.0);
      f.explanation = fmt::format("{}; not reflected after {:.0f} days (to the last version, {})", seen,
                                  std::floor(f.days_unreflected), format_date(last));
    }
  }
  for (const auto& f : findings) ++out.counts[f.finding];
  // The review queue: what the map does not show yet first, by confidence, distance and age.
  auto rank = [](Finding f) {
    switch (f) {
      case Finding::ahead_of_map:
        return 0;
      case Finding::outside_ukraine:
        return 2;
      case Finding::unverifiable:
        return 3;
      case Finding::consistent:
        return 4;
    }
    return 5;
  };
  std::stable_sort(findings.begin(), findings.end(), [&](const EvidenceFinding& a, const EvidenceFinding& b) {
    const int ra = rank(a.finding) + (a.finding == Finding::ahead_of_map && a.map_changed_after_days ? 1 : 0);
    const int rb = rank(b.finding) + (b.finding == Finding::ahead_of_map && b.map_changed_after_days ? 1 : 0);
    if (ra != rb) return ra < rb;
    if (a.record.confidence != b.record.confidence) return a.record.confidence > b.record.confidence;
    const double da = a.distance_inside_km.value_or(0), db = b.distance_inside_km.value_or(0);
    if (da != db) return da > db;
    if (a.record.observed_at != b.record.observed_at) return a.record.observed_at < b.record.observed_at;
    return a.record.id < b.record.id;
  });
  if (!options.all) std::erase_if(findings, [](const EvidenceFinding& f) { return f.finding == Finding::consistent; });
  out.findings = std::move(findings);
  return out;
}

std::vector<LagRow> evidence_lag(const EvidenceCheck& check) {
  std::map<std::pair<std::string, std::string>, std::vector<double>> groups;
  for (const auto& f : check.findings) {
    if (f.finding != Finding::ahead_of_map || !f.map_changed_after_days) continue;
    const std::string month = format_month(f.record.observed_at);
    groups[{month, ""}].push_back(*f.map_changed_after_days);
    groups[{month, f.oblast}].push_back(*f.map_changed_after_days);
  }
  std::vector<LagRow> out;
  for (auto& group : groups) {
    const auto& key = group.first;
    auto& days = group.second;  // named, not bound: clang 14 lambdas cannot capture structured bindings
    std::sort(days.begin(), days.end());
    auto q = [&](double p) {
      // The nearest-rank percentile: a value some record really had.
      const auto n = days.size();
      const auto idx = static_cast<std::size_t>(std::ceil(p * static_cast<double>(n))) - (p > 0 ? 1 : 0);
      return days[std::min(idx, n - 1)];
    };
    LagRow r;
    r.month = key.first;
    r.sector = key.second;
    r.records = days.size();
    r.p25_days = q(0.25);
    r.median_days = q(0.5);
    r.p75_days = q(0.75);
    r.p90_days = q(0.9);
    double sum = 0;
    for (double d : days) sum += d;
    r.mean_days = sum / static_cast<double>(days.size());
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace frontline
