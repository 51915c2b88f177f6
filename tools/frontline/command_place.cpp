// `frontline place NAME --at T | --timeline`: what the map says about one place.
#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

class PlaceCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("name", name_, "a place's name (any spelling: Pokrovsk, Покровськ, Krasnoarmeysk) or id")
        ->required();
    app.add_option("--store", store_, "store file")->required();
    app.add_option("--map", map_, "map name (default: the only map, or deepstate)");
    app.add_option("--oblast", oblast_, "the oblast, where the name is ambiguous");
    app.add_option("--at", at_, "time (ISO 8601 or a DeepState version id)");
    app.add_option("--tz", tz_, "IANA time zone for --at without an offset (default UTC)");
    app.add_flag("--timeline", timeline_, "every change of the label across the history, and the capture dates");
    app.add_flag("--json", json_, "JSON");
  }

  Result<void> run() override {
    if (timeline_ == !at_.empty()) {
      return make_error(ErrorCode::bad_request, "give either --at T or --timeline");
    }
    FRONTLINE_TRY(store, open_store(store_));
    FRONTLINE_TRY(map, pick_map(store, map_));
    FRONTLINE_TRY(place, place_by_name_or_id(store, name_, oblast_));
    if (timeline_) {
      FRONTLINE_TRY(t, place_timeline(store, map, place));
      emit(json_ ? format::place_timeline_json(map, t) : format::place_timeline_text(map, t));
      return {};
    }
    FRONTLINE_TRY(zone, TimeZone::named(tz_));
    FRONTLINE_TRY(at, parse_time(at_, zone));
    FRONTLINE_TRY(s, place_status(store, map, place, at));
    emit(json_ ? format::place_status_json(map, s) : format::place_status_text(map, s));
    return {};
  }

 private:
  std::string name_, store_, map_, oblast_, at_, tz_ = "UTC";
  bool timeline_ = false;
  bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_place() {
  return std::make_unique<PlaceCommand>();
}

}  // namespace frontline::cli
