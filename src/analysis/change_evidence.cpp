// The evidence behind a change of the map: for each gained or lost polygon of a diff, the records
// of the side that took the ground near it, around the time it changed (docs/evidence.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "frontline/evidence.hpp"
#include "geo/geodesic.hpp"
#include "geo/plane.hpp"
#include "geo/point_index.hpp"

namespace frontline {

Result<std::vector<ChangeEvidence>> evidence_for_changes(const Store& store, const DiffResult& diff,
                                                         const ChangeEvidenceOptions& options) {
  if (!(options.within_km >= 0 && options.within_km <= 100)) {
    return make_error(ErrorCode::bad_request, fmt::format("within {:g} km: give 0 to 100 km", options.within_km));
  }
  if (options.days_before < 0 || options.days_before > 365) {
    return make_error(ErrorCode::bad_request, fmt::format("{} days before: give 0 to 365", options.days_before));
  }
  const double within_m = options.within_km * 1000;
  const Timestamp from{std::min(diff.from.time, diff.to.time).seconds - std::int64_t{options.days_before} * 86400};
  const Timestamp to = std::max(diff.from.time, diff.to.time);
  std::vector<ChangeEvidence> out;
  for (std::size_t i = 0; i < diff.pieces.size(); ++i) {
    const DiffPiece& piece = diff.pieces[i];
    if (piece.kind == ChangeKind::reclassified) continue;
    const Side taker = piece.kind == ChangeKind::gained ? Side::russian : Side::ukrainian;
    for (std::size_t k = 0; k < piece.geometry.size(); ++k) {
      const Polygon& poly = piece.geometry[k];
      ChangeEvidence ce;
      ce.piece = i;
      ce.polygon = k;
      ce.area_km2 = geo::area_m2(poly) / 1e6;
      const BBox box = bbox_of(poly.outer);
      ce.centre = {static_cast<std::int32_t>((std::int64_t{box.min_lon} + box.max_lon) / 2),
                   static_cast<std::int32_t>((std::int64_t{box.min_lat} + box.max_lat) / 2)};
      // The box grown by the distance: metres to grid units at the box's latitude (its widest).
      const geo::LocalPlane plane(std::abs(box.min_lat) > std::abs(box.max_lat) ? box.min_lat : box.max_lat);
      const auto grow_lon = static_cast<std::int32_t>(std::ceil(within_m / plane.x));
      const auto grow_lat = static_cast<std::int32_t>(std::ceil(within_m / plane.y));
      EvidenceFilter f;
      f.from = from;
      f.to = to;
      f.side = taker;
      f.bbox = BBox{box.min_lon - grow_lon, box.min_lat - grow_lat, box.max_lon + grow_lon, box.max_lat + grow_lat};
      FRONTLINE_TRY(near, store.evidence(f));
      if (!near.empty()) {
        const geo::EdgeStripes index(MultiPolygon{poly});
        for (auto& r : near) {
          double d = 0;
          if (!index.covers(r.point)) {
            auto n = index.nearest(r.point, within_m * 1.01);
            if (!n) continue;
            d = geo::distance_m(r.point, n->foot);
            if (d > within_m) continue;
          }
          ce.evidence.push_back({std::move(r), d / 1000});
        }
        std::stable_sort(
            ce.evidence.begin(), ce.evidence.end(),
            [](const SupportingRecord& a, const SupportingRecord& b) { return a.distance_km < b.distance_km; });
      }
      out.push_back(std::move(ce));
    }
  }
  // The largest changes first: where the map moved most is what an editor checks first.
  std::stable_sort(out.begin(), out.end(),
                   [](const ChangeEvidence& a, const ChangeEvidence& b) { return a.area_km2 > b.area_km2; });
  return out;
}

}  // namespace frontline
