#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "command.hpp"
#include "format.hpp"

namespace frontline::cli {
namespace {

class ImportCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--store", store_, "store file (created if missing)")->required();
    app.add_option("--map", map_, "map name")->capture_default_str();
    app.add_option("--status", status_, "plain series: every polygon has this status (e.g. occupied_total)");
    app.add_flag("--time-from-name", time_from_name_, "version time from a YYYYMMDD date in each file name");
    app.add_option("--time", time_, "version time of a single file (ISO 8601 or Unix seconds)");
    app.add_option("--threads", threads_, "worker threads (0 = one per core)");
    app.add_flag("--json", json_, "print the import report as JSON");
    app.add_option("paths", paths_, ".geojson files, folders, or .tar/.tar.zst archives")->required();
  }

  Result<void> run() override {
    ImportOptions options;
    options.map = map_;
    options.time_from_name = time_from_name_;
    options.threads = threads_;
    if (!status_.empty()) {
      auto s = status_from_string(status_);
      if (!s) {
        return make_error(ErrorCode::bad_request,
                          fmt::format("unknown status '{}': use occupied, occupied_before_2022, contested, "
                                      "liberated or occupied_total",
                                      status_));
      }
      options.status = *s;
    }
    if (!time_.empty()) {
      FRONTLINE_TRY(t, parse_time(time_));
      options.time = t;
    }
    const bool tty = isatty(STDERR_FILENO) == 1 && !json_;
    if (tty) {
      options.progress = [](std::string_view phase, std::size_t done, std::size_t total) {
        if (total > 0) {
          const int width = 30;
          const auto filled = static_cast<int>(width * done / total);
          std::fprintf(stderr, "\r%-8.*s [%s%s] %zu/%zu ", static_cast<int>(phase.size()), phase.data(),
                       std::string(static_cast<std::size_t>(filled), '#').c_str(),
                       std::string(static_cast<std::size_t>(width - filled), ' ').c_str(), done, total);
        } else {
          std::fprintf(stderr, "\r%-8.*s %zu files ", static_cast<int>(phase.size()), phase.data(), done);
        }
      };
    }
    std::vector<std::filesystem::path> paths(paths_.begin(), paths_.end());
    std::error_code ec;
    const bool existed = std::filesystem::exists(store_, ec);
    const auto t0 = std::chrono::steady_clock::now();
    auto report = [&]() -> Result<ImportReport> {
      FRONTLINE_TRY(store, Store::open(store_));
      return import_paths(store, paths, options);
    }();
    if (tty) std::fputs("\r\033[K", stderr);
    if (!report) {
      // A failed import leaves things as they were: that includes not leaving a new, empty store.
      if (!existed) {
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(store_ + suffix, ec);
      }
      return std::move(report).error();
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    print(*report, secs);
    return {};
  }

 private:
  void print(const ImportReport& r, double secs) const {
    std::int64_t foreign = 0;
    for (const auto& [k, v] : r.foreign) foreign += v;
    std::int64_t unclassified = 0;
    for (const auto& [k, v] : r.unclassified) unclassified += v;
    if (json_) {
      json j;
      j["map"] = r.map;
      j["files"] = r.files;
      j["first"] = r.first ? json(format_iso(*r.first)) : json(nullptr);
      j["last"] = r.last ? json(format_iso(*r.last)) : json(nullptr);
      j["versions_added"] = r.versions_added;
      j["already_stored"] = r.already_stored;
      j["identical_skipped"] = r.identical_skipped;
      j["duplicate_inputs"] = r.duplicate_inputs;
      json polys = json::object();
      for (Status s : kAllStatuses) {
        const auto n = r.polygons[static_cast<std::size_t>(s)];
        if (n > 0) polys[std::string(to_string(s))] = n;
      }
      j["polygons"] = polys;
      j["foreign_polygons"] = foreign;
      j["foreign_by_label"] = r.foreign;
      j["unclassified_polygons"] = unclassified;
      j["unclassified_by_label"] = r.unclassified;
      j["classified_by_fill_only"] = r.by_fill;
      j["points_skipped"] = r.points;
      j["other_geometries_skipped"] = r.other_geometries;
      j["degenerate_rings_dropped"] = r.degenerate_rings;
      j["invalid_polygons_repaired"] = r.repaired;
      j["holes_outside_shell"] = r.holes_outside_shell;
      j["holes_partly_outside_shell"] = r.holes_partly_outside_shell;
      json overlap = json::object();
      for (Status s : kPrecedence)
        overlap[std::string(to_string(s))] = km2(r.max_overlap_m2[static_cast<std::size_t>(s)] / 1e6);
      j["max_overlap_km2"] = overlap;
      j["rings_added"] = r.rings_added;
      j["seconds"] = round_to(secs, 3);
      print_json(j);
      return;
    }
    fmt::print("imported {} files into map '{}' in {:.2f} s\n", r.files, r.map, secs);
    if (r.first) fmt::print("  versions from {} to {}\n", format_iso(*r.first), format_iso(*r.last));
    fmt::print("  versions added {}, already stored {}, identical to the previous skipped {}, duplicate inputs {}\n",
               r.versions_added, r.already_stored, r.identical_skipped, r.duplicate_inputs);
    fmt::print("  polygons by status:");
    for (Status s : kAllStatuses) {
      const auto n = r.polygons[static_cast<std::size_t>(s)];
      if (n > 0) fmt::print(" {} {}", to_string(s), n);
    }
    fmt::print("\n  excluded, not Ukraine: {} polygons ({} labels)\n", foreign, r.foreign.size());
    fmt::print("  excluded, unclassified: {} polygons\n", unclassified);
    for (const auto& [label, n] : r.unclassified)
      fmt::print("    {} x {}: no label rule and no status colour\n", n, label);
    std::int64_t by_fill = 0;
    for (const auto& [k, v] : r.by_fill) by_fill += v;
    fmt::print("  classified by fill colour alone: {} polygons ({} labels; --json lists them)\n", by_fill,
               r.by_fill.size());
    fmt::print("  skipped: {} point features (not measured), {} other geometries; dropped {} degenerate rings\n",
               r.points, r.other_geometries, r.degenerate_rings);
    fmt::print("  invalid polygons repaired: {}; new rings stored: {}\n", r.repaired, r.rings_added);
    if (r.holes_outside_shell + r.holes_partly_outside_shell > 0) {
      fmt::print("  holes outside their shell: {} wholly (no area subtracted), {} partly (only their overlap)\n",
                 r.holes_outside_shell, r.holes_partly_outside_shell);
    }
  }

  std::string store_;
  std::string map_ = "deepstate";
  std::string status_;
  bool time_from_name_ = false;
  std::string time_;
  unsigned threads_ = 0;
  bool json_ = false;
  std::vector<std::string> paths_;
};

}  // namespace

std::unique_ptr<Command> make_import() {
  return std::make_unique<ImportCommand>();
}

}  // namespace frontline::cli
