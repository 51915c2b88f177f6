#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

void write_ring(std::string& out, const Ring& r) {
  out += '[';
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (i > 0) out += ',';
    fmt::format_to(std::back_inserter(out), "[{:.7f},{:.7f}]", r[i].lon / kGridPerDegree, r[i].lat / kGridPerDegree);
  }
  out += ']';
}

std::string status_json(const std::optional<Status>& s) {
  return s ? fmt::format("\"{}\"", to_string(*s)) : std::string("null");
}

class DiffCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--store", store_, "store file")->required();
    app.add_option("--map", map_, "map name (default: the only map, or deepstate)");
    app.add_option("t1", t1_, "from: ISO 8601 time or DeepState version id")->required();
    app.add_option("t2", t2_, "to: ISO 8601 time or DeepState version id")->required();
    app.add_option("-o,--output", output_, "write the changed areas as a GeoJSON FeatureCollection");
    app.add_flag("--json", json_, "totals as JSON");
  }

  Result<void> run() override {
    FRONTLINE_TRY(store, open_store(store_));
    FRONTLINE_TRY(map, pick_map(store, map_));
    FRONTLINE_TRY(t1, parse_time(t1_));
    FRONTLINE_TRY(t2, parse_time(t2_));
    FRONTLINE_TRY(d, diff(store, map, t1, t2));
    if (!output_.empty()) FRONTLINE_CHECK(write_geojson(d));
    if (json_) {
      json j;
      j["map"] = map;
      j["from_version_time"] = format_iso(d.from.time);
      j["to_version_time"] = format_iso(d.to.time);
      j["gained_km2"] = km2(d.gained_km2);
      j["lost_km2"] = km2(d.lost_km2);
      j["reclassified_km2"] = km2(d.reclassified_km2);
      j["net_km2"] = km2(d.gained_km2 - d.lost_km2);
      j["features"] = d.pieces.size();
      if (!d.bbox.empty()) {
        // Dividing by the grid's reciprocal prints 47.7, where multiplying by 1e-7 prints 47.699999999999996.
        j["bbox"] = {d.bbox.min_lon / kGridPerDegree, d.bbox.min_lat / kGridPerDegree, d.bbox.max_lon / kGridPerDegree,
                     d.bbox.max_lat / kGridPerDegree};
      } else {
        j["bbox"] = nullptr;
      }
      print_json(j);
      return {};
    }
    fmt::print("from {} to {}\n", format_iso(d.from.time), format_iso(d.to.time));
    fmt::print("  gained {} km2, lost {} km2, net {} km2, reclassified {} km2 ({} features)\n", fmt_km2(d.gained_km2),
               fmt_km2(d.lost_km2), fmt_km2(d.gained_km2 - d.lost_km2), fmt_km2(d.reclassified_km2), d.pieces.size());
    return {};
  }

 private:
  Result<void> write_geojson(const DiffResult& d) const {
    std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
    for (std::size_t i = 0; i < d.pieces.size(); ++i) {
      const auto& p = d.pieces[i];
      if (i > 0) out += ",\n";
      fmt::format_to(std::back_inserter(out),
                     "{{\"type\":\"Feature\",\"properties\":{{\"change\":\"{}\",\"status_before\":{},"
                     "\"status_after\":{},\"area_km2\":{}}},\"geometry\":{{\"type\":\"MultiPolygon\",\"coordinates\":[",
                     to_string(p.kind), status_json(p.before), status_json(p.after), round_to(p.area_km2, 4));
      for (std::size_t k = 0; k < p.geometry.size(); ++k) {
        if (k > 0) out += ',';
        out += '[';
        write_ring(out, p.geometry[k].outer);
        for (const auto& h : p.geometry[k].holes) {
          out += ',';
          write_ring(out, h);
        }
        out += ']';
      }
      out += "]}}";
    }
    out += "]}\n";
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(output_.c_str(), "wb"));
    if (!f || std::fwrite(out.data(), 1, out.size(), f.get()) != out.size()) {
      return make_error(ErrorCode::io, fmt::format("cannot write {}", output_));
    }
    return {};
  }

  std::string store_, map_, t1_, t2_, output_;
  bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_diff() {
  return std::make_unique<DiffCommand>();
}

}  // namespace frontline::cli
