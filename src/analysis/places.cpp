// What the map says about places: status as of T, the history of a place's label, the share
// occupied of administrative units.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "analysis/internal.hpp"
#include "frontline/measures.hpp"
#include "frontline/places.hpp"
#include "geo/geodesic.hpp"
#include "geo/geos.hpp"
#include "geo/region_cells.hpp"

namespace frontline {

using namespace analysis;

namespace {

// The polygons of a version that can meet a box, by status (occupied_total left out where it is
// derived from occupied and occupied_before_2022, which are disjoint by precedence).
std::map<Status, std::vector<StoredPolygon>> polygons_near(const VersionInfo& v, const std::vector<StoredPolygon>& all,
                                                           const BBox& box) {
  std::map<Status, std::vector<StoredPolygon>> out;
  const bool derived = total_is_derived(v);
  for (const auto& p : all) {
    if (p.status == Status::occupied_total && derived) continue;
    if (!p.bbox.intersects(box)) continue;
    out[p.status].push_back(p);
  }
  return out;
}

// m² of each status inside a place, ring by ring (outer rings add, holes subtract: the polygons
// of a layer are valid and disjoint). A ring is measured once, however many versions hold it, and
// its changed rings only where they enter the place's cells (geo/region_cells.hpp).
class PlaceMeter {
 public:
  static Result<PlaceMeter> make(const Store& store, const Place& place) {
    FRONTLINE_TRY(extent, store.place_geometry(place.id));
    return of_extent(store, extent, place.bbox);
  }
  static Result<PlaceMeter> of_extent(const Store& store, const MultiPolygon& extent, const BBox& bbox) {
    FRONTLINE_TRY(cells, geo::RegionCells::build(extent, geo::RegionCells::cell_grid_for(bbox)));
    return PlaceMeter(store, std::move(cells));
  }

  Result<std::map<Status, double>> measure(const std::map<Status, std::vector<StoredPolygon>>& near) {
    std::map<Status, double> out;
    for (const auto& [status, polys] : near) {
      double sum = 0;
      for (const auto& p : polys) {
        for (std::size_t k = 0; k < p.rings.size(); ++k) {
          FRONTLINE_TRY(a, ring_m2(p.rings[k]));
          sum += k == 0 ? a : -a;
        }
      }
      out[status] = std::max(0.0, sum);
    }
    return out;
  }

 private:
  PlaceMeter(const Store& store, geo::RegionCells cells) : store_(&store), cells_(std::move(cells)) {}

  Result<double> ring_m2(RingId id) {
    if (auto it = memo_.find(id); it != memo_.end()) return it->second;
    double a = 0;
    if (rings_ != nullptr) {
      FRONTLINE_TRY(ring, rings_->ring(id));
      FRONTLINE_TRY(m2, cells_.area_on_land_m2(*ctx_, *ring));
      a = m2;
    } else {
      FRONTLINE_TRY(ring, store_->ring(id));
      FRONTLINE_TRY(m2, cells_.area_on_land_m2(*ctx_, ring));
      a = m2;
    }
    memo_.emplace(id, a);
    return a;
  }

  const Store* store_;
  geo::RegionCells cells_;
  std::unique_ptr<geo::GeosContext> ctx_ = std::make_unique<geo::GeosContext>();
  std::unordered_map<RingId, double> memo_;

