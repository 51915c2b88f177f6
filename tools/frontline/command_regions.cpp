// `frontline regions --level oblast|raion|hromada --at T | --from T1 --to T2`: share occupied per unit.
#include <fmt/format.h>

#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

class RegionsCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--store", store_, "store file")->required();
    app.add_option("--map", map_, "map name (default: the only map, or deepstate)");
    app.add_option("--level", level_, "oblast, raion or hromada")->required();
    app.add_option("--at", at_, "as of this time");
    app.add_option("--from", from_, "change from this time ...");
    app.add_option("--to", to_, "... to this one, largest gain first");
    app.add_option("--top", top_, "only the first N rows");
    app.add_option("--tz", tz_, "IANA time zone for times without an offset (default UTC)");
    app.add_flag("--json", json_, "one JSON array");
    app.add_flag("--csv", csv_, "CSV");
  }

  Result<void> run() override {
    const auto level = place_kind_from_string(level_);
    if (!level || *level == PlaceKind::settlement || *level == PlaceKind::custom) {
      return make_error(ErrorCode::bad_request, fmt::format("--level '{}': give oblast, raion or hromada", level_));
    }
    const bool change = !from_.empty() || !to_.empty();
    if (change == !at_.empty() || (change && (from_.empty() || to_.empty()))) {
      return make_error(ErrorCode::bad_request, "give either --at T or both --from T1 and --to T2");
    }
    FRONTLINE_TRY(store, open_store(store_));
    FRONTLINE_TRY(map, pick_map(store, map_));
    FRONTLINE_TRY(zone, TimeZone::named(tz_));
    std::vector<RegionRow> rows;
    if (change) {
      FRONTLINE_TRY(from, parse_month_or_time(from_, zone));
      FRONTLINE_TRY(to, parse_month_or_time(to_, zone));
      FRONTLINE_TRY(r, regions_change(store, map, *level, from, to));
      rows = std::move(r);
    } else {
      FRONTLINE_TRY(at, parse_time(at_, zone));
      FRONTLINE_TRY(r, regions_at(store, map, *level, at));
      rows = std::move(r);
    }
    if (top_ > 0 && rows.size() > top_) rows.resize(top_);
    emit(json_ ? format::regions_json(rows) : format::regions_table(rows).render(csv_));
    return {};
  }

 private:
  std::string store_, map_, level_, at_, from_, to_, tz_ = "UTC";
  std::size_t top_ = 0;
  bool json_ = false;
  bool csv_ = false;
};

}  // namespace

std::unique_ptr<Command> make_regions() {
  return std::make_unique<RegionsCommand>();
}

}  // namespace frontline::cli
