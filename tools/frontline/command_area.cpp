#include <fmt/format.h>

#include <algorithm>

#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

class AreaCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--store", store_, "store file")->required();
    app.add_option("--map", map_, "map name (default: the only map, or deepstate)");
    auto* at = app.add_option("--at", at_, "time: ISO 8601 date/date-time or DeepState version id");
    auto* from = app.add_option("--from", from_, "first time of a series");
    auto* to = app.add_option("--to", to_, "last time of a series");
    auto* every = app.add_option("--every", every_, "series step: day, week or month");
    app.add_option("--tz", tz_,
                   "IANA time zone (Europe/Kyiv): times without an offset are local there, and series "
                   "steps keep its local time of day")
        ->capture_default_str();
    at->excludes(from)->excludes(to)->excludes(every);
    from->needs(to)->needs(every);
    app.add_flag("--json", json_, "JSON (an object for --at, an array for a series)");
    app.add_flag("--csv", csv_, "CSV");
  }

  Result<void> run() override {
    FRONTLINE_TRY(store, open_store(store_));
    FRONTLINE_TRY(map, pick_map(store, map_));
    FRONTLINE_TRY(zone, TimeZone::named(tz_));
    std::vector<AreaAt> rows;
    if (!at_.empty()) {
      FRONTLINE_TRY(t, parse_time(at_, zone));
      FRONTLINE_TRY(a, area_at(store, map, t));
      rows.push_back(std::move(a));
    } else if (!from_.empty()) {
      FRONTLINE_TRY(from, parse_month_or_time(from_, zone));
      FRONTLINE_TRY(to, parse_month_or_time(to_, zone));
      FRONTLINE_TRY(step, parse_step(every_));
      FRONTLINE_TRY(series, area_series(store, map, from, to, step, zone));
      rows = std::move(series);
      const auto empty = std::count_if(rows.begin(), rows.end(), [](const AreaAt& r) { return !r.version; });
      FRONTLINE_CHECK(note_empty_rows("area", store, map, static_cast<std::size_t>(empty)));
    } else {
      return make_error(ErrorCode::bad_request, "give --at T, or --from T1 --to T2 --every day|week|month");
    }
    if (json_) {
      emit(!at_.empty() ? format::area_json(rows.front()) : format::area_series_json(rows));
    } else {
      emit(format::area_table(rows).render(csv_));
    }
    return {};
  }

 private:
  std::string store_, map_, at_, from_, to_, every_, tz_ = "UTC";
  bool json_ = false;
  bool csv_ = false;
};

}  // namespace

std::unique_ptr<Command> make_area() {
  return std::make_unique<AreaCommand>();
}

}  // namespace frontline::cli
