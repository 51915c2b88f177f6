#include "geo/resolve.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <optional>

#include "geo/hash.hpp"
#include "geo/repair.hpp"

namespace frontline::geo {

namespace {
struct Timer {
  explicit Timer(double& total) : into(total) {}
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;
  double& into;
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
  ~Timer() { into += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); }
};

// Twice the planar area of polygons in grid units², exact (coordinates below 2^31, so every
// cross product and their sum fit in 128 bits).
__extension__ using Wide = __int128;
Wide twice_ring_area(const Ring& r) {
  Wide sum = 0;
  for (std::size_t i = 0; i + 1 < r.size(); ++i) {
    sum += Wide{r[i].lon} * r[i + 1].lat - Wide{r[i + 1].lon} * r[i].lat;
  }
  return sum < 0 ? -sum : sum;
}
Wide twice_planar_area(const MultiPolygon& mp) {
  Wide total = 0;
  for (const auto& p : mp) {
    total += twice_ring_area(p.outer);
    for (const auto& h : p.holes) total -= twice_ring_area(h);
  }
  return total;
}

// The clip box reaches a little beyond the piece, so that the clip's own edges never touch it.
BBox grown(const BBox& b) {
  constexpr std::int32_t kMargin = 100;  // grid units, about 1 m
  return {b.min_lon - kMargin, b.min_lat - kMargin, b.max_lon + kMargin, b.max_lat + kMargin};
}

Error at_feature(std::size_t feature, Error e) {
  if (feature > 0) e.message = fmt::format("feature {}: {}", feature, e.message);
  return e;
}

void add_rings(const MultiPolygon& mp, std::vector<const Ring*>& rings) {
  for (const auto& p : mp) {
    rings.push_back(&p.outer);
    for (const auto& h : p.holes) rings.push_back(&h);
  }
}
}  // namespace

struct ResolverCache::Piece {
  MultiPolygon polygons;  // valid, on the grid
  BBox bbox;
  std::uint64_t hash = 0;
  std::size_t vertices = 0;
  bool repaired = false;  // made valid from an invalid source polygon
  int holes_outside = 0, holes_partly_outside = 0;
  EdgeLoad load;  // the work of its check and repair, charged again on every cache hit
};

struct Resolver::Live {
  GeomPtr geom;
  PreparedPtr prepared;
  std::uint64_t last_used = 0;
};

Resolver::Resolver(std::shared_ptr<ResolverCache> cache, const WorkLimits& limits)
    : budget_(limits), cache_(std::move(cache)) {}
Resolver::~Resolver() {
  live_.clear();  // prepared geometries before the context they were made in
}

Resolver::PiecePtr Resolver::make_piece(MultiPolygon mp) {
  auto piece = std::make_shared<Piece>();
  std::vector<std::uint64_t> hashes;
  hashes.reserve(mp.size());
  for (const auto& p : mp) hashes.push_back(hash_polygon(p));
  piece->hash = hash_ids(hashes);
  piece->bbox = bbox_of(mp);
  piece->vertices = vertex_count(mp);
  piece->polygons = std::move(mp);
  return piece;
}

RingMeasure Resolver::measure(const Ring& ring) {
  const std::uint64_t h = hash_ring(ring);
  if (auto it = ring_cache_.find(h); it != ring_cache_.end()) return it->second;
  const RingMeasure m = measurer_.measure(ring);
  ring_cache_.emplace(h, m);
  return m;
}

double Resolver::piece_area(const Piece& p) {
  double a = 0;
  for (const auto& poly : p.polygons) {
    a += measure(poly.outer).area_m2;
    for (const auto& h : poly.holes) a -= measure(h).area_m2;
  }
  return a;
}

