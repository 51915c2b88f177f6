// `frontline claims import|add|list|check`: the claims registry and its verdicts (docs/claims.md).
#include <fmt/format.h>

#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

class ClaimsCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.require_subcommand(1);
    auto* imp = app.add_subcommand("import",
                                   "import claims (CSV or JSON; Wikipedia's town-control table) into the "
                                   "store's registry");
    imp->add_option("--store", store_, "store file")->required();
    imp->add_option("files", files_, "claims files")->required();
    imp->add_flag("--json", json_, "the report as JSON");
    imp->callback([this] { verb_ = "import"; });

    auto* add = app.add_subcommand("add", "add one claim to the registry");
    add->add_option("--store", store_, "store file")->required();
    add->add_option("--actor", claim_.actor, "who claims (\"Russian Ministry of Defence\")")->required();
    add->add_option("--side", side_, "the claimant: russian or ukrainian")->required();
    add->add_option("--at", at_, "when it was claimed")->required();
    add->add_option("--place", claim_.place, "the place, as the gazetteer knows it")->required();
    add->add_option("--what", what_, "captured, liberated, entered, encircled")->required();
    add->add_option("--source", claim_.source_url, "the claim's URL")->required();
    add->add_option("--quote", claim_.quote, "what was said");
    add->add_option("--id", id_, "an id of your own (the key is cli:ID)");
    add->add_flag("--json", json_, "the claim as JSON");
    add->callback([this] { verb_ = "add"; });

    auto* list = app.add_subcommand("list", "the claims in the registry");
    list->add_option("--store", store_, "store file")->required();
    list->add_flag("--json", json_, "JSON");
    list->callback([this] { verb_ = "list"; });

    auto* check = app.add_subcommand("check",
                                     "judge the registry's claims, or those in FILE, against the map and "
                                     "the evidence");
    check->add_option("--store", store_, "store file")->required();
    check->add_option("--map", map_, "map (default: the store's default map)");
    check->add_option("file", file_, "claims to judge instead of the registry's");
    check->add_option("--grace-days", options_.grace_days, "days after the claim the map may take")
        ->capture_default_str();
    check->add_option("--now", now_, "the time a grace period is measured against (default: the clock)");
    check->add_flag("--json", json_, "JSON: an array of claims with verdict, figures and explanation");
    check->callback([this] { verb_ = "check"; });

    auto* layer = app.add_subcommand("layer",
                                     "a claimed layer (ISW's daily \"Russian claimed\") against the map: per "
                                     "date, the km² claimed that the map does not show held");
    layer->add_option("--store", store_, "store file")->required();
    layer->add_option("--map", map_, "map (default: the store's default map)");
    layer->add_option("file", file_, "GeoJSON of polygons with a date property")->required();
    layer->add_option("--side", side_, "whose claims the layer holds: russian (default) or ukrainian");
    layer->add_option("--date-property", layer_.date_property, "the property holding each feature's date")
        ->capture_default_str();
    layer->add_option("--from", from_, "first date");
    layer->add_option("--to", to_, "last date");
    layer->add_flag("--json", json_, "JSON");
    layer->add_flag("--csv", csv_, "CSV");
    layer->add_option("-o,--output", output_, "the claimed ground the map does not show, per date, as GeoJSON");
    layer->callback([this] { verb_ = "layer"; });
  }

  Result<void> run() override {
    if (verb_ == "import" || verb_ == "add") {
      FRONTLINE_TRY(store, Store::open_for_writing(store_, WriteOptions{true}));
      if (verb_ == "import") {
        std::vector<std::filesystem::path> files(files_.begin(), files_.end());
        FRONTLINE_TRY(report, import_claims(store, files));
        emit(json_ ? format::claims_import_json(report) : format::claims_import_text(report));
        return {};
      }
      auto side = side_from_string(side_);
      if (!side || *side == Side::unknown) {
        return make_error(ErrorCode::bad_request, fmt::format("side '{}': russian or ukrainian", side_));
      }
      claim_.side = *side;
      auto what = claim_what_from_string(what_);
      if (!what) {
        return make_error(ErrorCode::bad_request,
                          fmt::format("what '{}': captured, liberated, entered or encircled", what_));
      }
      claim_.what = *what;
      FRONTLINE_TRY(at, parse_time(at_));
      claim_.claimed_at = at;
      if (!id_.empty()) claim_.key = "cli:" + id_;
      FRONTLINE_TRY(added, add_claim(store, claim_));
      const std::vector<Claim> one{added};
      emit(json_ ? format::claims_list_json(one) : format::claims_list_table(one).text());
      return {};
    }
    FRONTLINE_TRY(store, open_store(store_));
    if (verb_ == "list") {
      FRONTLINE_TRY(claims, store.claims());
      emit(json_ ? format::claims_list_json(claims) : format::claims_list_table(claims).text());
      return {};
    }
    FRONTLINE_TRY(map, pick_map(store, map_));
    if (verb_ == "layer") {
      if (!side_.empty()) {
        auto side = side_from_string(side_);
        if (!side || *side == Side::unknown) {
          return make_error(ErrorCode::bad_request, fmt::format("side '{}': russian or ukrainian", side_));
        }
        layer_.side = *side;
      }
      if (!from_.empty()) {
        FRONTLINE_TRY(t, parse_time(from_));
        layer_.from = t;
      }
      if (!to_.empty()) {
        FRONTLINE_TRY(t, parse_time(to_));
        layer_.to = t;
      }
      layer_.keep_geometry = !output_.empty();
      FRONTLINE_TRY(days, claimed_layer_against_map(store, map, file_, layer_));
      if (!output_.empty()) {
        FRONTLINE_CHECK(write_file_atomically(output_, format::claimed_layer_geojson(days), store.path()));
      }
      emit(json_ ? format::claimed_layer_json(map, days) : format::claimed_layer_table(days).render(csv_));
      return {};
    }
    if (!now_.empty()) {
      FRONTLINE_TRY(now, parse_time(now_));
      options_.now = now;
    }
    std::vector<Claim> claims;
    if (!file_.empty()) {
      FRONTLINE_TRY(read, read_claims(store, file_));
      claims = std::move(read);
    } else {
      FRONTLINE_TRY(stored, store.claims());
      claims = std::move(stored);
    }
    FRONTLINE_TRY(verdicts, check_claims(store, map, claims, options_));
    emit(json_ ? format::claims_check_json(verdicts) : format::claims_check_text(verdicts));
    return {};
  }

 private:
  std::string verb_, store_, map_, file_, side_, what_, at_, id_, now_, from_, to_, output_;
  std::vector<std::string> files_;
  bool json_ = false;
  bool csv_ = false;
  ClaimedLayerOptions layer_;
  Claim claim_;
  ClaimsCheckOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_claims() {
  return std::make_unique<ClaimsCommand>();
}

}  // namespace frontline::cli
