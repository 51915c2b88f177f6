// What changed between two versions: by ring identity (change_between), the box that holds every
// difference (changed_box), and the exact pieces (diff).
#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "analysis/internal.hpp"

namespace frontline {

using namespace analysis;

const char* to_string(ChangeKind k) noexcept {
  switch (k) {
    case ChangeKind::gained:
      return "gained";
    case ChangeKind::lost:
      return "lost";
    case ChangeKind::reclassified:
      return "reclassified";
  }
  return "?";
}

Result<Change> change_between(const Store& store, VersionId from, VersionId to) {
  FRONTLINE_TRY(a, store.polygons(from));
  FRONTLINE_TRY(b, store.polygons(to));
  auto key = [](const StoredPolygon& p) { return std::make_pair(p.status, p.rings); };
  std::set<std::pair<Status, std::vector<RingId>>> in_a;
  std::set<std::pair<Status, std::vector<RingId>>> in_b;
  for (const auto& p : a) in_a.insert(key(p));
  for (const auto& p : b) in_b.insert(key(p));
  Change c;
  for (auto& p : a) {
    if (!in_b.contains(key(p))) {
      c.bbox.extend(p.bbox);
      c.removed.push_back(std::move(p));
    }
  }
  for (auto& p : b) {
    if (!in_a.contains(key(p))) {
      c.bbox.extend(p.bbox);
      c.added.push_back(std::move(p));
    }
  }
  return c;
}

// The box that holds every difference between the removed and the added polygons, from the
// runs their rings are stored as. A run that the two sides hold equally often (in rings of the
// same class) is boundary that did not change: across it the class indicator jumps the same way
// on both sides, so it cannot bound the symmetric difference. The symmetric difference is thus
// bounded by the changed runs (and the edges joining them to their neighbours) alone, and lies in
// their bounding box. Overlays clipped to that box (grown a little, so that both sides coincide
// along its edges) give exactly the unclipped results at a fraction of the cost.
Result<std::vector<BBox>> changed_boxes(const Store& store, const Change& change, ChangeClasses classes) {
  auto class_of = [classes](Status s) {
    return classes == ChangeClasses::by_status ? static_cast<int>(s) : (counts_as_occupied(s) ? 1 : 0);
  };
  struct RingRuns {
    int cls;
    std::vector<std::int64_t> runs;
  };
  std::map<std::pair<int, std::int64_t>, int> balance;  // removed occurrences minus added ones
  std::vector<RingRuns> rings;
  auto collect = [&](const std::vector<StoredPolygon>& polys, int sign) -> Result<void> {
    for (const auto& p : polys) {
      for (RingId r : p.rings) {
        FRONTLINE_TRY(runs, store.ring_runs(r));
        const int cls = class_of(p.status);
        for (std::int64_t id : runs) balance[{cls, id}] += sign;
        rings.push_back({cls, std::move(runs)});
      }
    }
    return {};
  };
  FRONTLINE_CHECK(collect(change.removed, 1));
  FRONTLINE_CHECK(collect(change.added, -1));
  constexpr std::int32_t kMargin = 10'000;  // grid units, about 1 km
  std::vector<BBox> boxes;
  for (const auto& rr : rings) {
    const std::size_t m = rr.runs.size();
    for (std::size_t i = 0; i < m; ++i) {
      if (balance[{rr.cls, rr.runs[i]}] == 0) continue;
      BBox box;
      FRONTLINE_TRY(here, store.run(rr.runs[i]));
      for (auto c : here) box.extend(c);
      // The edges into and out of a changed run belong to it too.
      FRONTLINE_TRY(prev, store.run(rr.runs[(i + m - 1) % m]));
      FRONTLINE_TRY(next, store.run(rr.runs[(i + 1) % m]));
      if (!prev.empty()) box.extend(prev.back());
      if (!next.empty()) box.extend(next.front());
      if (box.empty()) continue;
      boxes.push_back({box.min_lon - kMargin, box.min_lat - kMargin, box.max_lon + kMargin, box.max_lat + kMargin});
    }
  }
  // A piece of the symmetric difference is bounded by one closed curve of changed runs, whose
  // consecutive parts meet at a point: their boxes intersect. Boxes are merged until no two
  // intersect, so each piece lies in one box and in no other (grown) box.
  for (bool merged = true; merged;) {
    merged = false;
    for (std::size_t i = 0; i < boxes.size(); ++i) {
      for (std::size_t j = i + 1; j < boxes.size();) {
        if (boxes[i].intersects(boxes[j])) {
          boxes[i].extend(boxes[j]);
          boxes[j] = boxes.back();
          boxes.pop_back();
          merged = true;
        } else {
          ++j;
        }
      }
    }
  }
  std::sort(boxes.begin(), boxes.end(), [](const BBox& a, const BBox& b) {
    return std::tie(a.min_lon, a.min_lat, a.max_lon, a.max_lat) < std::tie(b.min_lon, b.min_lat, b.max_lon, b.max_lat);
  });
  return boxes;
}

Result<BBox> changed_box(const Store& store, const Change& change, ChangeClasses classes) {
  FRONTLINE_TRY(boxes, changed_boxes(store, change, classes));
  BBox box;
  for (const auto& b : boxes) box.extend(b);
  return box;
}

namespace {
Result<std::vector<DiffPiece>> diff_pieces(const Store& store, const Change& change, const BBox* clip) {
  std::vector<DiffPiece> pieces;
  geo::GeosContext ctx;
  std::map<Status, geo::GeomPtr> before;
  std::map<Status, geo::GeomPtr> after;
  auto group = [&](const std::vector<StoredPolygon>& polys, std::map<Status, geo::GeomPtr>& into) -> Result<void> {
    std::map<Status, std::vector<StoredPolygon>> by;
    for (const auto& p : polys) by[p.status].push_back(p);
    for (auto& [s, list] : by) {
      FRONTLINE_TRY(g, store.geometry(list));
      FRONTLINE_TRY(u, union_of(ctx, g, clip));
      into.emplace(s, std::move(u));
    }
    return {};
  };
  FRONTLINE_CHECK(group(change.removed, before));
  FRONTLINE_CHECK(group(change.added, after));
  auto all_of = [&](const std::map<Status, geo::GeomPtr>& m) -> Result<geo::GeomPtr> {
    std::vector<geo::GeomPtr> parts;
    parts.reserve(m.size());
    for (const auto& [s, g] : m)
      parts.push_back(geo::adopt(ctx, geo::geos_c().GEOSGeom_clone_r(ctx.handle(), g.get())));
    if (parts.empty()) return geo::empty_polygon(ctx);
    FRONTLINE_TRY(coll, geo::make_collection(ctx, std::move(parts)));
    return geo::union_all(ctx, coll.get());
  };
  FRONTLINE_TRY(all_before, all_of(before));
  FRONTLINE_TRY(all_after, all_of(after));

  auto add_piece = [&](std::optional<Status> b, std::optional<Status> a, const GEOSGeometry* g) -> Result<void> {
    DiffPiece piece;
    FRONTLINE_TRY(m2, area_of(ctx, g, &piece.geometry));
    if (piece.geometry.empty() || m2 <= 0) return {};
    piece.before = b;
    piece.after = a;
    piece.area_km2 = m2 / kM2PerKm2;
    if (in_total(a) && !in_total(b)) {
      piece.kind = ChangeKind::gained;
    } else if (in_total(b) && !in_total(a)) {
      piece.kind = ChangeKind::lost;
    } else {
      piece.kind = ChangeKind::reclassified;
    }
    pieces.push_back(std::move(piece));
    return {};
  };
  for (const auto& [sb, gb] : before) {
    for (const auto& [sa, ga] : after) {
      if (sb == sa) continue;
      FRONTLINE_TRY(i, geo::intersection(ctx, gb.get(), ga.get()));
      FRONTLINE_CHECK(add_piece(sb, sa, i.get()));
    }
    FRONTLINE_TRY(d, geo::difference(ctx, gb.get(), all_after.get()));
    FRONTLINE_CHECK(add_piece(sb, std::nullopt, d.get()));
  }
  for (const auto& [sa, ga] : after) {
    FRONTLINE_TRY(d, geo::difference(ctx, ga.get(), all_before.get()));
    FRONTLINE_CHECK(add_piece(std::nullopt, sa, d.get()));
  }
  return pieces;
}
}  // namespace

Result<DiffResult> diff(const Store& store, std::string_view map, Timestamp t1, Timestamp t2) {
  FRONTLINE_TRY(v1, require_version(store, map, t1));
  FRONTLINE_TRY(v2, require_version(store, map, t2));
  DiffResult out;
  const auto a1 = v1.area_m2(Status::occupied_total);
  const auto a2 = v2.area_m2(Status::occupied_total);
  if (a1 || a2) out.net_km2 = (a2.value_or(0) - a1.value_or(0)) / kM2PerKm2;
  FRONTLINE_TRY(change, change_between(store, v1.id, v2.id));
  out.bbox = change.bbox;
  out.from = std::move(v1);
  out.to = std::move(v2);
  if (change.empty()) return out;

  // Each cluster of changed boundary is overlaid on its own: far cheaper than one box spanning a
  // front where several places changed. A piece type found in several boxes is one piece.
  FRONTLINE_TRY(boxes, changed_boxes(store, change, ChangeClasses::by_status));
  auto clustered = [&]() -> Result<std::vector<DiffPiece>> {
    using Key = std::tuple<int, int, int, int>;  // diff_pieces's order: (before, after), (before, none), (none, after)
    std::map<Key, DiffPiece> merged;
    for (const BBox& box : boxes) {
      FRONTLINE_TRY(part, diff_pieces(store, change, &box));
      for (auto& p : part) {
        const Key key{p.before ? 0 : 1, p.before ? static_cast<int>(*p.before) : 0, p.after ? 0 : 1,
                      p.after ? static_cast<int>(*p.after) : 0};
        auto [it, inserted] = merged.try_emplace(key, std::move(p));
        if (inserted) continue;
        it->second.area_km2 += p.area_km2;
        it->second.geometry.insert(it->second.geometry.end(), std::make_move_iterator(p.geometry.begin()),
                                   std::make_move_iterator(p.geometry.end()));
      }
    }
    std::vector<DiffPiece> all;
    all.reserve(merged.size());
    for (auto& [key, p] : merged) all.push_back(std::move(p));
    return all;
  };
  auto pieces = clustered();
  if (!pieces) pieces = diff_pieces(store, change, nullptr);  // see gained_lost_m2
  if (!pieces) return std::move(pieces).error();
  for (auto& p : *pieces) {
    switch (p.kind) {
      case ChangeKind::gained:
        out.gained_km2 += p.area_km2;
        break;
      case ChangeKind::lost:
        out.lost_km2 += p.area_km2;
        break;
      case ChangeKind::reclassified:
        out.reclassified_km2 += p.area_km2;
        break;
    }
  }
  out.pieces = std::move(*pieces);
  return out;
}

}  // namespace frontline
