// The report of `export-site` (frontline/site.hpp).
#include <fmt/format.h>

#include "format/json_doc.hpp"
#include "frontline/format.hpp"
#include "frontline/site.hpp"

namespace frontline::format {

std::string site_report_json(const SiteReport& r) {
  json j;
  j["out"] = r.out;
  j["files"] = r.files;
  j["data_bytes"] = r.data_bytes;
  j["maps"] = json::array();
  for (const auto& m : r.maps) {
    j["maps"].push_back({{"map", m.map},
                         {"history_tiles", m.history_tiles},
                         {"history_pieces", m.features},
                         {"history_bytes", m.history_bytes},
                         {"latest_bytes", m.latest_bytes},
                         {"per_version_tiles_estimate_bytes", m.per_version_estimate_bytes},
                         {"seconds", round_to(m.seconds, 2)}});
  }
  return doc(j);
}

std::string site_report_text(const SiteReport& r) {
  auto mb = [](std::int64_t bytes) { return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6); };
  std::string out = fmt::format("wrote {} files ({} besides the app) to {}\n", r.files, mb(r.data_bytes), r.out);
  for (const auto& m : r.maps) {
    out += fmt::format(
        "  {}: history tiles: {} tiles, {} pieces, {} (tiles of every version at the same zooms: about {}); "
        "latest version {}; {:.1f} s\n",
        m.map, m.history_tiles, m.features, mb(m.history_bytes), mb(m.per_version_estimate_bytes), mb(m.latest_bytes),
        m.seconds);
  }
  out += fmt::format(
      "serve {} with any static file server; one that answers HTTP range requests (nginx, caddy, object storage) "
      "lets the map read only the tiles it shows\n",
      r.out);
  return out;
}

}  // namespace frontline::format
