// `frontline export-site --store F --out DIR`: the web map as a static site (docs/web.md): the app,
// its documents and the tiles as PMTiles, for any static file server or a CDN.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "command.hpp"
#include "frontline/site.hpp"

#ifndef FRONTLINE_WEB_DIR
#define FRONTLINE_WEB_DIR ""
#endif

namespace frontline::cli {
namespace {

class ExportSiteCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--store", store_, "store file (opened read-only)")->required();
    app.add_option("--out", out_, "folder to write (new, empty, or an earlier export, which is replaced)")->required();
    app.add_option("--web", web_, "the built web app (web/dist)")->capture_default_str();
    app.add_flag("--no-app", no_app_, "write only the data and tiles, not the app");
    app.add_option("--max-zoom", tiles_.max_zoom, "deepest zoom of the history tiles (the map overzooms)")
        ->capture_default_str();
    app.add_flag("--json", json_, "print the report as JSON");
  }

  Result<void> run() override {
    namespace fs = std::filesystem;
    fs::path app_dir;
    if (!no_app_) {
      std::error_code ec;
      if (web_.empty() || !fs::exists(fs::path(web_) / "index.html", ec)) {
        return make_error(ErrorCode::bad_request,
                          fmt::format("no web app at '{}' (index.html): build it with `(cd web && npm ci && npm run "
                                      "build)`, give --web DIR, or --no-app",
                                      web_));
      }
      app_dir = web_;
    }
    FRONTLINE_TRY(store, open_store(store_));
    SiteReport report;
    FRONTLINE_TRY(files, static_site_files(store, tiles_, report,
                                           [](std::string_view what) { spdlog::info("export-site: {}", what); }));
    FRONTLINE_CHECK(write_static_site(out_, app_dir, files, store_));
    report.out = out_;
    fmt::print("{}", json_ ? format::site_report_json(report) : format::site_report_text(report));
    return {};
  }

 private:
  std::string store_, out_, web_ = FRONTLINE_WEB_DIR;
  bool no_app_ = false, json_ = false;
  HistoryTileOptions tiles_;
};

}  // namespace

std::unique_ptr<Command> make_export_site() {
  return std::make_unique<ExportSiteCommand>();
}

}  // namespace frontline::cli
