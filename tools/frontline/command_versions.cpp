#include <fmt/format.h>

#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

class VersionsCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--store", store_, "store file")->required();
    app.add_option("--map", map_, "map name (default: the only map, or deepstate)");
    app.add_flag("--json", json_, "one JSON array");
    app.add_flag("--csv", csv_, "CSV");
  }

  Result<void> run() override {
    FRONTLINE_TRY(store, open_store(store_));
    FRONTLINE_TRY(map, pick_map(store, map_));
    FRONTLINE_TRY(versions, store.versions(map));
    json out = json::array();
    Table table({"version_time", "source_id", "statuses", "vertices", "occupied_total_km2", "change_km2"});
    std::optional<double> prev;
    for (const auto& v : versions) {
      const auto ot = v.area_m2(Status::occupied_total);
      std::optional<double> change;
      if (prev && ot) change = (*ot - *prev) / 1e6;
      if (ot) prev = *ot;
      std::vector<std::string> statuses;
      json areas = json::object();
      for (const auto& l : v.layers) {
        statuses.emplace_back(to_string(l.status));
        areas[std::string(to_string(l.status))] = km2(l.area_m2 / 1e6);
      }
      if (json_) {
        json j;
        j["map"] = map;
        j["version_time"] = format_iso(v.time);
        j["source_id"] = v.source_id;
        j["statuses"] = statuses;
        j["vertices"] = v.vertices;
        j["change_km2"] = km2(change);
        j["areas_km2"] = areas;
        j["occupied_total_km2"] = km2(ot ? std::optional<double>(*ot / 1e6) : std::nullopt);
        out.push_back(std::move(j));
      } else {
        table.add({format_iso(v.time), v.source_id, fmt::format("{}", fmt::join(statuses, "+")),
                   std::to_string(v.vertices), fmt_km2(ot ? std::optional<double>(*ot / 1e6) : std::nullopt),
                   fmt_km2(change)});
      }
    }
    if (json_) {
      print_json(out);
    } else {
      table.print(csv_);
    }
    return {};
  }

 private:
  std::string store_;
  std::string map_;
  bool json_ = false;
  bool csv_ = false;
};

}  // namespace

std::unique_ptr<Command> make_versions() {
  return std::make_unique<VersionsCommand>();
}

}  // namespace frontline::cli
