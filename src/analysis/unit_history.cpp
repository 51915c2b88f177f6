// Occupied ground in every unit (hromada, raion, oblast) at every version of a map, computed
// incrementally (frontline/places.hpp, docs/places.md "Every unit at every version").
//
// Ukraine is cut into 0.25° cells. A version differs from the one before only in the cells where
// the occupied rings' edges differ (a ring that changed far away leaves a cell's edges as they
// were; what a set of edges encloses inside a convex cell is decided by the edges in it and by
// whether the cell lies inside, which changes only with them). Each version therefore measures
// only its changed cells: the occupied polygons clipped to the cell, against each unit's part of
// the cell. A unit's area is the sum over its cells, so units that no changed cell meets keep
// their figure without any work. Nothing packaged keeps overlay results per cell across a
// sequence of versions, hence this.
#include <xxhash.h>

#include <algorithm>
#include <map>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "analysis/internal.hpp"
#include "frontline/places.hpp"
#include "geo/geodesic.hpp"
#include "geo/geos.hpp"
#include "geo/region_cells.hpp"

namespace frontline {

using namespace analysis;

namespace {

constexpr std::int32_t kCell = geo::RegionCells::kCellGrid;

std::int32_t floor_div(std::int32_t v) {
  return v >= 0 ? v / kCell : -((-v + kCell - 1) / kCell);
}
// The first cell whose closed box holds v (a value on a cell side belongs to both cells).
std::int32_t first_cell(std::int32_t v) {
  return floor_div(v) - (v % kCell == 0 ? 1 : 0);
}
std::int64_t cell_key(std::int32_t col, std::int32_t row) {
  return static_cast<std::int64_t>(row) * 1'000'000 + col;
}
BBox cell_box(std::int64_t key) {
  const auto row = static_cast<std::int32_t>(key >= 0 ? key / 1'000'000 : -((-key + 999'999) / 1'000'000));
  const auto col = static_cast<std::int32_t>(key - static_cast<std::int64_t>(row) * 1'000'000);
  return BBox{col * kCell, row * kCell, (col + 1) * kCell, (row + 1) * kCell};
}

struct Edge {
  std::int32_t ax, ay, bx, by;
  friend bool operator<(const Edge& a, const Edge& b) {
    return std::tie(a.ax, a.ay, a.bx, a.by) < std::tie(b.ax, b.ay, b.bx, b.by);
  }
};

// What a ring contributes to each cell's signature: a hash of its edges there, and a mark for
// every cell it encloses without an edge in it. Added for rings that appear, subtracted for
// rings that go: cells whose sum is not zero changed.
void add_signature(const Ring& ring, std::uint64_t role, bool remove,
                   std::unordered_map<std::int64_t, std::uint64_t>& sig) {
  if (ring.size() < 4) return;
  std::unordered_map<std::int64_t, std::vector<Edge>> edges;
  std::map<std::int32_t, std::vector<double>> crossings;  // per row, where edges cross its middle
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const FixedCoordinate a = ring[i], b = ring[i + 1];
    const std::int32_t c0 = first_cell(std::min(a.lon, b.lon)), c1 = floor_div(std::max(a.lon, b.lon));
    const std::int32_t r0 = first_cell(std::min(a.lat, b.lat)), r1 = floor_div(std::max(a.lat, b.lat));
    const Edge e = a < b ? Edge{a.lon, a.lat, b.lon, b.lat} : Edge{b.lon, b.lat, a.lon, a.lat};
    for (std::int32_t row = r0; row <= r1; ++row) {
      for (std::int32_t col = c0; col <= c1; ++col) edges[cell_key(col, row)].push_back(e);
      const double mid = static_cast<double>(row) * kCell + kCell / 2.0;
      if ((a.lat > mid) != (b.lat > mid)) {
        crossings[row].push_back(a.lon + (mid - a.lat) * static_cast<double>(b.lon - a.lon) /
                                             static_cast<double>(b.lat - a.lat));
      }
    }
  }
  auto apply = [&](std::int64_t key, std::uint64_t h) {
    if (remove) {
      sig[key] -= h;
    } else {
      sig[key] += h;
    }
  };
  for (auto& [key, list] : edges) {
    std::sort(list.begin(), list.end());
    apply(key, XXH3_64bits_withSeed(list.data(), list.size() * sizeof(Edge), role));
  }
  constexpr std::uint64_t kInside = 0x9E3779B97F4A7C15ULL;
  for (auto& [row, xs] : crossings) {
    std::sort(xs.begin(), xs.end());
    for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
      // Cells whose middle lies between an entry and an exit, and that no edge enters.
      for (std::int32_t col = floor_div(static_cast<std::int32_t>(std::floor(xs[k])));; ++col) {
        const double mid = static_cast<double>(col) * kCell + kCell / 2.0;
        if (mid > xs[k + 1]) break;
        if (mid < xs[k]) continue;
        const auto key = cell_key(col, row);
        if (!edges.contains(key)) apply(key, kInside + role);
      }
    }
  }
}

struct Unit {
  BBox box;
  geo::GeomPtr shape;                                      // built when first needed
  std::unordered_map<std::int64_t, geo::GeomPtr> in_cell;  // its part of each cell (null: none)
  std::unordered_map<std::int64_t, double> m2_by_cell;     // occupied, per cell
  double m2 = 0;
};

using CellUnits = std::unordered_map<std::int64_t, std::vector<std::size_t>>;

struct Chunk {
  std::vector<std::vector<std::pair<std::size_t, double>>> changes;
  std::size_t cells_measured = 0, unit_cells_measured = 0;
};

// Versions [first, last): the first measured whole (every cell it has edges in or covers), the
// others by their changed cells.
Result<Chunk> measure_range(const Store& store, const std::vector<Place>& units,
                            const std::vector<VersionInfo>& versions, const CellUnits& cells, std::size_t first,
                            std::size_t last) {
  Chunk chunk;
  chunk.changes.resize(units.size());
  std::vector<Unit> state(units.size());
  for (std::size_t u = 0; u < units.size(); ++u) state[u].box = units[u].bbox;
  geo::GeosContext ctx;
  // The pieces share most of their boundary from version to version (the unit's, the front's):
  // measured by runs, as the importer measures rings.
  geo::RingMeasurer measurer;
  auto area_of = [&](const MultiPolygon& mp) {
    double m2 = 0;
    for (const auto& p : mp) {
      m2 += measurer.measure(p.outer).area_m2;
      for (const auto& h : p.holes) m2 -= measurer.measure(h).area_m2;
    }
    return m2;
  };
  Store::RingBoxes boxes;
  std::unordered_map<RingId, Ring> rings;           // the decoded rings of the current version
  std::map<std::pair<RingId, bool>, int> previous;  // (ring, is a hole) -> count, of the version before
  std::map<std::vector<RingId>, geo::GeomPtr> polygon_cache;

  for (std::size_t vi = first; vi < last; ++vi) {
    const VersionInfo& v = versions[vi];
    FRONTLINE_TRY(all, store.polygons(v.id, boxes));
    const std::vector<StoredPolygon> occupied = occupied_ground(v, std::move(all));
    std::map<std::pair<RingId, bool>, int> current;
    for (const auto& p : occupied) {
      for (std::size_t k = 0; k < p.rings.size(); ++k) ++current[{p.rings[k], k > 0}];
    }
    // The cells where the occupied edges differ from the version before.
    std::unordered_map<std::int64_t, std::uint64_t> sig;
    auto ring_of = [&](RingId id) -> Result<const Ring*> {
      if (auto it = rings.find(id); it != rings.end()) return &it->second;
      FRONTLINE_TRY(r, store.ring(id));
      return &rings.emplace(id, std::move(r)).first->second;
    };
    for (const auto& [key, n] : previous) {
      const int now = current.contains(key) ? current.at(key) : 0;
      for (int k = now; k < n; ++k) {
        FRONTLINE_TRY(r, ring_of(key.first));
        add_signature(*r, key.second ? 1 : 0, true, sig);
      }
    }
    for (const auto& [key, n] : current) {
      const int before = previous.contains(key) ? previous.at(key) : 0;
      for (int k = before; k < n; ++k) {
        FRONTLINE_TRY(r, ring_of(key.first));
        add_signature(*r, key.second ? 1 : 0, false, sig);
      }
    }
    std::vector<std::int64_t> changed;
    for (const auto& [key, h] : sig) {
      if (h != 0 && cells.contains(key)) changed.push_back(key);
    }
    std::sort(changed.begin(), changed.end());

    // Measure the changed cells.
    std::unordered_set<std::size_t> touched;
    std::map<std::vector<RingId>, geo::GeomPtr> used;
    for (std::int64_t key : changed) {
      const BBox cb = cell_box(key);
      FRONTLINE_TRY(box, geo::box_polygon(ctx, cb));
      std::vector<geo::GeomPtr> parts;  // the occupied polygons clipped to the cell
      for (const auto& p : occupied) {
        if (!p.bbox.intersects(cb)) continue;
        auto it = used.find(p.rings);
        if (it == used.end()) {
          auto cached = polygon_cache.find(p.rings);
          if (cached != polygon_cache.end()) {
            it = used.emplace(p.rings, std::move(cached->second)).first;
            polygon_cache.erase(cached);
          } else {
            Polygon poly;
            for (std::size_t k = 0; k < p.rings.size(); ++k) {
              FRONTLINE_TRY(r, ring_of(p.rings[k]));
              if (k == 0) {
                poly.outer = *r;
              } else {
                poly.holes.push_back(*r);
              }
            }
            FRONTLINE_TRY(g, geo::to_geos(ctx, poly));
            it = used.emplace(p.rings, std::move(g)).first;
          }
        }
        FRONTLINE_TRY(clipped, geo::intersection(ctx, it->second.get(), box.get()));
        if (!geo::is_empty(ctx, clipped.get())) parts.push_back(std::move(clipped));
      }
      ++chunk.cells_measured;
      for (std::size_t u : cells.at(key)) {
        Unit& unit = state[u];
        if (!unit.box.intersects(cb)) continue;
        auto part = unit.in_cell.find(key);
        if (part == unit.in_cell.end()) {
          if (!unit.shape) {
            FRONTLINE_TRY(extent, store.place_geometry(units[u].id));
            FRONTLINE_TRY(g, geo::to_geos(ctx, extent));
            unit.shape = std::move(g);
          }
          FRONTLINE_TRY(piece, geo::intersection(ctx, unit.shape.get(), box.get()));
          if (geo::is_empty(ctx, piece.get())) piece.reset();
          part = unit.in_cell.emplace(key, std::move(piece)).first;
        }
        if (!part->second) continue;
        double m2 = 0;
        for (const auto& g : parts) {
          FRONTLINE_TRY(inside, geo::intersection(ctx, g.get(), part->second.get()));
          FRONTLINE_TRY(mp, geo::from_geos(ctx, inside.get()));
          m2 += area_of(mp);
        }
        ++chunk.unit_cells_measured;
        unit.m2_by_cell[key] = m2;
        touched.insert(u);
      }
    }
    // Polygons not used by this version may come back later; keep those this version used.
    for (auto& [k, g] : used) polygon_cache[k] = std::move(g);
    constexpr std::size_t kMaxCachedPolygons = 512;
    while (polygon_cache.size() > kMaxCachedPolygons) polygon_cache.erase(polygon_cache.begin());

    for (std::size_t u : touched) {
      double m2 = 0;
      for (const auto& [k, a] : state[u].m2_by_cell) m2 += a;
      state[u].m2 = m2;
    }
    for (std::size_t u = 0; u < state.size(); ++u) {
      auto& list = chunk.changes[u];
      // 1 m² (1e-6 km²): below what any figure prints; sums in another order differ by less.
      if (list.empty() || std::abs(list.back().second - state[u].m2) > 1.0) list.emplace_back(vi, state[u].m2);
    }
    // Keep only the rings the version holds.
    std::erase_if(rings, [&](const auto& kv) {
      return !current.contains({kv.first, false}) && !current.contains({kv.first, true});
    });
    previous = std::move(current);
  }
  return chunk;
}

}  // namespace

Result<UnitHistory> unit_history(const Store& store, std::string_view map, PlaceKind level, unsigned threads) {
  UnitHistory out;
  FRONTLINE_TRY(units, store.places(level));
  if (units.empty()) {
    return make_error(ErrorCode::not_found, fmt::format("the store has no {}s: build them with `frontline places "
                                                        "import` (docs/places.md)",
                                                        to_string(level)));
  }
  FRONTLINE_TRY(versions, store.versions(map));
  out.units = std::move(units);
  out.versions = std::move(versions);
  out.changes.resize(out.units.size());
  CellUnits cells;
  for (std::size_t u = 0; u < out.units.size(); ++u) {
    const BBox& b = out.units[u].bbox;
    for (std::int32_t row = first_cell(b.min_lat); row <= floor_div(b.max_lat); ++row) {
      for (std::int32_t col = first_cell(b.min_lon); col <= floor_div(b.max_lon); ++col) {
        cells[cell_key(col, row)].push_back(u);
      }
    }
  }
  // Threads take consecutive spans of versions; each starts by measuring its first version whole,
  // so a span shorter than some hundred versions is not worth a thread.
  constexpr std::size_t kMinSpan = 200;
  const std::size_t n = out.versions.size();
  const std::size_t spans =
      std::clamp<std::size_t>(std::min<std::size_t>(threads == 0 ? 1 : threads, n / kMinSpan), 1, 16);
  std::vector<Result<Chunk>> results(spans, Chunk{});
  std::vector<std::thread> pool;
  for (std::size_t k = 0; k < spans; ++k) {
    pool.emplace_back([&, k] {
      results[k] = measure_range(store, out.units, out.versions, cells, n * k / spans, n * (k + 1) / spans);
    });
  }
  for (auto& t : pool) t.join();
  for (auto& r : results) {
    if (!r) return std::move(r).error();
    out.cells_measured += r->cells_measured;
    out.unit_cells_measured += r->unit_cells_measured;
    for (std::size_t u = 0; u < out.units.size(); ++u) {
      auto& list = out.changes[u];
      for (const auto& c : r->changes[u]) {
        if (list.empty() || std::abs(list.back().second - c.second) > 1.0) list.push_back(c);
      }
    }
  }
  return out;
}

std::vector<UnitCapture> unit_captures(const UnitHistory& h, Timestamp from, Timestamp to) {
  std::vector<std::pair<Timestamp, UnitCapture>> found;
  for (std::size_t u = 0; u < h.units.size(); ++u) {
    UnitCapture c;
    c.place = h.units[u];
    const auto& list = h.changes[u];
    const double area = h.units[u].area_m2;
    auto share = [&](double m2) { return area > 0 ? std::min(1.0, m2 / area) : 0.0; };
    c.share_now = list.empty() ? 0 : share(list.back().second);
    for (auto [mark, slot] : {std::pair{0.5, &c.mostly}, std::pair{0.95, &c.fully}}) {
      std::optional<std::size_t> since;
      for (std::size_t i = list.size(); i-- > 0;) {
        if (share(list[i].second) < mark) break;
        since = list[i].first;
      }
      if (since) *slot = h.versions[*since];
    }
    // Listed at its first capture in the span.
    std::optional<Timestamp> when;
    for (const auto& v : {c.mostly, c.fully}) {
      if (v && v->time >= from && v->time < to && (!when || v->time < *when)) when = v->time;
    }
    if (when) found.emplace_back(*when, std::move(c));
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<UnitCapture> out;
  out.reserve(found.size());
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

}  // namespace frontline
