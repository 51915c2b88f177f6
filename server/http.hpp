// `frontline serve`: the API of server/api.hpp over HTTP (cpp-httplib), until SIGTERM or SIGINT.
#pragma once

#include <cstdint>
#include <string>

#include "frontline/store.hpp"

namespace frontline::server {

struct ServeOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;       // 0: any free port (printed)
  unsigned threads = 4;  // workers; each read takes a store connection of its own
};

// Binds, prints "listening on http://HOST:PORT" on stdout, answers until SIGTERM or SIGINT, then
// finishes the requests under way and returns. io when the address cannot be bound.
Result<void> serve(const Store& store, const ServeOptions& options);

}  // namespace frontline::server
