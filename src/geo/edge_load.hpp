// How much noding a set of rings would cost GEOS, counted before GEOS is asked to do it.
//
// GEOS's validity check, MakeValid and overlays all node their inputs: they test the pairs of edges
// whose bounding boxes overlap and split edges where they cross. Both numbers can grow with the
// square of the vertex count (a ring of n random points crosses itself about n²/10 times; a ring
// of long parallel diagonals has n²/2 pairs of overlapping boxes and no crossing at all), and a
// GEOS call cannot be interrupted once started: a 4,000-vertex random ring takes minutes and
// gigabytes to repair. So the work is estimated here, with a bound on the estimate's own work,
// and refused above a budget (docs/model.md, "Geometry").
#pragma once

#include <cstdint>
#include <limits>
#include <span>

#include "frontline/geometry.hpp"

namespace frontline::geo {

struct EdgeLoadLimits {
  // Counting stops soon after either count reaches its limit (at the next check, a few pairs
  // later); the counts are then lower bounds.
  std::uint64_t pairs = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t crossings = std::numeric_limits<std::uint64_t>::max();
};

struct EdgeLoad {
  std::uint64_t pairs = 0;  // pairs of edges whose bounding boxes overlap (neighbours in a ring excluded)
  // Of these, the pairs that meet anywhere but at a vertex both share: where they cross, or where a
  // vertex of one lies inside the other. Each is a node the noding must add.
  std::uint64_t crossings = 0;
  std::uint64_t self_crossings = 0;  // the crossings between edges of one ring
  bool complete = true;              // false: a limit stopped the count
};

// Counts over all edges of all the rings together: crossings between rings count as well as
// crossings within one, since repairs and overlays node them all. Edges are the grid segments
// between consecutive vertices; the test for crossing is exact (integer arithmetic). The work is
// O(n log n) plus the pairs counted, so a limit on pairs bounds it.
EdgeLoad edge_load(std::span<const Ring* const> rings, const EdgeLoadLimits& limits = {});

}  // namespace frontline::geo
