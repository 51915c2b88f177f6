#include "analysis/internal.hpp"

namespace frontline::analysis {

Result<geo::GeomPtr> union_of(geo::GeosContext& ctx, const MultiPolygon& mp, const BBox* clip) {
  if (mp.empty()) return geo::empty_polygon(ctx);
  std::vector<geo::GeomPtr> parts;
  for (const auto& p : mp) {
    if (clip != nullptr && !bbox_of(p.outer).intersects(*clip)) continue;
    FRONTLINE_TRY(g, geo::to_geos(ctx, p));
    if (clip != nullptr) {
      FRONTLINE_TRY(c, geo::clip_to(ctx, g.get(), *clip));
      g = std::move(c);
    }
    parts.push_back(std::move(g));
  }
  if (parts.empty()) return geo::empty_polygon(ctx);
  FRONTLINE_TRY(coll, geo::make_collection(ctx, std::move(parts)));
  return geo::union_all(ctx, coll.get());
}

Result<geo::GeomPtr> union_of_valid(geo::GeosContext& ctx, const MultiPolygon& mp) {
  std::vector<geo::GeomPtr> parts;
  for (const auto& p : mp) {
    FRONTLINE_TRY(g, geo::to_geos(ctx, p));
    FRONTLINE_TRY(valid, geo::is_valid(ctx, g.get()));
    if (!valid) {
      FRONTLINE_TRY(fixed, geo::make_valid(ctx, g.get()));
      g = std::move(fixed);
    }
    parts.push_back(std::move(g));
  }
  if (parts.empty()) return geo::empty_polygon(ctx);
  FRONTLINE_TRY(coll, geo::make_collection(ctx, std::move(parts)));
  return geo::union_all(ctx, coll.get());
}

Result<double> area_of(geo::GeosContext& ctx, const GEOSGeometry* g, MultiPolygon* keep) {
  FRONTLINE_TRY(mp, geo::from_geos(ctx, g));
  const double a = geo::area_m2(mp);
  if (keep != nullptr) *keep = std::move(mp);
  return a;
}

}  // namespace frontline::analysis
