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
    std::vector<GainRow> rows;
    if (!compare_.empty()) {
      for (const auto& p : compare_) {
        FRONTLINE_TRY(t, parse_month_or_time(p, zone));
        FRONTLINE_TRY(r, gains(store, map, step, t, t, zone));
        rows.push_back(std::move(r.front()));
      }
    } else {
      if (from_.empty() || to_.empty()) {
        return make_error(ErrorCode::bad_request, "give --from and --to, or --compare P1 P2");
      }
      FRONTLINE_TRY(from, parse_month_or_time(from_, zone));
      FRONTLINE_TRY(to, parse_month_or_time(to_, zone));
      FRONTLINE_TRY(r, gains(store, map, step, from, to, zone));
      rows = std::move(r);
    }
    const auto empty = std::count_if(rows.begin(), rows.end(), [](const GainRow& r) { return !r.net_km2; });
    FRONTLINE_CHECK(note_empty_rows("gains", store, map, static_cast<std::size_t>(empty)));
    const bool both = rows.size() == 2 && rows[0].net_km2 && rows[1].net_km2;
    std::optional<double> ratio;
    if (!compare_.empty() && both && *rows[1].net_km2 != 0) ratio = *rows[0].net_km2 / *rows[1].net_km2;

    if (json_) {
      json arr = json::array();
      for (const auto& r : rows) arr.push_back(to_json(r));
      if (compare_.empty()) {
        print_json(arr);
      } else {
        json j;
        j["map"] = map;
        j["periods"] = arr;
        j["net_ratio"] = ratio ? json(round_to(*ratio, 4)) : json(nullptr);
        print_json(j);
      }
      return {};
    }
    Table table({"period", "net_km2", "gained_km2", "lost_km2", "contested_change_km2"});
    for (const auto& r : rows) {
      table.add(
          {r.period, fmt_km2(r.net_km2), fmt_km2(r.gained_km2), fmt_km2(r.lost_km2), fmt_km2(r.contested_change_km2)});
    }
    table.print(csv_);
    if (!compare_.empty()) {
      if (ratio) {
        fmt::print("net gain of {} is {:.2f} times that of {}\n", rows[0].period, *ratio, rows[1].period);
      } else if (!both) {
        fmt::print("no ratio: a period starts before the map's first version\n");
      } else {
        fmt::print("net gain of {} is zero; no ratio\n", rows[1].period);
      }
    }
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
