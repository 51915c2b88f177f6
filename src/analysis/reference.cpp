#include <fmt/format.h>

#include "frontline/reference.hpp"
#include "geo/geodesic.hpp"
#include "geo/geos.hpp"
#include "geo/repair.hpp"
#include "io/ogr_loader.hpp"

namespace frontline {

Result<ReferenceArea> measure_boundary(const std::filesystem::path& path) {
  FRONTLINE_TRY(features, io::load_ogr_polygons(path, ""));
  geo::GeosContext ctx;
  ReferenceArea out;
  std::vector<geo::GeomPtr> parts;
  // A boundary file is input like any other: its repairs are bounded as an import's are.
  geo::WorkBudget budget;
  std::vector<MultiPolygon> valid_parts;
  for (std::size_t i = 0; i < features.size(); ++i) {
    for (const auto& p : features[i].polygons) {
      auto valid = geo::make_valid_polygon(ctx, p, budget);
      if (!valid) {
        Error e = std::move(valid).error();
        e.message = fmt::format("{}: feature {}: {}", path.string(), i + 1, e.message);
        return e;
      }
      if (valid->repaired) ++out.repaired;
      FRONTLINE_TRY(g, geo::to_geos(ctx, valid->polygons));
      parts.push_back(std::move(g));
      valid_parts.push_back(std::move(valid->polygons));
    }
  }
  // The union nodes all the polygons together: its work is counted and bounded too.
  std::vector<const Ring*> rings;
  for (const auto& mp : valid_parts) {
    for (const auto& p : mp) {
      rings.push_back(&p.outer);
      for (const auto& h : p.holes) rings.push_back(&h);
    }
  }
  if (auto charged = budget.charge_union(geo::edge_load(rings, budget.room_for_cut())); !charged) {
    Error e = std::move(charged).error();
    e.message = fmt::format("{}: {}", path.string(), e.message);
    return e;
  }
  out.features = features.size();
  FRONTLINE_TRY(coll, geo::make_collection(ctx, std::move(parts)));
  // Neighbouring regions share borders; the union counts shared ground once.
  FRONTLINE_TRY(u, geo::union_all(ctx, coll.get()));
  FRONTLINE_TRY(mp, geo::from_geos(ctx, u.get()));
  out.area_m2 = geo::area_m2(mp);
  return out;
}

Result<double> ukraine_area_m2(const Store& store) {
  FRONTLINE_TRY(own, store.reference_area_m2("ukraine"));
  return own && *own > 0 ? *own : kUkraineAreaM2;
}

}  // namespace frontline
