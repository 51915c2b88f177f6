// Time-enabled tiles of a map's history (frontline/tiles.hpp).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "analysis/internal.hpp"
#include "frontline/tiles.hpp"
#include "geo/tile_geometry.hpp"
#include "io/mvt.hpp"

namespace frontline {

namespace {

using geo::TilePoint;
using geo::TileRing;

constexpr int kMaxHistoryZoom = 12;

// Above the deepest zoom a tile is drawn at most about 512 pixels wide, so a grid of 1,024 is
// finer than the screen; at the overview zooms (the whole front on a screen) 512 and 256 are. On
// a coarser grid small moves of the line snap to the same points, and a cell shows the same in
// more versions: the history's bytes at those zooms shrink several times. The deepest zoom keeps
// 4,096, as clients overzoom it.
std::uint32_t extent_at(int z, int max_zoom) {
  if (z >= max_zoom) return kTileExtent;
  if (z <= 4) return 256;
  if (z <= 6) return 512;
  return 1024;
}

// A ring in Web Mercator world units, with its box.
struct WorldRing {
  std::vector<double> x, y;
  double x0 = 1, y0 = 1, x1 = 0, y1 = 0;
};
struct WorldPolygon {
  Status status = Status::occupied;
  std::vector<WorldRing> rings;  // the exterior first
};

WorldRing world_ring(const Ring& r) {
  WorldRing w;
  const std::size_t n = r.size() > 0 ? r.size() - 1 : 0;  // stored rings repeat their first point
  w.x.reserve(n);
  w.y.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = geo::mercator_x(r[i].lon * kGridDegrees), y = geo::mercator_y(r[i].lat * kGridDegrees);
    w.x.push_back(x);
    w.y.push_back(y);
    w.x0 = std::min(w.x0, x), w.y0 = std::min(w.y0, y), w.x1 = std::max(w.x1, x), w.y1 = std::max(w.y1, y);
  }
  return w;
}

// A cell of a tile: its key within the tile and its rectangle in tile units (cells at the tile's
// edges reach into the buffer).
struct CellId {
  TileId tile;
  int cx = 0, cy = 0;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
  friend auto operator<=>(const CellId&, const CellId&) = default;
};
geo::TileRect cell_rect(int cx, int cy, std::uint32_t extent) {
  const int e = static_cast<int>(extent);
  const int b = static_cast<int>(kTileBuffer * extent / kTileExtent);
  const int cell = e / kHistoryCells;
  return {cx == 0 ? -b : cx * cell, cy == 0 ? -b : cy * cell, cx == kHistoryCells - 1 ? e + b : (cx + 1) * cell,
          cy == kHistoryCells - 1 ? e + b : (cy + 1) * cell};
}

// What one cell shows for one status: polygons in tile units, and the same flattened as the key
// that tells whether two versions show the same.
struct Piece {
  Status status = Status::occupied;
  std::vector<io::TilePolygon> polygons;
  std::vector<std::int32_t> key;
  int from = 0;
};

std::vector<Piece> cut_cell(const std::vector<WorldPolygon>& ground, const CellId& c, std::uint32_t extent) {
  const double scale = std::ldexp(1.0, c.tile.z);
  const double e = extent;
  const geo::TileRect rect = cell_rect(c.cx, c.cy, extent);
  // The cell in world units, to skip rings that cannot reach it.
  const double unit = 1.0 / (scale * e);
  const double wx0 = (static_cast<double>(c.tile.x) * e + rect.x0) * unit;
  const double wx1 = (static_cast<double>(c.tile.x) * e + rect.x1) * unit;
  const double wy0 = (static_cast<double>(c.tile.y) * e + rect.y0) * unit;
  const double wy1 = (static_cast<double>(c.tile.y) * e + rect.y1) * unit;
  auto to_tile = [&](const WorldRing& w) {
    TileRing out;
    out.reserve(w.x.size());
    const double ox = static_cast<double>(c.tile.x), oy = static_cast<double>(c.tile.y);
    for (std::size_t i = 0; i < w.x.size(); ++i) {
      const TilePoint p{static_cast<std::int32_t>(std::lround((w.x[i] * scale - ox) * e)),
                        static_cast<std::int32_t>(std::lround((w.y[i] * scale - oy) * e))};
      if (out.empty() || !(out.back() == p)) out.push_back(p);
    }
    return out;
  };
  std::map<Status, Piece> by_status;
  for (const auto& poly : ground) {
    const WorldRing& outer = poly.rings.front();
    if (outer.x1 < wx0 || outer.x0 > wx1 || outer.y1 < wy0 || outer.y0 > wy1) continue;
    io::TilePolygon tp;
    tp.outer = geo::clip_ring(to_tile(outer), rect);
    geo::simplify_ring(tp.outer, 0.5);
    if (tp.outer.size() < 3 || io::twice_area(tp.outer) == 0) continue;
    for (std::size_t h = 1; h < poly.rings.size(); ++h) {
      const WorldRing& hole = poly.rings[h];
      if (hole.x1 < wx0 || hole.x0 > wx1 || hole.y1 < wy0 || hole.y0 > wy1) continue;
      TileRing r = geo::clip_ring(to_tile(hole), rect);
      geo::simplify_ring(r, 0.5);
      if (r.size() >= 3 && io::twice_area(r) != 0) tp.holes.push_back(std::move(r));
    }
    Piece& piece = by_status[poly.status];
    piece.status = poly.status;
    auto flatten = [&](const TileRing& r) {
      piece.key.push_back(static_cast<std::int32_t>(r.size()));
      for (const auto& p : r) piece.key.push_back(p.x), piece.key.push_back(p.y);
    };
    flatten(tp.outer);
    for (const auto& h : tp.holes) flatten(h);
    piece.key.push_back(-1);
    piece.polygons.push_back(std::move(tp));
  }
  std::vector<Piece> out;
  out.reserve(by_status.size());
  for (auto& [status, piece] : by_status) out.push_back(std::move(piece));
  return out;
}

struct Done {
  Piece piece;
  int to = 0;
};

}  // namespace

