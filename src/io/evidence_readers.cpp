#include "io/evidence_readers.hpp"

#include <fmt/format.h>
#include <xxhash.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include "base/text.hpp"
#include "io/bundled.hpp"
#include "io/csv.hpp"
#include "io/kml_reader.hpp"

namespace frontline::io {

namespace {

constexpr std::uint64_t kMaxEvidenceFileBytes = std::uint64_t{512} << 20;

Error bad(std::string_view where, std::string_view what) {
  return make_error(ErrorCode::bad_input, fmt::format("{}: {}", where, what));
}

std::string hash_key(std::string_view dataset, std::string_view content) {
  return fmt::format("{}:{:016x}", dataset, XXH3_64bits(content.data(), content.size()));
}

// Every http(s) URL in a text, in order, without duplicates (a description that ends with its
// links, a field of several links separated by spaces, commas or '|').
std::vector<std::string> urls_in(std::string_view text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t a = text.find("http", pos);
    if (a == std::string_view::npos) break;
    const std::string_view rest = text.substr(a);
    if (!(rest.starts_with("http://") || rest.starts_with("https://"))) {
      pos = a + 4;
      continue;
    }
    std::size_t b = a;
    while (b < text.size() && !std::isspace(static_cast<unsigned char>(text[b])) && text[b] != '|' && text[b] != '"' &&
           text[b] != '<' && text[b] != '>' && text[b] != ',')
      ++b;
    std::string url(text.substr(a, b - a));
    while (!url.empty() && (url.back() == '.' || url.back() == ')' || url.back() == ';')) url.pop_back();
    if (std::find(out.begin(), out.end(), url) == out.end()) out.push_back(std::move(url));
    pos = b;
  }
  return out;
}

Result<double> number(std::string_view text, std::string_view where, std::string_view column) {
  const std::string t = trim(text);
  double v = 0;
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || ptr != t.data() + t.size() || !std::isfinite(v)) {
    return bad(where, fmt::format("{} '{}' is not a number", column, t));
  }
  return v;
}

Result<FixedCoordinate> place(double lon, double lat, std::string_view where) {
  auto fixed = to_fixed(Longitude{lon}, Latitude{lat});
  if (!fixed) {
    return bad(where, fmt::format("the point (longitude {}, latitude {}) is out of range: longitude -180..180, "
                                  "latitude -90..90",
                                  lon, lat));
  }
  return *fixed;
}

Result<Side> side_of(std::string_view text, std::string_view where) {
  auto s = side_from_string(ascii_lower(trim(text)));
  if (!s) {
    return bad(where, fmt::format("side '{}' is not one of russian (ru), ukrainian (ua) or unknown", trim(text)));
  }
  return *s;
}

// ---- frontline's CSV schema and the CSV exports ----

struct Columns {
  const CsvHeader& header;
  const std::vector<std::string>& row;
  std::string_view get(std::string_view name) const {
    auto i = header.find(name);
    if (!i || *i >= row.size()) return {};
    return row[*i];
  }
};

// The record's time and point from the text of its fields (columns named in messages as given),
// with the precision the dataset's places have.
Result<void> time_and_point(EvidenceRow& out, std::string_view date, std::string_view lon_text,
                            std::string_view lat_text, std::string_view lon_name, std::string_view lat_name,
                            double precision_m) {
  EvidenceRecord& r = out.record;
  FRONTLINE_TRY(t, parse_observed_time(trim(date), out.where));
  r.observed_at = t.at;
  r.time_precision = t.precision;
  FRONTLINE_TRY(lon, number(lon_text, out.where, lon_name));
  FRONTLINE_TRY(lat, number(lat_text, out.where, lat_name));
  out.lon = lon;
  out.lat = lat;
  FRONTLINE_TRY(pt, place(lon, lat, out.where));
  r.point = pt;
  r.precision_m = precision_m;
  return {};
}

