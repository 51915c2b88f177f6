// The GEOS C API functions frontline uses, resolved on first use.
//
// Linked directly, GEOS (libgeos_c and its C++ core) cost about 4 ms of CPU at every process
// start, loading and relocating a large C++ library: as much as all the rest of what `area --at`
// does. Reads that need no overlay (versions, area, a store's checks) never touch it, so
// libgeos_c is opened with dlopen when the first GeosContext is made, like libarchive
// (io/libarchive.hpp) and the GDAL module (io/ogr_loader.hpp).
//
// The members carry the C functions' names, so that a call reads as the C API does:
// geos_c().GEOSArea_r(handle, g, &area).
#pragma once

#include <geos_c.h>

namespace frontline::geo {

#define FRONTLINE_GEOS_FUNCTIONS(X)         \
  X(GEOSArea_r)                             \
  X(GEOSBuffer_r)                           \
  X(GEOSClipByRect_r)                       \
  X(GEOSContext_setErrorMessageHandler_r)   \
  X(GEOSCoordSeq_copyFromBuffer_r)          \
  X(GEOSCoordSeq_copyToBuffer_r)            \
  X(GEOSCoordSeq_getSize_r)                 \
  X(GEOSCovers_r)                           \
  X(GEOSDifference_r)                       \
  X(GEOSGeomTypeId_r)                       \
  X(GEOSGeom_clone_r)                       \
  X(GEOSGeom_createCollection_r)            \
  X(GEOSGeom_createEmptyPolygon_r)          \
  X(GEOSGeom_createLineString_r)            \
  X(GEOSGeom_createLinearRing_r)            \
  X(GEOSGeom_createPointFromXY_r)           \
  X(GEOSGeom_createPolygon_r)               \
  X(GEOSGeom_destroy_r)                     \
  X(GEOSGeom_getCoordSeq_r)                 \
  X(GEOSGetExteriorRing_r)                  \
  X(GEOSGetGeometryN_r)                     \
  X(GEOSGetInteriorRingN_r)                 \
  X(GEOSGetNumGeometries_r)                 \
  X(GEOSGetNumInteriorRings_r)              \
  X(GEOSIntersection_r)                     \
  X(GEOSMakeValidParams_create_r)           \
  X(GEOSMakeValidParams_destroy_r)          \
  X(GEOSMakeValidParams_setKeepCollapsed_r) \
  X(GEOSMakeValidParams_setMethod_r)        \
  X(GEOSMakeValidWithParams_r)              \
  X(GEOSNormalize_r)                        \
  X(GEOSPrepare_r)                          \
  X(GEOSPreparedCovers_r)                   \
  X(GEOSPreparedGeom_destroy_r)             \
  X(GEOSPreparedIntersects_r)               \
  X(GEOSTopologyPreserveSimplify_r)         \
  X(GEOSUnaryUnion_r)                       \
  X(GEOS_finish_r)                          \
  X(GEOS_init_r)                            \
  X(GEOSisEmpty_r)                          \
  X(GEOSisValid_r)

struct GeosApi {
#define FRONTLINE_GEOS_MEMBER(name) decltype(&::name) name = nullptr;
  FRONTLINE_GEOS_FUNCTIONS(FRONTLINE_GEOS_MEMBER)
#undef FRONTLINE_GEOS_MEMBER
};

// The process's libgeos_c, opened once (thread-safe). Throws std::runtime_error naming what is
// missing when the library cannot be loaded: an installation fault that main reports (exit 70).
const GeosApi& geos_c();

}  // namespace frontline::geo
