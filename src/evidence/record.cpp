// The evidence vocabulary, confidence and source URLs (docs/evidence.md).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "base/text.hpp"
#include "frontline/evidence.hpp"

namespace frontline {

const char* to_string(Side s) noexcept {
  switch (s) {
    case Side::russian:
      return "russian";
    case Side::ukrainian:
      return "ukrainian";
    case Side::unknown:
      return "unknown";
  }
  return "?";
}

std::optional<Side> side_from_string(std::string_view s) noexcept {
  if (s == "russian" || s == "ru" || s == "rus" || s == "russia") return Side::russian;
  if (s == "ukrainian" || s == "ua" || s == "ukr" || s == "ukraine") return Side::ukrainian;
  if (s == "unknown" || s.empty()) return Side::unknown;
  return std::nullopt;
}

const char* to_string(EvidenceKind k) noexcept {
  switch (k) {
    case EvidenceKind::combat_footage:
      return "combat_footage";
    case EvidenceKind::strike:
      return "strike";
    case EvidenceKind::position:
      return "position";
    case EvidenceKind::loss:
      return "loss";
    case EvidenceKind::tip:
      return "tip";
    case EvidenceKind::official_statement:
      return "official_statement";
    case EvidenceKind::event:
      return "event";
  }
  return "?";
}

std::optional<EvidenceKind> evidence_kind_from_string(std::string_view s) noexcept {
  for (auto k : {EvidenceKind::combat_footage, EvidenceKind::strike, EvidenceKind::position, EvidenceKind::loss,
                 EvidenceKind::tip, EvidenceKind::official_statement, EvidenceKind::event}) {
    if (s == to_string(k)) return k;
  }
  return std::nullopt;
}

const char* to_string(TimePrecision p) noexcept {
  switch (p) {
    case TimePrecision::exact:
      return "exact";
    case TimePrecision::day:
      return "day";
    case TimePrecision::week:
      return "week";
  }
  return "?";
}

std::optional<TimePrecision> time_precision_from_string(std::string_view s) noexcept {
  for (auto p : {TimePrecision::exact, TimePrecision::day, TimePrecision::week}) {
    if (s == to_string(p)) return p;
  }
  return std::nullopt;
}

namespace {

// The site of a URL: its host without "www.", "mobile.", "m." and with twitter.com as x.com.
std::string site_of(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return ascii_lower(url);
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  std::string host = ascii_lower(rest);
  for (std::string_view prefix : {"www.", "mobile.", "m."}) {
    if (host.starts_with(prefix)) host.erase(0, prefix.size());
  }
  if (host == "twitter.com" || host == "fxtwitter.com" || host == "vxtwitter.com") host = "x.com";
  if (host == "t.me" || host == "telegram.me") host = "t.me";
  return host;
}

}  // namespace

std::string normalize_source_url(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  std::string_view rest = url.substr(scheme + 3);
  const auto path_at = rest.find_first_of("/?#");
  std::string path(path_at == std::string_view::npos ? std::string_view{} : rest.substr(path_at));
  // Drop the fragment and the queries that only track who shared it.
  if (auto h = path.find('#'); h != std::string::npos) path.erase(h);
  if (auto q = path.find('?'); q != std::string::npos) {
    const std::string query = path.substr(q + 1);
    path.erase(q);
    std::string kept;
    std::size_t a = 0;
    while (a <= query.size()) {
      auto b = query.find('&', a);
      if (b == std::string::npos) b = query.size();
      const std::string part = query.substr(a, b - a);
      const std::string key = ascii_lower(part.substr(0, part.find('=')));
      if (!part.empty() && key != "s" && key != "t" && key != "ref_src" && key != "ref" && key != "si" &&
          key != "single" && !key.starts_with("utm_")) {
        kept += (kept.empty() ? "?" : "&") + part;
      }
      a = b + 1;
    }
    path += kept;
  }
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (path == "/") path.clear();
  return "https://" + site_of(url) + path;
}

std::size_t independent_sources(const EvidenceRecord& r) {
  std::set<std::string> sites;
  for (const auto& s : r.sources) sites.insert(site_of(s));
  if (!r.geolocation.empty()) sites.insert(site_of(r.geolocation));
  return sites.size();
}

double evidence_confidence(const EvidenceRecord& r) {
  const double place = r.precision_m <= 100 ? 1.0 : r.precision_m <= 1000 ? 0.8 : r.precision_m <= 5000 ? 0.5 : 0.25;
  const double time = r.time_precision == TimePrecision::exact ? 1.0
                      : r.time_precision == TimePrecision::day ? 0.9
                                                               : 0.6;
  const std::size_t n = independent_sources(r);
  const double sources = n == 0 ? 0.2 : n == 1 ? 0.6 : n == 2 ? 0.85 : 1.0;
  // Three decimals: the figure is stored, printed and compared as it is shown.
  return std::round(place * time * sources * 1000) / 1000;
}

}  // namespace frontline
