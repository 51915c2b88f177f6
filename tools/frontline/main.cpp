// frontline: the command-line front end. This file is the one place where library errors become
// exit codes and messages.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "command.hpp"

namespace {

int exit_code(frontline::ErrorCode code) {
  switch (code) {
    case frontline::ErrorCode::bad_input:    // a file breaks its format's rules
    case frontline::ErrorCode::bad_request:  // the command line asks for something malformed
      return 2;
    case frontline::ErrorCode::not_found:
      return 3;
    case frontline::ErrorCode::conflict:
      return 4;
    case frontline::ErrorCode::io:
    case frontline::ErrorCode::unavailable:
      return 5;
    case frontline::ErrorCode::internal:
      return 70;
  }
  return 70;
}

}  // namespace

namespace frontline::cli {

Result<Store> open_store(const std::string& path) {
  return Store::open_read_only(path);
}

Result<std::string> pick_map(const Store& store, const std::string& requested) {
  if (!requested.empty()) return requested;
  return store.default_map();
}

}  // namespace frontline::cli

namespace {
int run(int argc, char** argv) {
  using namespace frontline::cli;
  // The library's warnings and -v's log go to stderr: stdout is for results (--json).
  spdlog::set_default_logger(spdlog::stderr_color_mt("frontline"));
  spdlog::set_level(spdlog::level::warn);
  CLI::App app{"frontline: territorial control maps over time, measured honestly"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "frontline 0.1.0");
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "log what the library does and how long it takes (stderr)");

  std::vector<std::pair<CLI::App*, std::unique_ptr<Command>>> commands;
  auto add = [&](const char* name, const char* help, std::unique_ptr<Command> cmd) {
    CLI::App* sub = app.add_subcommand(name, help);
    cmd->setup(*sub);
    commands.emplace_back(sub, std::move(cmd));
  };
  add("import", "import map snapshots (.geojson files, folders, .tar/.tar.zst archives) into a store", make_import());
  add("versions", "list the versions of a map with their areas and change", make_versions());
  add("area", "area per status as of a time, or one row per step between two times", make_area());
  add("gains", "net, gained and lost occupied area per day, week or month", make_gains());
  add("diff", "what changed between two times, as GeoJSON features and totals", make_diff());
  add("reference", "measure a boundary file and keep its area as a reference (share of Ukraine)", make_reference());
  add("status", "the status of a point as of a time", make_status());
  add("check", "check a store: SQLite's integrity check and frontline's own invariants", make_check());
  add("places", "the store's places: import the gazetteer, list, show, add or remove your own", make_places());
  add("place", "what the map says about a place as of a time, or across the whole history", make_place());
  add("regions", "area and share occupied per oblast, raion or hromada, or their change", make_regions());
  add("line", "the line of contact as of a time: its length, the grey zone's width, GeoJSON", make_line());
  add("advance", "how far the line of contact moved between two times, per oblast and sector, or per period",
      make_advance());
  add("serve", "the read-only HTTP API and the web map over a store (docs/server.md)", make_serve());
  add("evidence", "geolocated evidence: import it, list it, check it against the map, the map's lag (docs/evidence.md)",
      make_evidence());
  add("claims",
      "claims of capture and liberation: import, add, list, judge against the map and the evidence "
      "(docs/claims.md)",
      make_claims());
  add("scenario",
      "what a territorial proposal would hand over: km², settlements, people, hromadas, the line "
      "(docs/scenarios.md)",
      make_scenario());
  add("export-site", "the web map as a static site: app, documents and PMTiles (docs/web.md)", make_export_site());

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  if (verbose) spdlog::set_level(spdlog::level::debug);
  for (auto& [sub, cmd] : commands) {
    if (!sub->parsed()) continue;
    try {
      auto result = cmd->run();
      if (!result) {
        const auto& err = result.error();
        std::fprintf(stderr, "frontline %s: error: %s\n", sub->get_name().c_str(), err.message.c_str());
        return exit_code(err.code);
      }
    } catch (const std::exception& e) {
      // Errors are values in the library; an exception here is a bug (or out of memory), and it
      // still gets a message and an exit code rather than an abort.
      std::fprintf(stderr, "frontline %s: internal error: %s\n", sub->get_name().c_str(), e.what());
      return exit_code(frontline::ErrorCode::internal);
    }
    // Output that could not be written (a closed pipe, a full disk) is an I/O error, not success.
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
      std::fprintf(stderr, "frontline %s: error: cannot write the output to standard output\n",
                   sub->get_name().c_str());
      return exit_code(frontline::ErrorCode::io);
    }
    return 0;
  }
  return 2;
}
}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "frontline: internal error: %s\n", e.what());
    return 70;
  }
}
