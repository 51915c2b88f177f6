#include <fmt/format.h>

#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

class ReferenceCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--store", store_, "store file (created if missing)")->required();
    app.add_option("--name", name_, "reference name")->capture_default_str();
    app.add_option("file", file_, "boundary file: every polygon feature is part of the region (any GDAL format)")
        ->required();
    app.add_flag("--json", json_, "JSON");
  }

  Result<void> run() override {
    FRONTLINE_TRY(area, measure_boundary(file_));
    FRONTLINE_TRY(store, Store::open_for_writing(store_, WriteOptions{true}));
    FRONTLINE_TRY(writer, store.begin_write());
    FRONTLINE_CHECK(writer.set_reference(name_, area.area_m2, file_));
    FRONTLINE_CHECK(writer.commit());
    if (json_) {
      json j;
      j["name"] = name_;
      j["area_km2"] = km2(area.area_m2 / 1e6);
      j["features"] = area.features;
      j["repaired"] = area.repaired;
      j["source"] = file_;
      print_json(j);
    } else {
      fmt::print("{}: {} km2 from {} features of {} ({} repaired)\n", name_, fmt_km2(area.area_m2 / 1e6), area.features,
                 file_, area.repaired);
    }
    return {};
  }

 private:
  std::string store_, name_ = "ukraine", file_;
  bool json_ = false;
};

class StatusCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--store", store_, "store file")->required();
    app.add_option("--map", map_, "map name (default: the only map, or deepstate)");
    app.add_option("--at", at_, "time: ISO 8601 or DeepState version id")->required();
    app.add_option("--lon", lon_, "longitude, degrees east")->required();
    app.add_option("--lat", lat_, "latitude, degrees north")->required();
    app.add_flag("--json", json_, "JSON");
  }

  Result<void> run() override {
    FRONTLINE_TRY(store, open_store(store_));
    FRONTLINE_TRY(map, pick_map(store, map_));
    FRONTLINE_TRY(t, parse_time(at_));
    FRONTLINE_TRY(ps, status_at(store, map, Longitude{lon_}, Latitude{lat_}, t));
    const std::string status = ps.status ? std::string(to_string(*ps.status)) : "none";
    if (json_) {
      json j;
      j["map"] = map;
      j["at"] = format_iso(t);
      j["version_time"] = format_iso(ps.version.time);
      j["lon"] = lon_;
      j["lat"] = lat_;
      j["status"] = ps.status ? json(std::string(to_string(*ps.status))) : json(nullptr);
      print_json(j);
    } else {
      fmt::print("{} (map '{}' as of {})\n", status, map, format_iso(ps.version.time));
    }
    return {};
  }

 private:
  std::string store_, map_, at_;
  double lon_ = 0, lat_ = 0;
  bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_reference() {
  return std::make_unique<ReferenceCommand>();
}
std::unique_ptr<Command> make_status() {
  return std::make_unique<StatusCommand>();
}

}  // namespace frontline::cli
