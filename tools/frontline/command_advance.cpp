// `frontline advance --from T1 --to T2`: how far the line of contact moved, per oblast and per
// sector; with --by, the line's length and move per period.
#include <fmt/format.h>

#include <algorithm>

#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

class AdvanceCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--store", store_, "store file")->required();
    app.add_option("--map", map_, "map name (default: the only map, or deepstate)");
    app.add_option("--from", from_, "the old line's time (ISO 8601, a version id; a month with --by)");
    app.add_option("--to", to_, "the new line's time");
    app.add_option("--tz", tz_, "IANA time zone for times without an offset and for --by periods")
        ->capture_default_str();
    app.add_option("--by", by_, "a series: the line's length and move per day, week or month");
    app.add_option("--step", options_.step_m, "sample the new line every this many metres")->capture_default_str();
    app.add_option("--sector-km", options_.sector_km, "length of the fixed sectors along the line")
        ->capture_default_str();
    app.add_option("--top", top_, "sectors listed in the text output")->capture_default_str();
    app.add_option("-o,--output", output_, "write the samples as GeoJSON vectors from the old line to the new");
    app.add_flag("--json", json_, "JSON");
    app.add_flag("--csv", csv_, "CSV (with --by)");
  }

  Result<void> run() override {
    FRONTLINE_TRY(store, open_store(store_));
    FRONTLINE_TRY(map, pick_map(store, map_));
    FRONTLINE_TRY(zone, TimeZone::named(tz_));
    if (!by_.empty()) return series(store, map, zone);
    if (from_.empty() || to_.empty()) return make_error(ErrorCode::bad_request, "give --from and --to (or --by)");
    FRONTLINE_TRY(from, parse_time(from_, zone));
    FRONTLINE_TRY(to, parse_time(to_, zone));
    options_.keep_samples = !output_.empty();
    FRONTLINE_TRY(a, advance(store, map, from, to, options_));
    if (!output_.empty()) FRONTLINE_CHECK(write_file_atomically(output_, format::advance_geojson(a), store_));
    emit(json_ ? format::advance_json(a) : format::advance_text(a, top_));
    return {};
  }

 private:
  Result<void> series(const Store& store, const std::string& map, const TimeZone& zone) {
    if (!output_.empty()) return make_error(ErrorCode::bad_request, "-o writes the vectors of one move: not with --by");
    FRONTLINE_TRY(step, parse_step(by_));
    FRONTLINE_TRY(versions, store.versions(map));
    if (versions.empty()) return make_error(ErrorCode::not_found, fmt::format("map '{}' has no versions", map));
    Timestamp from = versions.front().time;
    Timestamp to = versions.back().time;
    if (!from_.empty()) {
      FRONTLINE_TRY(t, parse_month_or_time(from_, zone));
      from = t;
    }
    if (!to_.empty()) {
      FRONTLINE_TRY(t, parse_month_or_time(to_, zone));
      to = t;
    }
    FRONTLINE_TRY(rows, line_series(store, map, step, from, to, zone));
    const auto empty = std::count_if(rows.begin(), rows.end(), [](const LineSeriesRow& r) { return !r.length_km; });
    FRONTLINE_CHECK(note_empty_rows("advance", store, map, static_cast<std::size_t>(empty)));
    emit(json_ ? format::line_series_json(map, rows) : format::line_series_table(rows).render(csv_));
    return {};
  }

  std::string store_, map_, from_, to_, tz_ = "UTC", by_, output_;
  AdvanceOptions options_;
  std::size_t top_ = 10;
  bool json_ = false;
  bool csv_ = false;
};

}  // namespace

std::unique_ptr<Command> make_advance() {
  return std::make_unique<AdvanceCommand>();
}

}  // namespace frontline::cli
