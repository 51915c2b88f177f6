// Coordinates. Longitude and latitude are distinct types so that they cannot be swapped silently;
// unchecked numbers from a file become a FixedCoordinate exactly once, at the reader, where the
// range is checked.
//
// Everything past the readers works on a fixed grid of 1e-7 degree (about 1.1 cm on the ground):
// the store keeps integers (small, exact, delta-compressible), content hashes are stable, and the
// overlay engine runs with the same grid so its output needs no further rounding.
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>
#include <optional>

namespace frontline {

struct Longitude {
  double degrees;
};
struct Latitude {
  double degrees;
};

inline constexpr double kGridDegrees = 1e-7;
inline constexpr double kGridPerDegree = 1e7;

struct FixedCoordinate {
  std::int32_t lon = 0;  // units of 1e-7 degree
  std::int32_t lat = 0;

  // clang-tidy 14 reports the 0 that a defaulted <=> compares with as a null pointer wherever
  // a TU instantiates it (a known false positive of modernize-use-nullptr).
  // NOLINTNEXTLINE(modernize-use-nullptr)
  friend constexpr auto operator<=>(const FixedCoordinate&, const FixedCoordinate&) = default;

  Longitude longitude() const noexcept { return {lon * kGridDegrees}; }
  Latitude latitude() const noexcept { return {lat * kGridDegrees}; }
};

inline bool in_range(Longitude lon, Latitude lat) noexcept {
  return std::isfinite(lon.degrees) && std::isfinite(lat.degrees) && lon.degrees >= -180.0 && lon.degrees <= 180.0 &&
         lat.degrees >= -90.0 && lat.degrees <= 90.0;
}

// nullopt when out of range: the caller knows the file and feature and reports them.
inline std::optional<FixedCoordinate> to_fixed(Longitude lon, Latitude lat) noexcept {
  if (!in_range(lon, lat)) return std::nullopt;
  return FixedCoordinate{static_cast<std::int32_t>(std::lround(lon.degrees * kGridPerDegree)),
                         static_cast<std::int32_t>(std::lround(lat.degrees * kGridPerDegree))};
}

}  // namespace frontline
