// `frontline scenario`: what a territorial proposal would hand over (docs/scenarios.md).
#include <fmt/format.h>

#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

class ScenarioCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--store", store_, "store file")->required();
    app.add_option("--map", map_, "map (default: the store's default map)");
    app.add_option("--at", at_, "the version of the map the proposal starts from")->required();
    auto* cede = app.add_option("--cede", regions_, "regions (oblasts, raions, hromadas) that go to Russia whole");
    auto* freeze = app.add_flag("--freeze", freeze_, "the line of contact as of --at becomes the line");
    auto* buffer = app.add_option("--buffer", buffer_km_, "a demilitarised zone of KM on each side of the line");
    auto* polygon = app.add_option("--polygon", polygon_,
                                   "GeoJSON whose features go to the side their \"to\" names "
                                   "(russia, ukraine, dmz)");
    cede->excludes(freeze)->excludes(buffer)->excludes(polygon);
    freeze->excludes(buffer)->excludes(polygon);
    buffer->excludes(polygon);
    app.add_flag("--json", json_, "JSON");
    app.add_option("-o,--output", output_, "the ground that changes hands as GeoJSON");
  }

  Result<void> run() override {
    ScenarioOptions o;
    const int given =
        (regions_.empty() ? 0 : 1) + (freeze_ ? 1 : 0) + (buffer_km_ ? 1 : 0) + (polygon_.empty() ? 0 : 1);
    if (given != 1) {
      return make_error(ErrorCode::bad_request, "give one of --cede REGION..., --freeze, --buffer KM, --polygon FILE");
    }
    if (!regions_.empty()) {
      o.kind = ScenarioKind::cede;
      o.regions = regions_;
    } else if (freeze_) {
      o.kind = ScenarioKind::freeze;
    } else if (buffer_km_) {
      o.kind = ScenarioKind::buffer;
      o.buffer_km = *buffer_km_;
    } else {
      o.kind = ScenarioKind::polygon;
      o.polygon_file = polygon_;
    }
    FRONTLINE_TRY(at, parse_time(at_));
    o.at = at;
    o.keep_geometry = !output_.empty();
    FRONTLINE_TRY(store, open_store(store_));
    FRONTLINE_TRY(map, pick_map(store, map_));
    FRONTLINE_TRY(s, scenario(store, map, o));
    if (!output_.empty()) FRONTLINE_CHECK(write_file_atomically(output_, format::scenario_geojson(s), store.path()));
    emit(json_ ? format::scenario_json(s) : format::scenario_text(s));
    return {};
  }

 private:
  std::string store_, map_, at_, polygon_, output_;
  std::vector<std::string> regions_;
  bool freeze_ = false;
  std::optional<double> buffer_km_;
  bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_scenario() {
  return std::make_unique<ScenarioCommand>();
}

}  // namespace frontline::cli