Result<void> read_frontline_row(const Columns& c, EvidenceRow& out) {
  EvidenceRecord& r = out.record;
  r.dataset = "csv";
  const std::string id = trim(c.get("id"));
  if (trim(c.get("lon")).empty() || trim(c.get("lat")).empty()) {
    return bad(out.where, "lon and lat are required (decimal degrees, WGS84)");
  }
  FRONTLINE_CHECK(time_and_point(out, c.get("observed_at"), c.get("lon"), c.get("lat"), "lon", "lat", 100));
  if (const std::string p = trim(c.get("time_precision")); !p.empty()) {
    auto tp = time_precision_from_string(ascii_lower(p));
    if (!tp) return bad(out.where, fmt::format("time_precision '{}' is not exact, day or week", p));
    r.time_precision = *tp;
  }
  if (const std::string p = trim(c.get("precision_m")); !p.empty()) {
    FRONTLINE_TRY(m, number(p, out.where, "precision_m"));
    if (m < 0 || m > 1e6) return bad(out.where, fmt::format("precision_m {} is outside 0..1,000,000", m));
    r.precision_m = m;
  }
  FRONTLINE_TRY(side, side_of(c.get("side"), out.where));
  r.side = side;
  if (const std::string k = trim(c.get("kind")); !k.empty()) {
    auto kind = evidence_kind_from_string(ascii_lower(k));
    if (!kind) {
      return bad(out.where, fmt::format("kind '{}' is not one of combat_footage, strike, position, loss, tip, "
                                        "official_statement, event",
                                        k));
    }
    r.kind = *kind;
  }
  r.sources = urls_in(c.get("sources"));
  r.geolocation = trim(c.get("geolocation"));
  r.unit = trim(c.get("unit"));
  r.text = trim(c.get("text"));
  r.key = id.empty() ? hash_key("csv", fmt::format("{}|{}|{}|{}|{}", c.get("observed_at"), out.lon, out.lat,
                                                   c.get("side"), fmt::join(r.sources, " ")))
                     : "csv:" + id;
  return {};
}

// UAControlMap (owlmaps/map-data as flattened): date, side (ru/ua), lat, lon, description, source_urls.
Result<void> read_owl_row(const Columns& c, EvidenceRow& out) {
  EvidenceRecord& r = out.record;
  r.dataset = "owlmaps";
  FRONTLINE_CHECK(time_and_point(out, c.get("date"), c.get("lon"), c.get("lat"), "lon", "lat", 100));
  FRONTLINE_TRY(side, side_of(c.get("side"), out.where));
  r.side = side;
  r.kind = EvidenceKind::combat_footage;
  r.sources = urls_in(c.get("source_urls"));
  for (auto& u : urls_in(c.get("description"))) {
    if (std::find(r.sources.begin(), r.sources.end(), u) == r.sources.end()) r.sources.push_back(u);
  }
  r.text = trim(c.get("description"));
  r.key = hash_key("owlmaps", fmt::format("{}|{}|{}|{}|{}", trim(c.get("date")), out.lon, out.lat,
                                          ascii_lower(trim(c.get("side"))), r.text));
  return {};
}

// WarSpotting (losses.csv): id, type, model, status, lost_by, date, nearest_location, unit,
// oryx_url (the photo), Latitude, Longitude. A loss shows where the side that lost it was.
Result<bool> read_warspotting_row(const Columns& c, EvidenceRow& out) {
  EvidenceRecord& r = out.record;
  r.dataset = "warspotting";
  if (trim(c.get("latitude")).empty() || trim(c.get("longitude")).empty()) return false;
  FRONTLINE_CHECK(
      time_and_point(out, c.get("date"), c.get("longitude"), c.get("latitude"), "Longitude", "Latitude", 100));
  const std::string lost_by = ascii_lower(trim(c.get("lost_by")));
  r.side = lost_by == "russia" ? Side::russian : lost_by == "ukraine" ? Side::ukrainian : Side::unknown;
  r.kind = EvidenceKind::loss;
  r.sources = urls_in(c.get("oryx_url"));
  r.unit = trim(c.get("unit"));
  r.text = fmt::format("{} {} ({}), {}", trim(c.get("type")), trim(c.get("model")), trim(c.get("status")),
                       trim(c.get("nearest_location")));
  r.key = "warspotting:" + trim(c.get("id"));
  return true;
}

