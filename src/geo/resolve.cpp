#include "geo/resolve.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>

#include "geo/geodesic.hpp"
#include "geo/hash.hpp"

namespace frontline::geo {

namespace {
struct Timer {
  double& into;
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
  ~Timer() { into += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); }
};
}  // namespace

struct Resolver::Piece {
  MultiPolygon polygons;  // valid, on the grid
  BBox bbox;
  std::uint64_t hash = 0;
  bool repaired = false;  // made valid from an invalid source polygon
};

Resolver::Resolver() = default;
Resolver::~Resolver() = default;

Resolver::PiecePtr Resolver::make_piece(MultiPolygon mp) {
  auto piece = std::make_shared<Piece>();
  std::vector<std::uint64_t> hashes;
  hashes.reserve(mp.size());
  for (const auto& p : mp) hashes.push_back(hash_polygon(p));
  piece->hash = hash_ids(hashes);
  piece->bbox = bbox_of(mp);
  piece->polygons = std::move(mp);
  return piece;
}

double Resolver::ring_area_m2(const Ring& ring) {
  const std::uint64_t h = hash_ring(ring);
  auto it = ring_area_cache_.find(h);
  if (it != ring_area_cache_.end()) return it->second;
  const double a = measure_ring(ring).area_m2;
  ring_area_cache_.emplace(h, a);
  return a;
}

double Resolver::piece_area(const Piece& p) {
  double a = 0;
  for (const auto& poly : p.polygons) {
    a += ring_area_m2(poly.outer);
    for (const auto& h : poly.holes) a -= ring_area_m2(h);
  }
  return a;
}

Result<Resolver::PiecePtr> Resolver::valid_piece(const Polygon& p, int& repaired) {
  const std::uint64_t h = hash_polygon(p);
  if (auto it = valid_cache_.find(h); it != valid_cache_.end()) {
    if (it->second->repaired) ++repaired;
    return it->second;
  }
  Timer timer{stats_.validity_s};
  ++stats_.validity_checks;
  FRONTLINE_TRY(g, to_geos(ctx_, p));
  bool was_invalid = false;
  FRONTLINE_TRY(valid, make_valid(ctx_, std::move(g), was_invalid));
  PiecePtr piece;
  if (!was_invalid) {
    piece = make_piece(MultiPolygon{p});
  } else {
    ++repaired;
    // MakeValid may add vertices off the grid; a union on the grid snaps them back.
    FRONTLINE_TRY(snapped, union_all(ctx_, valid.get()));
    FRONTLINE_TRY(mp, from_geos(ctx_, snapped.get()));
    auto repaired_piece = make_piece(std::move(mp));
    std::const_pointer_cast<Piece>(repaired_piece)->repaired = true;
    piece = std::move(repaired_piece);
  }
  valid_cache_.emplace(h, piece);
  return piece;
}

Result<std::vector<Resolver::PiecePtr>> Resolver::dissolve(std::vector<PiecePtr> pieces) {
  // Connected components of the bounding-box overlap graph: pieces in different components cannot
  // overlap, so each component dissolves on its own and most are single, untouched pieces.
  const std::size_t n = pieces.size();
  std::vector<std::size_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      if (pieces[i]->bbox.intersects(pieces[j]->bbox)) parent[find(i)] = find(j);
    }
  }
  // Overlapping boxes are not overlapping polygons: within a box cluster, join only pieces that
  // really touch, tested against the largest piece prepared once (the common case is one large
  // polygon whose box holds many small ones it never touches).
  std::unordered_map<std::size_t, std::vector<std::size_t>> boxes;
  for (std::size_t i = 0; i < n; ++i) boxes[find(i)].push_back(i);
  std::iota(parent.begin(), parent.end(), 0);
  for (auto& [root, idx] : boxes) {
    if (idx.size() < 2) continue;
    std::vector<GeomPtr> geoms;
    for (std::size_t i : idx) {
      FRONTLINE_TRY(g, to_geos(ctx_, pieces[i]->polygons));
      geoms.push_back(std::move(g));
    }
    for (std::size_t a = 0; a < idx.size(); ++a) {
      PreparedPtr prep;
      for (std::size_t b = a + 1; b < idx.size(); ++b) {
        if (find(idx[a]) == find(idx[b]) || !pieces[idx[a]]->bbox.intersects(pieces[idx[b]]->bbox)) continue;
        const std::uint64_t pair_key[2] = {pieces[idx[a]]->hash, pieces[idx[b]]->hash};
        const std::uint64_t key = hash_ids(pair_key);
        int touching = -1;
        if (auto it = touch_cache_.find(key); it != touch_cache_.end()) {
          touching = it->second ? 1 : 0;
        } else {
          if (!prep) prep = prepare(ctx_, geoms[a].get());
          touching = prep ? intersects(ctx_, prep.get(), geoms[b].get()) : -1;
          if (touching < 0) touching = 1;  // when unsure, dissolve: always correct, only slower
          touch_cache_.emplace(key, touching == 1);
        }
        if (touching == 1) parent[find(idx[a])] = find(idx[b]);
      }
    }
  }
  std::unordered_map<std::size_t, std::vector<PiecePtr>> groups;
  for (std::size_t i = 0; i < n; ++i) groups[find(i)].push_back(pieces[i]);

  std::vector<PiecePtr> out;
  out.reserve(groups.size());
  for (auto& [root, members] : groups) {
    if (members.size() == 1) {
      out.push_back(members.front());
      continue;
    }
    std::vector<std::uint64_t> keys;
    for (const auto& m : members) keys.push_back(m->hash);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    if (keys.size() == 1) {  // the same polygon listed twice
      out.push_back(members.front());
      continue;
    }
    const std::uint64_t key = hash_ids(keys);
    if (auto it = dissolve_cache_.find(key); it != dissolve_cache_.end()) {
      out.push_back(it->second);
      ++stats_.union_hits;
      continue;
    }
    Timer timer{stats_.union_s};
    ++stats_.unions;
    std::vector<GeomPtr> parts;
    for (const auto& m : members) {
      FRONTLINE_TRY(g, to_geos(ctx_, m->polygons));
      parts.push_back(std::move(g));
    }
    FRONTLINE_TRY(coll, make_collection(ctx_, std::move(parts)));
    FRONTLINE_TRY(u, union_all(ctx_, coll.get()));
    FRONTLINE_TRY(mp, from_geos(ctx_, u.get()));
    PiecePtr piece = make_piece(std::move(mp));
    dissolve_cache_.emplace(key, piece);
    out.push_back(std::move(piece));
  }
  // Deterministic order, whatever the hash map did.
  std::sort(out.begin(), out.end(), [](const PiecePtr& a, const PiecePtr& b) {
    return std::tie(a->bbox.min_lon, a->bbox.min_lat, a->hash) < std::tie(b->bbox.min_lon, b->bbox.min_lat, b->hash);
  });
  return out;
}

