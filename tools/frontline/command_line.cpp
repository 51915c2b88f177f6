// `frontline line --at T [-o line.geojson]`: the line of contact of a version.
#include <fmt/format.h>

#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

class LineCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--store", store_, "store file")->required();
    app.add_option("--map", map_, "map name (default: the only map, or deepstate)");
    app.add_option("--at", at_, "time (ISO 8601 or a DeepState version id)")->required();
    app.add_option("--tz", tz_, "IANA time zone for --at without an offset (default UTC)");
    app.add_option("--edge", edge_,
                   "russian: the edge of occupied ground (default); ukrainian: of occupied "
                   "ground and the grey zone; middle: half way across the grey zone");
    app.add_option("-o,--output", output_, "write the line as GeoJSON LineStrings");
    app.add_flag("--json", json_, "totals as JSON");
  }

  Result<void> run() override {
    LineEdge edge = LineEdge::russian;
    if (edge_ == "ukrainian") {
      edge = LineEdge::ukrainian;
    } else if (edge_ == "middle") {
      edge = LineEdge::middle;
    } else if (edge_ != "russian") {
      return make_error(ErrorCode::bad_request, fmt::format("--edge '{}': give russian, ukrainian or middle", edge_));
    }
    FRONTLINE_TRY(store, open_store(store_));
    FRONTLINE_TRY(map, pick_map(store, map_));
    FRONTLINE_TRY(zone, TimeZone::named(tz_));
    FRONTLINE_TRY(at, parse_time(at_, zone));
    FRONTLINE_TRY(line, front_line(store, map, at, edge));
    if (!output_.empty()) FRONTLINE_CHECK(write_file_atomically(output_, format::line_geojson(line), store_));
    emit(json_ ? format::line_json(line) : format::line_text(line));
    return {};
  }

 private:
  std::string store_, map_, at_, tz_ = "UTC", edge_ = "russian", output_;
  bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_line() {
  return std::make_unique<LineCommand>();
}

}  // namespace frontline::cli
