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
      j["area_km2"] = format::round_to(area.area_m2 / 1e6, 3);
      j["features"] = area.features;
      j["repaired"] = area.repaired;
      j["source"] = file_;
      print_json(j);
    } else {
      fmt::print("{}: {} km2 from {} features of {} ({} repaired)\n", name_, format::km2_text(area.area_m2 / 1e6),
                 area.features, file_, area.repaired);
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
    emit(json_ ? format::status_json(map, t, Longitude{lon_}, Latitude{lat_}, ps) : format::status_text(map, ps));
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
