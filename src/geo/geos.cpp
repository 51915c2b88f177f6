#include "geo/geos.hpp"

#include <cmath>
#include <cstdarg>
#include <vector>

namespace frontline::geo {

namespace {

Error geos_error(GeosContext& ctx, const char* what) {
  std::string msg = ctx.take_error();
  return make_error(ErrorCode::internal, std::string("GEOS ") + what + " failed" + (msg.empty() ? "" : ": " + msg));
}

GEOSGeometry* make_ring(GEOSContextHandle_t h, const Ring& ring, std::vector<double>& buf) {
  buf.resize(ring.size() * 2);
  for (std::size_t i = 0; i < ring.size(); ++i) {
    buf[2 * i] = ring[i].lon * kGridDegrees;
    buf[2 * i + 1] = ring[i].lat * kGridDegrees;
  }
  GEOSCoordSequence* seq =
      geos_c().GEOSCoordSeq_copyFromBuffer_r(h, buf.data(), static_cast<unsigned>(ring.size()), 0, 0);
  if (seq == nullptr) return nullptr;
  return geos_c().GEOSGeom_createLinearRing_r(h, seq);
}

GEOSGeometry* make_polygon(GEOSContextHandle_t h, const Polygon& p, std::vector<double>& buf) {
  GEOSGeometry* shell = make_ring(h, p.outer, buf);
  if (shell == nullptr) return nullptr;
  std::vector<GEOSGeometry*> holes;
  holes.reserve(p.holes.size());
  for (const auto& r : p.holes) {
    GEOSGeometry* hole = make_ring(h, r, buf);
    if (hole == nullptr) {
      geos_c().GEOSGeom_destroy_r(h, shell);
      for (auto* x : holes) geos_c().GEOSGeom_destroy_r(h, x);
      return nullptr;
    }
    holes.push_back(hole);
  }
  return geos_c().GEOSGeom_createPolygon_r(h, shell, holes.data(), static_cast<unsigned>(holes.size()));
}

Result<Ring> ring_from_geos(GeosContext& ctx, const GEOSGeometry* ring, std::vector<double>& buf) {
  const GEOSCoordSequence* seq = geos_c().GEOSGeom_getCoordSeq_r(ctx.handle(), ring);
  unsigned n = 0;
  if (seq == nullptr || geos_c().GEOSCoordSeq_getSize_r(ctx.handle(), seq, &n) == 0) {
    return geos_error(ctx, "reading a ring");
  }
  buf.resize(std::size_t{n} * 2);
  if (n > 0 && geos_c().GEOSCoordSeq_copyToBuffer_r(ctx.handle(), seq, buf.data(), 0, 0) == 0) {
    return geos_error(ctx, "copying a ring");
  }
  Ring out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back({static_cast<std::int32_t>(std::lround(buf[2 * i] * kGridPerDegree)),
                   static_cast<std::int32_t>(std::lround(buf[2 * i + 1] * kGridPerDegree))});
  }
  return out;
}

Result<void> append_polygons(GeosContext& ctx, const GEOSGeometry* g, MultiPolygon& out, std::vector<double>& buf) {
  const int type = geos_c().GEOSGeomTypeId_r(ctx.handle(), g);
  if (type == GEOS_POLYGON) {
    if (geos_c().GEOSisEmpty_r(ctx.handle(), g) == 1) return {};
    Polygon p;
    FRONTLINE_TRY(outer, ring_from_geos(ctx, geos_c().GEOSGetExteriorRing_r(ctx.handle(), g), buf));
    p.outer = std::move(outer);
    const int nholes = geos_c().GEOSGetNumInteriorRings_r(ctx.handle(), g);
    for (int i = 0; i < nholes; ++i) {
      FRONTLINE_TRY(hole, ring_from_geos(ctx, geos_c().GEOSGetInteriorRingN_r(ctx.handle(), g, i), buf));
      p.holes.push_back(std::move(hole));
    }
    out.push_back(std::move(p));
    return {};
  }
  if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = geos_c().GEOSGetNumGeometries_r(ctx.handle(), g);
    for (int i = 0; i < n; ++i) {
      FRONTLINE_CHECK(append_polygons(ctx, geos_c().GEOSGetGeometryN_r(ctx.handle(), g, i), out, buf));
    }
  }
  return {};  // points and lines carry no area
}
}  // namespace

GeosContext::GeosContext() : handle_(geos_c().GEOS_init_r()) {
  geos_c().GEOSContext_setErrorMessageHandler_r(handle_, &GeosContext::on_error, this);
}
GeosContext::~GeosContext() {
  geos_c().GEOS_finish_r(handle_);
}

void GeosContext::on_error(const char* message, void* userdata) {
  auto* self = static_cast<GeosContext*>(userdata);
  self->last_error_ = message != nullptr ? message : "";
}

std::string GeosContext::take_error() {
  return std::exchange(last_error_, {});
}

Result<GeomPtr> to_geos(GeosContext& ctx, const Polygon& polygon) {
  std::vector<double> buf;
  GEOSGeometry* g = make_polygon(ctx.handle(), polygon, buf);
  if (g == nullptr) return geos_error(ctx, "building a polygon");
  return adopt(ctx, g);
}

