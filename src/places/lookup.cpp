// Finding a place by name, and users' own places.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "frontline/name_key.hpp"
#include "frontline/places.hpp"
#include "geo/geodesic.hpp"
#include "geo/geos.hpp"
#include "geo/locate.hpp"
#include "geo/repair.hpp"
#include "io/bundled.hpp"

namespace frontline {

namespace {

constexpr std::uint64_t kMaxUserFile = std::uint64_t{64} << 20;
// A town, not a village of the same name: what a bare name means when one candidate is this big.
constexpr std::int64_t kTownPopulation = 10'000;

std::string no_gazetteer(const Store& store) {
  return fmt::format("the store {} has no places; build them with `frontline places import --store {} DIR...`",
                     store.path().string(), store.path().string());
}

// The English name of the oblast `text` names (any of its names, or the start of one).
Result<std::optional<std::string>> oblast_named(const Store& store, std::string_view text) {
  const std::string key = name_key(text);
  FRONTLINE_TRY(oblasts, store.places(PlaceKind::oblast));
  for (const auto& o : oblasts) {
    std::vector<std::string> names{o.name, o.name_uk};
    for (const auto& a : o.aliases) names.push_back(a.name);
    for (const auto& n : names) {
      const std::string k = name_key(n);
      if (k == key || (k.starts_with(key) && k.size() > key.size() && k[key.size()] == ' ')) {
        return std::optional<std::string>(o.name);
      }
    }
  }
  return std::optional<std::string>{};
}

}  // namespace

std::string describe(const Place& p) {
  std::vector<std::string> where;
  if (p.kind == PlaceKind::settlement || p.kind == PlaceKind::hromada || p.kind == PlaceKind::custom) {
    if (!p.raion.empty()) where.push_back(p.raion);
  }
  if (p.kind != PlaceKind::oblast && !p.oblast.empty()) where.push_back(p.oblast);
  std::string out = p.name;
  if (p.kind != PlaceKind::settlement) out += fmt::format(" [{}]", to_string(p.kind));
  if (!where.empty()) {
    out += " (";
    for (std::size_t i = 0; i < where.size(); ++i) out += (i ? ", " : "") + where[i];
    out += ")";
  }
  return out;
}

Result<std::vector<Place>> search_places(const Store& store, std::string_view text, std::size_t limit) {
  std::vector<Place> out;
  const std::string key = name_key(text);
  if (key.empty() || limit == 0) return out;
  FRONTLINE_TRY(has, store.has_places());
  if (!has) return make_error(ErrorCode::not_found, no_gazetteer(store));
  FRONTLINE_TRY(keys, store.place_keys());
  std::vector<std::int64_t> exact, prefix;
  for (const auto& [k, id] : keys) {
    if (k == key) {
      exact.push_back(id);
    } else if (k.starts_with(key)) {
      prefix.push_back(id);
    }
  }
  if (exact.empty() && prefix.empty()) {
    std::vector<std::string> names;
    names.reserve(keys.size());
    for (const auto& k : keys) names.push_back(k.first);
    for (std::size_t i : closest_names(names, key, 2)) prefix.push_back(keys[i].second);
  }
  std::set<std::int64_t> seen;
  for (auto* group : {&exact, &prefix}) {
    std::vector<Place> found;
    for (std::int64_t id : *group) {
      if (!seen.insert(id).second) continue;
      FRONTLINE_TRY(p, store.place(id));
      if (p) found.push_back(std::move(*p));
    }
    std::stable_sort(found.begin(), found.end(), [](const Place& a, const Place& b) {
      const bool sa = a.kind == PlaceKind::settlement, sb = b.kind == PlaceKind::settlement;
      if (sa != sb) return sa;
      return a.population.value_or(0) > b.population.value_or(0);
    });
    for (auto& p : found) {
      if (out.size() == limit) return out;
      out.push_back(std::move(p));
    }
  }
  return out;
}

Result<Place> find_place(const Store& store, std::string_view name, std::string_view oblast) {
  const std::string key = name_key(name);
  if (key.empty()) {
    return make_error(ErrorCode::bad_request, fmt::format("'{}' names no place: give a name such as Pokrovsk", name));
  }
  FRONTLINE_TRY(has, store.has_places());
  if (!has) return make_error(ErrorCode::not_found, no_gazetteer(store));
  FRONTLINE_TRY(candidates, store.places_by_key(key));
  std::optional<std::string> in_oblast;
  if (!oblast.empty()) {
    FRONTLINE_TRY(o, oblast_named(store, oblast));
    if (!o)
      return make_error(ErrorCode::not_found, fmt::format("no oblast '{}'; `frontline places list --kind "
                                                          "oblast` lists them",
                                                          oblast));
    in_oblast = *o;
    std::erase_if(candidates, [&](const Place& p) { return p.oblast != *o; });
  }
  if (candidates.empty()) {
    FRONTLINE_TRY(keys, store.place_keys());
    std::vector<std::string> names;
    names.reserve(keys.size());
    for (const auto& k : keys) names.push_back(k.first);
    std::vector<std::string> suggestions;
    for (std::size_t i : closest_names(names, key, 2)) {
      auto p = store.place(keys[i].second);
      if (!p || !*p || (in_oblast && (*p)->oblast != *in_oblast)) continue;
      const std::string d = describe(**p);
      if (std::find(suggestions.begin(), suggestions.end(), d) == suggestions.end()) suggestions.push_back(d);
      if (suggestions.size() == 3) break;
    }
    std::string msg = fmt::format("no place '{}'{}", name, in_oblast ? " in " + *in_oblast : "");
    if (!suggestions.empty()) {
      msg += "; did you mean ";
      for (std::size_t i = 0; i < suggestions.size(); ++i) {
        msg += (i == 0 ? "" : i + 1 == suggestions.size() ? " or " : ", ") + suggestions[i];
      }
      msg += "?";
    }
    return make_error(ErrorCode::not_found, msg);
  }
  if (candidates.size() == 1) return std::move(candidates.front());
  // A user's own place wins over the gazetteer's of the same name.
  const auto custom =
      std::count_if(candidates.begin(), candidates.end(), [](const Place& p) { return p.kind == PlaceKind::custom; });
  if (custom == 1) {
    return *std::find_if(candidates.begin(), candidates.end(),
                         [](const Place& p) { return p.kind == PlaceKind::custom; });
  }
  // One town among villages of its name is what the bare name means (Lyman, not the villages).
  const auto towns = std::count_if(candidates.begin(), candidates.end(), [](const Place& p) {
    return p.kind == PlaceKind::settlement && p.population.value_or(0) >= kTownPopulation;
  });
  if (towns == 1) {
    return *std::find_if(candidates.begin(), candidates.end(), [](const Place& p) {
      return p.kind == PlaceKind::settlement && p.population.value_or(0) >= kTownPopulation;
    });
  }
  std::string msg =
      fmt::format("'{}' names {} places; say which with --oblast or a place id:", name, candidates.size());
  for (const auto& p : candidates) msg += fmt::format("\n  {}: {}", p.id, describe(p));
  return make_error(ErrorCode::bad_request, msg);
}

Result<std::vector<Place>> add_user_places(Store& store, const std::filesystem::path& geojson) {
  FRONTLINE_TRY(bytes, io::read_file_bounded(geojson, kMaxUserFile));
  FRONTLINE_TRY(features, io::read_geojson_features(geojson.string(), bytes));
  geo::GeosContext ctx;
  geo::WorkBudget budget;
  std::vector<NewPlace> places;
  for (std::size_t i = 0; i < features.size(); ++i) {
    auto& f = features[i];
    const std::string name = f.properties["name"];
    if (f.polygons.empty()) continue;
    if (name_key(name).empty()) {
      return make_error(ErrorCode::bad_input,
                        fmt::format("{}: feature {}: a place needs a \"name\" property", geojson.string(), i + 1));
    }
    NewPlace np;
    for (const auto& p : f.polygons) {
      auto v = geo::make_valid_polygon(ctx, p, budget);
      if (!v) {
        Error e = std::move(v).error();
        e.message = fmt::format("{}: feature {}: {}", geojson.string(), i + 1, e.message);
        return e;
      }
      for (auto& q : v->polygons) np.geometry.push_back(std::move(q));
    }
    if (np.geometry.empty()) {
      return make_error(ErrorCode::bad_input,
                        fmt::format("{}: feature {} ('{}'): its polygon has no area", geojson.string(), i + 1, name));
    }
    Place& p = np.place;
    p.kind = PlaceKind::custom;
    p.name = name;
    p.name_uk = f.properties["name_uk"];
    p.extent = ExtentKind::user_polygon;
    p.source = geojson.filename().string();
    p.bbox = bbox_of(np.geometry);
    p.point =
        FixedCoordinate{static_cast<std::int32_t>((static_cast<std::int64_t>(p.bbox.min_lon) + p.bbox.max_lon) / 2),
                        static_cast<std::int32_t>((static_cast<std::int64_t>(p.bbox.min_lat) + p.bbox.max_lat) / 2)};
    p.area_m2 = geo::area_m2(np.geometry);
    places.push_back(std::move(np));
  }
  if (places.empty()) {
    return make_error(ErrorCode::bad_input, fmt::format("{}: no polygon features to add as places", geojson.string()));
  }
  // The units a place lies in, from the gazetteer's oblasts.
  FRONTLINE_TRY(oblasts, store.places(PlaceKind::oblast));
  for (auto& np : places) {
    for (const auto& o : oblasts) {
      if (!o.bbox.contains(np.place.point)) continue;
      FRONTLINE_TRY(g, store.place_geometry(o.id));
      if (geo::covers(g, np.place.point)) {
        np.place.oblast = o.name;
        break;
      }
    }
  }
  FRONTLINE_TRY(writer, store.begin_write());
  std::vector<Place> out;
  for (auto& np : places) {
    FRONTLINE_TRY(id, writer.add_place(np));
    np.place.id = id;
    out.push_back(np.place);
  }
  FRONTLINE_CHECK(writer.commit());
  return out;
}

}  // namespace frontline
