#include <fmt/format.h>

#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

class DiffCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--store", store_, "store file")->required();
    app.add_option("--map", map_, "map name (default: the only map, or deepstate)");
    app.add_option("t1", t1_, "from: ISO 8601 time or DeepState version id")->required();
    app.add_option("t2", t2_, "to: ISO 8601 time or DeepState version id")->required();
    app.add_option("-o,--output", output_, "write the changed areas as a GeoJSON FeatureCollection");
    app.add_flag("--json", json_, "totals as JSON");
    app.add_flag("--with-evidence", with_evidence_,
                 "each gained or lost polygon with the evidence of the side that took "
                 "it (docs/evidence.md)");
    app.add_option("--within-km", evidence_.within_km, "evidence this near a polygon")->capture_default_str();
    app.add_option("--days-before", evidence_.days_before, "evidence from this many days before the earlier version")
        ->capture_default_str();
  }

  Result<void> run() override {
    FRONTLINE_TRY(store, open_store(store_));
    FRONTLINE_TRY(map, pick_map(store, map_));
    FRONTLINE_TRY(t1, parse_time(t1_));
    FRONTLINE_TRY(t2, parse_time(t2_));
    FRONTLINE_TRY(d, diff(store, map, t1, t2));
    if (!output_.empty()) FRONTLINE_CHECK(write_file_atomically(output_, format::diff_geojson(d), store_));
    if (with_evidence_) {
      FRONTLINE_TRY(changes, evidence_for_changes(store, d, evidence_));
      emit(json_ ? format::diff_evidence_json(map, d, changes, evidence_)
                 : format::diff_evidence_text(d, changes, evidence_));
      return {};
    }
    emit(json_ ? format::diff_json(map, d) : format::diff_text(d));
    return {};
  }

 private:
  std::string store_, map_, t1_, t2_, output_;
  bool json_ = false;
  bool with_evidence_ = false;
  ChangeEvidenceOptions evidence_;
};

}  // namespace

std::unique_ptr<Command> make_diff() {
  return std::make_unique<DiffCommand>();
}

}  // namespace frontline::cli
