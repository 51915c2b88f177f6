// The work one input file may cost the geometry. GEOS calls cannot be interrupted, and on hostile
// input under 1 MB they can run for minutes and take gigabytes (a 4,000-vertex random ring: over
// 90 s and 3.5 GB to repair). So the work of each call is estimated before it runs
// (geo/edge_load.hpp), charged to the file's budget, and a file whose charges pass a limit is
// refused as bad input. Charges depend only on the geometry, never on what a cache held, so the
// same file is refused or accepted alike in every import.
#pragma once

#include <cstdint>
#include <string>

#include "frontline/error.hpp"
#include "geo/edge_load.hpp"

namespace frontline::geo {

// The defaults are 80 to 400 times what the most demanding version of the real DeepState history
// needs, and keep the worst file under 1 MB within 2 s of CPU and 100 MB, every limit nearly
// reached at once (docs/model.md, "What geometry may cost", gives the measurements).
struct WorkLimits {
  // Pairs of edges with overlapping extents that validity checks and overlays test (GEOS: about
  // 0.2 µs each). Real history: at most 12,003 in one version.
  std::uint64_t pairs = 4'000'000;
  // Points where a ring crosses itself, in rings to repair (GEOS MakeValid: about 60 µs and 2 KB
  // each, growing faster than linearly). Real history: none (its invalid polygons touch, or have
  // holes outside their shell).
  std::uint64_t self_crossings = 10'000;
  // Other new nodes of overlays: rings crossing other rings, in repairs and in cuts (about 40 µs
  // and 1.5 KB each). Real history: at most 618 in one version.
  std::uint64_t crossings = 50'000;
  // Pairs of polygons whose boxes meet, each tested (about 4 µs) and the cutter clipped, to cut one
  // by the other: grows with the square of the number of polygons drawn over the same ground.
  // Real history: at most 246 in one version.
  std::uint64_t cut_pairs = 100'000;
  // The vertices of those pairs, the polygon's and the cutter's (clipping: about 20 ns each).
  // Real history: at most 121,627 in one version.
  std::uint64_t cut_vertices = 20'000'000;
};

class WorkBudget {
 public:
  explicit WorkBudget(const WorkLimits& limits = {}) : limits_(limits) {}

  const WorkLimits& limits() const { return limits_; }
  void reset() { spent_ = {}; }

  // Limits for counting the work of a validity check or of a cut: the count may stop as soon as
  // the work would not fit.
  EdgeLoadLimits room_for_check() const;
  EdgeLoadLimits room_for_cut() const;

  // Each charge fails (bad_input, the message saying what was too much and what to do) when the
  // total would pass its limit; the caller puts the file and feature in front.
  Result<void> charge_check(const EdgeLoad& load);       // a validity check (pairs)
  Result<void> charge_repair(const EdgeLoad& load);      // a repair (self-crossings, other crossings)
  Result<void> charge_cut(const EdgeLoad& load);         // an overlay of a cut (pairs, crossings)
  Result<void> charge_union(const EdgeLoad& load);       // a union of a file's polygons (the same)
  Result<void> charge_cut_pair(std::uint64_t vertices);  // a polygon and a cutter whose boxes meet

  struct Spent {
    std::uint64_t pairs = 0, self_crossings = 0, crossings = 0, cut_pairs = 0, cut_vertices = 0;
  };
  const Spent& spent() const { return spent_; }

 private:
  Result<void> charge_overlay(const EdgeLoad& load, const char* crossing, const char* overlay, const char* refused);
  WorkLimits limits_;
  Spent spent_;
};

// 1234567 -> "1,234,567": the limits in messages are read by people.
std::string grouped(std::uint64_t n);

}  // namespace frontline::geo
