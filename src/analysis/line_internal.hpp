// What the line of contact and its advance share (analysis/line.cpp, analysis/advance.cpp).
// Not part of the public API.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "frontline/line.hpp"
#include "geo/front_line.hpp"

namespace frontline::analysis {

// Ukraine as the line sees it: its oblasts (to name where a point lies) and its outline (the
// border and the coast, which are not front).
struct Country {
  std::vector<std::string> oblast_names;
  std::vector<MultiPolygon> oblasts;
  std::vector<BBox> boxes;
  geo::CountryShape shape{MultiPolygon{}};  // all the oblasts' polygons as one country
  // The index of the oblast that covers p, or oblast_names.size() where none does (water,
  // another country). `hint`: the oblast to try first (points along a line mostly stay in one).
  std::size_t oblast_at(FixedCoordinate p, std::size_t hint = 0) const;
};
// The store's oblasts when it has a gazetteer (so that a fixture's country is its own), else the
// bundled ones.
Result<Country> load_country(const Store& store);

// The ground held by Russia in a version (with the grey zone: up to where Ukraine's begins), and
// its boundary away from the country's outline.
struct HeldGround {
  MultiPolygon polygons;
  std::vector<BBox> boxes;  // of each polygon
  std::vector<geo::Path> line;
  bool covers(FixedCoordinate p) const;
};
Result<HeldGround> held_ground(const Store& store, const VersionInfo& v, bool with_grey_zone, const Country& country,
                               double tolerance_m);

// The line of a version; with `russian`, also the ground held by Russia it was drawn from.
Result<FrontLine> front_line_of(const Store& store, std::string_view map, const VersionInfo& v, const Country& country,
                                LineEdge edge, HeldGround* russian = nullptr);

}  // namespace frontline::analysis