 public:
  VersionPolygons* rings_ = nullptr;  // where rings are read from when many places are measured
};

double occupied_total_of(const std::map<Status, double>& m2) {
  if (auto it = m2.find(Status::occupied_total); it != m2.end()) return it->second;
  double sum = 0;
  for (Status s : {Status::occupied, Status::occupied_before_2022}) {
    if (auto it = m2.find(s); it != m2.end()) sum += it->second;
  }
  return sum;
}

struct Shares {
  double occupied = 0, contested = 0;
};

Shares shares_of(const std::map<Status, double>& m2, double place_m2) {
  if (place_m2 <= 0) return {};
  const auto contested = m2.find(Status::contested);
  return {std::min(1.0, occupied_total_of(m2) / place_m2),
          std::min(1.0, (contested == m2.end() ? 0.0 : contested->second) / place_m2)};
}

}  // namespace

std::string control_label(double occupied_share, double contested_share) {
  const double ukraine = std::max(0.0, 1.0 - occupied_share - contested_share);
  if (occupied_share >= 0.95) return "held by Russia";
  if (occupied_share >= 0.5) return "mostly held by Russia";
  if (contested_share >= 0.5) return "contested";
  if (ukraine >= 0.95) return "held by Ukraine";
  if (ukraine >= 0.5) return "mostly held by Ukraine";
  return "contested";
}

Result<PlaceStatus> place_status(const Store& store, std::string_view map, const Place& place, Timestamp at) {
  FRONTLINE_TRY(v, require_version(store, map, at));
  FRONTLINE_TRY(meter, PlaceMeter::make(store, place));
  FRONTLINE_TRY(all, store.polygons(v.id));
  FRONTLINE_TRY(m2, meter.measure(polygons_near(v, all, place.bbox)));
  PlaceStatus out;
  out.place = place;
  out.at = at;
  const double place_m2 = place.area_m2;
  out.place_km2 = place_m2 / kM2PerKm2;
  for (const auto& l : v.layers) {
    const double a = m2.contains(l.status) ? m2.at(l.status) : 0.0;
    out.areas_km2[l.status] = a / kM2PerKm2;
  }
  if (v.area_m2(Status::occupied_total)) out.areas_km2[Status::occupied_total] = occupied_total_of(m2) / kM2PerKm2;
  for (const auto& [s, km2] : out.areas_km2)
    out.shares[s] = place_m2 > 0 ? std::min(1.0, km2 * kM2PerKm2 / place_m2) : 0;
  const Shares sh = shares_of(m2, place_m2);
  out.occupied_total_share = sh.occupied;
  out.held_by_ukraine_share = std::max(0.0, 1.0 - sh.occupied - sh.contested);
  out.label = control_label(sh.occupied, sh.contested);
  out.version = std::move(v);
  return out;
}

VersionPolygons::VersionPolygons(const Store& store, std::vector<VersionInfo> versions)
    : store_(&store), versions_(std::move(versions)), polygons_(versions_.size()), changed_(versions_.size()) {}

Result<const std::vector<BBox>*> VersionPolygons::changed(std::size_t index) {
  if (!changed_[index]) {
    if (index == 0) {
      changed_[index].emplace();
    } else {
      FRONTLINE_TRY(change, change_between(*store_, versions_[index - 1].id, versions_[index].id));
      if (change.empty()) {
        changed_[index].emplace();
      } else {
        FRONTLINE_TRY(boxes, changed_boxes(*store_, change, ChangeClasses::by_status));
        changed_[index] = std::move(boxes);
      }
    }
  }
  return &*changed_[index];
}

Result<const Ring*> VersionPolygons::ring(RingId id) {
  if (auto it = rings_.find(id); it != rings_.end()) return &it->second;
  if (ring_vertices_ > 50'000'000) {
    rings_.clear();
    ring_vertices_ = 0;
  }
  FRONTLINE_TRY(r, store_->ring(id));
  ring_vertices_ += r.size();
  return &rings_.emplace(id, std::move(r)).first->second;
}

Result<const std::vector<StoredPolygon>*> VersionPolygons::polygons(std::size_t index) {
  if (!polygons_[index]) {
    FRONTLINE_TRY(p, store_->polygons(versions_[index].id, boxes_));
    polygons_[index] = std::move(p);
  }
  return &*polygons_[index];
}

Result<std::vector<std::vector<PlaceShare>>> place_shares(const Store& store, VersionPolygons& vp, const Place& place,
                                                          std::span<const ShareWindow> windows,
                                                          const MultiPolygon* extent) {
  const auto& versions = vp.versions();
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // [first, last] version index per window
  std::vector<std::size_t> needed;
  for (const auto& w : windows) {
    auto it = std::upper_bound(versions.begin(), versions.end(), w.from,
                               [](Timestamp t, const VersionInfo& v) { return t < v.time; });
    std::size_t first = it == versions.begin() ? 0 : static_cast<std::size_t>(it - versions.begin()) - 1;
    std::size_t last = first;
    while (last + 1 < versions.size() && versions[last + 1].time <= w.to) ++last;
    if (versions.empty()) continue;
    spans.emplace_back(first, last);
    for (std::size_t i = first; i <= last; ++i) needed.push_back(i);
  }
  std::sort(needed.begin(), needed.end());
  needed.erase(std::unique(needed.begin(), needed.end()), needed.end());
  std::optional<PlaceMeter> meter;
  if (extent != nullptr) {
    FRONTLINE_TRY(m, PlaceMeter::of_extent(store, *extent, place.bbox));
    meter.emplace(std::move(m));
  } else {
    FRONTLINE_TRY(m, PlaceMeter::make(store, place));
    meter.emplace(std::move(m));
  }
  meter->rings_ = &vp;
  std::unordered_map<std::size_t, Shares> at;
  std::map<Status, std::vector<StoredPolygon>> previous;
  Shares last;
  bool any = false;
  std::size_t prev = 0;
  for (std::size_t i : needed) {
    if (any) {
      // Unchanged where no change since the last version measured meets the place.
      bool touched = false;
      for (std::size_t j = prev + 1; j <= i && !touched; ++j) {
        FRONTLINE_TRY(boxes, vp.changed(j));
        touched = std::any_of(boxes->begin(), boxes->end(), [&](const BBox& b) { return b.intersects(place.bbox); });
      }
      if (!touched) {
        at.emplace(i, last);
        prev = i;
        continue;
      }
    }
    FRONTLINE_TRY(all, vp.polygons(i));
    auto near = polygons_near(versions[i], *all, place.bbox);
    if (!any || near != previous) {
      FRONTLINE_TRY(m2, meter->measure(near));
      last = shares_of(m2, place.area_m2);
      previous = std::move(near);
      any = true;
    }
    at.emplace(i, last);
    prev = i;
  }
  std::vector<std::vector<PlaceShare>> out;
  out.reserve(spans.size());
  for (auto [first, end] : spans) {
    std::vector<PlaceShare> rows;
    for (std::size_t i = first; i <= end; ++i) rows.push_back({versions[i], at[i].occupied, at[i].contested});
    out.push_back(std::move(rows));
  }
  return out;
}

Result<PlaceTimeline> place_timeline(const Store& store, std::string_view map, const Place& place) {
  FRONTLINE_TRY(versions, store.versions(map));
  FRONTLINE_TRY(meter, PlaceMeter::make(store, place));
  PlaceTimeline out;
  out.place = place;
  std::vector<Shares> shares;
  shares.reserve(versions.size());
  // A version whose polygons near the place are those of the version before (the same rings)
  // has the same answer: only versions that changed there are measured.
  std::map<Status, std::vector<StoredPolygon>> previous;
  Shares last;
  Store::RingBoxes boxes;
  for (const auto& v : versions) {
    FRONTLINE_TRY(all, store.polygons(v.id, boxes));
    auto near = polygons_near(v, all, place.bbox);
    if (shares.empty() || near != previous) {
      FRONTLINE_TRY(m2, meter.measure(near));
      last = shares_of(m2, place.area_m2);
      ++out.versions;
      previous = std::move(near);
    }
    shares.push_back(last);
  }
  std::string label;
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const std::string l = control_label(shares[i].occupied, shares[i].contested);
    if (i == 0 || l != label) out.changes.push_back({versions[i], l, shares[i].occupied});
    label = l;
  }
  // Capture dates: from the first version after which the share never fell below the mark.
  for (auto [mark, slot] : {std::pair{0.5, &out.mostly}, std::pair{0.95, &out.fully}}) {
    std::optional<std::size_t> from;
    for (std::size_t i = versions.size(); i-- > 0;) {
      if (shares[i].occupied < mark) break;
      from = i;
    }
    if (from) *slot = versions[*from];
  }
  return out;
}

