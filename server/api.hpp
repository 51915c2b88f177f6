// The HTTP API over the library, without sockets: a request (method, path, query) in, a response
// (status, content type, body) out. The server (server/http.cpp) only moves bytes; fuzz targets
// and tests call handle() directly. Bodies are the library's documents, byte for byte what the
// CLI's --json prints for the same question (docs/server.md).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "frontline/store.hpp"
#include "server/site_cache.hpp"

namespace frontline::server {

struct ApiRequest {
  std::string method;                                      // GET, HEAD, ...
  std::string path;                                        // decoded, without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order, repeats kept
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // The answer names one version for good (a tile of an exact version time): it never changes.
  bool immutable = false;
  // The answer depends on work the server has not finished (site.json while the history tiles are
  // built): it must not be kept, or it would outlive that work.
  bool provisional = false;
};

// Bounds on a request: longer paths, more parameters or longer values are refused (400).
inline constexpr std::size_t kMaxPathBytes = 512;
inline constexpr std::size_t kMaxQueryParams = 16;
inline constexpr std::size_t kMaxValueBytes = 256;

// A request from a line "METHOD PATH?KEY=VALUE&KEY=VALUE" of any bytes (split at the first space,
// the first '?', every '&' and each pair's first '='), as decoded: what the fuzz target and the
// corpus replay feed handle().
ApiRequest request_from_line(std::string_view line);

// A failure of the library becomes its JSON error with the status of its code; an exception from
// below (none is expected) becomes a 500 with its message.
ApiResponse handle(const Store& store, const ApiRequest& request);
// The same with the web map's documents that the server builds after it starts (/site.json,
// /base/*.geojson, /tiles/{map}/history/...): 503 until they are ready.
ApiResponse handle(const Store& store, const SiteCache* site, const ApiRequest& request);

// The OpenAPI 3 document describing every path handle() answers.
const std::string& openapi_json();

// The one place where an error code becomes an HTTP status.
int http_status(ErrorCode code) noexcept;
std::string error_body(ErrorCode code, std::string_view message);

}  // namespace frontline::server
