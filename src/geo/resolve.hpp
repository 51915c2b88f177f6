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
  PiecePtr find_valid(std::uint64_t key) const { return find(valid_, key); }
  PiecePtr find_cut(std::uint64_t key) const { return find(cut_, key); }
  void put_valid(std::uint64_t key, PiecePtr p) { put(valid_, key, std::move(p)); }
  void put_cut(std::uint64_t key, PiecePtr p) { put(cut_, key, std::move(p)); }

 private:
  using Map = std::unordered_map<std::uint64_t, PiecePtr>;
  PiecePtr find(const Map& m, std::uint64_t key) const {
    std::shared_lock lock(mutex_);
    auto it = m.find(key);
    return it == m.end() ? nullptr : it->second;
  }
  void put(Map& m, std::uint64_t key, PiecePtr p) {
    std::unique_lock lock(mutex_);
    m.emplace(key, std::move(p));
  }
  mutable std::shared_mutex mutex_;
  Map valid_;  // polygon hash -> valid piece
  Map cut_;    // piece + clipped cutters -> difference
};

class Resolver {
 public:
  explicit Resolver(std::shared_ptr<ResolverCache> cache = std::make_shared<ResolverCache>());
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  Result<ResolvedVersion> resolve(std::span<const SourcePolygon> polygons);

  // Geodesic area and perimeter of a ring, cached by content and by runs of edges.
  RingMeasure measure(const Ring& ring);

  // Work done, for logs and benchmarks: overlay operations run and cache hits.
  struct Stats {
    std::size_t validity_checks = 0, repairs = 0, cuts = 0, cut_hits = 0, clips = 0, cuts_noop = 0;
    double validity_s = 0, cut_s = 0, clip_s = 0;
  };
  const Stats& stats() const { return stats_; }

 private:
  using Piece = ResolverCache::Piece;
  using PiecePtr = ResolverCache::PiecePtr;
  struct Live;  // GEOS copy and prepared form of a piece, kept while versions use it
  Result<PiecePtr> valid_piece(const Polygon& p, int& repaired);
  Result<PiecePtr> cut(const PiecePtr& piece, std::span<const PiecePtr> cutters);
  Result<Live*> live(const PiecePtr& piece, bool prepared);
  PiecePtr make_piece(MultiPolygon mp);
  double piece_area(const Piece& p);

  GeosContext ctx_;
  Stats stats_;
  std::shared_ptr<ResolverCache> cache_;
  std::unordered_map<std::uint64_t, std::unique_ptr<Live>> live_;
  std::unordered_map<std::uint64_t, RingMeasure> ring_cache_;
  RingMeasurer measurer_;
  std::uint64_t version_ = 0;
};

}  // namespace frontline::geo