// CIR Eyes on Russia (events.csv): entry, date, title, lat, lon, link (the original), geolocation.
Result<bool> read_cir_row(const Columns& c, EvidenceRow& out) {
  EvidenceRecord& r = out.record;
  r.dataset = "cir";
  if (trim(c.get("lat")).empty() || trim(c.get("lon")).empty()) return false;
  FRONTLINE_CHECK(time_and_point(out, c.get("date"), c.get("lon"), c.get("lat"), "lon", "lat", 1000));
  r.side = Side::unknown;
  r.kind = EvidenceKind::event;
  r.sources = urls_in(c.get("link"));
  const auto geo = urls_in(c.get("geolocation"));
  if (!geo.empty()) r.geolocation = geo.front();
  r.text = trim(c.get("title"));
  r.key = "cir:" + trim(c.get("entry"));
  return true;
}

Result<EvidenceFile> parse_csv(std::string_view text, const std::string& name) {
  CsvReader reader(text, name);
  FRONTLINE_TRY(first, reader.next());
  if (!first) return bad(name, "the file is empty: it holds no header row");
  const CsvHeader header(std::move(*first));
  EvidenceFile out;
  enum class Kind { frontline, owl, warspotting, cir } kind{};
  if (header.has("observed_at")) {
    kind = Kind::frontline;
    out.dataset = "csv";
  } else if (header.has("source_urls") && header.has("side") && header.has("date")) {
    kind = Kind::owl;
    out.dataset = "owlmaps";
  } else if (header.has("oryx_url") && header.has("lost_by")) {
    kind = Kind::warspotting;
    out.dataset = "warspotting";
  } else if (header.has("entry") && header.has("geolocation") && header.has("link")) {
    kind = Kind::cir;
    out.dataset = "cir";
  } else {
    return bad(fmt::format("{}:1", name),
               "the header names no evidence format frontline reads: give observed_at, lon, lat, side, sources "
               "(docs/evidence.md), or a UAControlMap, WarSpotting or CIR export");
  }
  for (;;) {
    FRONTLINE_TRY(row, reader.next());
    if (!row) break;
    EvidenceRow r;
    r.where = fmt::format("{}:{}", name, reader.line());
    const Columns c{header, *row};
    switch (kind) {
      case Kind::frontline:
        FRONTLINE_CHECK(read_frontline_row(c, r));
        break;
      case Kind::owl:
        FRONTLINE_CHECK(read_owl_row(c, r));
        break;
      case Kind::warspotting: {
        FRONTLINE_TRY(has, read_warspotting_row(c, r));
        if (!has) {
          ++out.without_place;
          continue;
        }
        break;
      }
      case Kind::cir: {
        FRONTLINE_TRY(has, read_cir_row(c, r));
        if (!has) {
          ++out.without_place;
          continue;
        }
        break;
      }
    }
    out.rows.push_back(std::move(r));
  }
  return out;
}

// ---- JSON: GeoJSON (frontline's schema, UAControlMap's) and Bellingcat's events ----

std::string json_text(const nlohmann::json& j, std::string_view key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return {};
}

std::vector<std::string> json_urls(const nlohmann::json& j, std::string_view key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  std::vector<std::string> out;
  if (it->is_string()) return urls_in(it->get<std::string>());
  if (it->is_array()) {
    for (const auto& v : *it) {
      if (!v.is_string()) continue;
      for (auto& u : urls_in(v.get<std::string>())) {
        if (std::find(out.begin(), out.end(), u) == out.end()) out.push_back(std::move(u));
      }
    }
  }
  return out;
}

