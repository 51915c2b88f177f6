// How far the line of contact moved between two versions, and per period (frontline/line.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/internal.hpp"
#include "analysis/line_internal.hpp"
#include "frontline/line.hpp"
#include "geo/geodesic.hpp"
#include "geo/line_distance.hpp"
#include "geo/locate.hpp"
#include "geo/plane.hpp"

namespace frontline {

using namespace analysis;

namespace {

constexpr double kTolerance_m = kLineBorderToleranceM;
constexpr double kUnmoved_m = 1;      // nearer than this, a sample lies on the old line
constexpr double kNewLineM = 10'000;  // farther than this, a sample must show it crossed changed ground

struct SectorSum {
  std::size_t samples = 0;
  std::size_t new_line_samples = 0;
  double sum_m = 0, max_m = 0, min_m = 0;
  double gained_m2 = 0, lost_m2 = 0;
  void add(double d) {
    ++samples;
    sum_m += d;
    max_m = std::max(max_m, d);
    min_m = std::min(min_m, d);
  }
  void finish(AdvanceSector& s, double step_m) const {
    s.samples = samples;
    s.line_km = static_cast<double>(samples) * step_m / 1000;
    s.new_line_km = static_cast<double>(new_line_samples) * step_m / 1000;
    s.mean_km = samples > 0 ? sum_m / static_cast<double>(samples) / 1000 : 0;
    s.max_km = max_m / 1000;
    s.min_km = min_m / 1000;
    s.gained_km2 = gained_m2 / kM2PerKm2;
    s.lost_km2 = lost_m2 / kM2PerKm2;
  }
};

double lengths_km(const std::vector<geo::Path>& paths) {
  double m = 0;
  for (const auto& p : paths) m += geo::path_length_m(p);
  return m / 1000;
}

FixedCoordinate box_middle(const BBox& b) {
  return {static_cast<std::int32_t>((static_cast<std::int64_t>(b.min_lon) + b.max_lon) / 2),
          static_cast<std::int32_t>((static_cast<std::int64_t>(b.min_lat) + b.max_lat) / 2)};
}

// The move from one version's line to another's. `old_ground` and `new_line` may come from a
// cache (line_series walks month after month).
Result<Advance> advance_between(const Store& store, std::string_view map, const Country& country,
                                const HeldGround& old_ground, const std::vector<geo::Path>& new_line,
                                const VersionInfo& from_v, const VersionInfo& to_v, const AdvanceOptions& options) {
  if (!(options.step_m >= 10 && options.step_m <= 100'000)) {
    return make_error(ErrorCode::bad_request, fmt::format("step {} m: give 10 to 100000 m", options.step_m));
  }
  if (!(options.sector_km >= 1 && options.sector_km <= 10'000)) {
    return make_error(ErrorCode::bad_request, fmt::format("sector {} km: give 1 to 10000 km", options.sector_km));
  }
  Advance out;
  out.map = std::string(map);
  out.from_version = from_v;
  out.to_version = to_v;
  out.options = options;
  out.old_length_km = lengths_km(old_ground.line);
  out.new_length_km = lengths_km(new_line);

  const geo::NearestOnPaths old_line(old_ground.line);
  const auto points = geo::sample_paths(new_line, options.step_m);
  const double sector_m = options.sector_km * 1000;

  // Sectors: per path of the new line, every sector_km from its start.
  std::vector<SectorSum> by_sector, by_oblast(country.oblast_names.size() + 1);
  SectorSum total;
  std::vector<std::pair<std::size_t, double>> sector_keys;  // (path, first km) of each sector
  out.samples.reserve(points.size());
  FRONTLINE_TRY(change, diff(store, map, from_v.time, to_v.time));
  // A sample far from the old line is a move only if the way from the old line to it crosses
  // ground that changed hands (its middle lies in a gained piece, or a lost one for a move back);
  // else the line is new there (a front opened across the border, an island drawn anew).
  auto crossed_changed_ground = [&](FixedCoordinate mid, bool forward) {
    for (const auto& piece : change.pieces) {
      if (piece.kind != (forward ? ChangeKind::gained : ChangeKind::lost)) continue;
      for (const auto& poly : piece.geometry) {
        if (geo::covers(poly, mid)) return true;
      }
    }
    return false;
  };
  for (const auto& s : points) {
    const auto hit = old_line.nearest(s.at);
    if (!hit) break;  // no old line: nothing to measure from
    LineShift shift;
    shift.at = s.at;
    shift.from = hit->at;
    shift.path = s.path;
    shift.along_km = s.along_m / 1000;
    double d = hit->plane_m < kUnmoved_m ? 0 : geo::geodesic_distance_m(s.at, hit->at);
    if (d > 0 && old_ground.covers(s.at)) d = -d;
    shift.distance_km = d / 1000;
    const double k = std::floor(s.along_m / sector_m);
    if (sector_keys.empty() || sector_keys.back().first != s.path || sector_keys.back().second != k) {
      sector_keys.emplace_back(s.path, k);
      by_sector.emplace_back();
    }
    shift.sector = sector_keys.size() - 1;
    shift.oblast = country.oblast_at(s.at, out.samples.empty() ? 0 : out.samples.back().oblast);
    shift.new_line = std::abs(d) > kNewLineM && !crossed_changed_ground(geo::point_along(hit->at, s.at, 0.5), d > 0);
    for (SectorSum* sum : {&by_sector[shift.sector], &by_oblast[shift.oblast], &total}) {
      if (shift.new_line) {
        ++sum->new_line_samples;
      } else {
        sum->add(d);
      }
    }
    out.samples.push_back(shift);
  }

  // Gains and losses of occupied ground, each changed polygon counted where its nearest sample is.
  for (const auto& piece : change.pieces) {
    if (piece.kind == ChangeKind::reclassified) continue;
    for (const auto& poly : piece.geometry) {
      const double m2 = geo::area_m2(poly);
      const FixedCoordinate c = box_middle(bbox_of(poly.outer));
      std::size_t best = out.samples.size();
      double best_m = std::numeric_limits<double>::infinity();  // squared
      const geo::LocalPlane k(c.lat);
      for (std::size_t i = 0; i < out.samples.size(); ++i) {
        const double dx = (static_cast<double>(out.samples[i].at.lon) - c.lon) * k.x;
        const double dy = (static_cast<double>(out.samples[i].at.lat) - c.lat) * k.y;
        const double d2 = dx * dx + dy * dy;
        if (d2 < best_m) best_m = d2, best = i;
      }
      auto add = [&](SectorSum& s) { (piece.kind == ChangeKind::gained ? s.gained_m2 : s.lost_m2) += m2; };
      add(total);
      if (best < out.samples.size()) {
        add(by_sector[out.samples[best].sector]);
        add(by_oblast[out.samples[best].oblast]);
      } else {
        add(by_oblast[country.oblast_at(c)]);
      }
    }
  }

  total.finish(out.total, options.step_m);
  out.total.name = "line";
  std::vector<std::size_t> listed(by_oblast.size(), 0);  // country's index -> out.oblasts'
  for (std::size_t i = 0; i < by_oblast.size(); ++i) {
    if (by_oblast[i].samples == 0 && by_oblast[i].new_line_samples == 0 && by_oblast[i].gained_m2 == 0 &&
        by_oblast[i].lost_m2 == 0) {
      continue;
    }
    listed[i] = out.oblasts.size();
    AdvanceSector s;
    s.name = i < country.oblast_names.size() ? country.oblast_names[i] : "";
    s.oblast = s.name;
    by_oblast[i].finish(s, options.step_m);
    out.oblasts.push_back(std::move(s));
  }
  for (auto& sh : out.samples) sh.oblast = listed[sh.oblast];
  for (std::size_t i = 0; i < by_sector.size(); ++i) {
    AdvanceSector s;
    const auto [path, k] = sector_keys[i];
    s.name = fmt::format("{}:{:.0f}-{:.0f}", path + 1, k * options.sector_km, (k + 1) * options.sector_km);
    // The middle: the sample half way between the sector's first and last (a path's last sector
    // may be short).
    double first_km = std::numeric_limits<double>::infinity(), last_km = 0;
    for (const auto& sh : out.samples) {
      if (sh.sector != i) continue;
      first_km = std::min(first_km, sh.along_km);
      last_km = std::max(last_km, sh.along_km);
    }
    double best = std::numeric_limits<double>::infinity();
    for (const auto& sh : out.samples) {
      if (sh.sector != i) continue;
      const double dm = std::abs(sh.along_km - (first_km + last_km) / 2);
      if (dm < best) best = dm, s.middle = sh.at;
    }
    const std::size_t o = country.oblast_at(s.middle);
    s.oblast = o < country.oblast_names.size() ? country.oblast_names[o] : "";
    by_sector[i].finish(s, options.step_m);
    out.sectors.push_back(std::move(s));
  }
  if (!options.keep_samples) out.samples.clear();
  return out;
}

}  // namespace

Result<Advance> advance(const Store& store, std::string_view map, Timestamp from, Timestamp to,
                        const AdvanceOptions& options) {
  if (to < from) return make_error(ErrorCode::bad_request, "--to is before --from");
  FRONTLINE_TRY(from_v, require_version(store, map, from));
  FRONTLINE_TRY(to_v, require_version(store, map, to));
  FRONTLINE_TRY(country, load_country(store));
  FRONTLINE_TRY(old_ground, held_ground(store, from_v, false, country, kTolerance_m));
  FRONTLINE_TRY(new_ground, held_ground(store, to_v, false, country, kTolerance_m));
  FRONTLINE_TRY(out, advance_between(store, map, country, old_ground, new_ground.line, from_v, to_v, options));
  out.from = from;
  out.to = to;
  return out;
}

Result<std::vector<LineSeriesRow>> line_series(const Store& store, std::string_view map, Step by, Timestamp from,
                                               Timestamp to, const TimeZone& zone) {
  FRONTLINE_CHECK(check_span(from, to));
  constexpr std::size_t kMaxRows = 1000;
  FRONTLINE_TRY(country, load_country(store));
  std::vector<LineSeriesRow> rows;
  std::optional<VersionId> held_id;
  HeldGround held;  // the line as of the previous row's end
  for (Timestamp start = period_start(from, by, 0, zone); start <= to; start = period_start(start, by, 1, zone)) {
    if (rows.size() == kMaxRows) {
      return make_error(
          ErrorCode::bad_request,
          fmt::format("the series has more than {} periods: give a shorter span or a longer step", kMaxRows));
    }
    LineSeriesRow row;
    row.start = start;
    row.end = period_start(start, by, 1, zone);
    row.period = format_period(start, by, zone);
    FRONTLINE_TRY(sv, store.version_at(map, row.start));
    FRONTLINE_TRY(ev, store.version_at(map, row.end));
    row.start_version = sv;
    row.end_version = ev;
    if (ev) {
      if (!sv || !held_id || *held_id != sv->id) {
        if (sv) {
          FRONTLINE_TRY(g, held_ground(store, *sv, false, country, kTolerance_m));
          held = std::move(g);
          held_id = sv->id;
        }
      }
      HeldGround russian;
      FRONTLINE_TRY(line, front_line_of(store, map, *ev, country, LineEdge::russian, &russian));
      row.length_km = line.length_km;
      row.length_generalised_km = line.length_generalised_km;
      row.grey_zone_mean_width_km = line.grey_zone_mean_width_km;
      if (sv) {
        AdvanceOptions opt;
        opt.keep_samples = false;
        FRONTLINE_TRY(a, advance_between(store, map, country, held, line.paths, *sv, *ev, opt));
        row.mean_advance_km = a.total.mean_km;
        row.max_advance_km = a.total.max_km;
        row.min_advance_km = a.total.min_km;
        row.gained_km2 = a.total.gained_km2;
        row.lost_km2 = a.total.lost_km2;
      }
      held = std::move(russian);
      held_id = ev->id;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace frontline
