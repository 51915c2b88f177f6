#include "geo/repair.hpp"

#include <vector>

namespace frontline::geo {

namespace {

Error geos_failed(GeosContext& ctx, const char* what) {
  std::string msg = ctx.take_error();
  return make_error(ErrorCode::internal, std::string("GEOS ") + what + " failed" + (msg.empty() ? "" : ": " + msg));
}

Result<GeomPtr> ring_area(GeosContext& ctx, const Ring& ring) {
  FRONTLINE_TRY(g, to_geos(ctx, Polygon{ring, {}}));
  return make_valid(ctx, g.get());
}

enum class HolePlace { inside, partly_outside, outside };

Result<HolePlace> place_of(GeosContext& ctx, const GEOSGeometry* shell, const GEOSPreparedGeometry* prepared,
                           const GEOSGeometry* hole) {
  const int covered = covers(ctx, prepared, hole);
  if (covered < 0) return geos_failed(ctx, "covers");
  if (covered == 1) return HolePlace::inside;
  const int meets = intersects(ctx, prepared, hole);
  if (meets < 0) return geos_failed(ctx, "intersects");
  if (meets == 0) return HolePlace::outside;
  // Touching the shell from outside shares no area.
  FRONTLINE_TRY(common, intersection(ctx, shell, hole));
  FRONTLINE_TRY(area, planar_area(ctx, common.get()));
  return area > 0 ? HolePlace::partly_outside : HolePlace::outside;
}

Result<ValidPolygon> repair(GeosContext& ctx, const Polygon& p, const EdgeLoad& load) {
  ValidPolygon out;
  out.repaired = true;
  out.load = load;
  FRONTLINE_TRY(shell, ring_area(ctx, p.outer));
  GeomPtr result;
  if (!p.holes.empty()) {
    const PreparedPtr prepared = prepare(ctx, shell.get());
    if (!prepared) return geos_failed(ctx, "prepare");
    std::vector<GeomPtr> holes;
    for (const Ring& ring : p.holes) {
      FRONTLINE_TRY(hole, ring_area(ctx, ring));
      if (is_empty(ctx, hole.get())) continue;  // a collapsed hole goes round no area
      FRONTLINE_TRY(place, place_of(ctx, shell.get(), prepared.get(), hole.get()));
      if (place == HolePlace::outside) {
        ++out.holes_outside;
        continue;
      }
      if (place == HolePlace::partly_outside) ++out.holes_partly_outside;
      holes.push_back(std::move(hole));
    }
    if (!holes.empty()) {
      FRONTLINE_TRY(all, make_collection(ctx, std::move(holes)));
      FRONTLINE_TRY(hole_area, union_all(ctx, all.get()));
      FRONTLINE_TRY(d, difference(ctx, shell.get(), hole_area.get()));
      result = std::move(d);
    }
  }
  if (!result) {
    // As for any MakeValid result, a union merges its parts into one valid geometry.
    FRONTLINE_TRY(u, union_all(ctx, shell.get()));
    result = std::move(u);
  }
  // New intersection points are off the grid; from_geos rounds them back (at most 5 mm).
  FRONTLINE_TRY(mp, from_geos(ctx, result.get()));
  out.polygons = std::move(mp);
  return out;
}

}  // namespace

Result<ValidPolygon> make_valid_polygon(GeosContext& ctx, const Polygon& p, WorkBudget& budget) {
  std::vector<const Ring*> rings{&p.outer};
  for (const Ring& h : p.holes) rings.push_back(&h);
  // GEOS isValid tests every pair of edges with overlapping extents: counted and charged first.
  const EdgeLoad load = edge_load(rings, budget.room_for_check());
  FRONTLINE_CHECK(budget.charge_check(load));
  FRONTLINE_TRY(g, to_geos(ctx, p));
  FRONTLINE_TRY(valid, is_valid(ctx, g.get()));
  if (valid) {
    ValidPolygon out;
    out.polygons.push_back(p);
    out.load = load;
    return out;
  }
  FRONTLINE_CHECK(budget.charge_repair(load));
  return repair(ctx, p, load);
}

Result<void> charge_again(WorkBudget& budget, const EdgeLoad& load, bool repaired) {
  FRONTLINE_CHECK(budget.charge_check(load));
  if (repaired) FRONTLINE_CHECK(budget.charge_repair(load));
  return {};
}

}  // namespace frontline::geo