// A point, or a polygon taken as its vertices' centre with the farthest vertex as precision.
Result<void> feature_place(const nlohmann::json& geometry, EvidenceRow& out) {
  if (!geometry.is_object()) return bad(out.where, "the feature has no geometry: give a Point or a Polygon");
  const std::string type = json_text(geometry, "type");
  const auto coords = geometry.find("coordinates");
  if (coords == geometry.end() || !coords->is_array()) return bad(out.where, "the geometry has no coordinates");
  auto position = [&](const nlohmann::json& p, double& lon, double& lat) -> Result<void> {
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number()) {
      return bad(out.where, "a position is not [longitude, latitude]");
    }
    lon = p[0].get<double>();
    lat = p[1].get<double>();
    return {};
  };
  if (type == "Point") {
    FRONTLINE_CHECK(position(*coords, out.lon, out.lat));
    FRONTLINE_TRY(pt, place(out.lon, out.lat, out.where));
    out.record.point = pt;
    return {};
  }
  if (type == "Polygon") {
    if (coords->empty() || !(*coords)[0].is_array() || (*coords)[0].empty()) {
      return bad(out.where, "the polygon has no outer ring");
    }
    const auto& ring = (*coords)[0];
    if (ring.size() > 100'000) return bad(out.where, "an evidence polygon of more than 100,000 positions");
    std::vector<std::pair<double, double>> pts;
    for (const auto& p : ring) {
      double lon = 0, lat = 0;
      FRONTLINE_CHECK(position(p, lon, lat));
      if (!to_fixed(Longitude{lon}, Latitude{lat})) FRONTLINE_CHECK(place(lon, lat, out.where));
      pts.emplace_back(lon, lat);
    }
    double min_lon = 180, max_lon = -180, min_lat = 90, max_lat = -90;
    for (auto [lon, lat] : pts) {
      min_lon = std::min(min_lon, lon);
      max_lon = std::max(max_lon, lon);
      min_lat = std::min(min_lat, lat);
      max_lat = std::max(max_lat, lat);
    }
    out.lon = (min_lon + max_lon) / 2;
    out.lat = (min_lat + max_lat) / 2;
    FRONTLINE_TRY(pt, place(out.lon, out.lat, out.where));
    out.record.point = pt;
    // Half the box's diagonal on the sphere (111.2 km per degree): every vertex lies within it.
    const double dx = (max_lon - min_lon) / 2 * std::cos(out.lat * 3.141592653589793 / 180);
    const double dy = (max_lat - min_lat) / 2;
    out.record.precision_m = std::max(out.record.precision_m, std::hypot(dx, dy) * 111'195);
    return {};
  }
  return bad(out.where, fmt::format("geometry type '{}': evidence is a Point or a Polygon", type));
}

Result<EvidenceFile> parse_geojson(const nlohmann::json& doc, const std::string& name) {
  const auto features = doc.find("features");
  if (features == doc.end() || !features->is_array()) return bad(name, "a FeatureCollection without a features array");
  EvidenceFile out;
  out.dataset = "geojson";
  std::size_t index = 0;
  for (const auto& f : *features) {
    ++index;
    EvidenceRow r;
    r.where = fmt::format("{}: feature {}", name, index);
    if (!f.is_object()) return bad(r.where, "a feature is not an object");
    static const nlohmann::json kEmpty = nlohmann::json::object();
    const auto pit = f.find("properties");
    const nlohmann::json& p = pit != f.end() && pit->is_object() ? *pit : kEmpty;
    EvidenceRecord& rec = r.record;
    const bool owl =
        !p.contains("observed_at") && p.contains("date") && p.contains("side") && p.contains("source_file");
    rec.dataset = owl ? "owlmaps" : "geojson";
    out.dataset = rec.dataset;
    rec.precision_m = 100;
    if (owl) {
      FRONTLINE_TRY(t, parse_observed_time(trim(json_text(p, "date")), r.where));
      rec.observed_at = t.at;
      rec.time_precision = t.precision;
    } else {
      FRONTLINE_TRY(t, parse_observed_time(trim(json_text(p, "observed_at")), r.where));
      rec.observed_at = t.at;
      rec.time_precision = t.precision;
      if (const std::string tp = trim(json_text(p, "time_precision")); !tp.empty()) {
        auto v = time_precision_from_string(ascii_lower(tp));
        if (!v) return bad(r.where, fmt::format("time_precision '{}' is not exact, day or week", tp));
        rec.time_precision = *v;
      }
      if (auto it = p.find("precision_m"); it != p.end() && it->is_number()) {
        const double m = it->get<double>();
        if (!(m >= 0 && m <= 1e6)) return bad(r.where, "precision_m is outside 0..1,000,000");
        rec.precision_m = m;
      }
    }
    const auto g = f.find("geometry");
    FRONTLINE_CHECK(feature_place(g != f.end() ? *g : nlohmann::json(), r));
    FRONTLINE_TRY(side, side_of(json_text(p, "side"), r.where));
    rec.side = side;
    if (const std::string k = trim(json_text(p, "kind")); !k.empty()) {
      auto kind = evidence_kind_from_string(ascii_lower(k));
      if (!kind) return bad(r.where, fmt::format("kind '{}' is not one frontline knows (docs/evidence.md)", k));
      rec.kind = *kind;
    }
    rec.sources = json_urls(p, "sources");
    rec.text = trim(json_text(p, owl ? "description" : "text"));
    if (owl) {
      for (auto& u : urls_in(rec.text)) {
        if (std::find(rec.sources.begin(), rec.sources.end(), u) == rec.sources.end()) rec.sources.push_back(u);
      }
      rec.key = hash_key("owlmaps", fmt::format("{}|{}|{}|{}|{}", trim(json_text(p, "date")), r.lon, r.lat,
                                                ascii_lower(trim(json_text(p, "side"))), rec.text));
    } else {
      rec.geolocation = trim(json_text(p, "geolocation"));
      rec.unit = trim(json_text(p, "unit"));
      const std::string id = trim(json_text(p, "id"));
      rec.key = id.empty() ? hash_key("geojson", f.dump()) : "geojson:" + id;
    }
    out.rows.push_back(std::move(r));
  }
  return out;
}

// Bellingcat's TimeMap export: events with id, date (MM/DD/YYYY), latitude, longitude, description
// and sources[] (ids resolved to URLs by export_sources.json: {id: {paths: [url, ...]}}).
Result<EvidenceFile> parse_bellingcat(const nlohmann::json& events, const std::string& name, std::string_view sibling) {
  nlohmann::json sources = nlohmann::json::object();
  if (!sibling.empty()) {
    sources = nlohmann::json::parse(sibling, nullptr, false);
    if (sources.is_discarded() || !sources.is_object()) {
      return bad(name, "export_sources.json beside it is not a JSON object of sources");
    }
  }
  EvidenceFile out;
  out.dataset = "bellingcat";
  std::size_t index = 0;
  for (const auto& e : events) {
    ++index;
    EvidenceRow r;
    r.where = fmt::format("{}: event {}", name, index);
    if (!e.is_object()) return bad(r.where, "an event is not an object");
    EvidenceRecord& rec = r.record;
    rec.dataset = "bellingcat";
    const std::string lat_text = trim(json_text(e, "latitude"));
    const std::string lon_text = trim(json_text(e, "longitude"));
    if (lat_text.empty() || lon_text.empty()) {
      ++out.without_place;
      continue;
    }
    FRONTLINE_CHECK(time_and_point(r, json_text(e, "date"), lon_text, lat_text, "longitude", "latitude", 1000));
    rec.side = Side::unknown;
    rec.kind = EvidenceKind::strike;
    if (auto it = e.find("sources"); it != e.end() && it->is_array()) {
      for (const auto& id : *it) {
        if (!id.is_string()) continue;
        auto s = sources.find(id.get<std::string>());
        if (s == sources.end() || !s->is_object()) continue;
        for (auto& u : json_urls(*s, "paths")) {
          if (std::find(rec.sources.begin(), rec.sources.end(), u) == rec.sources.end()) rec.sources.push_back(u);
        }
      }
    }
    rec.text = trim(json_text(e, "description"));
    if (const std::string loc = trim(json_text(e, "location")); !loc.empty()) rec.text = loc + ": " + rec.text;
    rec.key = "bellingcat:" + trim(json_text(e, "id"));
    out.rows.push_back(std::move(r));
  }
  return out;
}

}  // namespace

