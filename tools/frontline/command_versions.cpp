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
    FRONTLINE_TRY(versions, version_changes(store, map));
    emit(json_ ? format::versions_json(map, versions) : format::versions_table(versions).render(csv_));
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
