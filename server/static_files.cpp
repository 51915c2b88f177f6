#include "server/static_files.hpp"

#include <fstream>
#include <iterator>

namespace frontline::server {

namespace {
constexpr std::uintmax_t kMaxFileBytes = 64U << 20U;

std::string media_type(const std::filesystem::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".geojson") return "application/geo+json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".pmtiles") return "application/vnd.pmtiles";
  return "application/octet-stream";
}
}  // namespace

bool is_api_path(std::string_view path) {
  return path.starts_with("/api/") || path == "/api" || path.starts_with("/tiles/") || path.starts_with("/base/") ||
         path == "/site.json";
}

std::optional<ApiResponse> static_file(const std::filesystem::path& dir, std::string_view path) {
  if (dir.empty() || !path.starts_with('/')) return std::nullopt;
  std::filesystem::path rel;
  std::size_t i = 1;
  while (i <= path.size()) {
    const std::size_t j = std::min(path.find('/', i), path.size());
    const std::string_view seg = path.substr(i, j - i);
    if (!seg.empty()) {
      if (seg.front() == '.' || seg.find('\0') != std::string_view::npos) return std::nullopt;
      rel /= std::string(seg);
    }
    i = j + 1;
  }
  if (rel.empty()) rel = "index.html";
  const std::filesystem::path file = dir / rel;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec || size > kMaxFileBytes) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return std::nullopt;
  ApiResponse r;
  r.status = 200;
  r.content_type = media_type(file);
  r.body = std::move(bytes);
  r.immutable = path.starts_with("/assets/");
  return r;
}

}  // namespace frontline::server
