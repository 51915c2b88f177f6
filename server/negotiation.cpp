#include "server/negotiation.hpp"

#include <cctype>
#include <optional>

namespace frontline::server {

namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool equals_ascii_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// A qvalue (RFC 9110 §12.4.2): "0" ["." up to 3 digits] or "1" ["." up to 3 zeros], in thousandths.
std::optional<int> parse_qvalue(std::string_view v) {
  if (v.empty() || (v[0] != '0' && v[0] != '1')) return std::nullopt;
  int thousandths = (v[0] - '0') * 1000;
  if (v.size() == 1) return thousandths;
  if (v[1] != '.' || v.size() > 5) return std::nullopt;
  int scale = 100;
  for (std::size_t i = 2; i < v.size(); ++i, scale /= 10) {
    if (v[i] < '0' || v[i] > '9') return std::nullopt;
    thousandths += (v[i] - '0') * scale;
  }
  return thousandths <= 1000 ? std::optional<int>(thousandths) : std::nullopt;
}

}  // namespace

AcceptedCodings accepted_codings(std::string_view header) noexcept {
  // The weight each coding was given; -1 = not named.
  int gzip = -1;
  int zstd = -1;
  int any = -1;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view element = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    const std::size_t semi = element.find(';');
    const std::string_view coding = trimmed(element.substr(0, semi));
    int q = 1000;
    bool valid = !coding.empty();
    for (std::string_view params = semi == std::string_view::npos ? std::string_view{} : element.substr(semi + 1);
         valid && !params.empty();) {
      const std::size_t next = params.find(';');
      const std::string_view param = trimmed(params.substr(0, next));
      params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
      if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        const auto parsed = parse_qvalue(trimmed(param.substr(2)));
        if (parsed) {
          q = *parsed;
        } else {
          valid = false;
        }
      }
    }
    if (!valid) continue;
    if (equals_ascii_ci(coding, "gzip") || equals_ascii_ci(coding, "x-gzip")) {
      gzip = q;
    } else if (equals_ascii_ci(coding, "zstd")) {
      zstd = q;
    } else if (coding == "*") {
      any = q;
    }
  }
  AcceptedCodings out;
  out.gzip = (gzip >= 0 ? gzip : any) > 0;
  out.zstd = (zstd >= 0 ? zstd : any) > 0;
  return out;
}

Coding choose_coding(const AcceptedCodings& accepted, bool have_gzip, bool have_zstd) noexcept {
  if (accepted.zstd && have_zstd) return Coding::zstd;
  if (accepted.gzip && have_gzip) return Coding::gzip;
  return Coding::identity;
}

bool none_match_hits(std::string_view if_none_match, std::string_view etag) noexcept {
  const std::string_view header = trimmed(if_none_match);
  if (header == "*") return true;
  std::string_view rest = header;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    std::string_view tag = trimmed(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (!tag.empty() && tag == etag) return true;
  }
  return false;
}

}  // namespace frontline::server