Result<ObservedTime> parse_observed_time(std::string_view text, std::string_view where) {
  if (text.empty()) return bad(where, "the record has no date (observed_at)");
  if (text.find_first_not_of("0123456789") == std::string_view::npos) {
    return bad(where, fmt::format("'{}' is not a date: a run of digits is a post or message id. Give the date the "
                                  "footage was observed, ISO 8601 (2025-11-12, or 2025-11-12T08:30Z)",
                                  text));
  }
  ObservedTime out;
  // 2025-W46: the week's Monday, week precision.
  if (text.size() == 8 && text[4] == '-' && (text[5] == 'W' || text[5] == 'w')) {
    int year = 0, week = 0;
    const auto y = std::from_chars(text.data(), text.data() + 4, year);
    const auto w = std::from_chars(text.data() + 6, text.data() + 8, week);
    if (y.ec == std::errc() && w.ec == std::errc() && week >= 1 && week <= 53) {
      auto jan4 = parse_time(fmt::format("{:04}-01-04", year));
      if (jan4) {
        const std::int64_t day = jan4->seconds / 86400;
        const std::int64_t monday = day - ((day + 3) % 7);  // 1970-01-01 was a Thursday
        out.at = Timestamp{(monday + std::int64_t{7} * (week - 1)) * 86400};
        out.precision = TimePrecision::week;
        return out;
      }
    }
    return bad(where, fmt::format("'{}' is not an ISO week (2025-W46)", text));
  }
  std::string iso(text);
  // MM/DD/YYYY (Bellingcat); DD.MM.YYYY is ambiguous with nothing, but not used by the sources here.
  if (text.size() == 10 && text[2] == '/' && text[5] == '/') {
    iso = fmt::format("{}-{}-{}", text.substr(6, 4), text.substr(0, 2), text.substr(3, 2));
  }
  auto t = parse_time(iso);
  if (!t) {
    return bad(where, fmt::format("'{}' is not a date: give ISO 8601 (2025-11-12, 2025-11-12T08:30Z) or an ISO week "
                                  "(2025-W46)",
                                  text));
  }
  out.at = *t;
  out.precision = iso.size() <= 10 ? TimePrecision::day : TimePrecision::exact;
  return out;
}