Result<Resolver::PiecePtr> Resolver::valid_piece(const Polygon& p, ResolvedVersion& out) {
  auto count = [&](const Piece& piece) {
    if (piece.repaired) ++out.repaired;
    out.holes_outside += piece.holes_outside;
    out.holes_partly_outside += piece.holes_partly_outside;
  };
  const std::uint64_t h = hash_polygon(p);
  if (PiecePtr hit = cache_->find_valid(h)) {
    FRONTLINE_CHECK(charge_again(budget_, hit->load, hit->repaired));
    count(*hit);
    return hit;
  }
  Timer timer{stats_.validity_s};
  ++stats_.validity_checks;
  FRONTLINE_TRY(valid, make_valid_polygon(ctx_, p, budget_));
  if (valid.repaired) ++stats_.repairs;
  auto piece = std::const_pointer_cast<Piece>(make_piece(std::move(valid.polygons)));
  piece->repaired = valid.repaired;
  piece->holes_outside = valid.holes_outside;
  piece->holes_partly_outside = valid.holes_partly_outside;
  piece->load = valid.load;
  count(*piece);
  cache_->put_valid(h, piece);
  return PiecePtr(std::move(piece));
}

Result<Resolver::Live*> Resolver::live(const PiecePtr& piece, bool prepared) {
  auto it = live_.find(piece->hash);
  if (it == live_.end()) {
    auto l = std::make_unique<Live>();
    FRONTLINE_TRY(g, to_geos(ctx_, piece->polygons));
    l->geom = std::move(g);
    it = live_.emplace(piece->hash, std::move(l)).first;
  }
  Live* l = it->second.get();
  l->last_used = version_;
  if (prepared && !l->prepared) l->prepared = prepare(ctx_, l->geom.get());
  return l;
}

Result<Resolver::PiecePtr> Resolver::cut(const PiecePtr& piece, std::span<const PiecePtr> cutters) {
  struct Clipped {
    GeomPtr geom;
    MultiPolygon polygons;
  };
  std::vector<std::uint64_t> keys{piece->hash};
  // The contributing cutters in the cutters' order (the overlay's input order, so that its output
  // does not depend on which thread met a pair first), with their clips where already made.
  std::vector<std::pair<const PiecePtr*, std::optional<Clipped>>> contributing;
  Live* self = nullptr;
  // The cutter clipped to the piece's box, or nullopt if it contributes nothing. Pairs recur from
  // version to version (most pieces and their neighbours do not change), so whether and what a
  // cutter contributes is cached by the two contents: the prepared test and the clip then run
  // only for new pairs and for cuts that are computed.
  auto clip = [&](const PiecePtr& c, bool test) -> Result<std::optional<Clipped>> {
    if (self == nullptr) {
      FRONTLINE_TRY(s, live(piece, false));
      self = s;
    }
    FRONTLINE_TRY(lc, live(c, true));
    if (test) {
      // Boxes overlap far more often than polygons do; the prepared test is cheap.
      const int hit = lc->prepared ? intersects(ctx_, lc->prepared.get(), self->geom.get()) : 1;
      if (hit == 0) return std::optional<Clipped>{};
    }
    Timer timer{stats_.clip_s};
    ++stats_.clips;
    FRONTLINE_TRY(g, clip_to(ctx_, lc->geom.get(), grown(piece->bbox)));
    if (is_empty(ctx_, g.get())) return std::optional<Clipped>{};
    FRONTLINE_TRY(mp, from_geos(ctx_, g.get()));
    if (mp.empty()) return std::optional<Clipped>{};
    return std::optional<Clipped>{Clipped{std::move(g), std::move(mp)}};
  };
  for (const auto& c : cutters) {
    if (!c->bbox.intersects(piece->bbox)) continue;
    // Testing and clipping a cutter costs a few µs plus the vertices of both; many polygons drawn
    // over the same ground make this quadratic in their number.
    FRONTLINE_CHECK(budget_.charge_cut_pair(piece->vertices + c->vertices));
    const std::array<std::uint64_t, 2> pair_ids{piece->hash, c->hash};
    const std::uint64_t pair_key = hash_ids(pair_ids);
    if (const ResolverCache::Pair known = cache_->find_pair(pair_key); known.known) {
      if (!known.contributes) continue;
      keys.push_back(known.clipped_hash);
      contributing.emplace_back(&c, std::nullopt);
      continue;
    }
    FRONTLINE_TRY(part, clip(c, true));
    ResolverCache::Pair pair{true, part.has_value(), 0};
    if (part) {
      std::vector<std::uint64_t> hs;
      hs.reserve(part->polygons.size());
      for (const auto& p : part->polygons) hs.push_back(hash_polygon(p));
      pair.clipped_hash = hash_ids(hs);
      keys.push_back(pair.clipped_hash);
      contributing.emplace_back(&c, std::move(part));
    }
    cache_->put_pair(pair_key, pair);
  }
  if (contributing.empty()) return piece;
  const std::uint64_t key = hash_ids(keys);
  if (ResolverCache::Cut hit = cache_->find_cut(key); hit.piece) {
    ++stats_.cut_hits;
    FRONTLINE_CHECK(budget_.charge_cut(hit.load));
    return hit.piece;
  }
  // A cut to compute: the cutters known from the pair cache are clipped now.
  std::vector<GeomPtr> clipped;
  std::vector<MultiPolygon> clipped_polygons;
  for (auto& [c, part] : contributing) {
    if (!part) {
      FRONTLINE_TRY(again, clip(*c, false));
      if (!again) return make_error(ErrorCode::internal, "a cutter that contributed to a cut before no longer does");
      part = std::move(again);
    }
    clipped.push_back(std::move(part->geom));
    clipped_polygons.push_back(std::move(part->polygons));
  }
  if (self == nullptr) {
    FRONTLINE_TRY(s, live(piece, false));
    self = s;
  }
  // The overlay nodes the piece and the clipped cutters together: its work is counted first.
  std::vector<const Ring*> rings;
  add_rings(piece->polygons, rings);
  for (const auto& mp : clipped_polygons) add_rings(mp, rings);
  const EdgeLoad load = edge_load(rings, budget_.room_for_cut());
  FRONTLINE_CHECK(budget_.charge_cut(load));
  FRONTLINE_TRY(out, overlay(piece, cutters, self, clipped));
  cache_->put_cut(key, {out, load});
  return out;
}

