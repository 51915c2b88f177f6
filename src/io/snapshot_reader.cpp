#include "io/snapshot_reader.hpp"

#include <fmt/format.h>
#include <simdjson.h>
#include <nlohmann/json.hpp>

#include "geo/theatre.hpp"
#include "io/deepstate_labels.hpp"

namespace frontline::io {

namespace {
namespace dom = simdjson::dom;

struct Context {
  const InputFile& file;
  std::size_t feature = 0;
  Error fail(std::string_view what) const {
    return make_error(ErrorCode::bad_input, fmt::format("{}: feature {}: {}", file.display_name, feature, what));
  }
};

Error json_syntax_error(const InputFile& file, simdjson::error_code code) {
  // simdjson says that the JSON is bad but not where; nlohmann says where, at the cost of a
  // second, slower parse that only broken files pay.
  try {
    const auto parsed = nlohmann::json::parse(file.contents);
    (void)parsed;
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    if (auto p = what.find("syntax error"); p != std::string::npos) what = what.substr(p);
    return make_error(
        ErrorCode::bad_input,
        fmt::format("{}: malformed JSON at byte {}: {}; fix or re-download the file", file.display_name, e.byte, what));
  } catch (const std::exception&) {
  }
  return make_error(ErrorCode::bad_input, fmt::format("{}: malformed JSON ({}); fix or re-download the file",
                                                      file.display_name, simdjson::error_message(code)));
}

Result<Ring> read_ring(const Context& ctx, dom::element ring_el, int& degenerate) {
  dom::array arr;
  if (ring_el.get_array().get(arr) != simdjson::SUCCESS) return ctx.fail("a polygon ring is not an array of positions");
  Ring ring;
  ring.reserve(arr.size());
  for (dom::element pos : arr) {
    dom::array xy;
    if (pos.get_array().get(xy) != simdjson::SUCCESS || xy.size() < 2) {
      return ctx.fail("a position is not an array [longitude, latitude]");
    }
    double lon = 0;
    double lat = 0;
    if (xy.at(0).get_double().get(lon) != simdjson::SUCCESS || xy.at(1).get_double().get(lat) != simdjson::SUCCESS) {
      return ctx.fail("a position holds something other than numbers");
    }
    auto fixed = to_fixed(Longitude{lon}, Latitude{lat});
    if (!fixed) {
      return ctx.fail(
          fmt::format("position [{}, {}] is out of range (longitude must lie in -180..180, "
                      "latitude in -90..90; GeoJSON puts longitude first)",
                      lon, lat));
    }
    // Repeated points (often created by rounding to the grid) carry no shape.
    if (ring.empty() || ring.back() != *fixed) ring.push_back(*fixed);
  }
  if (!ring.empty() && ring.front() != ring.back()) ring.push_back(ring.front());
  if (ring.size() < 4) {
    ++degenerate;
    ring.clear();
  }
  return ring;
}

Result<void> read_polygon(const Context& ctx, dom::element coords, std::vector<Polygon>& out, int& degenerate) {
  dom::array rings;
  if (coords.get_array().get(rings) != simdjson::SUCCESS)
    return ctx.fail("Polygon coordinates are not an array of rings");
  Polygon p;
  bool first = true;
  for (dom::element r : rings) {
    FRONTLINE_TRY(ring, read_ring(ctx, r, degenerate));
    if (first) {
      if (ring.empty()) return {};  // no shell, no polygon
      p.outer = std::move(ring);
      first = false;
    } else if (!ring.empty()) {
      p.holes.push_back(std::move(ring));
    }
  }
  if (!first) out.push_back(std::move(p));
  return {};
}

// Collects the polygons of a geometry; counts points and other geometries it skips.
Result<void> read_geometry(const Context& ctx, dom::element geom, std::vector<Polygon>& out, SnapshotReport& report) {
  if (geom.is_null()) {
    ++report.other_geometries;
    return {};
  }
  std::string_view type;
  if (geom["type"].get_string().get(type) != simdjson::SUCCESS) return ctx.fail("geometry has no \"type\"");
  if (type == "Polygon" || type == "MultiPolygon") {
    dom::element coords;
    if (geom["coordinates"].get(coords) != simdjson::SUCCESS) return ctx.fail("geometry has no \"coordinates\"");
    if (type == "Polygon") return read_polygon(ctx, coords, out, report.degenerate_rings);
    dom::array polys;
    if (coords.get_array().get(polys) != simdjson::SUCCESS)
      return ctx.fail("MultiPolygon coordinates are not an array");
    for (dom::element p : polys) FRONTLINE_CHECK(read_polygon(ctx, p, out, report.degenerate_rings));
    return {};
  }
  if (type == "GeometryCollection") {
    dom::array geoms;
    if (geom["geometries"].get_array().get(geoms) != simdjson::SUCCESS) {
      return ctx.fail("GeometryCollection has no \"geometries\" array");
    }
    for (dom::element g : geoms) FRONTLINE_CHECK(read_geometry(ctx, g, out, report));
    return {};
  }
  if (type == "Point" || type == "MultiPoint") {
    ++report.points;
  } else {
    ++report.other_geometries;
  }
  return {};
}

std::string_view string_prop(const dom::object* props, const char* key) {
  std::string_view v;
  if (props != nullptr && (*props)[key].get_string().get(v) == simdjson::SUCCESS) return v;
  return {};
}
static_assert(simdjson::SIMDJSON_PADDING <= kParsePadding);
}  // namespace

Result<Snapshot> read_snapshot(InputFile& file, const ReadOptions& options) {
  if (file.contents.capacity() < file.contents.size() + kParsePadding)
    file.contents.reserve(file.contents.size() + kParsePadding);
  // One parser per thread: it keeps its buffers between files. They take about 20 times the
  // largest file's size, so after an unusually large file (DeepState's are under 2 MB) they are
  // given back rather than held by every worker.
  thread_local dom::parser parser;
  struct ReleaseLargeBuffers {
    explicit ReleaseLargeBuffers(std::size_t n) : size(n) {}
    ReleaseLargeBuffers(const ReleaseLargeBuffers&) = delete;
    ReleaseLargeBuffers& operator=(const ReleaseLargeBuffers&) = delete;
    ReleaseLargeBuffers(ReleaseLargeBuffers&&) = delete;
    ReleaseLargeBuffers& operator=(ReleaseLargeBuffers&&) = delete;
    ~ReleaseLargeBuffers() {
      if (size > (std::size_t{4} << 20)) parser = dom::parser{};
    }
    std::size_t size;
  } release{file.contents.size()};
  dom::element doc;
  const auto code = parser.parse(file.contents.data(), file.contents.size(), false).get(doc);
  if (code != simdjson::SUCCESS) return json_syntax_error(file, code);

  Snapshot snap;
  dom::array features;
  std::string_view type;
  if (doc["type"].get_string().get(type) != simdjson::SUCCESS || type != "FeatureCollection" ||
      doc["features"].get_array().get(features) != simdjson::SUCCESS) {
    return make_error(ErrorCode::bad_input,
                      fmt::format("{}: not a GeoJSON FeatureCollection (expected {{\"type\": \"FeatureCollection\", "
                                  "\"features\": [...]}})",
                                  file.display_name));
  }
  Context ctx{file};
  std::vector<Polygon> polys;
  for (dom::element feature : features) {
    ++ctx.feature;
    dom::element geom;
    if (feature["geometry"].get(geom) != simdjson::SUCCESS) return ctx.fail("feature has no \"geometry\" member");
    polys.clear();
    FRONTLINE_CHECK(read_geometry(ctx, geom, polys, snap.report));
    if (polys.empty()) continue;

    Status status = Status::occupied_total;
    std::string label;  // what the report names an excluded polygon by
    if (options.fixed_status) {
      status = *options.fixed_status;
    } else {
      dom::object props_obj;
      const dom::object* props =
          feature["properties"].get_object().get(props_obj) == simdjson::SUCCESS ? &props_obj : nullptr;
      const std::string_view name = string_prop(props, "name");
      const std::string_view fill = string_prop(props, "fill");
      const Classification c = classify_deepstate(name, fill);
      const int n = static_cast<int>(polys.size());
      label = fmt::format("{} ({})", normalize_label(name), fill.empty() ? "no fill" : fill);
      if (c.kind == Classification::Kind::foreign) {
        snap.report.foreign[normalize_label(name)] += n;
        continue;
      }
      if (c.kind == Classification::Kind::unclassified) {
        snap.report.unclassified[label] += n;
        continue;
      }
      if (c.rule == LabelRule::fill) snap.report.by_fill[label] += n;
      status = c.status;
    }
    for (auto& p : polys) {
      if (!geo::in_theatre(p.outer)) {
        // A plain series has no labels: named by its feature, only when it comes to that.
        if (label.empty()) label = fmt::format("feature {} of a plain series", ctx.feature);
        ++snap.report.far_away[label];
        continue;
      }
      ++snap.report.polygons[static_cast<std::size_t>(status)];
      snap.polygons.push_back({status, std::make_shared<const Polygon>(std::move(p)), ctx.feature});
    }
  }
  if (snap.polygons.empty() && snap.report.foreign.empty() && snap.report.unclassified.empty() &&
      snap.report.far_away.empty() && snap.report.degenerate_rings == 0) {
    return make_error(ErrorCode::bad_input,
                      fmt::format("{}: holds no polygons ({} features, {} points); a control map needs "
                                  "Polygon, MultiPolygon or GeometryCollection features",
                                  file.display_name, ctx.feature, snap.report.points));
  }
  if (snap.polygons.empty()) {
    // Storing it would record a version in which nothing is held by anyone: refuse, and say why.
    int foreign = 0;
    for (const auto& [label, n] : snap.report.foreign) foreign += n;
    int unclassified = 0;
    for (const auto& [label, n] : snap.report.unclassified) unclassified += n;
    int far = 0;
    for (const auto& [label, n] : snap.report.far_away) far += n;
    return make_error(
        ErrorCode::bad_input,
        fmt::format("{}: no polygon of it has a status ({} unclassified, {} of other countries, {} far from "
                    "Ukraine, {} degenerate rings); a DeepState snapshot needs its labels, and a plain series "
                    "needs --status (e.g. --status occupied_total)",
                    file.display_name, unclassified, foreign, far, snap.report.degenerate_rings));
  }
  return snap;
}

}  // namespace frontline::io