Result<GeomPtr> to_geos(GeosContext& ctx, const MultiPolygon& polygons) {
  std::vector<double> buf;
  std::vector<GEOSGeometry*> parts;
  parts.reserve(polygons.size());
  for (const auto& p : polygons) {
    GEOSGeometry* g = make_polygon(ctx.handle(), p, buf);
    if (g == nullptr) {
      for (auto* x : parts) geos_c().GEOSGeom_destroy_r(ctx.handle(), x);
      return geos_error(ctx, "building a polygon");
    }
    parts.push_back(g);
  }
  GEOSGeometry* mp = geos_c().GEOSGeom_createCollection_r(ctx.handle(), GEOS_MULTIPOLYGON, parts.data(),
                                                          static_cast<unsigned>(parts.size()));
  if (mp == nullptr) return geos_error(ctx, "building a multipolygon");
  return adopt(ctx, mp);
}

Result<GeomPtr> make_collection(GeosContext& ctx, std::vector<GeomPtr> parts) {
  std::vector<GEOSGeometry*> raw;
  raw.reserve(parts.size());
  for (auto& p : parts) raw.push_back(p.release());
  GEOSGeometry* c = geos_c().GEOSGeom_createCollection_r(ctx.handle(), GEOS_GEOMETRYCOLLECTION, raw.data(),
                                                         static_cast<unsigned>(raw.size()));
  if (c == nullptr) {
    for (auto* x : raw) geos_c().GEOSGeom_destroy_r(ctx.handle(), x);
    return geos_error(ctx, "building a collection");
  }
  return adopt(ctx, c);
}

GeomPtr empty_polygon(GeosContext& ctx) {
  return adopt(ctx, geos_c().GEOSGeom_createEmptyPolygon_r(ctx.handle()));
}

Result<MultiPolygon> from_geos(GeosContext& ctx, const GEOSGeometry* g) {
  MultiPolygon out;
  std::vector<double> buf;
  FRONTLINE_CHECK(append_polygons(ctx, g, out, buf));
  return out;
}

Result<GeomPtr> union_all(GeosContext& ctx, const GEOSGeometry* collection) {
  GEOSGeometry* r = geos_c().GEOSUnaryUnion_r(ctx.handle(), collection);
  if (r == nullptr) return geos_error(ctx, "union");
  return adopt(ctx, r);
}

Result<GeomPtr> difference(GeosContext& ctx, const GEOSGeometry* a, const GEOSGeometry* b) {
  GEOSGeometry* r = geos_c().GEOSDifference_r(ctx.handle(), a, b);
  if (r == nullptr) return geos_error(ctx, "difference");
  return adopt(ctx, r);
}

Result<GeomPtr> intersection(GeosContext& ctx, const GEOSGeometry* a, const GEOSGeometry* b) {
  GEOSGeometry* r = geos_c().GEOSIntersection_r(ctx.handle(), a, b);
  if (r == nullptr) return geos_error(ctx, "intersection");
  return adopt(ctx, r);
}

Result<void> normalize(GeosContext& ctx, GEOSGeometry* g) {
  if (geos_c().GEOSNormalize_r(ctx.handle(), g) != 0) return geos_error(ctx, "normalize");
  return {};
}

Result<GeomPtr> box_polygon(GeosContext& ctx, const BBox& box) {
  Polygon p;
  p.outer = {{box.min_lon, box.min_lat},
             {box.max_lon, box.min_lat},
             {box.max_lon, box.max_lat},
             {box.min_lon, box.max_lat},
             {box.min_lon, box.min_lat}};
  return to_geos(ctx, p);
}