Result<Resolver::PiecePtr> Resolver::cut(const PiecePtr& piece, std::span<const PiecePtr> higher) {
  // Only the parts of the higher pieces inside this piece's box can cut it. Clipping them to the
  // box is linear, and it makes the cache key local: a front line that moved far away leaves the
  // clipped cutters, and so the cached cut, unchanged.
  BBox box = piece->bbox;
  box.min_lon -= 10;
  box.min_lat -= 10;
  box.max_lon += 10;
  box.max_lat += 10;
  std::vector<std::uint64_t> keys{piece->hash};
  std::vector<GeomPtr> clipped;
  for (const auto& h : higher) {
    if (!h->bbox.intersects(piece->bbox)) continue;
    auto hit = clip_cache_.find(h->hash);
    if (hit == clip_cache_.end()) {
      FRONTLINE_TRY(g, to_geos(ctx_, h->polygons));
      hit = clip_cache_.emplace(h->hash, std::move(g)).first;
    }
    FRONTLINE_TRY(c, clip_to(ctx_, hit->second.get(), box));
    if (is_empty(ctx_, c.get())) continue;
    FRONTLINE_TRY(cmp, from_geos(ctx_, c.get()));
    if (cmp.empty()) continue;
    std::vector<std::uint64_t> hs;
    for (const auto& p : cmp) hs.push_back(hash_polygon(p));
    keys.push_back(hash_ids(hs));
    clipped.push_back(std::move(c));
  }
  if (clipped.empty()) return piece;
  const std::uint64_t key = hash_ids(keys);
  if (auto it = cut_cache_.find(key); it != cut_cache_.end()) {
    ++stats_.cut_hits;
    return it->second;
  }
  Timer timer{stats_.cut_s};
  ++stats_.cuts;
  FRONTLINE_TRY(current, to_geos(ctx_, piece->polygons));
  for (auto& c : clipped) {
    auto next = difference(ctx_, current.get(), c.get());
    if (!next) {
      // A clipped cutter can be invalid along the box's edge; cut by the whole piece instead.
      for (const auto& h : higher) {
        if (!h->bbox.intersects(piece->bbox)) continue;
        FRONTLINE_TRY(full, difference(ctx_, current.get(), clip_cache_.at(h->hash).get()));
        current = std::move(full);
      }
      break;
    }
    current = std::move(*next);
  }
  FRONTLINE_TRY(mp, from_geos(ctx_, current.get()));
  PiecePtr out = make_piece(std::move(mp));
  cut_cache_.emplace(key, out);
  return out;
}

Result<ResolvedVersion> Resolver::resolve(std::span<const SourcePolygon> polygons) {
  ResolvedVersion out;
  std::array<std::vector<PiecePtr>, kStatusCount> by_status;
  for (const auto& sp : polygons) {
    const auto idx = static_cast<std::size_t>(sp.status);
    out.present[idx] = true;
    FRONTLINE_TRY(piece, valid_piece(*sp.polygon, out.repaired));
    if (!piece->polygons.empty()) by_status[idx].push_back(std::move(piece));
  }

  // occupied_total stands alone in the series that carry it; the four statuses take precedence.
  std::vector<PiecePtr> higher;
  auto emit = [&](Status s, std::vector<PiecePtr>& pieces) {
    auto& layer = out.layers[static_cast<std::size_t>(s)];
    for (const auto& p : pieces) layer.insert(layer.end(), p->polygons.begin(), p->polygons.end());
  };
  clip_cache_.clear();  // GEOS copies of this version's higher pieces, for cutting
  for (Status s : kPrecedence) {
    const auto idx = static_cast<std::size_t>(s);
    FRONTLINE_TRY(dissolved, dissolve(std::move(by_status[idx])));
    std::vector<PiecePtr> resolved;
    double before = 0;
    double after = 0;
    for (const auto& p : dissolved) {
      FRONTLINE_TRY(c, cut(p, higher));
      if (c != p) {
        before += piece_area(*p);
        after += piece_area(*c);
      }
      if (!c->polygons.empty()) resolved.push_back(std::move(c));
    }
    out.overlap_m2[idx] = before - after;
    emit(s, resolved);
    // The cut uses the dissolved (not cut) pieces of higher statuses: their union is the same
    // ground, and they are fewer and more stable across versions.
    higher.insert(higher.end(), dissolved.begin(), dissolved.end());
  }
  const auto total = static_cast<std::size_t>(Status::occupied_total);
  FRONTLINE_TRY(dissolved_total, dissolve(std::move(by_status[total])));
  emit(Status::occupied_total, dissolved_total);
  return out;
}

}  // namespace frontline::geo
