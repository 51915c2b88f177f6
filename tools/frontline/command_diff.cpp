#include <fmt/format.h>

#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

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
    if (!output_.empty()) FRONTLINE_CHECK(write_file_atomically(output_, format::diff_geojson(d), store_));
    emit(json_ ? format::diff_json(map, d) : format::diff_text(d));
    return {};
  }

 private:
  std::string store_, map_, t1_, t2_, output_;
  bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_diff() {
  return std::make_unique<DiffCommand>();
}

}  // namespace frontline::cli