namespace {

Result<std::vector<std::pair<Place, double>>> occupied_per_unit(const Store& store, const VersionInfo& v,
                                                                const std::vector<Place>& units) {
  FRONTLINE_TRY(all, store.polygons(v.id));
  const std::vector<StoredPolygon> occupied = occupied_ground(v, std::move(all));
  geo::GeosContext ctx;
  FRONTLINE_TRY(mp, store.geometry(occupied));
  FRONTLINE_TRY(layer, geo::to_geos(ctx, mp));
  const BBox box = bbox_of(mp);
  std::vector<std::pair<Place, double>> out;
  for (const auto& u : units) {
    double m2 = 0;
    if (u.bbox.intersects(box)) {
      FRONTLINE_TRY(extent, store.place_geometry(u.id));
      FRONTLINE_TRY(eg, geo::to_geos(ctx, extent));
      FRONTLINE_TRY(inside, geo::intersection(ctx, layer.get(), eg.get()));
      FRONTLINE_TRY(piece, geo::from_geos(ctx, inside.get()));
      m2 = geo::area_m2(piece);
    }
    out.emplace_back(u, m2);
  }
  return out;
}

Result<std::vector<Place>> units_of(const Store& store, PlaceKind level) {
  FRONTLINE_TRY(units, store.places(level));
  if (units.empty()) {
    FRONTLINE_TRY(has, store.has_places());
    return make_error(ErrorCode::not_found,
                      has ? fmt::format("the store's places hold no {}s (hromadas and raions come from "
                                        "ukraine-hromadas.geojson: docs/places.md)",
                                        to_string(level))
                          : fmt::format("the store {} has no places; build them with `frontline places import`",
                                        store.path().string()));
  }
  return units;
}

}  // namespace

