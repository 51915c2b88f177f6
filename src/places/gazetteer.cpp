// Building the gazetteer from boundary and place files (docs/places.md).
#include <fmt/format.h>
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>
#include <unordered_map>

#include "frontline/name_key.hpp"
#include "frontline/places.hpp"
#include "frontline/translit.hpp"
#include "geo/budget.hpp"
#include "geo/geodesic.hpp"
#include "geo/geos.hpp"
#include "geo/locate.hpp"
#include "geo/repair.hpp"
#include "io/bundled.hpp"

namespace frontline {

namespace {

namespace fs = std::filesystem;
namespace dom = simdjson::dom;

constexpr std::uint64_t kMaxPlaceFile = std::uint64_t{256} << 20;

// Ukrainian names the place files give in a Russian form, corrected to the official name in
// Ukraine's codifier of administrative units (KATOTTG), by Wikidata id.
struct Correction {
  const char* wikidata;
  const char* name_uk;
};
constexpr Correction kCorrections[] = {
    {"Q1023513", "Курахове"},  // ua-settlements-csc.json: "Курахово"
};

// Latin letters typed for Cyrillic look-alikes inside Cyrillic words ("Бapaшівськa" in the
// hromada file): put back, so that the name transliterates and matches.
std::string fix_homoglyphs(std::string_view s) {
  const bool cyrillic = s.find('\xD0') != std::string_view::npos || s.find('\xD1') != std::string_view::npos;
  if (!cyrillic) return std::string(s);
  static constexpr std::pair<char, const char*> kMap[] = {{'a', "а"}, {'e', "е"}, {'o', "о"}, {'p', "р"}, {'c', "с"},
                                                          {'x', "х"}, {'i', "і"}, {'y', "у"}, {'A', "А"}, {'B', "В"},
                                                          {'E', "Е"}, {'K', "К"}, {'M', "М"}, {'H', "Н"}, {'O', "О"},
                                                          {'P', "Р"}, {'C', "С"}, {'T', "Т"}, {'X', "Х"}, {'I', "І"}};
  std::string out;
  for (char ch : s) {
    const auto* it = std::find_if(std::begin(kMap), std::end(kMap), [&](const auto& m) { return m.first == ch; });
    if (it != std::end(kMap)) {
      out += it->second;
    } else {
      out += ch;
    }
  }
  return out;
}

std::optional<std::int64_t> parse_population(std::string_view s) {
  std::int64_t v = 0;
  bool any = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      v = v * 10 + (c - '0');
      any = true;
      if (v > 100'000'000) return std::nullopt;
    } else if (c != ' ' && c != ',') {
      break;
    }
  }
  if (!any || v <= 0) return std::nullopt;
  return v;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t end = std::min(s.find(sep, start), s.size());
    std::string part(s.substr(start, end - start));
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (!part.empty()) out.push_back(std::move(part));
    start = end + 1;
  }
  return out;
}

void add_alias(Place& p, std::string_view name, std::string_view kind) {
  if (name.empty() || name == p.name || name == p.name_uk) return;
  for (const auto& a : p.aliases) {
    if (a.name == name) return;
  }
  p.aliases.push_back({std::string(name), std::string(kind)});
}

FixedCoordinate centre(const BBox& b) {
  return FixedCoordinate{static_cast<std::int32_t>((static_cast<std::int64_t>(b.min_lon) + b.max_lon) / 2),
                         static_cast<std::int32_t>((static_cast<std::int64_t>(b.min_lat) + b.max_lat) / 2)};
}

// A string field that may be absent or null: empty then.
std::string_view optional_text(simdjson::simdjson_result<dom::element> e) {
  std::string_view out;
  if (e.get_string().get(out) != simdjson::SUCCESS) return {};
  return out;
}

double distance_km(FixedCoordinate a, FixedCoordinate b) {
  const double lat = (a.lat + b.lat) * 0.5 * kGridDegrees * std::numbers::pi / 180;
  const double dx = (a.lon - b.lon) * kGridDegrees * 111.32 * std::cos(lat);
  const double dy = (a.lat - b.lat) * kGridDegrees * 110.57;
  return std::hypot(dx, dy);
}

