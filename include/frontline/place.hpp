// Places: oblasts, raions, hromadas, settlements and places users draw, as the store keeps them
// (the gazetteer). docs/places.md says where each comes from and how its extent is chosen.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontline/geometry.hpp"

namespace frontline {

enum class PlaceKind : std::uint8_t { oblast = 0, raion = 1, hromada = 2, settlement = 3, custom = 4 };
const char* to_string(PlaceKind k) noexcept;
std::optional<PlaceKind> place_kind_from_string(std::string_view s) noexcept;

// What a place's polygon is.
enum class ExtentKind : std::uint8_t {
  admin_boundary = 0,  // an administrative unit's boundary (oblasts, raions, hromadas)
  osm_boundary = 1,    // the settlement's boundary in OpenStreetMap
  urban_core = 2,      // Who's On First's built-up extent (about 2010)
  radius = 3,          // a circle around the settlement's point, its radius scaled by population
  user_polygon = 4,    // drawn by a user (`frontline places add`)
};
const char* to_string(ExtentKind k) noexcept;

struct PlaceName {
  std::string name;
  std::string kind;  // "uk", "en", "ru", "old", "source": where the spelling comes from
  friend bool operator==(const PlaceName&, const PlaceName&) = default;
};

struct Place {
  std::int64_t id = 0;
  PlaceKind kind = PlaceKind::settlement;
  std::string name;     // in Latin letters: KMU 2010 of name_uk (or the user's name)
  std::string name_uk;  // in Ukrainian ("" when no source gives it)
  // The English names of the units the place lies in ("" where unknown or not applicable).
  std::string oblast, raion, hromada;
  ExtentKind extent = ExtentKind::radius;
  double radius_m = 0;  // for radius extents
  std::string source;   // where the extent comes from, e.g. "OSM relation/2506125"
  std::optional<std::int64_t> population;
  FixedCoordinate point;  // a representative point (the settlement's point, a unit's centre)
  BBox bbox;
  double area_m2 = 0;              // of the extent, geodesic
  std::vector<PlaceName> aliases;  // every other name it is found by
};

struct NewPlace {
  Place place;  // id is given by the store
  MultiPolygon geometry;
};

}  // namespace frontline
