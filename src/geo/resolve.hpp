// Turns the classified polygons of one source version into disjoint, valid status layers:
// each polygon made valid, each status dissolved (overlaps within a status counted once), and
// statuses made disjoint by precedence (kPrecedence). Pure: no files, no store.
//
// Consecutive versions of a control map differ in a few places only, so every intermediate
// result is cached under the content hashes of its inputs: repairing a polygon, dissolving a
// cluster of overlapping polygons, cutting a polygon by higher-precedence ones. Resolving a new
// version then costs overlay work only where it changed.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <unordered_map>

#include "frontline/error.hpp"
#include "frontline/geometry.hpp"
#include "frontline/status.hpp"
#include "geo/geos.hpp"

namespace frontline::geo {

// Source polygons are shared, not copied: consecutive versions repeat most of them, and an import
// holds every version of a history in memory between reading and writing.
struct SourcePolygon {
  Status status;
  std::shared_ptr<const Polygon> polygon;
};

struct ResolvedVersion {
  std::array<MultiPolygon, kStatusCount> layers;  // indexed by Status
  std::array<bool, kStatusCount> present{};        // the source carried this status
  int repaired = 0;                                // invalid source polygons made valid
  // Ground the source gave this status but a higher-precedence status also claimed, in m².
  std::array<double, kStatusCount> overlap_m2{};
};

class Resolver {
 public:
  Resolver();
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  Result<ResolvedVersion> resolve(std::span<const SourcePolygon> polygons);

  // Geodesic area of a ring, cached by content hash (shared with the store's ring table).
  double ring_area_m2(const Ring& ring);

 private:
  struct Piece;
  using PiecePtr = std::shared_ptr<const Piece>;
  Result<PiecePtr> valid_piece(const Polygon& p, int& repaired);
  Result<std::vector<PiecePtr>> dissolve(std::vector<PiecePtr> pieces);
  Result<PiecePtr> cut(const PiecePtr& piece, std::span<const PiecePtr> higher);
  PiecePtr make_piece(MultiPolygon mp);
  double piece_area(const Piece& p);

  GeosContext ctx_;
 public:
  // Work done, for logs and benchmarks: overlay operations run and cache hits.
  struct Stats {
    std::size_t validity_checks = 0, repairs = 0, unions = 0, union_hits = 0, cuts = 0, cut_hits = 0;
    double validity_s = 0, union_s = 0, cut_s = 0;
  };
  const Stats& stats() const { return stats_; }

 private:
  Stats stats_;
  std::unordered_map<std::uint64_t, PiecePtr> valid_cache_;     // polygon hash -> valid piece
  std::unordered_map<std::uint64_t, PiecePtr> dissolve_cache_;  // member hashes -> union
  std::unordered_map<std::uint64_t, PiecePtr> cut_cache_;       // piece + cutters -> difference
  std::unordered_map<std::uint64_t, double> ring_area_cache_;
  std::unordered_map<std::uint64_t, bool> touch_cache_;       // piece pair -> they intersect
  std::unordered_map<std::uint64_t, GeomPtr> clip_cache_;     // per version: piece -> GEOS copy
};

}  // namespace frontline::geo
