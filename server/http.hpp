// `frontline serve`: the API of server/api.hpp over HTTP (cpp-httplib), until SIGTERM or SIGINT.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "frontline/store.hpp"
#include "frontline/tiles.hpp"

namespace frontline::server {

struct ServeOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0: any free port (printed)
  // Workers. A keep-alive connection holds its worker until it closes or idles out (5 s), so
  // there must be about as many workers as clients kept alive; a read takes a store connection
  // from the pool only while it runs.
  unsigned threads = 64;
  // The built web app served at / (web/dist); none when empty or missing (the API alone).
  std::filesystem::path web_dir;
  HistoryTileOptions tiles;                          // the history tiles built after the start
  std::size_t cache_bytes = std::size_t{256} << 20;  // answers kept in memory (server/response_cache.hpp)
};

// Binds, prints "listening on http://HOST:PORT" on stdout, answers until SIGTERM or SIGINT, then
// finishes the requests under way and returns. io when the address cannot be bound.
Result<void> serve(const Store& store, const ServeOptions& options);

}  // namespace frontline::server
