// The theatre of the war: the ground a control map of it may draw. A polygon wholly outside it is
// a drawing error, not control of ground, and is not stored (docs/model.md, "Far from Ukraine").
#pragma once

#include <fmt/format.h>

#include <string>

#include "frontline/coordinate.hpp"
#include "frontline/geometry.hpp"

namespace frontline::geo {

// Ukraine's extent in the bundled boundaries (22.14–40.23° E, 44.39–52.38° N) grown by 3° (about
// 210 to 330 km) on every side: it holds every neighbour's ground the maps draw (Kursk, Belgorod,
// Bryansk, Transnistria, the Black Sea and the Sea of Azov). DeepState's history holds a grey-zone
// triangle in the Arabian Sea (63–66° E, 13–15° N) in 279 versions of 2023 (25,739 km² in two of
// them, 527 km² in the others): counted, it was grey zone in Ukraine.
inline constexpr BBox kTheatre{191'000'000, 413'000'000, 433'000'000, 554'000'000};

// Whether a ring's bounding box meets the theatre (a polygon is judged by its outer ring).
inline bool in_theatre(const Ring& outer) noexcept {
  return bbox_of(outer).intersects(kTheatre);
}

// "19.1–43.3° E, 41.3–55.4° N", as reports name it.
inline std::string theatre_text() {
  return fmt::format("{:.1f}–{:.1f}° E, {:.1f}–{:.1f}° N", kTheatre.min_lon / kGridPerDegree,
                     kTheatre.max_lon / kGridPerDegree, kTheatre.min_lat / kGridPerDegree,
                     kTheatre.max_lat / kGridPerDegree);
}

}  // namespace frontline::geo
