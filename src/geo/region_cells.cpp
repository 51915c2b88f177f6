#include "geo/region_cells.hpp"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <map>
#include <mutex>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "geo/geodesic.hpp"

namespace frontline::geo {

namespace {

std::int32_t floor_div(std::int32_t v, std::int32_t cell) {
  return v >= 0 ? v / cell : -((-v + cell - 1) / cell);
}
// The first cell whose closed box holds v (a value on a cell side belongs to both cells).
std::int32_t first_cell(std::int32_t v, std::int32_t cell) {
  return floor_div(v, cell) - (v % cell == 0 ? 1 : 0);
}

BBox cell_box(std::int32_t col, std::int32_t row, std::int32_t cell) {
  return BBox{col * cell, row * cell, (col + 1) * cell, (row + 1) * cell};
}

struct Edge {
  std::int32_t ax, ay, bx, by;
  friend bool operator<(const Edge& a, const Edge& b) {
    return std::tie(a.ax, a.ay, a.bx, a.by) < std::tie(b.ax, b.ay, b.bx, b.by);
  }
};

struct Key {
  std::int64_t cell = 0;
  std::uint64_t edges = 0;
  bool counterclockwise = false;
  friend bool operator==(const Key&, const Key&) = default;
};
struct KeyHash {
  std::size_t operator()(const Key& k) const noexcept {
    return static_cast<std::size_t>(k.edges ^ (static_cast<std::uint64_t>(k.cell) * 0x9E3779B97F4A7C15ULL) ^
                                    static_cast<std::uint64_t>(k.counterclockwise));
  }
};

}  // namespace

struct RegionCells::Impl {
  struct Cell {
    MultiPolygon land;
    double area_m2 = 0;
  };
  // A node of the quadtree of cells: [c0, c1) x [r0, r1).
  using Range = std::array<std::int32_t, 4>;
  MultiPolygon land;
  std::int32_t side = RegionCells::kCellGrid;  // of a cell, on the 1e-7 degree grid
  std::int32_t col0 = 0, row0 = 0, cols = 0, rows = 0;
  mutable std::mutex mutex;
  // Built on first use, so that an import pays only for the cells near the rings it measures.
  mutable std::map<Range, MultiPolygon> nodes;
  mutable std::unordered_map<std::int64_t, std::optional<Cell>> cells;
  mutable std::unordered_map<Key, double, KeyHash> shares;

  bool in_grid(std::int32_t col, std::int32_t row) const {
    return col >= col0 && row >= row0 && col < col0 + cols && row < row0 + rows;
  }
  static std::int64_t cell_key(std::int32_t col, std::int32_t row) {
    return static_cast<std::int64_t>(row) * 1'000'000 + col;
  }

  // The cell's land, or nullptr where it has none. Descends the quadtree from the whole land,
  // halving the longer side at each step and clipping both halves, so every vertex is clipped
  // about log2(cells) times however many cells are asked for. Callers hold the mutex.
  Result<const Cell*> cell(GeosContext& ctx, std::int32_t col, std::int32_t row) const {
    if (!in_grid(col, row)) return nullptr;
    const std::int64_t key = cell_key(col, row);
    if (auto it = cells.find(key); it != cells.end()) return it->second ? &*it->second : nullptr;
    Range r{col0, col0 + cols, row0, row0 + rows};
    const MultiPolygon* g = &land;
    while (!(r[1] - r[0] == 1 && r[3] - r[2] == 1)) {
      if (g->empty()) break;
      const bool by_col = r[1] - r[0] >= r[3] - r[2];
      const std::int32_t mid = by_col ? r[0] + (r[1] - r[0]) / 2 : r[2] + (r[3] - r[2]) / 2;
      const Range lo = by_col ? Range{r[0], mid, r[2], r[3]} : Range{r[0], r[1], r[2], mid};
      const Range hi = by_col ? Range{mid, r[1], r[2], r[3]} : Range{r[0], r[1], mid, r[3]};
      if (!nodes.contains(lo)) {
        FRONTLINE_TRY(whole, to_geos(ctx, *g));
        for (const Range& half : {lo, hi}) {
          FRONTLINE_TRY(
              part, clip_to(ctx, whole.get(), BBox{half[0] * side, half[2] * side, half[1] * side, half[3] * side}));
          FRONTLINE_TRY(mp, from_geos(ctx, part.get()));
          nodes.emplace(half, std::move(mp));
        }
      }
      r = (by_col ? col < mid : row < mid) ? lo : hi;
      g = &nodes.at(r);
    }
    std::optional<Cell> out;
    if (!g->empty()) {
      // Clipping leaves rings that touch along the cell's sides; a union makes the piece valid.
      FRONTLINE_TRY(piece, to_geos(ctx, *g));
      FRONTLINE_TRY(clean, union_all(ctx, piece.get()));
      FRONTLINE_TRY(mp, from_geos(ctx, clean.get()));
      if (!mp.empty()) {
        out = Cell{std::move(mp), 0};
        out->area_m2 = area_m2(out->land);
      }
    }
    auto [it, inserted] = cells.emplace(key, std::move(out));
    return it->second ? &*it->second : nullptr;
  }

