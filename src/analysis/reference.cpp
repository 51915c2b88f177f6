#include <fmt/format.h>

#include "frontline/reference.hpp"
#include "geo/geodesic.hpp"
#include "geo/geos.hpp"
#include "io/ogr_loader.hpp"

namespace frontline {

Result<ReferenceArea> measure_boundary(const std::filesystem::path& path) {
  FRONTLINE_TRY(features, io::load_ogr_polygons(path, ""));
  geo::GeosContext ctx;
  ReferenceArea out;
  std::vector<geo::GeomPtr> parts;
  for (const auto& f : features) {
    for (const auto& p : f.polygons) {
      FRONTLINE_TRY(g, geo::to_geos(ctx, p));
      bool repaired = false;
      FRONTLINE_TRY(valid, geo::make_valid(ctx, std::move(g), repaired));
      if (repaired) ++out.repaired;
      parts.push_back(std::move(valid));
    }
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
