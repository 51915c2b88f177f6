// `frontline regions --level oblast|raion|hromada --at T | --from T1 --to T2`: share occupied per unit.
#include <fmt/format.h>

#include <algorithm>
#include <thread>

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
    app.add_flag("--history", history_, "every unit at every version: a row whenever a unit's occupied area changes");
    app.add_option("--threads", threads_, "threads for --history and --captures (default: one per core)");
    app.add_flag("--captures", captures_,
                 "when each unit came to be mostly (>= 50 %) and fully (>= 95 %) held by Russia for "
                 "good; with --from/--to, the units captured (mostly or fully) in that span");
    app.add_option("--tz", tz_, "IANA time zone for times without an offset (default UTC)");
    app.add_flag("--json", json_, "one JSON array");
    app.add_flag("--csv", csv_, "CSV");
  }

  Result<void> run() override {
    const auto level = place_kind_from_string(level_);
    if (!level || *level == PlaceKind::settlement || *level == PlaceKind::custom) {
      return make_error(ErrorCode::bad_request, fmt::format("--level '{}': give oblast, raion or hromada", level_));
    }
    if (history_ || captures_) return history();
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
  Result<void> history() {
    if (history_ && captures_) return make_error(ErrorCode::bad_request, "give --history or --captures, not both");
    if (!at_.empty() || (history_ && (!from_.empty() || !to_.empty()))) {
      return make_error(ErrorCode::bad_request, "--history covers every version: no --at, --from or --to");
    }
    const auto level = place_kind_from_string(level_);
    FRONTLINE_TRY(store, open_store(store_));
    FRONTLINE_TRY(map, pick_map(store, map_));
    FRONTLINE_TRY(zone, TimeZone::named(tz_));
    Timestamp from = kEarliestTime, to = kLatestTime;
    if (!from_.empty()) {
      FRONTLINE_TRY(t, parse_month_or_time(from_, zone));
      from = t;
    }
    if (!to_.empty()) {
      FRONTLINE_TRY(t, parse_month_or_time(to_, zone));
      to = t;
    }
    const unsigned threads = threads_ > 0 ? threads_ : std::max(1U, std::thread::hardware_concurrency());
    FRONTLINE_TRY(h, unit_history(store, map, *level, threads));
    if (history_) {
      emit(json_ ? format::unit_history_json(map, h) : format::unit_history_table(h).render(csv_));
      return {};
    }
    auto rows = unit_captures(h, from, to);
    if (top_ > 0 && rows.size() > top_) rows.resize(top_);
    emit(json_ ? format::unit_captures_json(map, rows) : format::unit_captures_table(rows).render(csv_));
    return {};
  }

  std::string store_, map_, level_, at_, from_, to_, tz_ = "UTC";
  bool history_ = false, captures_ = false;
  unsigned threads_ = 0;
  std::size_t top_ = 0;
  bool json_ = false;
  bool csv_ = false;
};

}  // namespace

std::unique_ptr<Command> make_regions() {
  return std::make_unique<RegionsCommand>();
}

}  // namespace frontline::cli