Result<std::vector<RegionRow>> regions_at(const Store& store, std::string_view map, PlaceKind level, Timestamp at) {
  FRONTLINE_TRY(v, require_version(store, map, at));
  FRONTLINE_TRY(units, units_of(store, level));
  FRONTLINE_TRY(per, occupied_per_unit(store, v, units));
  std::vector<RegionRow> out;
  for (auto& [u, m2] : per) {
    RegionRow r;
    r.area_km2 = u.area_m2 / kM2PerKm2;
    r.occupied_total_km2 = m2 / kM2PerKm2;
    r.share_occupied = u.area_m2 > 0 ? std::min(1.0, m2 / u.area_m2) : 0;
    r.place = std::move(u);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<RegionRow>> regions_change(const Store& store, std::string_view map, PlaceKind level, Timestamp from,
                                              Timestamp to) {
  FRONTLINE_TRY(vf, require_version(store, map, from));
  FRONTLINE_TRY(vt, require_version(store, map, to));
  FRONTLINE_TRY(units, units_of(store, level));
  FRONTLINE_TRY(before, occupied_per_unit(store, vf, units));
  FRONTLINE_TRY(after, occupied_per_unit(store, vt, units));
  std::vector<RegionRow> out;
  for (std::size_t i = 0; i < units.size(); ++i) {
    RegionRow r;
    r.area_km2 = units[i].area_m2 / kM2PerKm2;
    r.occupied_total_km2 = after[i].second / kM2PerKm2;
    r.share_occupied = units[i].area_m2 > 0 ? std::min(1.0, after[i].second / units[i].area_m2) : 0;
    r.change_km2 = (after[i].second - before[i].second) / kM2PerKm2;
    r.place = units[i];
    out.push_back(std::move(r));
  }
  double gains = 0;
  for (const auto& r : out) gains += std::max(0.0, *r.change_km2);
  for (auto& r : out) {
    if (*r.change_km2 >= 0 && gains > 0) r.share_of_gains = *r.change_km2 / gains;
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const RegionRow& a, const RegionRow& b) { return *a.change_km2 > *b.change_km2; });
  return out;
}

}  // namespace frontline
