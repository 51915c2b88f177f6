// `frontline places import|list|show|add|remove`: the store's gazetteer.
#include <fmt/format.h>

#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

class PlacesCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.require_subcommand(1);
    auto* imp = app.add_subcommand("import", "build the store's places from boundary and place files in DIRs");
    imp->add_option("--store", store_, "store file")->required();
    imp->add_option("dirs", dirs_,
                    "folders holding ukraine-oblasts, ukraine-hromadas, osm-settlement-boundaries, "
                    "wof-urban-cores (.geojson) and ua-settlements-csc.json, plain or .gz")
        ->required();
    imp->add_flag("--json", json_, "the report as JSON");
    imp->callback([this] { verb_ = "import"; });

    auto* list = app.add_subcommand("list", "list places (of a kind, in an oblast)");
    list->add_option("--store", store_, "store file")->required();
    list->add_option("--kind", kind_, "oblast, raion, hromada, settlement or custom");
    list->add_option("--oblast", oblast_, "only places in this oblast");
    list->add_flag("--json", json_, "one JSON array");
    list->add_flag("--csv", csv_, "CSV");
    list->callback([this] { verb_ = "list"; });

    auto* show = app.add_subcommand("show", "one place: names, extent and where it comes from");
    show->add_option("--store", store_, "store file")->required();
    show->add_option("name", name_, "a name or a place id")->required();
    show->add_option("--oblast", oblast_, "the oblast, where the name is ambiguous");
    show->add_flag("--json", json_, "JSON");
    show->callback([this] { verb_ = "show"; });

    auto* search = app.add_subcommand("search", "places whose names match or start with TEXT (a search box)");
    search->add_option("--store", store_, "store file")->required();
    search->add_option("text", name_, "the start of a name, in any spelling")->required();
    search->add_option("--limit", limit_, "at most this many")->capture_default_str();
    search->add_flag("--json", json_, "JSON");
    search->callback([this] { verb_ = "search"; });

    auto* add = app.add_subcommand("add", "add the polygon features of a GeoJSON file as your own places");
    add->add_option("--store", store_, "store file")->required();
    add->add_option("file", file_, "GeoJSON with a \"name\" property per feature")->required();
    add->add_flag("--json", json_, "the places added as a JSON array");
    add->callback([this] { verb_ = "add"; });

    auto* rm = app.add_subcommand("remove", "remove one of your own places");
    rm->add_option("--store", store_, "store file")->required();
    rm->add_option("id", id_, "its id (`places list --kind custom`)")->required();
    rm->callback([this] { verb_ = "remove"; });
  }

  Result<void> run() override {
    if (verb_ == "import" || verb_ == "add" || verb_ == "remove") {
      FRONTLINE_TRY(store, Store::open_for_writing(store_, WriteOptions{true}));
      if (verb_ == "import") {
        std::vector<std::filesystem::path> dirs(dirs_.begin(), dirs_.end());
        FRONTLINE_TRY(report, import_gazetteer(store, dirs));
        emit(json_ ? format::gazetteer_json(report) : format::gazetteer_text(report));
      } else if (verb_ == "add") {
        FRONTLINE_TRY(added, add_user_places(store, file_));
        if (json_) {
          emit(format::places_json(added));
        } else {
          for (const auto& p : added) emit(fmt::format("added place {}: {}\n", p.id, describe(p)));
        }
      } else {
        FRONTLINE_TRY(writer, store.begin_write());
        FRONTLINE_TRY(removed, writer.remove_place(id_));
        if (!removed) {
          return make_error(ErrorCode::not_found,
                            fmt::format("no place {} of your own (`frontline places list --kind custom`)", id_));
        }
        FRONTLINE_CHECK(writer.commit());
        emit(fmt::format("removed place {}\n", id_));
      }
      return {};
    }
    FRONTLINE_TRY(store, open_store(store_));
    if (verb_ == "search") {
      FRONTLINE_TRY(found, search_places(store, name_, limit_));
      if (json_) {
        emit(format::places_json(found));
      } else {
        for (const auto& p : found) emit(fmt::format("{}  {}\n", p.id, describe(p)));
      }
      return {};
    }
    if (verb_ == "show") {
      FRONTLINE_TRY(place, place_by_name_or_id(store, name_, oblast_));
      emit(json_ ? format::place_json(place) : format::place_text(place));
      return {};
    }
    std::optional<PlaceKind> kind;
    if (!kind_.empty()) {
      kind = place_kind_from_string(kind_);
      if (!kind) {
        return make_error(ErrorCode::bad_request, fmt::format("unknown kind '{}': oblast, raion, hromada, settlement "
                                                              "or custom",
                                                              kind_));
      }
    }
    FRONTLINE_TRY(places, store.places(kind));
    if (!oblast_.empty()) {
      FRONTLINE_TRY(oblast, find_place(store, oblast_ + " oblast"));
      std::erase_if(places, [&](const Place& p) { return p.oblast != oblast.name; });
    }
    emit(json_ ? format::places_json(places) : format::places_table(places).render(csv_));
    return {};
  }

 private:
  std::string verb_;
  std::string store_;
  std::vector<std::string> dirs_;
  std::string kind_;
  std::string oblast_;
  std::string name_;
  std::string file_;
  std::int64_t id_ = 0;
  std::size_t limit_ = 10;
  bool json_ = false;
  bool csv_ = false;
};

}  // namespace

Result<Place> place_by_name_or_id(const Store& store, const std::string& text, const std::string& oblast) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos && text.size() < 12) {
    FRONTLINE_TRY(p, store.place(std::stoll(text)));
    if (!p) return make_error(ErrorCode::not_found, fmt::format("no place with id {}", text));
    return std::move(*p);
  }
  return find_place(store, text, oblast);
}

std::unique_ptr<Command> make_places() {
  return std::make_unique<PlacesCommand>();
}

}  // namespace frontline::cli
