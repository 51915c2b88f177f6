#include "io/bundled.hpp"

#include <fmt/format.h>

#include <simdjson.h>

#include "io/byte_source.hpp"
#include "io/decoded_stream.hpp"

extern "C" {
extern const char frontline_bundled_oblasts_gz[];
extern const char frontline_bundled_oblasts_gz_end[];
extern const char frontline_bundled_neighbours_gz[];
extern const char frontline_bundled_neighbours_gz_end[];
}

namespace frontline::io {

std::span<const char> bundled_oblasts_gz() {
  return {frontline_bundled_oblasts_gz, frontline_bundled_oblasts_gz_end};
}
std::span<const char> bundled_neighbours_land_gz() {
  return {frontline_bundled_neighbours_gz, frontline_bundled_neighbours_gz_end};
}

namespace {

namespace dom = simdjson::dom;

// Boundary files are a few MB; this bounds what a hostile one may unpack to.
constexpr std::uint64_t kMaxBoundaryBytes = std::uint64_t{512} << 20;

Error bad(std::string_view name, std::size_t feature, std::string_view what) {
  return make_error(ErrorCode::bad_input, fmt::format("{}: feature {}: {}", name, feature + 1, what));
}

struct Reader {
  std::string_view name;
  std::size_t feature = 0;
  std::size_t* dropped = nullptr;  // count rings that are not rings instead of refusing them

  Result<FixedCoordinate> position(dom::element p) const {
    dom::array a;
    double lon = 0;
    double lat = 0;
    if (p.get_array().get(a) || a.size() < 2 || a.at(0).get_double().get(lon) || a.at(1).get_double().get(lat)) {
      return bad(name, feature, "a position is not [longitude, latitude] (RFC 7946, 3.1.1)");
    }
    auto c = to_fixed(Longitude{lon}, Latitude{lat});
    if (!c) return bad(name, feature, "a position is outside -180..180, -90..90");
    return *c;
  }

  Result<Ring> ring(dom::element r) const {
    dom::array a;
    if (r.get_array().get(a)) return bad(name, feature, "a ring is not an array of positions");
    Ring out;
    out.reserve(a.size());
    for (dom::element p : a) {
      FRONTLINE_TRY(c, position(p));
      out.push_back(c);
    }
    if (out.size() < 4 || out.front() != out.back()) {
      if (dropped != nullptr) {
        ++*dropped;
        return Ring{};
      }
      return bad(name, feature, "a ring has fewer than four positions or is not closed (RFC 7946, 3.1.6)");
    }
    return out;
  }

  Result<Polygon> polygon(dom::element rings) const {
    dom::array a;
    if (rings.get_array().get(a) || a.size() == 0) return bad(name, feature, "a polygon has no rings");
    Polygon p;
    bool first = true;
    for (dom::element r : a) {
      FRONTLINE_TRY(ring_, ring(r));
      if (first) {
        p.outer = std::move(ring_);
        first = false;
      } else if (!ring_.empty()) {
        p.holes.push_back(std::move(ring_));
      }
    }
    return p;
  }

  Result<void> geometry(dom::element g, GeoJsonFeature& out) const {
    if (g.is_null()) return {};
    std::string_view type;
    if (g["type"].get_string().get(type)) return bad(name, feature, "a geometry without a type");
    if (type == "GeometryCollection") {
      dom::array parts;
      if (g["geometries"].get_array().get(parts)) return bad(name, feature, "a GeometryCollection without geometries");
      for (dom::element part : parts) FRONTLINE_CHECK(geometry(part, out));
      return {};
    }
    dom::element coords;
    if (g["coordinates"].get(coords)) return bad(name, feature, fmt::format("a {} geometry without coordinates", type));
    dom::array many;
    if (type == "Polygon") {
      FRONTLINE_TRY(p, polygon(coords));
      if (!p.outer.empty()) out.polygons.push_back(std::move(p));
    } else if (type == "MultiPolygon" || type == "MultiPoint") {
      if (coords.get_array().get(many)) return bad(name, feature, fmt::format("{} coordinates are not an array", type));
      for (dom::element part : many) {
        if (type == "MultiPoint") {
          FRONTLINE_TRY(c, position(part));
          out.points.push_back(c);
        } else {
          FRONTLINE_TRY(p, polygon(part));
          if (!p.outer.empty()) out.polygons.push_back(std::move(p));
        }
      }
    } else if (type == "Point") {
      FRONTLINE_TRY(c, position(coords));
      out.points.push_back(c);
    }
    return {};  // lines carry no area and no place: skipped
  }