Result<MultiPolygon> buffer_paths(GeosContext& ctx, const std::vector<std::vector<FixedCoordinate>>& paths,
                                  double metres) {
  constexpr double kRadius = 6'371'008.8;  // the mean Earth radius (IUGG)
  constexpr double kUnit = 1e5;            // projected coordinates in units of 100 km: from_geos keeps them on its grid
  constexpr double kRad = 3.14159265358979323846 / 180;
  double lon0 = 0;
  std::size_t n = 0;
  for (const auto& p : paths) {
    for (const auto& c : p) {
      lon0 += c.lon * kGridDegrees;
      ++n;
    }
  }
  if (n == 0) return MultiPolygon{};
  lon0 /= static_cast<double>(n);
  std::vector<GEOSGeometry*> lines;
  auto destroy = [&] {
    for (auto* l : lines) geos_c().GEOSGeom_destroy_r(ctx.handle(), l);
  };
  std::vector<double> buf;
  for (const auto& p : paths) {
    if (p.size() < 2) continue;
    buf.resize(p.size() * 2);
    for (std::size_t i = 0; i < p.size(); ++i) {
      const double phi = p[i].lat * kGridDegrees * kRad;
      buf[2 * i] = kRadius * std::cos(phi) * (p[i].lon * kGridDegrees - lon0) * kRad / kUnit;
      buf[2 * i + 1] = kRadius * phi / kUnit;
    }
    GEOSCoordSequence* seq =
        geos_c().GEOSCoordSeq_copyFromBuffer_r(ctx.handle(), buf.data(), static_cast<unsigned>(p.size()), 0, 0);
    GEOSGeometry* line = seq == nullptr ? nullptr : geos_c().GEOSGeom_createLineString_r(ctx.handle(), seq);
    if (line == nullptr) {
      destroy();
      return geos_error(ctx, "building a line");
    }
    lines.push_back(line);
  }
  if (lines.empty()) return MultiPolygon{};
  GEOSGeometry* multi = geos_c().GEOSGeom_createCollection_r(ctx.handle(), GEOS_MULTILINESTRING, lines.data(),
                                                             static_cast<unsigned>(lines.size()));
  if (multi == nullptr) {
    destroy();
    return geos_error(ctx, "building lines");
  }
  GeomPtr owned = adopt(ctx, multi);
  GEOSGeometry* b = geos_c().GEOSBuffer_r(ctx.handle(), owned.get(), metres / kUnit, 16);
  if (b == nullptr) return geos_error(ctx, "buffer");
  GeomPtr buffered = adopt(ctx, b);
  // Back from the projection: the polygon's vertices as read (in units of 100 km), unprojected.
  MultiPolygon projected;
  FRONTLINE_CHECK(append_polygons(ctx, buffered.get(), projected, buf));
  auto back = [&](FixedCoordinate q) -> FixedCoordinate {
    const double y = q.lat * kGridDegrees * kUnit, x = q.lon * kGridDegrees * kUnit;
    const double phi = y / kRadius;
    const double lon = lon0 + x / (kRadius * std::cos(phi)) / kRad;
    return FixedCoordinate{static_cast<std::int32_t>(std::lround(lon * kGridPerDegree)),
                           static_cast<std::int32_t>(std::lround(phi / kRad * kGridPerDegree))};
  };
  for (auto& poly : projected) {
    for (auto& c : poly.outer) c = back(c);
    for (auto& h : poly.holes) {
      for (auto& c : h) c = back(c);
    }
  }
  return projected;
}

Result<bool> is_valid(GeosContext& ctx, const GEOSGeometry* g) {
  const char valid = geos_c().GEOSisValid_r(ctx.handle(), g);
  if (valid == 2) return geos_error(ctx, "validity check");
  return valid == 1;
}

Result<GeomPtr> make_valid(GeosContext& ctx, const GEOSGeometry* g) {
  GEOSMakeValidParams* params = geos_c().GEOSMakeValidParams_create_r(ctx.handle());
  if (params == nullptr) return geos_error(ctx, "make-valid parameters");
  geos_c().GEOSMakeValidParams_setMethod_r(ctx.handle(), params, GEOS_MAKE_VALID_STRUCTURE);
  geos_c().GEOSMakeValidParams_setKeepCollapsed_r(ctx.handle(), params, 0);
  GEOSGeometry* r = geos_c().GEOSMakeValidWithParams_r(ctx.handle(), g, params);
  geos_c().GEOSMakeValidParams_destroy_r(ctx.handle(), params);
  if (r == nullptr) return geos_error(ctx, "make-valid");
  return adopt(ctx, r);
}

Result<double> planar_area(GeosContext& ctx, const GEOSGeometry* g) {
  double a = 0;
  if (geos_c().GEOSArea_r(ctx.handle(), g, &a) == 0) return geos_error(ctx, "area");
  return a;
}

bool is_empty(GeosContext& ctx, const GEOSGeometry* g) {
  return geos_c().GEOSisEmpty_r(ctx.handle(), g) == 1;
}

Result<GeomPtr> clip_to(GeosContext& ctx, const GEOSGeometry* g, const BBox& box) {
  GEOSGeometry* r = geos_c().GEOSClipByRect_r(ctx.handle(), g, box.min_lon * kGridDegrees, box.min_lat * kGridDegrees,
                                              box.max_lon * kGridDegrees, box.max_lat * kGridDegrees);
  if (r == nullptr) return geos_error(ctx, "clip");
  return adopt(ctx, r);
}

Result<GeomPtr> simplify_preserving_topology(GeosContext& ctx, const GEOSGeometry* g, double tolerance_deg) {
  GEOSGeometry* r = geos_c().GEOSTopologyPreserveSimplify_r(ctx.handle(), g, tolerance_deg);
  if (r == nullptr) return geos_error(ctx, "simplify");
  return adopt(ctx, r);
}

PreparedPtr prepare(GeosContext& ctx, const GEOSGeometry* g) {
  return PreparedPtr(geos_c().GEOSPrepare_r(ctx.handle(), g), PreparedDeleter{ctx.handle()});
}

int intersects(GeosContext& ctx, const GEOSPreparedGeometry* p, const GEOSGeometry* g) {
  const char r = geos_c().GEOSPreparedIntersects_r(ctx.handle(), p, g);
  return r == 2 ? -1 : r;
}

int covers(GeosContext& ctx, const GEOSPreparedGeometry* p, const GEOSGeometry* g) {
  const char r = geos_c().GEOSPreparedCovers_r(ctx.handle(), p, g);
  return r == 2 ? -1 : r;
}

}  // namespace frontline::geo
