#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "byte_size.hpp"
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
    app.add_option("--threads", threads_, "worker threads (0 = one per core; at most 4 per core)");
    app.add_option("--wait", wait_s_, "seconds to wait while another process writes the store")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 86400.0));
    app.add_flag("--json", json_, "print the import report as JSON");
    app.add_option("--max-entry-size", max_entry_size_, "refuse a file or archive entry larger than this (16M)");
    app.add_option("--max-unpacked-size", max_unpacked_size_, "refuse an archive that unpacks to more than this (16G)");
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
    if (!max_entry_size_.empty()) {
      FRONTLINE_TRY(cap, parse_byte_size(max_entry_size_, "--max-entry-size"));
      if (cap > std::numeric_limits<std::size_t>::max() - (std::size_t{1} << 20)) {
        return make_error(ErrorCode::bad_request, fmt::format("--max-entry-size '{}': too large", max_entry_size_));
      }
      options.max_entry_bytes = static_cast<std::size_t>(cap);
    }
    if (!max_unpacked_size_.empty()) {
      FRONTLINE_TRY(cap, parse_byte_size(max_unpacked_size_, "--max-unpacked-size"));
      options.max_unpacked_bytes = cap;
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
    options.wait = std::chrono::milliseconds(static_cast<std::int64_t>(wait_s_ * 1000));
    const auto t0 = std::chrono::steady_clock::now();
    auto report = import_into(store_, paths, options);
    if (tty) std::fputs("\r\033[K", stderr);
    if (!report) return std::move(report).error();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    print(*report, secs);
    return {};
  }

 private:
  void print(const ImportReport& r, double secs) const {
    emit(json_ ? format::import_json(r, secs) : format::import_text(r, secs));
  }

  std::string store_;
  std::string map_ = "deepstate";
  std::string status_;
  bool time_from_name_ = false;
  std::string time_;
  unsigned threads_ = 0;
  double wait_s_ = 60;
  bool json_ = false;
  std::string max_entry_size_;
  std::string max_unpacked_size_;
  std::vector<std::string> paths_;
};

}  // namespace

std::unique_ptr<Command> make_import() {
  return std::make_unique<ImportCommand>();
}

}  // namespace frontline::cli