Result<Resolver::PiecePtr> Resolver::overlay(const PiecePtr& piece, std::span<const PiecePtr> cutters, Live* self,
                                             std::vector<GeomPtr>& clipped) {
  Timer timer{stats_.cut_s};
  ++stats_.cuts;
  const auto t0 = std::chrono::steady_clock::now();
  GeomPtr current;
  if (clipped.size() > 1) {
    // One overlay with all cutters beats one per cutter: each pass re-nodes the whole piece.
    std::vector<GeomPtr> parts;
    parts.reserve(clipped.size());
    for (auto& c : clipped) parts.push_back(adopt(ctx_, geos_c().GEOSGeom_clone_r(ctx_.handle(), c.get())));
    FRONTLINE_TRY(coll, make_collection(ctx_, std::move(parts)));
    auto all = union_all(ctx_, coll.get());
    if (all) {
      auto d = difference(ctx_, self->geom.get(), all->get());
      if (d) current = std::move(*d);
    }
  }
  if (!current) {
    current = adopt(ctx_, geos_c().GEOSGeom_clone_r(ctx_.handle(), self->geom.get()));
    for (std::size_t i = 0; i < clipped.size(); ++i) {
      auto next = difference(ctx_, current.get(), clipped[i].get());
      if (!next) {
        // A clipped cutter can be invalid along the box's edge; then cut by the whole cutters.
        current = adopt(ctx_, geos_c().GEOSGeom_clone_r(ctx_.handle(), self->geom.get()));
        for (const auto& c : cutters) {
          if (!c->bbox.intersects(piece->bbox)) continue;
          FRONTLINE_TRY(lc, live(c, false));
          FRONTLINE_TRY(full, difference(ctx_, current.get(), lc->geom.get()));
          current = std::move(full);
        }
        break;
      }
      current = std::move(*next);
    }
  }
  // Floating-point overlay puts new intersection points off the grid; rounding them back moves
  // them by at most half a grid step (5 mm), far below what any measure here resolves.
  FRONTLINE_TRY(mp, from_geos(ctx_, current.get()));
  PiecePtr out = make_piece(std::move(mp));
  // Neighbours that only touch leave the piece as it was, but the overlay still nodes it at the
  // touching points; keeping the original keeps its rings, hashes and downstream cache keys stable.
  // "As it was" is decided on the planar area in grid units, exactly: 12 grid units² are about
  // 1e-3 m² here, and a new vertex rounded onto the grid already moves thousands. (The geodesic
  // measure of every overlay's output, only to find it unchanged, was 11 % of an import's work.)
  if (twice_planar_area(out->polygons) - twice_planar_area(piece->polygons) <= 24 &&
      twice_planar_area(piece->polygons) - twice_planar_area(out->polygons) <= 24) {
    ++stats_.cuts_noop;
    stats_.cut_noop_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out = piece;
  }
  return out;
}

