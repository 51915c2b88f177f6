// `frontline serve --store F [--port 8080] [--bind 127.0.0.1]`: the read-only HTTP API
// (docs/server.md) until SIGTERM or SIGINT.
#include <spdlog/spdlog.h>

#include "command.hpp"
#include "server/http.hpp"

#ifndef FRONTLINE_WEB_DIR
#define FRONTLINE_WEB_DIR ""
#endif

namespace frontline::cli {
namespace {

class ServeCommand final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--store", store_, "store file (opened read-only)")->required();
    app.add_option("--port", options_.port, "TCP port; 0 picks a free one (printed)")->capture_default_str();
    app.add_option("--bind", options_.bind, "address to listen on")->capture_default_str();
    app.add_option("--threads", options_.threads, "worker threads (about one per client kept alive; at most 512)")
        ->capture_default_str();
    app.add_option("--web", web_, "the built web app served at / (web/dist)")->capture_default_str();
    app.add_option("--max-zoom", options_.tiles.max_zoom, "deepest zoom of the history tiles")->capture_default_str();
  }

  Result<void> run() override {
    if (options_.port < 0 || options_.port > 65535) {
      return make_error(ErrorCode::bad_request, "--port: give 0 to 65535");
    }
    options_.web_dir = web_;
    FRONTLINE_TRY(store, open_store(store_));
    // The access log: one line per request on stderr.
    if (spdlog::get_level() > spdlog::level::info) spdlog::set_level(spdlog::level::info);
    return server::serve(store, options_);
  }

 private:
  std::string store_;
  std::string web_ = FRONTLINE_WEB_DIR;
  server::ServeOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_serve() {
  return std::make_unique<ServeCommand>();
}

}  // namespace frontline::cli
