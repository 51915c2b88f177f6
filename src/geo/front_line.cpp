#include "geo/front_line.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "geo/geodesic.hpp"
#include "geo/locate.hpp"
#include "geo/plane.hpp"

namespace frontline::geo {

namespace {

constexpr std::int32_t kPieceGrid = 50'000;  // 0.005°
constexpr std::int32_t kIndexGrid = kIndexCell;

void douglas_peucker(const Path& path, std::size_t first, std::size_t last, double tolerance_m,
                     std::vector<bool>& keep) {
  if (last <= first + 1) return;
  double worst = -1;
  std::size_t at = first;
  for (std::size_t i = first + 1; i < last; ++i) {
    const double d = point_segment_m(path[i], path[first], path[last]);
    if (d > worst) {
      worst = d;
      at = i;
    }
  }
  if (worst <= tolerance_m) return;
  keep[at] = true;
  douglas_peucker(path, first, at, tolerance_m, keep);
  douglas_peucker(path, at, last, tolerance_m, keep);
}

}  // namespace

std::vector<Path> outline_edges(const MultiPolygon& tiles) {
  // Every edge as (smaller end, larger end), sorted: an edge of one tile only is a run of one.
  // Sorting beats a hash map of counts here by a factor of three.
  struct Key {
    FixedCoordinate a, b;
    std::size_t order;
  };
  std::vector<Key> keys;
  auto add = [&](const Ring& r) {
    for (std::size_t i = 0; i + 1 < r.size(); ++i) {
      if (r[i] == r[i + 1]) continue;
      keys.push_back({std::min(r[i], r[i + 1]), std::max(r[i], r[i + 1]), keys.size()});
    }
  };
  for (const auto& p : tiles) {
    add(p.outer);
    for (const auto& h : p.holes) add(h);
  }
  auto same = [](const Key& x, const Key& y) { return x.a == y.a && x.b == y.b; };
  std::sort(keys.begin(), keys.end(), [](const Key& x, const Key& y) {
    if (x.a != y.a) return x.a < y.a;
    if (x.b != y.b) return x.b < y.b;
    return x.order < y.order;
  });
  std::vector<const Key*> single;
  for (std::size_t i = 0; i < keys.size();) {
    std::size_t j = i + 1;
    while (j < keys.size() && same(keys[i], keys[j])) ++j;
    if (j == i + 1) single.push_back(&keys[i]);
    i = j;
  }
  // In the order the tiles list them, so the outline does not depend on the sort.
  std::sort(single.begin(), single.end(), [](const Key* x, const Key* y) { return x->order < y->order; });
  std::vector<Path> out;
  out.reserve(single.size());
  for (const Key* k : single) out.push_back({k->a, k->b});
  return out;
}

struct CountryShape::Impl {
  MultiPolygon tiles;
  std::vector<BBox> boxes;
  std::vector<Path> outline;
  std::unordered_map<std::int64_t, std::vector<std::size_t>> cells;  // outline edges by cell
};

CountryShape::CountryShape(MultiPolygon tiles) : impl_(std::make_unique<Impl>()) {
  impl_->outline = outline_edges(tiles);
  for (const auto& t : tiles) impl_->boxes.push_back(bbox_of(t.outer));
  impl_->tiles = std::move(tiles);
  for (std::size_t i = 0; i < impl_->outline.size(); ++i) {
    const auto& e = impl_->outline[i];
    const std::int32_t x0 = index_cell(std::min(e[0].lon, e[1].lon)), x1 = index_cell(std::max(e[0].lon, e[1].lon));
    const std::int32_t y0 = index_cell(std::min(e[0].lat, e[1].lat)), y1 = index_cell(std::max(e[0].lat, e[1].lat));
    for (std::int32_t x = x0; x <= x1; ++x) {
      for (std::int32_t y = y0; y <= y1; ++y) impl_->cells[index_cell_key(x, y)].push_back(i);
    }
  }
}
CountryShape::CountryShape(CountryShape&&) noexcept = default;
CountryShape& CountryShape::operator=(CountryShape&&) noexcept = default;
CountryShape::~CountryShape() = default;

const std::vector<Path>& CountryShape::outline() const {
  return impl_->outline;
}

std::int64_t CountryShape::cell_key(FixedCoordinate p) {
  return index_cell_key(index_cell(p.lon), index_cell(p.lat));
}

bool CountryShape::cell_crosses_outline(FixedCoordinate p) const {
  return impl_->cells.contains(cell_key(p));
}

bool CountryShape::near_outline(FixedCoordinate p, double tolerance_m) const {
  const LocalPlane k(p.lat);
  // Cells within the tolerance, however the grid falls.
  const auto rx = static_cast<std::int32_t>(std::ceil(tolerance_m / k.x / kIndexGrid));
  const auto ry = static_cast<std::int32_t>(std::ceil(tolerance_m / k.y / kIndexGrid));
  const std::int32_t cx = index_cell(p.lon), cy = index_cell(p.lat);
  const double tolerance2 = tolerance_m * tolerance_m;
  for (std::int32_t x = cx - rx; x <= cx + rx; ++x) {
    for (std::int32_t y = cy - ry; y <= cy + ry; ++y) {
      auto it = impl_->cells.find(index_cell_key(x, y));
      if (it == impl_->cells.end()) continue;
      for (std::size_t i : it->second) {
        const auto& e = impl_->outline[i];
        if (foot_on_segment(p, e[0], e[1]).distance2_m2 <= tolerance2) return true;
      }
    }
  }
  return false;
}

bool CountryShape::covers(FixedCoordinate p) const {
  for (std::size_t i = 0; i < impl_->tiles.size(); ++i) {
    if (impl_->boxes[i].contains(p) && geo::covers(impl_->tiles[i], p)) return true;
  }
  return false;
}

std::vector<Path> away_from(const std::vector<const Ring*>& rings, const CountryShape& country, double tolerance_m) {
  // Inside or not, per cell that no outline edge crosses: one exact test per cell.
  std::unordered_map<std::int64_t, bool> cell_inside;
  auto keep = [&](FixedCoordinate p) {
    if (country.near_outline(p, tolerance_m)) return false;
    if (country.cell_crosses_outline(p)) return country.covers(p);
    const auto key = CountryShape::cell_key(p);
    auto it = cell_inside.find(key);
    if (it == cell_inside.end()) it = cell_inside.emplace(key, country.covers(p)).first;
    return it->second;
  };
  std::vector<Path> out;
  for (const Ring* ring : rings) {
    std::vector<Path> runs;
    Path current;
    bool first_piece = true;
    bool first_far = false;
    bool prev_far = false;
    for (std::size_t i = 0; i + 1 < ring->size(); ++i) {
      const FixedCoordinate a = (*ring)[i];
      const FixedCoordinate b = (*ring)[i + 1];
      const std::int64_t len = std::max(std::abs(static_cast<std::int64_t>(b.lon) - a.lon),
                                        std::abs(static_cast<std::int64_t>(b.lat) - a.lat));
      const std::int64_t n = std::max<std::int64_t>(1, (len + kPieceGrid - 1) / kPieceGrid);
      auto at = [&](std::int64_t j) {
        return FixedCoordinate{static_cast<std::int32_t>(a.lon + (static_cast<std::int64_t>(b.lon) - a.lon) * j / n),
                               static_cast<std::int32_t>(a.lat + (static_cast<std::int64_t>(b.lat) - a.lat) * j / n)};
      };
      for (std::int64_t k = 0; k < n; ++k) {
        const FixedCoordinate p = at(k);
        const FixedCoordinate q = at(k + 1);
        const bool p_far = first_piece ? keep(p) : prev_far;
        const bool q_far = keep(q);
        prev_far = q_far;
        const bool far = p_far && q_far;
        if (first_piece) first_far = far;
        first_piece = false;
        if (far) {
          if (current.empty()) current.push_back(p);
          current.push_back(q);
        } else if (!current.empty()) {
          runs.push_back(std::move(current));
          current.clear();
        }
      }
    }
    if (!current.empty()) {
      // The run that reaches the ring's end continues the one that left its start.
      if (first_far && !runs.empty()) {
        current.insert(current.end(), runs.front().begin() + 1, runs.front().end());
        runs.front() = std::move(current);
      } else {
        runs.push_back(std::move(current));
      }
    }
    for (auto& r : runs) {
      if (r.size() >= 2) out.push_back(std::move(r));
    }
  }
  return out;
}

Path generalise(const Path& path, double tolerance_m) {
  if (path.size() < 3) return path;
  std::vector<bool> keep(path.size(), false);
  keep.front() = keep.back() = true;
  douglas_peucker(path, 0, path.size() - 1, tolerance_m, keep);
  Path out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (keep[i]) out.push_back(path[i]);
  }
  return out;
}

bool is_sliver(const Ring& ring, double max_width_m) {
  const RingMeasure m = measure_ring(ring);
  return m.perimeter_m > 0 && 2 * m.area_m2 / m.perimeter_m < max_width_m;
}

}  // namespace frontline::geo