Result<ResolvedVersion> Resolver::resolve(std::span<const SourcePolygon> polygons) {
  ++version_;
  budget_.reset();
  ResolvedVersion out;
  std::array<std::vector<PiecePtr>, kStatusCount> by_status;
  std::unordered_map<std::uint64_t, std::size_t> feature;  // piece -> the first feature that gave it
  for (const auto& sp : polygons) {
    const auto idx = static_cast<std::size_t>(sp.status);
    out.present[idx] = true;
    auto piece = valid_piece(*sp.polygon, out);
    if (!piece) return at_feature(sp.feature, std::move(piece).error());
    feature.try_emplace((*piece)->hash, sp.feature);
    if (!(*piece)->polygons.empty()) by_status[idx].push_back(std::move(*piece));
  }

  std::vector<PiecePtr> higher;  // pieces of the statuses already taken
  auto take_status = [&](Status s, bool by_precedence) -> Result<void> {
    const auto idx = static_cast<std::size_t>(s);
    auto& pieces = by_status[idx];
    // Largest first, so the big, slowly changing polygons are never cut by small ones.
    std::sort(pieces.begin(), pieces.end(), [](const PiecePtr& a, const PiecePtr& b) {
      return a->vertices != b->vertices ? a->vertices > b->vertices : a->hash < b->hash;
    });
    pieces.erase(std::unique(pieces.begin(), pieces.end(),
                             [](const PiecePtr& a, const PiecePtr& b) { return a->hash == b->hash; }),
                 pieces.end());
    std::vector<PiecePtr> same;
    auto& layer = out.layers[idx];
    for (const auto& q : pieces) {
      auto cut_q = [&](const PiecePtr& p, std::span<const PiecePtr> cutters) -> Result<PiecePtr> {
        auto r = cut(p, cutters);
        if (!r) return at_feature(feature[q->hash], std::move(r).error());
        return r;
      };
      FRONTLINE_TRY(q1, cut_q(q, same));
      if (q1 != q) out.self_overlap_m2[idx] += piece_area(*q) - piece_area(*q1);
      PiecePtr q2 = q1;
      if (by_precedence) {
        FRONTLINE_TRY(c, cut_q(q1, higher));
        q2 = std::move(c);
        if (q2 != q1) out.overlap_m2[idx] += piece_area(*q1) - piece_area(*q2);
      }
      layer.insert(layer.end(), q2->polygons.begin(), q2->polygons.end());
      if (!q1->polygons.empty()) same.push_back(std::move(q1));
    }
    higher.insert(higher.end(), same.begin(), same.end());
    return {};
  };
  for (Status s : kPrecedence) FRONTLINE_CHECK(take_status(s, true));
  FRONTLINE_CHECK(take_status(Status::occupied_total, false));

  const WorkBudget::Spent& spent = budget_.spent();
  auto& most = stats_.most;
  most.pairs = std::max(most.pairs, spent.pairs);
  most.self_crossings = std::max(most.self_crossings, spent.self_crossings);
  most.crossings = std::max(most.crossings, spent.crossings);
  most.cut_pairs = std::max(most.cut_pairs, spent.cut_pairs);
  most.cut_vertices = std::max(most.cut_vertices, spent.cut_vertices);
  // GEOS copies of pieces this version did not use are dropped: memory stays bounded.
  std::erase_if(live_, [&](const auto& kv) { return kv.second->last_used + 1 < version_; });
  return out;
}

}  // namespace frontline::geo