  // The ring's share of one cell's land, from the ring clipped to the cell in canonical form.
  Result<double> share(GeosContext& ctx, const GEOSGeometry* ring_polygon, std::int32_t col, std::int32_t row,
                       const Cell& piece) const {
    FRONTLINE_TRY(box, box_polygon(ctx, cell_box(col, row, side)));
    FRONTLINE_TRY(inside, intersection(ctx, ring_polygon, box.get()));
    FRONTLINE_CHECK(normalize(ctx, inside.get()));
    FRONTLINE_TRY(piece_land, to_geos(ctx, piece.land));
    FRONTLINE_TRY(on_land, intersection(ctx, inside.get(), piece_land.get()));
    FRONTLINE_TRY(mp, from_geos(ctx, on_land.get()));
    return area_m2(mp);
  }
};

RegionCells::RegionCells(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RegionCells::RegionCells(RegionCells&&) noexcept = default;
RegionCells& RegionCells::operator=(RegionCells&&) noexcept = default;
RegionCells::~RegionCells() = default;

Result<double> RegionCells::land_area_m2(GeosContext& ctx) const {
  const std::lock_guard lock(impl_->mutex);
  double total = 0;
  for (std::int32_t row = impl_->row0; row < impl_->row0 + impl_->rows; ++row) {
    for (std::int32_t col = impl_->col0; col < impl_->col0 + impl_->cols; ++col) {
      FRONTLINE_TRY(c, impl_->cell(ctx, col, row));
      if (c != nullptr) total += c->area_m2;
    }
  }
  return total;
}

std::int32_t RegionCells::cell_grid_for(const BBox& box) {
  const std::int64_t side = box.empty() ? 0
                                        : std::max(static_cast<std::int64_t>(box.max_lon) - box.min_lon,
                                                   static_cast<std::int64_t>(box.max_lat) - box.min_lat);
  std::int32_t cell = kCellGrid;
  while (cell > kCellGrid / 8 && 2 * static_cast<std::int64_t>(cell) > side) cell /= 2;
  return cell;
}

Result<RegionCells> RegionCells::build(const MultiPolygon& land, std::int32_t cell_grid) {
  if (cell_grid <= 0 || kCellGrid % cell_grid != 0) {
    return make_error(ErrorCode::internal, "RegionCells: a cell must divide 0.25 degree");
  }
  auto impl = std::make_unique<Impl>();
  impl->side = cell_grid;
  const BBox b = bbox_of(land);
  if (!b.empty()) {
    impl->col0 = floor_div(b.min_lon, cell_grid);
    impl->row0 = floor_div(b.min_lat, cell_grid);
    impl->cols = floor_div(b.max_lon, cell_grid) - impl->col0 + 1;
    impl->rows = floor_div(b.max_lat, cell_grid) - impl->row0 + 1;
    impl->land = land;
  }
  return RegionCells(std::move(impl));
}

Result<double> RegionCells::area_on_land_m2(GeosContext& ctx, const Ring& ring) const {
  const Impl& m = *impl_;
  const std::int32_t cell_grid = m.side;
  if (ring.size() < 4 || m.cols == 0) return 0.0;
  const BBox b = bbox_of(ring);
  const std::int32_t c_lo = std::max(m.col0, first_cell(b.min_lon, cell_grid));
  const std::int32_t c_hi = std::min(m.col0 + m.cols - 1, floor_div(b.max_lon, cell_grid));
  const std::int32_t r_lo = std::max(m.row0, first_cell(b.min_lat, cell_grid));
  const std::int32_t r_hi = std::min(m.row0 + m.rows - 1, floor_div(b.max_lat, cell_grid));
  if (c_lo > c_hi || r_lo > r_hi) return 0.0;
  const std::size_t width = static_cast<std::size_t>(c_hi - c_lo) + 1;
  const std::size_t height = static_cast<std::size_t>(r_hi - r_lo) + 1;

  // Edges by the land cells their boxes meet, and where each edge crosses the middle line of a
  // row of cells (to tell whether a cell no edge enters lies inside the ring).
  std::unordered_map<std::size_t, std::vector<Edge>> touched;
  std::vector<std::vector<double>> crossings(height);
  double twice_area = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const FixedCoordinate a = ring[i];
    const FixedCoordinate c = ring[i + 1];
    twice_area += static_cast<double>(a.lon) * c.lat - static_cast<double>(c.lon) * a.lat;
    const std::int32_t e_c0 = std::max(c_lo, first_cell(std::min(a.lon, c.lon), cell_grid));
    const std::int32_t e_c1 = std::min(c_hi, floor_div(std::max(a.lon, c.lon), cell_grid));
    const std::int32_t e_r0 = std::max(r_lo, first_cell(std::min(a.lat, c.lat), cell_grid));
    const std::int32_t e_r1 = std::min(r_hi, floor_div(std::max(a.lat, c.lat), cell_grid));
    for (std::int32_t row = e_r0; row <= e_r1; ++row) {
      for (std::int32_t col = e_c0; col <= e_c1; ++col) {
        touched[static_cast<std::size_t>(row - r_lo) * width + static_cast<std::size_t>(col - c_lo)].push_back(
            Edge{a.lon, a.lat, c.lon, c.lat});
      }
      const double mid = static_cast<double>(row) * cell_grid + cell_grid / 2.0;
      if ((a.lat > mid) != (c.lat > mid)) {
        crossings[static_cast<std::size_t>(row - r_lo)].push_back(
            a.lon + (mid - a.lat) * static_cast<double>(c.lon - a.lon) / static_cast<double>(c.lat - a.lat));
      }
    }
  }
  const bool ccw = twice_area > 0;

  GeomPtr ring_polygon;
  double total = 0;
  for (std::int32_t row = r_lo; row <= r_hi; ++row) {
    const auto& xs = crossings[static_cast<std::size_t>(row - r_lo)];
    for (std::int32_t col = c_lo; col <= c_hi; ++col) {
      auto it = touched.find(static_cast<std::size_t>(row - r_lo) * width + static_cast<std::size_t>(col - c_lo));
      if (it == touched.end()) {
        // No edge enters the cell: it lies wholly inside the ring or wholly outside.
        const double mid = static_cast<double>(col) * cell_grid + cell_grid / 2.0;
        const auto right = std::count_if(xs.begin(), xs.end(), [&](double x) { return x > mid; });
        if (right % 2 == 0) continue;
        const std::lock_guard lock(m.mutex);
        FRONTLINE_TRY(inside, m.cell(ctx, col, row));
        if (inside != nullptr) total += inside->area_m2;
        continue;
      }
      const Impl::Cell* cell = nullptr;
      {
        const std::lock_guard lock(m.mutex);
        FRONTLINE_TRY(c, m.cell(ctx, col, row));
        cell = c;
      }
      if (cell == nullptr) continue;
      auto& edges = it->second;
      std::sort(edges.begin(), edges.end());
      const Key key{Impl::cell_key(col, row), XXH3_64bits(edges.data(), edges.size() * sizeof(Edge)), ccw};
      {
        const std::lock_guard lock(m.mutex);
        if (auto hit = m.shares.find(key); hit != m.shares.end()) {
          total += hit->second;
          continue;
        }
      }
      if (!ring_polygon) {
        FRONTLINE_TRY(p, to_geos(ctx, Polygon{ring, {}}));
        ring_polygon = std::move(p);
      }
      FRONTLINE_TRY(value, m.share(ctx, ring_polygon.get(), col, row, *cell));
      {
        const std::lock_guard lock(m.mutex);
        m.shares.emplace(key, value);
      }
      total += value;
    }
  }
  return total;
}

Result<double> RegionCells::area_on_land_m2(GeosContext& ctx, const Polygon& polygon) const {
  FRONTLINE_TRY(total, area_on_land_m2(ctx, polygon.outer));
  for (const auto& h : polygon.holes) {
    FRONTLINE_TRY(hole, area_on_land_m2(ctx, h));
    total -= hole;
  }
  return total;
}

}  // namespace frontline::geo
