#include "io/ogr_reader.hpp"

#include <fmt/format.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <memory>

namespace frontline::io {

namespace {
struct DatasetCloser {
  void operator()(void* ds) const noexcept { GDALClose(ds); }
};
struct FeatureDestroyer {
  void operator()(OGRFeatureH f) const noexcept { OGR_F_Destroy(f); }
};
struct SrsDestroyer {
  void operator()(OGRSpatialReferenceH s) const noexcept { OSRDestroySpatialReference(s); }
};
struct TransformDestroyer {
  void operator()(OGRCoordinateTransformationH t) const noexcept { OCTDestroyCoordinateTransformation(t); }
};

Result<Ring> read_ring(OGRGeometryH ring, const std::string& where) {
  Ring out;
  const int n = OGR_G_GetPointCount(ring);
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    auto c = to_fixed(Longitude{OGR_G_GetX(ring, i)}, Latitude{OGR_G_GetY(ring, i)});
    if (!c) return make_error(ErrorCode::bad_input, fmt::format("{}: a position is out of range", where));
    if (out.empty() || out.back() != *c) out.push_back(*c);
  }
  if (!out.empty() && out.front() != out.back()) out.push_back(out.front());
  if (out.size() < 4) out.clear();
  return out;
}

Result<void> collect(OGRGeometryH g, MultiPolygon& out, const std::string& where) {
  const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
  if (type == wkbPolygon) {
    Polygon p;
    const int n = OGR_G_GetGeometryCount(g);
    for (int i = 0; i < n; ++i) {
      FRONTLINE_TRY(r, read_ring(OGR_G_GetGeometryRef(g, i), where));
      if (r.empty()) continue;
      if (i == 0) {
        p.outer = std::move(r);
      } else {
        p.holes.push_back(std::move(r));
      }
    }
    if (!p.outer.empty()) out.push_back(std::move(p));
  } else if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
    const int n = OGR_G_GetGeometryCount(g);
    for (int i = 0; i < n; ++i) FRONTLINE_CHECK(collect(OGR_G_GetGeometryRef(g, i), out, where));
  }
  return {};
}
}  // namespace

Result<std::vector<OgrFeature>> read_ogr_polygons(const std::filesystem::path& path, const std::string& name_field) {
  GDALAllRegister();
  std::string open_path = path.string();
  if (open_path.size() > 3 && open_path.ends_with(".gz")) open_path = "/vsigzip/" + open_path;
  std::unique_ptr<void, DatasetCloser> ds(
      GDALOpenEx(open_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) {
    return make_error(ErrorCode::bad_input, fmt::format("{}: GDAL cannot read this as a vector file: {}", path.string(),
                                                        CPLGetLastErrorMsg()));
  }
  OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
  if (layer == nullptr) return make_error(ErrorCode::bad_input, fmt::format("{}: holds no layer", path.string()));

  std::unique_ptr<std::remove_pointer_t<OGRCoordinateTransformationH>, TransformDestroyer> transform;
  std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, SrsDestroyer> wgs84(OSRNewSpatialReference(nullptr));
  OSRSetWellKnownGeogCS(wgs84.get(), "WGS84");
  OSRSetAxisMappingStrategy(wgs84.get(), OAMS_TRADITIONAL_GIS_ORDER);
  if (OGRSpatialReferenceH src = OGR_L_GetSpatialRef(layer); src != nullptr && OSRIsSame(src, wgs84.get()) == 0) {
    transform.reset(OCTNewCoordinateTransformation(src, wgs84.get()));
  }

  std::vector<OgrFeature> out;
  OGR_L_ResetReading(layer);
  long index = 0;
  for (;;) {
    std::unique_ptr<std::remove_pointer_t<OGRFeatureH>, FeatureDestroyer> f(OGR_L_GetNextFeature(layer));
    if (!f) break;
    ++index;
    OGRGeometryH g = OGR_F_GetGeometryRef(f.get());
    if (g == nullptr) continue;
    if (transform && OGR_G_Transform(g, transform.get()) != OGRERR_NONE) {
      return make_error(ErrorCode::bad_input,
                        fmt::format("{}: feature {}: cannot reproject to WGS84", path.string(), index));
    }
    OgrFeature feature;
    if (!name_field.empty()) {
      const int fi = OGR_F_GetFieldIndex(f.get(), name_field.c_str());
      if (fi >= 0) feature.name = OGR_F_GetFieldAsString(f.get(), fi);
    }
    FRONTLINE_CHECK(collect(g, feature.polygons, fmt::format("{}: feature {}", path.string(), index)));
    if (!feature.polygons.empty()) out.push_back(std::move(feature));
  }
  if (out.empty()) return make_error(ErrorCode::bad_input, fmt::format("{}: holds no polygon features", path.string()));
  return out;
}

}  // namespace frontline::io
