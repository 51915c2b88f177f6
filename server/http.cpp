#include "server/http.hpp"

// Answers are compressed here, once, in gzip and zstd, and sent in the coding the client accepts
// (server/negotiation.hpp); cpp-httplib's own compression is bypassed (answer() says why).
#include <fmt/format.h>
#include <httplib.h>
#include <pthread.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <xxhash.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <thread>

#include "frontline/compress.hpp"
#include "server/api.hpp"
#include "server/negotiation.hpp"
#include "server/response_cache.hpp"
#include "server/site_cache.hpp"
#include "server/static_files.hpp"

namespace frontline::server {

namespace {

std::string etag_of(const std::string& body) {
  return fmt::format("\"{:016x}\"", XXH3_64bits(body.data(), body.size()));
}

// A strong validator names one representation (RFC 9110 §8.8.3): the gzipped and zstd bodies
// differ from the plain one byte for byte, so each has its own ETag.
std::string etag_in(const std::string& etag, Coding coding) {
  if (coding == Coding::identity || etag.size() < 2) return etag;
  return etag.substr(0, etag.size() - 1) + (coding == Coding::gzip ? "-gz\"" : "-zst\"");
}

bool compressible(const std::string& type) {
  return type.starts_with("text/") || type.starts_with("application/json") || type == "application/geo+json" ||
         type == "application/vnd.mapbox-vector-tile" || type == "image/svg+xml";
}

// Large bodies are written to the socket from the answer kept in memory. set_content would copy
// them into the response first: for a 700 KB history tile sent uncompressed, the copy and its
// allocation on every request cost about as much as the write. The provider holds the answer, so
// an answer dropped from the cache meanwhile stays alive until its last byte is sent.
void send(httplib::Response& res, const std::shared_ptr<const CachedAnswer>& a, const std::string& body) {
  constexpr std::size_t kCopyBelow = std::size_t{16} << 10U;
  if (body.size() < kCopyBelow) {
    res.set_content(body, a->content_type.c_str());
    return;
  }
  res.set_content_provider(body.size(), a->content_type,
                           [a, data = body.data()](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             return sink.write(data + offset, length);
                           });
}

void answer(const Store& store, const SiteCache& site, ResponseCache& cache, const std::filesystem::path& web_dir,
            const httplib::Request& req, httplib::Response& res) {
  // Bodies are compressed here, once per answer kept in memory. cpp-httplib would compress text
  // and JSON again on every request (brotli at its slowest level: seconds for the app's script),
  // and it decides from the request's Accept-Encoding after this handler returns: the header is
  // read here and then taken out. The request object is not const where cpp-httplib made it.
  const std::string accept = req.get_header_value("Accept-Encoding");
  const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");  // NOLINT(cppcoreguidelines-pro-type-const-cast)
  ApiRequest r;
  r.method = req.method;
  r.path = req.path;
  std::string key = req.path;
  for (const auto& [k, v] : req.params) {
    r.query.emplace_back(k, v);
    key.append(1, '\0').append(k).append(1, '=').append(v);
  }
  const bool cacheable = req.method == "GET" || req.method == "HEAD";
  std::shared_ptr<const CachedAnswer> a = cacheable ? cache.find(key) : nullptr;
  if (a == nullptr) {
    std::optional<ApiResponse> file;
    if (!is_api_path(req.path) && cacheable) file = static_file(web_dir, req.path);
    ApiResponse computed = file ? std::move(*file) : handle(store, &site, r);
    auto made = std::make_shared<CachedAnswer>();
    made->status = computed.status;
    made->content_type = std::move(computed.content_type);
    made->body = std::move(computed.body);
    made->immutable = computed.immutable;
    // Bodies depend only on the store's content: a strong validator.
    if (made->status == 200) made->etag = etag_of(made->body);
    if (made->status == 200 && made->body.size() >= 512 && compressible(made->content_type)) {
      if (auto gz = gzip(made->body)) made->gzipped = std::move(*gz);
      if (auto zst = zstd_compress(made->body)) made->zstd = std::move(*zst);
    }
    a = made;
    if (cacheable && a->status == 200 && !computed.provisional) cache.put(key, a);
  }
  const Coding coding = choose_coding(accepted_codings(accept), !a->gzipped.empty(), !a->zstd.empty());
  res.status = a->status;
  // Every representation of an answer that has compressed ones says that the coding was chosen by
  // Accept-Encoding, or a shared cache could hand one client's coding to another.
  if (!a->gzipped.empty() || !a->zstd.empty()) res.set_header("Vary", "Accept-Encoding");
  if (a->status == 200) {
    // Versions never change, but a time may name a newer version once one is imported, so caches
    // revalidate after a minute.
    const std::string etag = etag_in(a->etag, coding);
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", a->immutable ? "public, max-age=31536000, immutable" : "public, max-age=60");
    if (none_match_hits(req.get_header_value("If-None-Match"), etag)) {
      res.status = 304;
      return;
    }
  } else {
    res.set_header("Cache-Control", "no-store");
    if (a->status == 503) res.set_header("Retry-After", "5");
  }
  if (coding != Coding::identity) {
    res.set_header("Content-Encoding", coding == Coding::zstd ? "zstd" : "gzip");
    send(res, a, coding == Coding::zstd ? a->zstd : a->gzipped);
    return;
  }
  send(res, a, a->body);
}

}  // namespace

Result<void> serve(const Store& store, const ServeOptions& options) {
  // SIGTERM and SIGINT go to one thread that stops the server; the workers never see them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server svr;
  const unsigned threads = std::clamp(options.threads, 1U, 512U);
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.set_payload_max_length(4096);  // the API takes no bodies
  svr.set_read_timeout(5, 0);
  svr.set_write_timeout(30, 0);
  svr.set_keep_alive_max_count(100);
  svr.set_keep_alive_timeout(5);
  // Headers and body go out in separate writes: with Nagle's algorithm the body would wait for the
  // client's delayed ACK, 40 ms on Linux, on every answer of a kept-alive connection.
  svr.set_tcp_nodelay(true);
  SiteCache site;
  site.start(store, options.tiles);
  ResponseCache cache(store.path(), options.cache_bytes);
  std::filesystem::path web_dir;
  std::error_code ec;
  if (!options.web_dir.empty() && std::filesystem::exists(options.web_dir / "index.html", ec)) {
    web_dir = options.web_dir;
    spdlog::info("the web map: {}", web_dir.string());
  } else if (!options.web_dir.empty()) {
    spdlog::warn("no web app at {} (build it: cd web && npm ci && npm run build); serving the API alone",
                 options.web_dir.string());
  }
  auto handler = [&store, &site, &cache, &web_dir](const httplib::Request& req, httplib::Response& res) {
    answer(store, site, cache, web_dir, req, res);
  };
  svr.Get(".*", handler);
  svr.Post(".*", handler);
  svr.Put(".*", handler);
  svr.Delete(".*", handler);
  svr.Patch(".*", handler);
  svr.Options(".*", handler);
  // What cpp-httplib refuses itself (a malformed request line, a body too large) gets a JSON body too.
  svr.set_error_handler([](const httplib::Request& /*req*/, httplib::Response& res) {
    if (!res.body.empty()) return;
    const ErrorCode code = res.status >= 500 ? ErrorCode::internal : ErrorCode::bad_request;
    res.set_content(
        error_body(code, fmt::format("HTTP {}: the request was refused (malformed, or too large)", res.status)),
        "application/json");
  });
  svr.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    std::string target = req.path;
    char sep = '?';
    for (const auto& [k, v] : req.params) {
      target.push_back(sep);
      target.append(k).append("=").append(v);
      sep = '&';
    }
    // Bytes a terminal would act on, or that are not ASCII, as %XX: a log line is one line of text.
    std::string safe;
    for (unsigned char c : target) {
      if (c < 0x20 || c >= 0x7f || c == '%') {
        safe += fmt::format("%{:02X}", c);
      } else {
        safe += static_cast<char>(c);
      }
    }
    // A body sent from the cache (send()) is not in res.body: its length is.
    const std::size_t bytes = res.body.empty() ? res.content_length_ : res.body.size();
    spdlog::info("{} {} {} {} {}", req.remote_addr, req.method, safe, res.status, bytes);
  });

  // cpp-httplib listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, fixed when Debian built the
  // library). Under a crowd the kernel then drops new connections beyond the fifth waiting one, and
  // each dropped client waits for its SYN to be retried: 200 to 400 ms tails under wrk, counted in
  // TcpExtListenOverflows. A second listen() on the bound socket sets a deeper queue (the kernel
  // caps it at net.core.somaxconn).
  constexpr int kListenBacklog = 4096;
  int listening = -1;
  svr.set_socket_options([&listening](socket_t sock) {
    httplib::default_socket_options(sock);
    listening = sock;
  });
  int port = options.port;
  if (port == 0) {
    port = svr.bind_to_any_port(options.bind);
  } else if (!svr.bind_to_port(options.bind, port)) {
    port = -1;
  }
  if (port > 0 && listening >= 0 && ::listen(listening, kListenBacklog) != 0) {
    spdlog::warn("the listen queue stays at cpp-httplib's 5 connections: {}", std::strerror(errno));
  }
  if (port <= 0) {
    return make_error(ErrorCode::io, fmt::format("cannot listen on {}:{} (in use, or not an address of this "
                                                 "machine)",
                                                 options.bind, options.port));
  }
  std::printf("listening on http://%s:%d\n", options.bind.c_str(), port);
  std::fflush(stdout);

  std::atomic<bool> done{false};
  std::thread stopper([&] {
    const timespec tick{0, 200'000'000};
    while (!done.load()) {
      if (sigtimedwait(&stop_signals, nullptr, &tick) > 0) {
        spdlog::info("stopping: finishing the requests under way");
        svr.stop();
        return;
      }
    }
  });
  const bool ok = svr.listen_after_bind();
  done.store(true);
  stopper.join();
  site.stop();
  if (!ok) return make_error(ErrorCode::io, "the server stopped on an error");
  return {};
}

}  // namespace frontline::server