  Result<GeoJsonFeature> read(dom::element f) const {
    if (!f.is_object()) return bad(name, feature, "not a JSON object");
    GeoJsonFeature out;
    dom::object props;
    if (!f["properties"].get_object().get(props)) {
      for (auto [k, v] : props) {
        if (v.is_string()) {
          out.properties.emplace(std::string(k), std::string(std::string_view(v)));
        } else if (v.is_number() || v.is_bool()) {
          out.properties.emplace(std::string(k), simdjson::minify(v));
        } else if (v.is_array()) {
          // Lists of names (Who's On First): one per line.
          std::string joined;
          for (dom::element e : dom::array(v)) {
            if (!e.is_string()) continue;
            if (!joined.empty()) joined += '\n';
            joined += std::string_view(e);
          }
          if (!joined.empty()) out.properties.emplace(std::string(k), std::move(joined));
        }
      }
    }
    dom::element g;
    if (!f["geometry"].get(g)) FRONTLINE_CHECK(geometry(g, out));
    return out;
  }
};

}  // namespace

Result<std::string> decompressed(std::string_view name, std::span<const char> bytes, std::uint64_t max_bytes) {
  MemorySource source{std::string(name), bytes};
  DecodeLimits limits;
  limits.max_unpacked_bytes = max_bytes;
  DecodedStream stream(source, limits);
  std::string text;
  for (;;) {
    FRONTLINE_TRY(chunk, stream.read());
    if (chunk.empty()) break;
    text.append(chunk.data(), chunk.size());
  }
  return text;
}

Result<std::vector<GeoJsonFeature>> read_geojson_features(std::string_view name, std::span<const char> bytes,
                                                          std::size_t* dropped_rings) {
  FRONTLINE_TRY(text, decompressed(name, bytes, kMaxBoundaryBytes));
  dom::parser parser;
  dom::element doc;
  if (auto err = parser.parse(simdjson::padded_string(text)).get(doc); err || !doc.is_object()) {
    return make_error(ErrorCode::bad_input, fmt::format("{}: not a GeoJSON object (RFC 7946): {}", name,
                                                        err ? simdjson::error_message(err) : "not an object"));
  }
  std::vector<GeoJsonFeature> out;
  Reader reader{name, 0, dropped_rings};
  std::string_view type;
  dom::array features;
  if (!doc["type"].get_string().get(type) && type == "Feature") {
    FRONTLINE_TRY(f, reader.read(doc));
    out.push_back(std::move(f));
  } else if (!doc["features"].get_array().get(features)) {
    out.reserve(features.size());
    for (dom::element f : features) {
      FRONTLINE_TRY(feature, reader.read(f));
      out.push_back(std::move(feature));
      ++reader.feature;
    }
  } else {
    return make_error(ErrorCode::bad_input, fmt::format("{}: neither a Feature nor a FeatureCollection", name));
  }
  return out;
}

Result<std::string> read_file_bounded(const std::filesystem::path& path, std::uint64_t max_bytes) {
  FRONTLINE_TRY(source, FileSource::open(path));
  if (source->size() > max_bytes) {
    return make_error(ErrorCode::bad_input, fmt::format("{}: {} bytes, more than the {} bytes a boundary or place file "
                                                        "may hold",
                                                        path.string(), source->size(), max_bytes));
  }
  std::string out;
  for (;;) {
    FRONTLINE_TRY(chunk, source->next());
    if (chunk.empty()) break;
    out.append(chunk.data(), chunk.size());
    if (out.size() > max_bytes) {
      return make_error(ErrorCode::bad_input,
                        fmt::format("{}: grew past {} bytes while read", path.string(), max_bytes));
    }
  }
  return out;
}

Result<std::vector<GeoJsonFeature>> ukraine_oblasts() {
  return read_geojson_features("data/ukraine-oblasts.geojson.gz", bundled_oblasts_gz());
}

Result<MultiPolygon> neighbours_land() {
  FRONTLINE_TRY(features, read_geojson_features("data/neighbours-land.geojson.gz", bundled_neighbours_land_gz()));
  MultiPolygon out;
  for (auto& f : features) {
    for (auto& p : f.polygons) out.push_back(std::move(p));
  }
  return out;
}

Result<std::string> read_text_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
  FRONTLINE_TRY(bytes, read_file_bounded(path, max_bytes));
  return decompressed(path.string(), bytes, max_bytes);
}

}  // namespace frontline::io
