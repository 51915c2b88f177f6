#include "geo/geodesic.hpp"

#include <xxhash.h>
#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/PolygonArea.hpp>

#include <cmath>
#include <cstdlib>
#include <vector>

namespace frontline::geo {

namespace {
const GeographicLib::Geodesic& wgs84() {
  return GeographicLib::Geodesic::WGS84();
}

// Neumaier-compensated sum: per-edge area terms are large (area between the edge and the
// equator) and cancel to a much smaller ring area.
struct Sum {
  double s = 0, c = 0;
  void add(double x) {
    const double t = s + x;
    c += std::fabs(s) >= std::fabs(x) ? (s - t) + x : (x - t) + s;
    s = t;
  }
  double value() const { return s + c; }
};

// Squared grid lengths reach 1.6e19, past int64.
__extension__ using Wide = __int128;

// floor(sqrt(v)), exact: the double's root is off by at most one unit here.
std::uint64_t isqrt(Wide v) {
  auto s = static_cast<std::uint64_t>(std::sqrt(static_cast<double>(v)));
  while (Wide{s} * s > v) --s;
  while (Wide{s + 1} * (s + 1) <= v) ++s;
  return s;
}

// Calls f(lat, lon) for the inner points of the edge a-b, in order from a.
template <typename F>
void inner_points(FixedCoordinate a, FixedCoordinate b, std::int64_t n, F&& f) {
  const double dlon = static_cast<double>(std::int64_t{b.lon} - a.lon);
  const double dlat = static_cast<double>(std::int64_t{b.lat} - a.lat);
  for (std::int64_t k = 1; k < n; ++k) {
    const double t = static_cast<double>(k) / static_cast<double>(n);
    f((a.lat + dlat * t) * kGridDegrees, (a.lon + dlon * t) * kGridDegrees);
  }
}

bool is_anchor(FixedCoordinate c) {
  return (XXH3_64bits(&c, sizeof c) & 15u) == 0;
}
}  // namespace

std::int64_t edge_pieces(FixedCoordinate a, FixedCoordinate b) {
  constexpr std::int64_t m = kMaxMeasuredEdgeGrid;
  const std::int64_t dx = std::int64_t{b.lon} - a.lon;
  const std::int64_t dy = std::int64_t{b.lat} - a.lat;
  if (std::abs(dx) <= m && std::abs(dy) <= m && dx * dx + dy * dy <= m * m) return 1;  // most edges
  const Wide squared = Wide{dx} * dx + Wide{dy} * dy;
  // The smallest n with n * m >= sqrt(squared): against the root when it is whole, otherwise
  // against the first whole number above it.
  const std::uint64_t s = isqrt(squared);
  const Wide reach = Wide{s} * s == squared ? Wide{s} : Wide{s} + 1;
  return static_cast<std::int64_t>((reach + m - 1) / m);
}

RingMeasure measure_ring(const Ring& ring) {
  if (ring.size() < 4) return {};
  // PolygonArea sums GeographicLib's exact per-edge area terms and handles the orientation;
  // the closing vertex repeats the first, so it is not added twice.
  GeographicLib::PolygonArea poly(wgs84(), false);
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    poly.AddPoint(ring[i].lat * kGridDegrees, ring[i].lon * kGridDegrees);
    const std::int64_t n = edge_pieces(ring[i], ring[i + 1]);
    if (n > 1) inner_points(ring[i], ring[i + 1], n, [&](double lat, double lon) { poly.AddPoint(lat, lon); });
  }
  double perimeter = 0;
  double area = 0;
  poly.Compute(false, true, perimeter, area);
  return {std::fabs(area), perimeter};
}

double distance_m(FixedCoordinate a, FixedCoordinate b) {
  double s12 = 0;
  wgs84().Inverse(a.lat * kGridDegrees, a.lon * kGridDegrees, b.lat * kGridDegrees, b.lon * kGridDegrees, s12);
  return s12;
}

double path_length_m(const std::vector<FixedCoordinate>& path) {
  if (path.size() < 2) return 0;
  GeographicLib::PolygonArea line(wgs84(), true);
  for (std::size_t i = 0; i < path.size(); ++i) {
    line.AddPoint(path[i].lat * kGridDegrees, path[i].lon * kGridDegrees);
    if (i + 1 == path.size()) break;
    const std::int64_t n = edge_pieces(path[i], path[i + 1]);
    if (n > 1) inner_points(path[i], path[i + 1], n, [&](double lat, double lon) { line.AddPoint(lat, lon); });
  }
  double length = 0;
  double area = 0;
  line.Compute(false, true, length, area);
  return length;
}

