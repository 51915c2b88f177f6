// RAII over the GEOS C API (reentrant `_r` functions only). One GeosContext per thread; every
// geometry handle is owned by a GeomPtr that knows its context. Errors GEOS reports through its
// message handler are kept on the context and turned into Result errors by the callers.
#pragma once

#include "geo/geos_api.hpp"

#include <memory>
#include <span>
#include <string>

#include "frontline/error.hpp"
#include "frontline/geometry.hpp"

namespace frontline::geo {

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t handle() const noexcept { return handle_; }
  // The last error GEOS reported on this context (empty when none); reading clears it.
  std::string take_error();

 private:
  static void on_error(const char* message, void* userdata);
  GEOSContextHandle_t handle_;
  std::string last_error_;
};

struct GeomDeleter {
  GEOSContextHandle_t handle = nullptr;
  void operator()(GEOSGeometry* g) const noexcept {
    if (g != nullptr) geos_c().GEOSGeom_destroy_r(handle, g);
  }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

inline GeomPtr adopt(const GeosContext& ctx, GEOSGeometry* g) {
  return GeomPtr(g, GeomDeleter{ctx.handle()});
}

// Building GEOS geometries from grid coordinates.
Result<GeomPtr> to_geos(GeosContext& ctx, const Polygon& polygon);
Result<GeomPtr> to_geos(GeosContext& ctx, const MultiPolygon& polygons);
// A collection of the given polygons (each may be a Polygon or MultiPolygon); takes ownership.
Result<GeomPtr> make_collection(GeosContext& ctx, std::vector<GeomPtr> parts);
GeomPtr empty_polygon(GeosContext& ctx);

// The polygonal parts of any geometry, back on the grid. Lines and points (collapsed parts of an
// overlay) are dropped: they have no area.
Result<MultiPolygon> from_geos(GeosContext& ctx, const GEOSGeometry* g);

// Overlay operations (GEOS OverlayNG, floating precision: on this data several times faster than
// snap-rounding on the grid). from_geos rounds their new intersection points back to the grid,
// moving them by at most half a grid step (5 mm).
Result<GeomPtr> union_all(GeosContext& ctx, const GEOSGeometry* collection);
Result<GeomPtr> difference(GeosContext& ctx, const GEOSGeometry* a, const GEOSGeometry* b);
Result<GeomPtr> intersection(GeosContext& ctx, const GEOSGeometry* a, const GEOSGeometry* b);

// GEOS Normalize: rings and their starting points in a canonical order, so that overlays of one
// point set give one result whatever vertex a ring started at.
Result<void> normalize(GeosContext& ctx, GEOSGeometry* g);
// A rectangle as a polygon.
Result<GeomPtr> box_polygon(GeosContext& ctx, const BBox& box);

// Paths buffered by `metres` (round ends and joins) on the sinusoidal projection centred on the
// paths' mean longitude: distances along parallels and along the central meridian are true, and
// within 6° of it the shear changes a buffer's width by well under 1 %. The result is on the
// grid, in longitude and latitude.
Result<MultiPolygon> buffer_paths(GeosContext& ctx, const std::vector<std::vector<FixedCoordinate>>& paths,
                                  double metres);

// GEOS isValid. Cheap on rings that cross themselves (it stops at the first error), but on a
// valid ring it tests every pair of edges whose boxes overlap: geo/edge_load.hpp bounds that first.
Result<bool> is_valid(GeosContext& ctx, const GEOSGeometry* g);
// GEOS MakeValid, "structure" method: a ring encloses the union of the areas it goes round, and
// collapsed parts are dropped. Call it on single rings only (geo/repair.hpp says why).
Result<GeomPtr> make_valid(GeosContext& ctx, const GEOSGeometry* g);
// Planar area in square degrees: only to tell "some area" from "none".
Result<double> planar_area(GeosContext& ctx, const GEOSGeometry* g);

bool is_empty(GeosContext& ctx, const GEOSGeometry* g);

// The part of `g` inside a rectangle, computed in linear time (no noding). The result is meant as
// an overlay input near a region of interest; it can be invalid along the rectangle's edges.
Result<GeomPtr> clip_to(GeosContext& ctx, const GEOSGeometry* g, const BBox& box);

// The geometry with vertices dropped where they lie within `tolerance_deg` of the outline kept,
// without making rings cross or holes leave their shells (for drawing, never for measuring).
Result<GeomPtr> simplify_preserving_topology(GeosContext& ctx, const GEOSGeometry* g, double tolerance_deg);

struct PreparedDeleter {
  GEOSContextHandle_t handle = nullptr;
  void operator()(const GEOSPreparedGeometry* p) const noexcept {
    if (p != nullptr) geos_c().GEOSPreparedGeom_destroy_r(handle, p);
  }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;
PreparedPtr prepare(GeosContext& ctx, const GEOSGeometry* g);
// 1: intersect (touching included), 0: disjoint, -1: GEOS failed.
int intersects(GeosContext& ctx, const GEOSPreparedGeometry* p, const GEOSGeometry* g);
// 1: g lies in p (boundary included), 0: it does not, -1: GEOS failed.
int covers(GeosContext& ctx, const GEOSPreparedGeometry* p, const GEOSGeometry* g);

}  // namespace frontline::geo
