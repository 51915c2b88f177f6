// A claimed layer (ISW's daily "Russian claimed") against a map: per date, the ground claimed and
// the part of it the map does not show held by the claimant (docs/claims.md).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "analysis/internal.hpp"
#include "frontline/claims.hpp"
#include "geo/geos.hpp"
#include "io/bundled.hpp"

namespace frontline {

using namespace analysis;

Result<std::vector<ClaimedLayerDay>> claimed_layer_against_map(const Store& store, std::string_view map,
                                                               const std::filesystem::path& layer,
                                                               const ClaimedLayerOptions& options) {
  if (options.side == Side::unknown) return make_error(ErrorCode::bad_request, "a claimed layer has a claimant side");
  FRONTLINE_TRY(text, io::read_text_file(layer, std::uint64_t{512} << 20));
  FRONTLINE_TRY(features, io::read_geojson_features(layer.string(), text));
  std::map<std::string, MultiPolygon> by_date;
  std::map<std::string, std::size_t> counts;
  std::size_t index = 0;
  for (auto& f : features) {
    ++index;
    auto it = f.properties.find(options.date_property);
    if (it == f.properties.end()) {
      return make_error(ErrorCode::bad_input, fmt::format("{}: feature {} has no '{}' property: each feature of a "
                                                          "claimed layer carries its date",
                                                          layer.string(), index, options.date_property));
    }
    auto t = parse_time(it->second);
    if (!t) {
      return make_error(ErrorCode::bad_input,
                        fmt::format("{}: feature {}: '{}' is not a date", layer.string(), index, it->second));
    }
    if ((options.from && *t < *options.from) || (options.to && *t > *options.to)) continue;
    auto& mp = by_date[format_date(*t)];
    for (auto& p : f.polygons) mp.push_back(std::move(p));
    ++counts[format_date(*t)];
  }
  FRONTLINE_TRY(versions, store.versions(map));
  std::vector<ClaimedLayerDay> out;
  geo::GeosContext ctx;
  for (auto& [date, mp] : by_date) {
    ClaimedLayerDay day;
    day.date = date;
    day.polygons = counts[date];
    FRONTLINE_TRY(claimed, union_of_valid(ctx, mp));
    FRONTLINE_TRY(claimed_m2, area_of(ctx, claimed.get()));
    day.claimed_km2 = claimed_m2 / 1e6;
    FRONTLINE_TRY(start, parse_time(date));
    const Timestamp end{start.seconds + 86400 - 1};
    auto it = std::upper_bound(versions.begin(), versions.end(), end,
                               [](Timestamp t, const VersionInfo& v) { return t < v.time; });
    if (it != versions.begin()) {
      const VersionInfo& v = *std::prev(it);
      day.version = v;
      BBox box;
      for (const auto& p : mp) box.extend(bbox_of(p.outer));
      FRONTLINE_TRY(all, store.polygons(v.id));
      auto held = occupied_ground(v, std::move(all), options.side == Side::ukrainian);
      std::erase_if(held, [&](const StoredPolygon& p) { return !p.bbox.intersects(box); });
      FRONTLINE_TRY(held_mp, store.geometry(held));
      FRONTLINE_TRY(held_g, union_of(ctx, held_mp, &box));
      // Russia's claim is not shown where the map has no occupied ground; Ukraine's where it has
      // occupied or grey ground.
      auto rest = options.side == Side::russian ? geo::difference(ctx, claimed.get(), held_g.get())
                                                : geo::intersection(ctx, claimed.get(), held_g.get());
      if (!rest) return rest.error();
      FRONTLINE_TRY(rest_m2, area_of(ctx, rest->get(), options.keep_geometry ? &day.not_shown : nullptr));
      day.not_shown_km2 = rest_m2 / 1e6;
    }
    out.push_back(std::move(day));
  }
  return out;
}

}  // namespace frontline