Result<HistoryTiles> history_tiles(const Store& store, std::string_view map, const HistoryTileOptions& options) {
  if (options.max_zoom < 0 || options.max_zoom > kMaxHistoryZoom) {
    return make_error(ErrorCode::bad_request,
                      fmt::format("history tiles: max zoom {}: give 0 to {}", options.max_zoom, kMaxHistoryZoom));
  }
  HistoryTiles out;
  out.map = std::string(map);
  out.max_zoom = options.max_zoom;
  FRONTLINE_TRY(versions, store.versions(map));
  out.versions = std::move(versions);
  const int n = static_cast<int>(out.versions.size());

  std::map<CellId, std::vector<Piece>> open;
  std::map<TileId, std::vector<Done>> done;
  Store::RingBoxes ring_boxes;
  for (int i = 0; i < n; ++i) {
    if (options.cancel != nullptr && options.cancel->load()) {
      return make_error(ErrorCode::unavailable, "the history tiles' build was stopped");
    }
    const VersionInfo& v = out.versions[static_cast<std::size_t>(i)];
    FRONTLINE_TRY(polygons, store.polygons(v.id, ring_boxes));
    std::vector<BBox> changed;
    if (i == 0) {
      BBox all;
      for (const auto& p : polygons) all.extend(p.bbox);
      if (!all.empty()) changed.push_back(all);
    } else {
      FRONTLINE_TRY(change, change_between(store, out.versions[static_cast<std::size_t>(i) - 1].id, v.id));
      if (change.empty()) continue;
      FRONTLINE_TRY(boxes, changed_boxes(store, change, ChangeClasses::by_status));
      changed = std::move(boxes);
    }
    if (changed.empty()) continue;
    ++out.versions_with_changes;
    for (const auto& p : polygons) out.bounds.extend(p.bbox);

    std::vector<WorldPolygon> ground;
    ground.reserve(polygons.size());
    for (const auto& p : polygons) {
      const StoredPolygon one[] = {p};
      FRONTLINE_TRY(mp, store.geometry(one));
      for (const auto& part : mp) {
        WorldPolygon w;
        w.status = p.status;
        w.rings.push_back(world_ring(part.outer));
        for (const auto& h : part.holes) w.rings.push_back(world_ring(h));
        ground.push_back(std::move(w));
      }
    }

    // The cells that hold a change, at every zoom.
    std::set<CellId> cells;
    for (int z = 0; z <= options.max_zoom; ++z) {
      const std::int64_t per_side = (std::int64_t{1} << z) * kHistoryCells;
      const double buffer = static_cast<double>(kTileBuffer) / kTileExtent / std::ldexp(1.0, z);
      for (const auto& b : changed) {
        const double x0 = geo::mercator_x(b.min_lon * kGridDegrees) - buffer;
        const double x1 = geo::mercator_x(b.max_lon * kGridDegrees) + buffer;
        const double y0 = geo::mercator_y(b.max_lat * kGridDegrees) - buffer;  // north is up
        const double y1 = geo::mercator_y(b.min_lat * kGridDegrees) + buffer;
        auto cell_of = [&](double w) {
          return std::clamp(static_cast<std::int64_t>(std::floor(w * static_cast<double>(per_side))), std::int64_t{0},
                            per_side - 1);
        };
        for (std::int64_t gx = cell_of(x0); gx <= cell_of(x1); ++gx) {
          for (std::int64_t gy = cell_of(y0); gy <= cell_of(y1); ++gy) {
            cells.insert(CellId{TileId{z, gx / kHistoryCells, gy / kHistoryCells}, static_cast<int>(gx % kHistoryCells),
                                static_cast<int>(gy % kHistoryCells)});
          }
        }
      }
    }
    for (const CellId& c : cells) {
      std::vector<Piece> now = cut_cell(ground, c, extent_at(c.tile.z, options.max_zoom));
      std::vector<Piece>& was = open[c];
      // Pieces shown before and now stay open (with their first version); the others close or open.
      std::vector<bool> kept(now.size(), false);
      std::vector<Piece> next;
      for (auto& p : was) {
        std::size_t k = 0;
        while (k < now.size() && (kept[k] || now[k].status != p.status || now[k].key != p.key)) ++k;
        if (k < now.size()) {
          kept[k] = true;
          next.push_back(std::move(p));
        } else {
          done[c.tile].push_back(Done{std::move(p), i});
        }
      }
      for (std::size_t k = 0; k < now.size(); ++k) {
        if (kept[k]) continue;
        now[k].from = i;
        next.push_back(std::move(now[k]));
      }
      was = std::move(next);
    }
  }
  for (auto& [cell, pieces] : open) {
    for (auto& p : pieces) done[cell.tile].push_back(Done{std::move(p), n});
  }

  for (auto& [tile, pieces] : done) {
    std::sort(pieces.begin(), pieces.end(), [](const Done& a, const Done& b) {
      return std::tie(a.piece.from, a.to, a.piece.status) < std::tie(b.piece.from, b.to, b.piece.status);
    });
    const std::uint32_t extent = extent_at(tile.z, options.max_zoom);
    io::TileLayer all{"control", extent, {}};
    io::TileLayer last{"control", extent, {}};
    std::uint64_t id = 0;
    for (auto& d : pieces) {
      io::TileFeature f;
      f.id = ++id;
      f.properties = {{"status", std::string(to_string(d.piece.status))},
                      {"from", std::int64_t{d.piece.from}},
                      {"to", std::int64_t{d.to}}};
      f.polygons = std::move(d.piece.polygons);
      if (d.to == n) {
        io::TileFeature copy = f;
        copy.properties.resize(1);
        last.features.push_back(std::move(copy));
      }
      all.features.push_back(std::move(f));
    }
    out.features += static_cast<std::int64_t>(all.features.size());
    out.tiles.emplace(tile, io::encode_mvt({all}));
    if (!last.features.empty()) out.latest.emplace(tile, io::encode_mvt({last}));
  }
  return out;
}

}  // namespace frontline
