// Turns the classified polygons of one source version into disjoint, valid status layers:
// each polygon made valid, overlaps within a status counted once, and statuses made disjoint by
// precedence (kPrecedence). Pure: no files, no store.
//
// Everything is done with one local operation, cut(piece, cutters): the piece minus the parts of
// the cutters inside the piece's bounding box. Within a status, pieces are taken largest first and
// each is cut by the ones taken before it (so overlaps count once); then it is cut by the pieces
// of the higher-precedence statuses. Clipping the cutters to the piece's box (linear time) keeps
// each overlay small, and makes its result cacheable under the content hashes of the piece and
// of the clipped cutters: when a front line moves, only the pieces near the move are recomputed.
// Touching pieces are not merged: a layer is a set of polygons with disjoint interiors, which is
// all that areas need; consumers that need one geometry union it.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <unordered_map>

#include "frontline/error.hpp"
#include "frontline/geometry.hpp"
#include "frontline/status.hpp"
#include "geo/budget.hpp"
#include "geo/geodesic.hpp"
#include "geo/geos.hpp"

namespace frontline::geo {

// Source polygons are shared, not copied: consecutive versions repeat most of them, and an import
// holds every version of a history in memory between reading and writing.
struct SourcePolygon {
  Status status;
  std::shared_ptr<const Polygon> polygon;
  // The polygon's feature in its file, counted from 1 (0: unknown). Errors name it; the resolver
  // does not know file names, so its messages start "feature N: " and the caller adds the file.
  std::size_t feature = 0;
};

struct ResolvedVersion {
  std::array<MultiPolygon, kStatusCount> layers;  // indexed by Status
  std::array<bool, kStatusCount> present{};       // the source carried this status
  int repaired = 0;                               // invalid source polygons made valid
  int holes_outside = 0;                          // of their holes, those wholly outside their shell
  int holes_partly_outside = 0;                   // and those partly outside it (geo/repair.hpp)
  // Ground the source gave this status but a higher-precedence status also claimed, in m².
  std::array<double, kStatusCount> overlap_m2{};
  // Ground claimed twice within this status (counted once), in m².
  std::array<double, kStatusCount> self_overlap_m2{};
};

// Results of repairs and cuts by content hash, shared by the resolvers of an import's worker
// threads: a worker starting on a later block of versions finds what its neighbour computed for
// the versions just before. Plain data only (GEOS objects stay with their thread's context).
class ResolverCache {
 public:
  struct Piece;
  using PiecePtr = std::shared_ptr<const Piece>;
  struct Cut {
    PiecePtr piece;  // nullptr: not cached
    EdgeLoad load;   // the overlay's work, charged again on every hit
  };
  // What a cutter contributes to a piece's cut: nothing (disjoint, or empty once clipped to the
  // piece's box), or its clipped polygons, known by their hash.
  struct Pair {
    bool known = false;
    bool contributes = false;
    std::uint64_t clipped_hash = 0;
  };
  PiecePtr find_valid(std::uint64_t key) const { return find(valid_, key); }
  Cut find_cut(std::uint64_t key) const { return find(cut_, key); }
  Pair find_pair(std::uint64_t key) const { return find(pair_, key); }
  void put_valid(std::uint64_t key, PiecePtr p) { put(valid_, key, std::move(p)); }
  void put_cut(std::uint64_t key, Cut c) { put(cut_, key, std::move(c)); }
  void put_pair(std::uint64_t key, Pair p) { put(pair_, key, p); }

 private:
  template <class Map>
  typename Map::mapped_type find(const Map& m, std::uint64_t key) const {
    std::shared_lock lock(mutex_);
    auto it = m.find(key);
    return it == m.end() ? typename Map::mapped_type{} : it->second;
  }
  template <class Map>
  void put(Map& m, std::uint64_t key, typename Map::mapped_type v) {
    std::unique_lock lock(mutex_);
    m.emplace(key, std::move(v));
  }
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::uint64_t, PiecePtr> valid_;  // polygon hash -> valid piece
  std::unordered_map<std::uint64_t, Cut> cut_;         // piece + clipped cutters -> difference
  std::unordered_map<std::uint64_t, Pair> pair_;       // piece + cutter -> what the cutter contributes
};

// Each version is resolved within a budget of work (geo/budget.hpp): a version whose geometry
// would take GEOS too long is refused with bad_input, naming the feature.
class Resolver {
 public:
  explicit Resolver(std::shared_ptr<ResolverCache> cache = std::make_shared<ResolverCache>(),
                    const WorkLimits& limits = {});
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  Result<ResolvedVersion> resolve(std::span<const SourcePolygon> polygons);
  // What the last resolve() charged to its budget.
  const WorkBudget::Spent& spent() const { return budget_.spent(); }

  // Geodesic area and perimeter of a ring, cached by content and by runs of edges.
  RingMeasure measure(const Ring& ring);

  // Work done, for logs and benchmarks: overlay operations run and cache hits.
  struct Stats {
    std::size_t validity_checks = 0, repairs = 0, cuts = 0, cut_hits = 0, clips = 0, cuts_noop = 0;
    double validity_s = 0, cut_s = 0, clip_s = 0, cut_noop_s = 0;
    WorkBudget::Spent most;  // the most any one version charged to each limit of its budget
  };
  const Stats& stats() const { return stats_; }

 private:
  using Piece = ResolverCache::Piece;
  using PiecePtr = ResolverCache::PiecePtr;
  struct Live;  // GEOS copy and prepared form of a piece, kept while versions use it
  Result<PiecePtr> valid_piece(const Polygon& p, ResolvedVersion& out);
  Result<PiecePtr> cut(const PiecePtr& piece, std::span<const PiecePtr> cutters);
  Result<PiecePtr> overlay(const PiecePtr& piece, std::span<const PiecePtr> cutters, Live* self,
                           std::vector<GeomPtr>& clipped);
  Result<Live*> live(const PiecePtr& piece, bool prepared);
  PiecePtr make_piece(MultiPolygon mp);
  double piece_area(const Piece& p);

  GeosContext ctx_;
  Stats stats_;
  WorkBudget budget_;
  std::shared_ptr<ResolverCache> cache_;
  std::unordered_map<std::uint64_t, std::unique_ptr<Live>> live_;
  std::unordered_map<std::uint64_t, RingMeasure> ring_cache_;
  RingMeasurer measurer_;
  std::uint64_t version_ = 0;
};

}  // namespace frontline::geo
