// Vector tiles of a version (frontline/tiles.hpp).
#include "frontline/tiles.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "geo/geos.hpp"
#include "geo/tile_geometry.hpp"
#include "io/mvt.hpp"

namespace frontline {

namespace {

using geo::mercator_lat;
using geo::mercator_lon;
using geo::mercator_x;
using geo::mercator_y;

struct TileFrame {
  double x0, y0, size;  // world units
  std::int32_t to_px_x(std::int32_t lon) const {
    return static_cast<std::int32_t>(std::lround((mercator_x(lon * kGridDegrees) - x0) / size * kTileExtent));
  }
  std::int32_t to_px_y(std::int32_t lat) const {
    return static_cast<std::int32_t>(std::lround((mercator_y(lat * kGridDegrees) - y0) / size * kTileExtent));
  }
};

}  // namespace

Result<TileId> make_tile_id(std::int64_t z, std::int64_t x, std::int64_t y) {
  if (z < 0 || z > kMaxTileZoom) {
    return make_error(ErrorCode::bad_request, fmt::format("zoom {}: give 0 to {}", z, kMaxTileZoom));
  }
  const std::int64_t n = std::int64_t{1} << z;
  if (x < 0 || x >= n || y < 0 || y >= n) {
    return make_error(ErrorCode::bad_request,
                      fmt::format("tile {}/{}/{}: x and y run from 0 to {} at zoom {}", z, x, y, n - 1, z));
  }
  return TileId{static_cast<int>(z), x, y};
}

Result<std::string> version_tile(const Store& store, const VersionInfo& version, TileId tile) {
  const double n = std::ldexp(1.0, tile.z);
  const TileFrame frame{static_cast<double>(tile.x) / n, static_cast<double>(tile.y) / n, 1.0 / n};
  const double pad = frame.size * kTileBuffer / kTileExtent;
  const double w0 = std::max(0.0, frame.x0 - pad), w1 = std::min(1.0, frame.x0 + frame.size + pad);
  const double v0 = std::max(0.0, frame.y0 - pad), v1 = std::min(1.0, frame.y0 + frame.size + pad);
  // The buffered tile in degrees on the grid (north is the smaller world y).
  const BBox box{static_cast<std::int32_t>(std::floor(mercator_lon(w0) * kGridPerDegree)),
                 static_cast<std::int32_t>(std::floor(mercator_lat(v1) * kGridPerDegree)),
                 static_cast<std::int32_t>(std::ceil(mercator_lon(w1) * kGridPerDegree)),
                 static_cast<std::int32_t>(std::ceil(mercator_lat(v0) * kGridPerDegree))};
  FRONTLINE_TRY(all, store.polygons(version.id));
  geo::GeosContext ctx;
  FRONTLINE_TRY(clip, geo::box_polygon(ctx, box));
  io::TileLayer layer;
  layer.name = "control";
  layer.extent = kTileExtent;
  const std::string version_time = format_iso(version.time);
  std::uint64_t id = 0;
  for (const auto& p : all) {
    ++id;
    if (!p.bbox.intersects(box)) continue;
    const StoredPolygon one[] = {p};
    FRONTLINE_TRY(mp, store.geometry(one));
    FRONTLINE_TRY(g, geo::to_geos(ctx, mp));
    FRONTLINE_TRY(inside, geo::intersection(ctx, g.get(), clip.get()));
    FRONTLINE_TRY(parts, geo::from_geos(ctx, inside.get()));
    io::TileFeature f;
    f.id = id;
    f.properties = {{"status", std::string(to_string(p.status))}, {"version_time", version_time}};
    auto ring_px = [&](const Ring& r) {
      io::TileRing out;
      for (std::size_t i = 0; i + 1 < r.size(); ++i) out.push_back({frame.to_px_x(r[i].lon), frame.to_px_y(r[i].lat)});
      geo::simplify_ring(out, 0.5);
      return out;
    };
    for (const auto& part : parts) {
      io::TilePolygon tp;
      tp.outer = ring_px(part.outer);
      for (const auto& h : part.holes) tp.holes.push_back(ring_px(h));
      f.polygons.push_back(std::move(tp));
    }
    if (!f.polygons.empty()) layer.features.push_back(std::move(f));
  }
  return io::encode_mvt({layer});
}

}  // namespace frontline