RingMeasure geodesic_ring(const Ring& ring) {
  if (ring.size() < 4) return {};
  GeographicLib::PolygonArea poly(wgs84(), false);
  for (std::size_t i = 0; i + 1 < ring.size(); ++i)
    poly.AddPoint(ring[i].lat * kGridDegrees, ring[i].lon * kGridDegrees);
  double perimeter = 0;
  double area = 0;
  poly.Compute(false, true, perimeter, area);
  return {std::fabs(area), perimeter};
}

double area_m2(const Polygon& polygon) {
  double a = measure_ring(polygon.outer).area_m2;
  for (const auto& h : polygon.holes) a -= measure_ring(h).area_m2;
  return a;
}

double area_m2(const MultiPolygon& polygons) {
  double a = 0;
  for (const auto& p : polygons) a += area_m2(p);
  return a;
}

RingMeasurer::RunSum RingMeasurer::run_sum(const FixedCoordinate* first, std::size_t points) {
  const std::uint64_t key = XXH3_64bits(first, points * sizeof(FixedCoordinate));
  if (auto it = runs_.find(key); it != runs_.end()) return it->second;
  Sum area;
  Sum length;
  auto edge = [&](double lat1, double lon1, double lat2, double lon2) {
    double s12 = 0, azi1 = 0, azi2 = 0, m12 = 0, M12 = 0, M21 = 0, S12 = 0;
    wgs84().GenInverse(lat1, lon1, lat2, lon2, GeographicLib::Geodesic::DISTANCE | GeographicLib::Geodesic::AREA, s12,
                       azi1, azi2, m12, M12, M21, S12);
    area.add(S12);
    length.add(s12);
  };
  for (std::size_t i = 0; i + 1 < points; ++i) {
    double lat = first[i].lat * kGridDegrees;
    double lon = first[i].lon * kGridDegrees;
    const std::int64_t n = edge_pieces(first[i], first[i + 1]);
    if (n > 1) {
      inner_points(first[i], first[i + 1], n, [&](double lat2, double lon2) {
        edge(lat, lon, lat2, lon2);
        lat = lat2;
        lon = lon2;
      });
    }
    edge(lat, lon, first[i + 1].lat * kGridDegrees, first[i + 1].lon * kGridDegrees);
  }
  RunSum r{area.value(), length.value()};
  runs_.emplace(key, r);
  return r;
}

RingMeasure RingMeasurer::measure(const Ring& ring) {
  if (ring.size() < 4) return {};
  bool east = true;
  bool west = true;
  for (auto c : ring) {
    east = east && c.lon > 0 && c.lon < 1'800'000'000;
    west = west && c.lon < 0 && c.lon > -1'800'000'000;
  }
  if (!east && !west) return measure_ring(ring);

  const std::size_t n = ring.size() - 1;  // distinct vertices; ring[n] == ring[0]
  std::vector<std::size_t> anchors;
  for (std::size_t i = 0; i < n; ++i) {
    if (is_anchor(ring[i])) anchors.push_back(i);
  }
  Sum area;
  Sum length;
  auto add = [&](const RunSum& r) {
    area.add(r.area_terms);
    length.add(r.length);
  };
  if (anchors.size() < 2) {
    add(run_sum(ring.data(), ring.size()));
  } else {
    for (std::size_t k = 0; k + 1 < anchors.size(); ++k) {
      add(run_sum(ring.data() + anchors[k], anchors[k + 1] - anchors[k] + 1));
    }
    // The run through the ring's start: last anchor .. end, then start .. first anchor.
    std::vector<FixedCoordinate> wrap(ring.begin() + static_cast<std::ptrdiff_t>(anchors.back()), ring.end());
    wrap.insert(wrap.end(), ring.begin() + 1, ring.begin() + static_cast<std::ptrdiff_t>(anchors.front()) + 1);
    add(run_sum(wrap.data(), wrap.size()));
  }
  // With no meridian crossings the ring area is the sum of the edge terms, reduced modulo the
  // ellipsoid's area (GeographicLib's convention); its sign is the ring's orientation.
  const double total = wgs84().EllipsoidArea();
  double a = std::remainder(area.value(), total);
  a = std::fabs(a);
  if (a > total / 2) a = total - a;
  return {a, length.value()};
}

}  // namespace frontline::geo