// A disc as a 48-gon, on the local tangent plane (good to 0.1 % at these radii).
MultiPolygon disc(FixedCoordinate c, double radius_m) {
  Polygon p;
  const double lat = c.lat * kGridDegrees * std::numbers::pi / 180;
  const double dlon = radius_m / (111'320.0 * std::cos(lat)) * kGridPerDegree;
  const double dlat = radius_m / 110'574.0 * kGridPerDegree;
  constexpr int kSides = 48;
  for (int i = 0; i <= kSides; ++i) {
    const double a = 2 * std::numbers::pi * (i % kSides) / kSides;
    p.outer.push_back({static_cast<std::int32_t>(std::lround(c.lon + dlon * std::cos(a))),
                       static_cast<std::int32_t>(std::lround(c.lat + dlat * std::sin(a)))});
  }
  return {p};
}

struct Builder {
  std::vector<fs::path> dirs;
  GazetteerReport report;
  geo::GeosContext ctx;
  geo::WorkBudget budget;

  std::optional<fs::path> find(std::string_view name) const {
    for (const auto& d : dirs) {
      for (const std::string& candidate : {std::string(name), std::string(name) + ".gz"}) {
        std::error_code ec;
        if (fs::is_regular_file(d / candidate, ec)) return d / candidate;
      }
    }
    return std::nullopt;
  }

  Result<std::vector<io::GeoJsonFeature>> features(const fs::path& path) {
    FRONTLINE_TRY(bytes, io::read_file_bounded(path, kMaxPlaceFile));
    report.files.push_back(path.string());
    std::size_t dropped = 0;
    auto out = io::read_geojson_features(path.string(), bytes, &dropped);
    report.dropped_rings += static_cast<std::int64_t>(dropped);
    return out;
  }

  // Made valid as map polygons are (a boundary file is input like any other).
  Result<MultiPolygon> valid(const MultiPolygon& mp, std::string_view where) {
    MultiPolygon out;
    for (const auto& p : mp) {
      auto v = geo::make_valid_polygon(ctx, p, budget);
      if (!v) {
        Error e = std::move(v).error();
        e.message = fmt::format("{}: {}", where, e.message);
        return e;
      }
      for (auto& q : v->polygons) out.push_back(std::move(q));
    }
    return out;
  }

  // Rows of a tab-separated file with at least `columns` fields; '#' starts a comment line.
  Result<std::vector<std::vector<std::string>>> tsv(const fs::path& path, std::size_t columns) {
    FRONTLINE_TRY(text, io::read_file_bounded(path, kMaxPlaceFile));
    report.files.push_back(path.string());
    std::vector<std::vector<std::string>> rows;
    std::size_t line_no = 0;
    std::size_t at = 0;
    while (at < text.size()) {
      const std::size_t end = std::min(text.find('\n', at), text.size());
      const std::string line = text.substr(at, end - at);
      at = end + 1;
      ++line_no;  // every line counts, so that messages name the line an editor shows
      if (line.empty() || line.front() == '#') continue;
      std::vector<std::string> fields;
      std::size_t start = 0;
      for (;;) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
        if (tab == std::string::npos) break;
        start = tab + 1;
      }
      if (fields.size() < columns) {
        return make_error(ErrorCode::bad_input, fmt::format("{}: line {}: {} tab-separated fields, {} expected",
                                                            path.string(), line_no, fields.size(), columns));
      }
      rows.push_back(std::move(fields));
    }
    return rows;
  }

  Result<MultiPolygon> union_of(const std::vector<const MultiPolygon*>& parts) {
    std::vector<geo::GeomPtr> geoms;
    for (const auto* mp : parts) {
      FRONTLINE_TRY(g, geo::to_geos(ctx, *mp));
      geoms.push_back(std::move(g));
    }
    FRONTLINE_TRY(coll, geo::make_collection(ctx, std::move(geoms)));
    FRONTLINE_TRY(u, geo::union_all(ctx, coll.get()));
    return geo::from_geos(ctx, u.get());
  }
};

