// `frontline evidence import|list|check|lag`: geolocated evidence and the map (docs/evidence.md).
#include <fmt/format.h>

#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

class EvidenceCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.require_subcommand(1);
    auto* imp = app.add_subcommand("import",
                                   "import evidence files (CSV, GeoJSON, KML; UAControlMap, WarSpotting, "
                                   "CIR, Bellingcat exports) into the store, in one transaction");
    imp->add_option("--store", store_, "store file")->required();
    imp->add_option("files", files_, "evidence files (plain or compressed)")->required();
    imp->add_flag("--allow-unsourced", import_.allow_unsourced, "import records without a source, marked unsourced");
    imp->add_flag("--skip-unsourced", import_.skip_unsourced, "leave records without a source out (counted)");
    imp->add_flag("--fix-swapped", import_.fix_swapped, "swap latitude and longitude where they look swapped");
    imp->add_option("--now", now_, "refuse records later than this (default: the clock)");
    imp->add_flag("--json", json_, "the report as JSON");
    imp->callback([this] { verb_ = "import"; });

    auto* list = app.add_subcommand("list", "list the stored evidence (of a time span, a side, a dataset)");
    list->add_option("--store", store_, "store file")->required();
    list->add_option("--from", from_, "observed at or after");
    list->add_option("--to", to_, "observed at or before");
    list->add_option("--side", side_, "russian, ukrainian or unknown");
    list->add_option("--dataset", dataset_, "owlmaps, warspotting, cir, bellingcat, geoconfirmed, csv, geojson");
    list->add_flag("--json", json_, "one JSON array");
    list->callback([this] { verb_ = "list"; });

    auto* check = app.add_subcommand("check",
                                     "each record against the map: the review queue of what the map does "
                                     "not show yet");
    check->add_option("--store", store_, "store file")->required();
    check->add_option("--map", map_, "map (default: the store's default map)");
    check->add_option("--from", from_, "only records observed at or after");
    check->add_option("--to", to_, "only records observed at or before");
    check->add_option("--dataset", dataset_, "only records of this dataset");
    check->add_option("--limit", limit_, "list at most this many (the figures count all)");
    check->add_flag("--all", check_.all, "list consistent records too");
    check->add_flag("--json", json_, "JSON: an array of records with their finding");
    check->add_option("-o,--output", output_, "write the findings as GeoJSON points to this file");
    check->callback([this] { verb_ = "check"; });

    auto* lag = app.add_subcommand("lag", "how many days the map took to show what was seen: per month and oblast");
    lag->add_option("--store", store_, "store file")->required();
    lag->add_option("--map", map_, "map (default: the store's default map)");
    lag->add_option("--from", from_, "only records observed at or after");
    lag->add_option("--to", to_, "only records observed at or before");
    lag->add_option("--dataset", dataset_, "only records of this dataset");
    lag->add_flag("--json", json_, "JSON");
    lag->add_flag("--csv", csv_, "CSV");
    lag->callback([this] { verb_ = "lag"; });
  }

  Result<void> run() override {
    if (verb_ == "import") {
      if (!now_.empty()) {
        FRONTLINE_TRY(now, parse_time(now_));
        import_.now = now;
      }
      if (import_.allow_unsourced && import_.skip_unsourced) {
        return make_error(ErrorCode::bad_request, "--allow-unsourced and --skip-unsourced exclude each other");
      }
      FRONTLINE_TRY(store, Store::open_for_writing(store_, WriteOptions{true}));
      std::vector<std::filesystem::path> files(files_.begin(), files_.end());
      FRONTLINE_TRY(report, import_evidence(store, files, import_));
      emit(json_ ? format::evidence_import_json(report) : format::evidence_import_text(report));
      return {};
    }
    FRONTLINE_TRY(store, open_store(store_));
    std::optional<Timestamp> from, to;
    if (!from_.empty()) {
      FRONTLINE_TRY(t, parse_month_or_time(from_));
      from = t;
    }
    if (!to_.empty()) {
      FRONTLINE_TRY(t, parse_time(to_));
      // A date names its whole day.
      to = to_.size() == 10 ? Timestamp{t.seconds + 86400 - 1} : t;
    }
    if (verb_ == "list") {
      EvidenceFilter f;
      f.from = from;
      f.to = to;
      if (!dataset_.empty()) f.dataset = dataset_;
      if (!side_.empty()) {
        auto s = side_from_string(side_);
        if (!s)
          return make_error(ErrorCode::bad_request,
                            fmt::format("unknown side '{}': russian, ukrainian or unknown", side_));
        f.side = *s;
      }
      FRONTLINE_TRY(records, store.evidence(f));
      emit(json_ ? format::evidence_list_json(records) : format::evidence_list_table(records).text());
      return {};
    }
    FRONTLINE_TRY(map, pick_map(store, map_));
    check_.from = from;
    check_.to = to;
    if (!dataset_.empty()) check_.dataset = dataset_;
    if (verb_ == "lag") check_.all = false;
    FRONTLINE_TRY(result, check_evidence(store, map, check_));
    if (verb_ == "lag") {
      const auto rows = evidence_lag(result);
      emit(json_ ? format::evidence_lag_json(map, rows) : format::evidence_lag_table(rows).render(csv_));
      return {};
    }
    if (!output_.empty())
      FRONTLINE_CHECK(write_file_atomically(output_, format::evidence_check_geojson(result), store.path()));
    if (limit_ > 0 && result.findings.size() > limit_) result.findings.resize(limit_);
    emit(json_ ? format::evidence_check_json(result) : format::evidence_check_text(result));
    return {};
  }

 private:
  std::string verb_;
  std::string store_;
  std::vector<std::string> files_;
  std::string now_, from_, to_, side_, dataset_, map_, output_;
  std::size_t limit_ = 0;
  bool json_ = false;
  bool csv_ = false;
  EvidenceImportOptions import_;
  EvidenceCheckOptions check_;
};

}  // namespace

std::unique_ptr<Command> make_evidence() {
  return std::make_unique<EvidenceCommand>();
}

}  // namespace frontline::cli
