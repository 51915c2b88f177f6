#include <fmt/format.h>

#include <algorithm>

#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

class GainsCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--store", store_, "store file")->required();
    app.add_option("--map", map_, "map name (default: the only map, or deepstate)");
    app.add_option("--by", by_, "period: day, week or month")->capture_default_str();
    app.add_option("--tz", tz_,
                   "IANA time zone (Europe/Kyiv): periods start at its local midnight, and dates "
                   "without an offset are local there")
        ->capture_default_str();
    app.add_option("--from", from_, "first period (2024-11, or a date)");
    app.add_option("--to", to_, "last period, inclusive");
    app.add_option("--compare", compare_,
                   "two periods, e.g. --compare 2025-11 2025-09: both rows and the ratio "
                   "of their net gains")
        ->expected(2);
    app.add_flag("--json", json_, "JSON array of rows (an object with the ratio for --compare)");
    app.add_flag("--csv", csv_, "CSV");
  }

  Result<void> run() override {
    FRONTLINE_TRY(store, open_store(store_));
    FRONTLINE_TRY(map, pick_map(store, map_));
    FRONTLINE_TRY(step, parse_step(by_));
    FRONTLINE_TRY(zone, TimeZone::named(tz_));
    if (!compare_.empty()) {
      FRONTLINE_TRY(first, parse_month_or_time(compare_[0], zone));
      FRONTLINE_TRY(second, parse_month_or_time(compare_[1], zone));
      FRONTLINE_TRY(c, compare_gains(store, map, step, first, second, zone));
      const std::size_t empty = (c.first.net_km2 ? 0 : 1) + (c.second.net_km2 ? 0 : 1);
      FRONTLINE_CHECK(note_empty_rows("gains", store, map, empty));
      if (json_) {
        emit(format::comparison_json(map, c));
      } else {
        emit(format::comparison_table(c).render(csv_));
        emit(format::comparison_sentence(c));
      }
      return {};
    }
    if (from_.empty() || to_.empty())
      return make_error(ErrorCode::bad_request, "give --from and --to, or --compare P1 P2");
    FRONTLINE_TRY(from, parse_month_or_time(from_, zone));
    FRONTLINE_TRY(to, parse_month_or_time(to_, zone));
    FRONTLINE_TRY(rows, gains(store, map, step, from, to, zone));
    const auto empty = std::count_if(rows.begin(), rows.end(), [](const GainRow& r) { return !r.net_km2; });
    FRONTLINE_CHECK(note_empty_rows("gains", store, map, static_cast<std::size_t>(empty)));
    emit(json_ ? format::gains_json(rows) : format::gains_table(rows).render(csv_));
    return {};
  }

 private:
  std::string store_, map_, by_ = "month", from_, to_, tz_ = "UTC";
  std::vector<std::string> compare_;
  bool json_ = false;
  bool csv_ = false;
};

}  // namespace

std::unique_ptr<Command> make_gains() {
  return std::make_unique<GainsCommand>();
}

}  // namespace frontline::cli
