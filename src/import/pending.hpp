// What an import holds for a version between reading it and writing it.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/time.hpp"
#include "geo/geodesic.hpp"
#include "geo/region_cells.hpp"
#include "geo/resolve.hpp"
#include "io/snapshot_reader.hpp"

namespace frontline::importer {

struct RingEntry {
  std::shared_ptr<const Ring> ring;
  geo::RingMeasure measure;
  double outside_m2 = 0;  // the part of what it encloses on a neighbour's land
};
// Rings by content hash, with their measures: shared by the versions that use them.
using RingTable = std::unordered_map<std::uint64_t, RingEntry>;

struct PendingLayer {
  Status status;
  std::vector<std::vector<std::uint64_t>> polygons;  // ring hashes, outer first
  double overlap_m2 = 0;
};

struct Pending {
  Timestamp time;
  std::string source_id;
  std::string display_name;
  std::vector<geo::SourcePolygon> polygons;
  io::SnapshotReport report;
  std::vector<PendingLayer> layers;
  int repaired = 0;
  int holes_outside = 0;  // holes of repaired polygons wholly outside their shell (geo/repair.hpp)
  int holes_partly_outside = 0;
  std::uint64_t content_hash = 0;
  std::uint64_t source_hash = 0;  // classified source polygons, in file order
  bool stored = false;            // the store already holds this version from the same source
};

// Resolves one version: disjoint status layers as ring hashes, the new rings into `rings`.
// `land` measures each new ring's part on a neighbour's land, with `ctx`.
Result<void> resolve_version(geo::Resolver& resolver, Pending& p, RingTable& rings, const geo::RegionCells& land,
                             geo::GeosContext& ctx);

// Resolves versions on worker threads while the reader is still reading. Each worker takes the
// next block of consecutive versions, so its Resolver's caches see a history in order.
class ResolvePool {
 public:
  // `land` must outlive the pool.
  ResolvePool(unsigned threads, const geo::RegionCells& land);
  ~ResolvePool();
  ResolvePool(const ResolvePool&) = delete;
  ResolvePool& operator=(const ResolvePool&) = delete;

  void add(Pending* p);  // the reader hands over a version it has read
  void finish();         // no more versions
  std::size_t resolved() const { return resolved_.load(); }
  bool failed() const;
  // Waits for the workers; the first error any of them met, or the ring tables merged.
  Result<RingTable> join();

 private:
  void work(unsigned index);

  struct Shared;
  std::unique_ptr<Shared> shared_;
  std::atomic<std::size_t> resolved_{0};
};

}  // namespace frontline::importer
