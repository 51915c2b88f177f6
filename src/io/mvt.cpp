#include "io/mvt.hpp"

#include <protozero/pbf_writer.hpp>

#include <algorithm>
#include <map>

namespace frontline::io {

namespace {

// Field numbers of vector_tile.proto (spec 2.1).
enum : protozero::pbf_tag_type {
  kTileLayers = 3,
  kLayerVersion = 15,
  kLayerName = 1,
  kLayerFeatures = 2,
  kLayerKeys = 3,
  kLayerValues = 4,
  kLayerExtent = 5,
  kFeatureId = 1,
  kFeatureTags = 2,
  kFeatureType = 3,
  kFeatureGeometry = 4,
  kValueString = 1,
  kValueInt = 4,
};
constexpr std::uint32_t kPolygon = 3;
constexpr std::uint32_t kMoveTo = 1, kLineTo = 2, kClosePath = 7;

std::uint32_t command(std::uint32_t id, std::uint32_t count) {
  return (id & 0x7U) | (count << 3U);
}
std::uint32_t zigzag(std::int32_t v) {
  return (static_cast<std::uint32_t>(v) << 1U) ^ static_cast<std::uint32_t>(v >> 31);
}

// A ring without repeated consecutive points (and without the closing point), wound as asked.
TileRing cleaned(const TileRing& ring, bool clockwise) {
  TileRing out;
  for (const auto& p : ring) {
    if (out.empty() || !(out.back() == p)) out.push_back(p);
  }
  while (out.size() > 1 && out.front() == out.back()) out.pop_back();
  if (out.size() < 3) return {};
  const std::int64_t a = twice_area(out);
  if (a == 0) return {};
  if ((a > 0) != clockwise) std::reverse(out.begin(), out.end());
  return out;
}

void add_ring(std::vector<std::uint32_t>& geometry, const TileRing& ring, TilePoint& cursor) {
  geometry.push_back(command(kMoveTo, 1));
  geometry.push_back(zigzag(ring[0].x - cursor.x));
  geometry.push_back(zigzag(ring[0].y - cursor.y));
  cursor = ring[0];
  geometry.push_back(command(kLineTo, static_cast<std::uint32_t>(ring.size() - 1)));
  for (std::size_t i = 1; i < ring.size(); ++i) {
    geometry.push_back(zigzag(ring[i].x - cursor.x));
    geometry.push_back(zigzag(ring[i].y - cursor.y));
    cursor = ring[i];
  }
  geometry.push_back(command(kClosePath, 1));
}

}  // namespace

std::int64_t twice_area(const TileRing& ring) {
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const TilePoint& a = ring[i];
    const TilePoint& b = ring[(i + 1) % ring.size()];
    sum += static_cast<std::int64_t>(a.x) * b.y - static_cast<std::int64_t>(b.x) * a.y;
  }
  return sum;
}

std::string encode_mvt(const std::vector<TileLayer>& layers) {
  std::string out;
  protozero::pbf_writer tile(out);
  for (const auto& layer : layers) {
    std::string layer_bytes;
    protozero::pbf_writer lw(layer_bytes);
    lw.add_uint32(kLayerVersion, 2);
    lw.add_string(kLayerName, layer.name);
    std::map<std::string, std::uint32_t> keys;
    std::map<TileFeature::Value, std::uint32_t> values;
    std::vector<std::string> key_list;
    std::vector<TileFeature::Value> value_list;
    auto index = [](auto& m, auto& list, const auto& s) {
      auto [it, added] = m.emplace(s, static_cast<std::uint32_t>(list.size()));
      if (added) list.push_back(s);
      return it->second;
    };
    for (const auto& f : layer.features) {
      std::vector<std::uint32_t> geometry;
      TilePoint cursor;
      for (const auto& poly : f.polygons) {
        const TileRing outer = cleaned(poly.outer, true);
        if (outer.empty()) continue;
        add_ring(geometry, outer, cursor);
        for (const auto& h : poly.holes) {
          const TileRing hole = cleaned(h, false);
          if (!hole.empty()) add_ring(geometry, hole, cursor);
        }
      }
      if (geometry.empty()) continue;
      std::vector<std::uint32_t> tags;
      for (const auto& [k, v] : f.properties) {
        tags.push_back(index(keys, key_list, k));
        tags.push_back(index(values, value_list, v));
      }
      protozero::pbf_writer fw(lw, kLayerFeatures);
      fw.add_uint64(kFeatureId, f.id);
      fw.add_packed_uint32(kFeatureTags, tags.begin(), tags.end());
      fw.add_enum(kFeatureType, static_cast<std::int32_t>(kPolygon));
      fw.add_packed_uint32(kFeatureGeometry, geometry.begin(), geometry.end());
    }
    for (const auto& k : key_list) lw.add_string(kLayerKeys, k);
    for (const auto& v : value_list) {
      protozero::pbf_writer vw(lw, kLayerValues);
      if (const auto* text = std::get_if<std::string>(&v)) {
        vw.add_string(kValueString, *text);
      } else {
        vw.add_int64(kValueInt, std::get<std::int64_t>(v));
      }
    }
    lw.add_uint32(kLayerExtent, layer.extent);
    tile.add_message(kTileLayers, layer_bytes);
  }
  return out;
}

}  // namespace frontline::io