Result<EvidenceFile> parse_evidence(std::string_view text, const std::string& name, std::string_view sibling) {
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (i >= text.size()) return bad(name, "the file is empty");
  const char first = text[i];
  if (first == '<') return parse_kml(text, name);
  if (first == '{' || first == '[') {
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded()) {
      return bad(name, "the file is not valid JSON (run it through a JSON validator to find where)");
    }
    if (doc.is_array()) return parse_bellingcat(doc, name, sibling);
    if (doc.is_object() && json_text(doc, "type") == "FeatureCollection") return parse_geojson(doc, name);
    return bad(name, "JSON that is neither a GeoJSON FeatureCollection nor an array of Bellingcat events");
  }
  return parse_csv(text, name);
}

Result<EvidenceFile> read_evidence_file(const std::filesystem::path& path) {
  FRONTLINE_TRY(text, read_text_file(path, kMaxEvidenceFileBytes));
  std::string sibling;
  if (path.filename() == "export_events.json") {
    const auto sources = path.parent_path() / "export_sources.json";
    std::error_code ec;
    if (std::filesystem::exists(sources, ec)) {
      FRONTLINE_TRY(s, read_text_file(sources, kMaxEvidenceFileBytes));
      sibling = std::move(s);
    }
  }
  return parse_evidence(text, path.string(), sibling);
}

}  // namespace frontline::io
