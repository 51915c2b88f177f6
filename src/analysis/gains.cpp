// Gains and losses of occupied territory per period.
#include <algorithm>
#include <atomic>
#include <thread>

#include "analysis/internal.hpp"

namespace frontline {

using namespace analysis;

namespace {
// The geometry work of one period: only the occupied polygons that changed between its ends.
struct GainTask {
  MultiPolygon before, after;
  std::vector<BBox> boxes;  // hold every difference between before and after (changed_boxes)
};

// Gained and lost are both measured: the identity gained − lost = net does not hold exactly once
// the overlay has split long edges at planar intersection points, which geodesic measures see.
Result<std::pair<double, double>> gained_lost_m2(geo::GeosContext& ctx, const GainTask& task, const BBox* clip) {
  FRONTLINE_TRY(ub, union_of(ctx, task.before, clip));
  FRONTLINE_TRY(ua, union_of(ctx, task.after, clip));
  FRONTLINE_TRY(gained, geo::difference(ctx, ua.get(), ub.get()));
  FRONTLINE_TRY(lost, geo::difference(ctx, ub.get(), ua.get()));
  FRONTLINE_TRY(g, area_of(ctx, gained.get()));
  FRONTLINE_TRY(l, area_of(ctx, lost.get()));
  return std::make_pair(g, l);
}

Result<std::pair<double, double>> gained_lost_m2(geo::GeosContext& ctx, const GainTask& task) {
  if (task.boxes.empty()) return std::make_pair(0.0, 0.0);
  auto clipped = [&]() -> Result<std::pair<double, double>> {
    std::pair<double, double> sum{0.0, 0.0};
    for (const BBox& box : task.boxes) {
      FRONTLINE_TRY(gl, gained_lost_m2(ctx, task, &box));
      sum.first += gl.first;
      sum.second += gl.second;
    }
    return sum;
  }();
  if (clipped) return clipped;
  // A clipped input GEOS could not node (clipping can leave it invalid along the box): whole.
  return gained_lost_m2(ctx, task, nullptr);
}
}  // namespace

Result<std::vector<GainRow>> gains(const Store& store, std::string_view map, Step by, Timestamp from, Timestamp to,
                                   const TimeZone& zone) {
  FRONTLINE_CHECK(check_span(from, to));
  EmptyRows empty(store, map);
  std::vector<GainRow> out;
  std::vector<std::optional<GainTask>> tasks;
  // Reading is sequential (one store connection); the overlays then run on every core.
  for (int k = 0;; ++k) {
    GainRow row;
    row.start = period_start(from, by, k, zone);
    if (row.start > to) break;
    if (out.size() == kMaxSeriesRows) return too_many_rows();
    row.end = period_start(from, by, k + 1, zone);
    FRONTLINE_CHECK(check_local(row.end, zone));
    row.period = format_period(row.start, by, zone);
    FRONTLINE_TRY(start_version, store.version_at(map, row.start));
    if (!start_version) {
      FRONTLINE_CHECK(empty.allow());
      out.push_back(std::move(row));
      tasks.emplace_back();
      continue;
    }
    const VersionInfo& vs = *start_version;
    FRONTLINE_TRY(ve, require_version(store, map, row.end));
    row.start_version = vs.id;
    row.end_version = ve.id;
    row.net_km2 =
        (ve.area_m2(Status::occupied_total).value_or(0) - vs.area_m2(Status::occupied_total).value_or(0)) / kM2PerKm2;
    row.gained_km2 = 0.0;
    row.lost_km2 = 0.0;
    // The grey zone in Ukraine only: in August 2024 most of its growth was in Russia's Kursk oblast.
    const auto cs = vs.in_ukraine_m2(Status::contested);
    const auto ce = ve.in_ukraine_m2(Status::contested);
    if (cs || ce) row.contested_change_km2 = (ce.value_or(0) - cs.value_or(0)) / kM2PerKm2;
    std::optional<GainTask> task;
    if (vs.id != ve.id) {
      // Polygons both versions hold unchanged cancel out; the rest are disjoint from them.
      FRONTLINE_TRY(change, change_between(store, vs.id, ve.id));
      std::vector<StoredPolygon> before;
      std::vector<StoredPolygon> after;
      for (auto& p : change.removed) {
        if (counts_as_occupied(p.status)) before.push_back(std::move(p));
      }
      for (auto& p : change.added) {
        if (counts_as_occupied(p.status)) after.push_back(std::move(p));
      }
      FRONTLINE_TRY(gb, store.geometry(before));
      FRONTLINE_TRY(ga, store.geometry(after));
      const Change occupied_change{before, after, {}};
      FRONTLINE_TRY(boxes, changed_boxes(store, occupied_change, ChangeClasses::occupied_or_not));
      task = GainTask{std::move(gb), std::move(ga), std::move(boxes)};
    }
    out.push_back(std::move(row));
    tasks.push_back(std::move(task));
  }

  const unsigned threads = std::clamp<unsigned>(std::thread::hardware_concurrency(), 1, 8);
  std::atomic<std::size_t> next{0};
  std::vector<std::optional<Error>> errors(threads);
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      geo::GeosContext ctx;
      for (std::size_t i = next++; i < tasks.size(); i = next++) {
        if (!tasks[i]) continue;
        auto gl = gained_lost_m2(ctx, *tasks[i]);
        if (!gl) {
          errors[t] = std::move(gl).error();
          return;
        }
        out[i].gained_km2 = gl->first / kM2PerKm2;
        out[i].lost_km2 = gl->second / kM2PerKm2;
      }
    });
  }
  for (auto& w : workers) w.join();
  for (auto& e : errors) {
    if (e) return *e;
  }
  return out;
}

Result<GainsComparison> compare_gains(const Store& store, std::string_view map, Step by, Timestamp first,
                                      Timestamp second, const TimeZone& zone) {
  FRONTLINE_TRY(a, gains(store, map, by, first, first, zone));
  FRONTLINE_TRY(b, gains(store, map, by, second, second, zone));
  GainsComparison out{std::move(a.front()), std::move(b.front()), std::nullopt};
  if (out.first.net_km2 && out.second.net_km2 && *out.second.net_km2 != 0) {
    out.net_ratio = *out.first.net_km2 / *out.second.net_km2;
  }
  return out;
}

}  // namespace frontline
