// Source polygons made valid, with a bounded amount of work, and with a stated meaning when they
// are not valid.
//
// A polygon is the area its shell goes round minus the areas its holes go round: a hole is never
// area. GEOS 3.11's MakeValid (either method) turns a hole lying outside its shell into a second
// shell and so counts it as area; DeepState's 2022 maps hold such polygons. So an invalid polygon
// is repaired ring by ring:
//
//   valid = MakeValid(shell) − ⋃ MakeValid(hole)
//
// where MakeValid of a single ring ("structure" method) is the area the ring goes round, however
// it crosses itself. A hole inside its shell subtracts itself, as in a valid polygon; a hole partly
// outside subtracts only its overlap with the shell; a hole wholly outside subtracts nothing.
// Overlapping holes subtract their union once. A valid polygon is left as it is (the formula would
// give the same area).
#pragma once

#include "frontline/error.hpp"
#include "frontline/geometry.hpp"
#include "geo/budget.hpp"
#include "geo/edge_load.hpp"
#include "geo/geos.hpp"

namespace frontline::geo {

struct ValidPolygon {
  MultiPolygon polygons;         // valid, on the grid
  bool repaired = false;         // the source polygon was invalid
  int holes_outside = 0;         // holes with no area inside their shell: they subtract nothing
  int holes_partly_outside = 0;  // holes with area both inside and outside: they subtract their overlap
  EdgeLoad load;                 // the work of its check and repair, as charged to the budget
};

// Checks a polygon (GEOS isValid) and, when invalid, repairs it as above. The work is estimated
// and charged to the budget before GEOS does it; over budget it fails with bad_input.
Result<ValidPolygon> make_valid_polygon(GeosContext& ctx, const Polygon& p, WorkBudget& budget);

// Charges the budget what make_valid_polygon charged for the same polygon (for a cached result):
// a file is refused or accepted alike whatever a cache held.
Result<void> charge_again(WorkBudget& budget, const EdgeLoad& load, bool repaired);

}  // namespace frontline::geo
