// A CLI verb: registers its options, then runs against the library. Verbs only parse, call the
// library and format; errors come back as values and main.cpp turns them into exit codes.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "frontline/frontline.hpp"

namespace frontline::cli {

class Command {
 public:
  virtual ~Command() = default;
  virtual void setup(CLI::App& app) = 0;
  virtual Result<void> run() = 0;
};

std::unique_ptr<Command> make_import();
std::unique_ptr<Command> make_versions();
std::unique_ptr<Command> make_area();
std::unique_ptr<Command> make_gains();
std::unique_ptr<Command> make_diff();
std::unique_ptr<Command> make_reference();
std::unique_ptr<Command> make_status();
std::unique_ptr<Command> make_check();
std::unique_ptr<Command> make_places();
std::unique_ptr<Command> make_place();
std::unique_ptr<Command> make_regions();
std::unique_ptr<Command> make_line();
std::unique_ptr<Command> make_advance();
std::unique_ptr<Command> make_serve();
std::unique_ptr<Command> make_export_site();
std::unique_ptr<Command> make_evidence();
std::unique_ptr<Command> make_claims();
std::unique_ptr<Command> make_scenario();

// Shared by the verbs: opening the store and picking the map.
Result<Store> open_store(const std::string& path);
Result<std::string> pick_map(const Store& store, const std::string& requested);
// A place by id (digits) or by name (find_place()).
Result<Place> place_by_name_or_id(const Store& store, const std::string& text, const std::string& oblast);

}  // namespace frontline::cli