NewPlace unit(PlaceKind kind, std::string name, std::string name_uk, MultiPolygon geometry, std::string source) {
  NewPlace np;
  np.place.kind = kind;
  np.place.name = std::move(name);
  np.place.name_uk = std::move(name_uk);
  np.place.extent = ExtentKind::admin_boundary;
  np.place.source = std::move(source);
  np.place.bbox = bbox_of(geometry);
  np.place.point = centre(np.place.bbox);
  np.place.area_m2 = geo::area_m2(geometry);
  np.geometry = std::move(geometry);
  return np;
}

// A settlement while the sources are merged.
struct Settlement {
  NewPlace np;
  std::string wikidata;
  bool has_point = false;  // from a point source (more central than a boundary's box)
};

}  // namespace

double settlement_radius_m(std::optional<std::int64_t> population) {
  if (!population) return 1000.0;
  const double km2 = static_cast<double>(*population) / 2000.0;
  return std::clamp(std::sqrt(km2 / std::numbers::pi) * 1000.0, 500.0, 8000.0);
}

Result<GazetteerReport> import_gazetteer(Store& store, std::span<const std::filesystem::path> dirs) {
  Builder b;
  b.dirs.assign(dirs.begin(), dirs.end());
  std::vector<NewPlace> oblasts, raions, hromadas;

  // Oblasts.
  std::vector<io::GeoJsonFeature> oblast_features;
  if (auto path = b.find("ukraine-oblasts.geojson")) {
    FRONTLINE_TRY(f, b.features(*path));
    oblast_features = std::move(f);
  } else {
    FRONTLINE_TRY(f, io::ukraine_oblasts());
    oblast_features = std::move(f);
    b.report.files.emplace_back("data/ukraine-oblasts.geojson.gz (built in)");
  }
  for (std::size_t i = 0; i < oblast_features.size(); ++i) {
    auto& f = oblast_features[i];
    const std::string uk = f.properties["ADMIN_1"];
    if (uk.empty() || f.polygons.empty()) continue;
    FRONTLINE_TRY(geom, b.valid(f.polygons, fmt::format("oblast feature {}", i + 1)));
    NewPlace np =
        unit(PlaceKind::oblast, oblast_name_en(uk), uk, std::move(geom), "Minregion (ukraine-oblasts.geojson)");
    np.place.oblast = np.place.name;
    add_alias(np.place, transliterate_kmu2010(uk), "uk");
    if (np.place.name.ends_with(" oblast")) {
      const std::string stem = np.place.name.substr(0, np.place.name.size() - 7);
      add_alias(np.place, stem + " region", "en");
      add_alias(np.place, stem + " Oblast", "en");
    }
    oblasts.push_back(std::move(np));
  }

  // Hromadas, and raions as their unions.
  if (auto path = b.find("ukraine-hromadas.geojson")) {
    FRONTLINE_TRY(features, b.features(*path));
    std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> by_raion;
    for (std::size_t i = 0; i < features.size(); ++i) {
      auto& f = features[i];
      if (f.polygons.empty()) {
        ++b.report.hromadas_without_geometry;
        continue;
      }
      const std::string name = fix_homoglyphs(f.properties["name"]);
      const std::string obl = f.properties["ADMIN_1"];
      const std::string raion = fix_homoglyphs(f.properties["ADMIN_2"]);
      FRONTLINE_TRY(geom, b.valid(f.polygons, fmt::format("{}: feature {}", path->string(), i + 1)));
      NewPlace np = unit(PlaceKind::hromada, transliterate_kmu2010(name) + " hromada", name + " громада",
                         std::move(geom), "vadymnes/gis_files (ukraine-hromadas.geojson)");
      np.place.oblast = oblast_name_en(obl);
      np.place.raion = transliterate_kmu2010(raion);
      add_alias(np.place, transliterate_kmu2010(name), "uk");
      add_alias(np.place, name, "uk");
      by_raion[{obl, raion}].push_back(hromadas.size());
      hromadas.push_back(std::move(np));
    }
    for (const auto& [key, members] : by_raion) {
      std::vector<const MultiPolygon*> parts;
      for (std::size_t m : members) parts.push_back(&hromadas[m].geometry);
      FRONTLINE_TRY(geom, b.union_of(parts));
      NewPlace np = unit(PlaceKind::raion, transliterate_kmu2010(key.second), key.second, std::move(geom),
                         "union of its hromadas (ukraine-hromadas.geojson)");
      np.place.oblast = oblast_name_en(key.first);
      np.place.raion = np.place.name;
      raions.push_back(std::move(np));
    }
  }

  // Settlements: OSM boundaries first, then points matched to them or standing alone.
  std::vector<Settlement> settlements;
  std::unordered_map<std::string, std::size_t> by_wikidata;
  std::unordered_map<std::string, std::vector<std::size_t>> by_key;
  if (auto path = b.find("osm-settlement-boundaries.geojson")) {
    FRONTLINE_TRY(features, b.features(*path));
    for (std::size_t i = 0; i < features.size(); ++i) {
      auto& f = features[i];
      auto& pr = f.properties;
      const std::string place = pr["place"];
      if (place == "borough" || place == "suburb" || place == "allotments" || place == "isolated_dwelling" ||
          place == "locality" || f.polygons.empty()) {
        continue;
      }
      std::string uk = pr.contains("name:uk") ? pr["name:uk"] : pr["name"];
      if (uk.empty()) continue;
      FRONTLINE_TRY(geom, b.valid(f.polygons, fmt::format("{}: feature {}", path->string(), i + 1)));
      if (geom.empty()) continue;
      Settlement s;
      s.np = unit(PlaceKind::settlement, transliterate_kmu2010(uk), uk, std::move(geom), "OSM " + pr["@id"]);
      s.np.place.extent = ExtentKind::osm_boundary;
      s.np.place.population = parse_population(pr["population"]);
      add_alias(s.np.place, pr["name:en"], "en");
      add_alias(s.np.place, pr["name:ru"], "ru");
      add_alias(s.np.place, pr["name"], "uk");
      for (const char* k : {"old_name", "old_name:uk"}) {
        for (const auto& old : split(pr[k], ';')) {
          add_alias(s.np.place, old, "old");
          add_alias(s.np.place, transliterate_kmu2010(old), "old");
        }
      }
      s.wikidata = pr["wikidata"];
      if (!s.wikidata.empty()) by_wikidata.emplace(s.wikidata, settlements.size());
      by_key[name_key(uk)].push_back(settlements.size());
      settlements.push_back(std::move(s));
    }
  }

  // Points (ua-settlements-csc.json): merged into the boundary they name, else settlements of
  // their own.
  std::vector<Settlement> points;
  if (auto path = b.find("ua-settlements-csc.json")) {
    FRONTLINE_TRY(bytes, io::read_file_bounded(*path, kMaxPlaceFile));
    b.report.files.push_back(path->string());
    FRONTLINE_TRY(text, io::decompressed(path->string(), bytes, kMaxPlaceFile));
    dom::parser parser;
    dom::array rows;
    if (parser.parse(simdjson::padded_string(text)).get_array().get(rows)) {
      return make_error(ErrorCode::bad_input, fmt::format("{}: not a JSON array of places", path->string()));
    }
    std::set<std::string> seen;
    for (dom::element row : rows) {
      std::string_view type, name, lat_s, lon_s;
      if (row["type"].get_string().get(type) || row["name"].get_string().get(name) ||
          row["latitude"].get_string().get(lat_s) || row["longitude"].get_string().get(lon_s)) {
        continue;
      }
      if (type == "district" || type == "section" || type == "historical" || type == "abandoned") continue;
      const std::string_view native = optional_text(row["native"]);
      const std::string_view wikidata = optional_text(row["wikiDataId"]);
      // Listed twice (Avdiivka); the file also gives one Wikidata id to several places (Izium,
      // Iziaslav and Iziumivka share Q841029), so the id alone says nothing.
      if (!seen.insert(fmt::format("{}|{}", wikidata, name)).second) continue;
      auto c = to_fixed(Longitude{std::strtod(std::string(lon_s).c_str(), nullptr)},
                        Latitude{std::strtod(std::string(lat_s).c_str(), nullptr)});
      if (!c) continue;
      std::string uk(native);
      const std::string_view tr_uk = optional_text(row["translations"]["uk"]);
      const std::string_view tr_ru = optional_text(row["translations"]["ru"]);
      if (uk.empty()) uk = std::string(tr_uk);
      for (const auto& fix : kCorrections) {
        if (wikidata == fix.wikidata) uk = fix.name_uk;
      }
      if (uk.empty()) continue;
      std::optional<std::int64_t> population;
      std::int64_t pop = 0;
      if (!row["population"].get_int64().get(pop) && pop > 0) population = pop;
      // The boundary it names: same Wikidata id, else the same name with the point inside or near.
      std::optional<std::size_t> match;
      auto near = [&](std::size_t i, double km) {
        const auto& sp = settlements[i].np;
        return geo::covers(sp.geometry, *c) || distance_km(*c, centre(sp.place.bbox)) < km;
      };
      if (auto it = by_wikidata.find(std::string(wikidata));
          !wikidata.empty() && it != by_wikidata.end() && near(it->second, 10.0)) {
        match = it->second;
      } else if (auto k = by_key.find(name_key(uk)); k != by_key.end()) {
        double best = 5.0;  // km from the boundary's box
        for (std::size_t i : k->second) {
          const auto& sp = settlements[i].np;
          const double d = geo::covers(sp.geometry, *c) ? 0.0 : distance_km(*c, centre(sp.place.bbox));
          if (d < best) {
            best = d;
            match = i;
          }
        }
      }
      Settlement* target = nullptr;
      Settlement fresh;
      if (match) {
        target = &settlements[*match];
        ++b.report.merged_points;
      } else {
        fresh.np.place.kind = PlaceKind::settlement;
        fresh.np.place.name_uk = uk;
        fresh.np.place.name = transliterate_kmu2010(uk);
        fresh.np.place.extent = ExtentKind::radius;
        fresh.np.place.source = "point: ua-settlements-csc.json";
        fresh.wikidata = std::string(wikidata);
        target = &fresh;
      }
      Place& p = target->np.place;
      if (!target->has_point) {
        p.point = *c;
        target->has_point = true;
      }
      if (!p.population) p.population = population;
      add_alias(p, name, "source");
      add_alias(p, native, "uk");
      add_alias(p, tr_uk, "uk");
      add_alias(p, tr_ru, "ru");
      if (!match) points.push_back(std::move(fresh));
    }
  }

  // Urban cores (Who's On First) give points without a boundary their built-up extent.
  if (auto path = b.find("wof-urban-cores.geojson")) {
    FRONTLINE_TRY(features, b.features(*path));
    for (std::size_t i = 0; i < features.size(); ++i) {
      auto& f = features[i];
      auto& pr = f.properties;
      if (pr["qs:type"] != "urban core" || f.polygons.empty()) continue;  // the rest are buffered points
      std::vector<std::string> names = split(pr["name:ukr_x_preferred"], '\n');
      for (const auto& n : split(pr["name:ukr_x_variant"], '\n')) names.push_back(n);
      names.push_back(pr["wof:name"]);
      const auto english = split(pr["name:eng_x_preferred"] + "\n" + pr["name:eng_x_variant"], '\n');
      FRONTLINE_TRY(geom, b.valid(f.polygons, fmt::format("{}: feature {}", path->string(), i + 1)));
      if (geom.empty()) continue;
      for (auto& s : points) {
        if (s.np.place.extent != ExtentKind::radius || !geo::covers(geom, s.np.place.point)) continue;
        bool named = false;
        for (const auto& n : names) named = named || name_key(n) == name_key(s.np.place.name_uk);
        for (const auto& n : english) named = named || name_key(n) == name_key(s.np.place.name);
        if (!named) continue;
        s.np.geometry = geom;
        s.np.place.extent = ExtentKind::urban_core;
        s.np.place.source = fmt::format("Who's On First {}", pr["wof:id"]);
        for (const auto& n : names) add_alias(s.np.place, n, "old");
        for (const auto& n : english) add_alias(s.np.place, n, "en");
        break;
      }
    }
  }

  // Settlements no source holds (supplement.tsv), as points.
  if (auto path = b.find("supplement.tsv")) {
    FRONTLINE_TRY(rows, b.tsv(*path, 6));
    for (const auto& r : rows) {
      auto c = to_fixed(Longitude{std::strtod(r[2].c_str(), nullptr)}, Latitude{std::strtod(r[1].c_str(), nullptr)});
      if (!c) return make_error(ErrorCode::bad_input, fmt::format("{}: '{}': bad coordinates", path->string(), r[0]));
      Settlement s;
      s.np.place.kind = PlaceKind::settlement;
      s.np.place.name_uk = r[0];
      s.np.place.name = transliterate_kmu2010(r[0]);
      s.np.place.extent = ExtentKind::radius;
      s.np.place.source = "point: " + r[5];
      s.np.place.population = parse_population(r[3]);
      s.np.place.point = *c;
      s.has_point = true;
      for (const auto& a : split(r[4], ';')) add_alias(s.np.place, a, "source");
      points.push_back(std::move(s));
    }
  }

  // Extents of points alone, then every settlement's place in the units.
  for (auto& s : points) {
    if (s.np.place.extent == ExtentKind::radius) {
      s.np.place.radius_m = settlement_radius_m(s.np.place.population);
      s.np.geometry = disc(s.np.place.point, s.np.place.radius_m);
    }
    s.np.place.bbox = bbox_of(s.np.geometry);
    s.np.place.area_m2 = geo::area_m2(s.np.geometry);
    settlements.push_back(std::move(s));
  }
  for (auto& s : settlements) {
    Place& p = s.np.place;
    if (!s.has_point) p.point = centre(p.bbox);
    for (const auto& h : hromadas) {
      if (h.place.bbox.contains(p.point) && geo::covers(h.geometry, p.point)) {
        p.hromada = h.place.name;
        p.raion = h.place.raion;
        p.oblast = h.place.oblast;
        break;
      }
    }
    if (p.oblast.empty()) {
      for (const auto& o : oblasts) {
        if (o.place.bbox.contains(p.point) && geo::covers(o.geometry, p.point)) {
          p.oblast = o.place.name;
          break;
        }
      }
    }
    ++b.report.settlements_by_extent[to_string(p.extent)];
  }

  // Names no source gives (aliases.tsv), by Ukrainian name and oblast.
  if (auto path = b.find("aliases.tsv")) {
    FRONTLINE_TRY(rows, b.tsv(*path, 4));
    for (const auto& r : rows) {
      bool found = false;
      for (auto& s : settlements) {
        if (s.np.place.name_uk == r[0] && s.np.place.oblast == r[1]) {
          add_alias(s.np.place, r[2], r[3]);
          found = true;
        }
      }
      if (!found) spdlog::warn("{}: no settlement {} in {} for the alias {}", path->string(), r[0], r[1], r[2]);
    }
  }

  std::vector<NewPlace> all;
  b.report.oblasts = static_cast<std::int64_t>(oblasts.size());
  b.report.raions = static_cast<std::int64_t>(raions.size());
  b.report.hromadas = static_cast<std::int64_t>(hromadas.size());
  b.report.settlements = static_cast<std::int64_t>(settlements.size());
  for (auto* group : {&oblasts, &raions, &hromadas}) {
    for (auto& np : *group) all.push_back(std::move(np));
  }
  for (auto& s : settlements) all.push_back(std::move(s.np));
  FRONTLINE_TRY(writer, store.begin_write());
  FRONTLINE_CHECK(writer.replace_gazetteer(all));
  FRONTLINE_CHECK(writer.commit());
  return b.report;
}

}  // namespace frontline
