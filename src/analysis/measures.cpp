#include "frontline/measures.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "geo/geodesic.hpp"
#include "geo/geos.hpp"

namespace frontline {

namespace {
constexpr double kM2PerKm2 = 1e6;

Result<VersionInfo> require_version(const Store& store, std::string_view map, Timestamp t) {
  FRONTLINE_TRY(v, store.version_at(map, t));
  if (!v) {
    FRONTLINE_TRY(first, first_version_time(store, map));
    return make_error(ErrorCode::not_found, fmt::format("map '{}' starts at {}; there is no version as of {}", map,
                                                        format_iso(first), format_iso(t)));
  }
  return std::move(*v);
}

// The span of a series: in order, and inside the range of times frontline reads.
Result<void> check_span(Timestamp from, Timestamp to) {
  if (to < from) return make_error(ErrorCode::bad_request, "--to is before --from");
  if (from < kEarliestTime || to > kLatestTime) {
    return make_error(ErrorCode::bad_request,
                      fmt::format("{} .. {} is out of range: frontline reads times from {} to {}", format_iso(from),
                                  format_iso(to), format_iso(kEarliestTime), format_iso(kLatestTime)));
  }
  return {};
}

// Local midnights after the last clock change the database lists for a zone are not known.
Result<void> check_local(Timestamp t, const TimeZone& zone) {
  if (t <= zone.exact_until()) return {};
  return make_error(ErrorCode::bad_request,
                    fmt::format("the series reaches {}, after {}: the time zone database lists the clock changes "
                                "of {} only until then; end the series earlier or use UTC",
                                format_iso(t), format_iso(zone.exact_until()), zone.name()));
}

// Rows of a series before the map's first version are empty; a map without any version is an
// error. Asked once per series, at its first empty row.
class EmptyRows {
 public:
  EmptyRows(const Store& store, std::string_view map) : store_(store), map_(map) {}
  Result<void> allow() {
    if (checked_) return {};
    FRONTLINE_CHECK(first_version_time(store_, map_));
    checked_ = true;
    return {};
  }

 private:
  const Store& store_;
  std::string_view map_;
  bool checked_ = false;
};

bool in_total(std::optional<Status> s) {
  return s && counts_as_occupied(*s);
}

// The box that holds every difference between the removed and the added polygons, from the
// runs their rings are stored as. A run that the two sides hold equally often (in rings of the
// same class) is boundary that did not change: across it the class indicator jumps the same way
// on both sides, so it cannot bound the symmetric difference. The symmetric difference is thus
// bounded by the changed runs (and the edges joining them to their neighbours) alone, and lies in
// their bounding box. Overlays clipped to that box (grown a little, so that both sides coincide
// along its edges) give exactly the unclipped results at a fraction of the cost.
template <class ClassOf>
Result<BBox> changed_box(const Store& store, const Change& change, ClassOf class_of) {
  struct RingRuns {
    int cls;
    std::vector<std::int64_t> runs;
  };
  std::map<std::pair<int, std::int64_t>, int> balance;  // removed occurrences minus added ones
  std::vector<RingRuns> rings;
  auto collect = [&](const std::vector<StoredPolygon>& polys, int sign) -> Result<void> {
    for (const auto& p : polys) {
      for (RingId r : p.rings) {
        FRONTLINE_TRY(runs, store.ring_runs(r));
        const int cls = class_of(p.status);
        for (std::int64_t id : runs) balance[{cls, id}] += sign;
        rings.push_back({cls, std::move(runs)});
      }
    }
    return {};
  };
  FRONTLINE_CHECK(collect(change.removed, 1));
  FRONTLINE_CHECK(collect(change.added, -1));
  BBox box;
  for (const auto& rr : rings) {
    const std::size_t m = rr.runs.size();
    for (std::size_t i = 0; i < m; ++i) {
      if (balance[{rr.cls, rr.runs[i]}] == 0) continue;
      FRONTLINE_TRY(here, store.run(rr.runs[i]));
      for (auto c : here) box.extend(c);
      // The edges into and out of a changed run belong to it too.
      FRONTLINE_TRY(prev, store.run(rr.runs[(i + m - 1) % m]));
      FRONTLINE_TRY(next, store.run(rr.runs[(i + 1) % m]));
      if (!prev.empty()) box.extend(prev.back());
      if (!next.empty()) box.extend(next.front());
    }
  }
  if (!box.empty()) {
    constexpr std::int32_t kMargin = 10'000;  // grid units, about 1 km
    box = {box.min_lon - kMargin, box.min_lat - kMargin, box.max_lon + kMargin, box.max_lat + kMargin};
  }
  return box;
}

// Union of polygons on the grid, clipped to `clip` when it is given.
Result<geo::GeomPtr> union_of(geo::GeosContext& ctx, const MultiPolygon& mp, const BBox* clip = nullptr) {
  if (mp.empty()) return geo::empty_polygon(ctx);
  std::vector<geo::GeomPtr> parts;
  for (const auto& p : mp) {
    if (clip != nullptr && !bbox_of(p.outer).intersects(*clip)) continue;
    FRONTLINE_TRY(g, geo::to_geos(ctx, p));
    if (clip != nullptr) {
      FRONTLINE_TRY(c, geo::clip_to(ctx, g.get(), *clip));
      g = std::move(c);
    }
    parts.push_back(std::move(g));
  }
  if (parts.empty()) return geo::empty_polygon(ctx);
  FRONTLINE_TRY(coll, geo::make_collection(ctx, std::move(parts)));
  return geo::union_all(ctx, coll.get());
}

Result<double> area_of(geo::GeosContext& ctx, const GEOSGeometry* g, MultiPolygon* keep = nullptr) {
  FRONTLINE_TRY(mp, geo::from_geos(ctx, g));
  const double a = geo::area_m2(mp);
  if (keep != nullptr) *keep = std::move(mp);
  return a;
}
}  // namespace

const char* to_string(ChangeKind k) noexcept {
  switch (k) {
    case ChangeKind::gained:
      return "gained";
    case ChangeKind::lost:
      return "lost";
    case ChangeKind::reclassified:
      return "reclassified";
  }
  return "?";
}

namespace {
AreaAt area_of_version(std::string_view map, Timestamp at, VersionInfo v, std::optional<double> ukraine_m2) {
  AreaAt out;
  out.map = std::string(map);
  out.at = at;
  for (const auto& l : v.layers) out.areas_km2[l.status] = l.area_m2 / kM2PerKm2;
  if (auto ot = v.area_m2(Status::occupied_total)) {
    out.occupied_total_km2 = *ot / kM2PerKm2;
    if (ukraine_m2 && *ukraine_m2 > 0) out.share_of_ukraine = *ot / *ukraine_m2;
  }
  out.version = std::move(v);
  return out;
}
}  // namespace

Result<Timestamp> first_version_time(const Store& store, std::string_view map) {
  FRONTLINE_TRY(all, store.versions(map));
  if (all.empty()) return make_error(ErrorCode::not_found, fmt::format("map '{}' has no versions", map));
  return all.front().time;
}

Result<AreaAt> area_at(const Store& store, std::string_view map, Timestamp at) {
  FRONTLINE_TRY(v, require_version(store, map, at));
  FRONTLINE_TRY(ukraine, store.reference_area_m2("ukraine"));
  return area_of_version(map, at, std::move(v), ukraine);
}

Result<std::vector<AreaAt>> area_series(const Store& store, std::string_view map, Timestamp from, Timestamp to,
                                        Step every, const TimeZone& zone) {
  FRONTLINE_CHECK(check_span(from, to));
  FRONTLINE_CHECK(check_local(to, zone));
  FRONTLINE_TRY(ukraine, store.reference_area_m2("ukraine"));
  EmptyRows empty(store, map);
  std::vector<AreaAt> out;
  // Each row is the start plus k steps, not the previous row plus one: a month step clamped to a
  // short month (01-31 -> 02-28) must not carry the clamp into the months after it.
  for (int k = 0;; ++k) {
    const Timestamp t = add_steps(from, every, k, zone);
    if (t > to) break;
    if (out.size() == 100000) return make_error(ErrorCode::bad_request, "more than 100,000 steps; use a longer step");
    FRONTLINE_TRY(v, store.version_at(map, t));
    if (!v) {
      FRONTLINE_CHECK(empty.allow());
      AreaAt row;
      row.map = std::string(map);
      row.at = t;
      out.push_back(std::move(row));
      continue;
    }
    out.push_back(area_of_version(map, t, std::move(*v), ukraine));
  }
  return out;
}

Result<Change> change_between(const Store& store, VersionId from, VersionId to) {
  FRONTLINE_TRY(a, store.polygons(from));
  FRONTLINE_TRY(b, store.polygons(to));
  auto key = [](const StoredPolygon& p) { return std::make_pair(p.status, p.rings); };
  std::set<std::pair<Status, std::vector<RingId>>> in_a;
  std::set<std::pair<Status, std::vector<RingId>>> in_b;
  for (const auto& p : a) in_a.insert(key(p));
  for (const auto& p : b) in_b.insert(key(p));
  Change c;
  for (auto& p : a) {
    if (!in_b.contains(key(p))) {
      c.bbox.extend(p.bbox);
      c.removed.push_back(std::move(p));
    }
  }
  for (auto& p : b) {
    if (!in_a.contains(key(p))) {
      c.bbox.extend(p.bbox);
      c.added.push_back(std::move(p));
    }
  }
  return c;
}

namespace {
// The geometry work of one period: only the occupied polygons that changed between its ends.
struct GainTask {
  MultiPolygon before, after;
  BBox box;  // holds every difference between before and after (changed_box)
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
  if (task.box.empty()) return std::make_pair(0.0, 0.0);
  auto clipped = gained_lost_m2(ctx, task, &task.box);
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
    if (out.size() == 100000) return make_error(ErrorCode::bad_request, "more than 100,000 periods; use a longer one");
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
    const auto cs = vs.area_m2(Status::contested);
    const auto ce = ve.area_m2(Status::contested);
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
      FRONTLINE_TRY(box, changed_box(store, occupied_change, [](Status) { return 0; }));
      task = GainTask{std::move(gb), std::move(ga), box};
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

namespace {
Result<std::vector<DiffPiece>> diff_pieces(const Store& store, const Change& change, const BBox* clip) {
  std::vector<DiffPiece> pieces;
  geo::GeosContext ctx;
  std::map<Status, geo::GeomPtr> before;
  std::map<Status, geo::GeomPtr> after;
  auto group = [&](const std::vector<StoredPolygon>& polys, std::map<Status, geo::GeomPtr>& into) -> Result<void> {
    std::map<Status, std::vector<StoredPolygon>> by;
    for (const auto& p : polys) by[p.status].push_back(p);
    for (auto& [s, list] : by) {
      FRONTLINE_TRY(g, store.geometry(list));
      FRONTLINE_TRY(u, union_of(ctx, g, clip));
      into.emplace(s, std::move(u));
    }
    return {};
  };
  FRONTLINE_CHECK(group(change.removed, before));
  FRONTLINE_CHECK(group(change.added, after));
  auto all_of = [&](const std::map<Status, geo::GeomPtr>& m) -> Result<geo::GeomPtr> {
    std::vector<geo::GeomPtr> parts;
    for (const auto& [s, g] : m) parts.push_back(geo::adopt(ctx, GEOSGeom_clone_r(ctx.handle(), g.get())));
    if (parts.empty()) return geo::empty_polygon(ctx);
    FRONTLINE_TRY(coll, geo::make_collection(ctx, std::move(parts)));
    return geo::union_all(ctx, coll.get());
  };
  FRONTLINE_TRY(all_before, all_of(before));
  FRONTLINE_TRY(all_after, all_of(after));

  auto add_piece = [&](std::optional<Status> b, std::optional<Status> a, const GEOSGeometry* g) -> Result<void> {
    DiffPiece piece;
    FRONTLINE_TRY(m2, area_of(ctx, g, &piece.geometry));
    if (piece.geometry.empty() || m2 <= 0) return {};
    piece.before = b;
    piece.after = a;
    piece.area_km2 = m2 / kM2PerKm2;
    if (in_total(a) && !in_total(b)) {
      piece.kind = ChangeKind::gained;
    } else if (in_total(b) && !in_total(a)) {
      piece.kind = ChangeKind::lost;
    } else {
      piece.kind = ChangeKind::reclassified;
    }
    pieces.push_back(std::move(piece));
    return {};
  };
  for (const auto& [sb, gb] : before) {
    for (const auto& [sa, ga] : after) {
      if (sb == sa) continue;
      FRONTLINE_TRY(i, geo::intersection(ctx, gb.get(), ga.get()));
      FRONTLINE_CHECK(add_piece(sb, sa, i.get()));
    }
    FRONTLINE_TRY(d, geo::difference(ctx, gb.get(), all_after.get()));
    FRONTLINE_CHECK(add_piece(sb, std::nullopt, d.get()));
  }
  for (const auto& [sa, ga] : after) {
    FRONTLINE_TRY(d, geo::difference(ctx, ga.get(), all_before.get()));
    FRONTLINE_CHECK(add_piece(std::nullopt, sa, d.get()));
  }
  return pieces;
}
}  // namespace

Result<DiffResult> diff(const Store& store, std::string_view map, Timestamp t1, Timestamp t2) {
  FRONTLINE_TRY(v1, require_version(store, map, t1));
  FRONTLINE_TRY(v2, require_version(store, map, t2));
  DiffResult out;
  FRONTLINE_TRY(change, change_between(store, v1.id, v2.id));
  out.bbox = change.bbox;
  out.from = std::move(v1);
  out.to = std::move(v2);
  if (change.empty()) return out;

  FRONTLINE_TRY(box, changed_box(store, change, [](Status s) { return static_cast<int>(s); }));
  auto pieces = diff_pieces(store, change, &box);
  if (!pieces) pieces = diff_pieces(store, change, nullptr);  // see gained_lost_m2
  if (!pieces) return std::move(pieces).error();
  for (auto& p : *pieces) {
    switch (p.kind) {
      case ChangeKind::gained:
        out.gained_km2 += p.area_km2;
        break;
      case ChangeKind::lost:
        out.lost_km2 += p.area_km2;
        break;
      case ChangeKind::reclassified:
        out.reclassified_km2 += p.area_km2;
        break;
    }
  }
  out.pieces = std::move(*pieces);
  return out;
}

Result<PointStatus> status_at(const Store& store, std::string_view map, Longitude lon, Latitude lat, Timestamp at) {
  auto fixed = to_fixed(lon, lat);
  if (!fixed) {
    return make_error(
        ErrorCode::bad_request,
        fmt::format("point ({}, {}) is out of range: longitude -180..180, latitude -90..90", lon.degrees, lat.degrees));
  }
  FRONTLINE_TRY(v, require_version(store, map, at));
  FRONTLINE_TRY(polys, store.polygons(v.id));
  PointStatus out;
  geo::GeosContext ctx;
  GEOSGeometry* raw_pt =
      GEOSGeom_createPointFromXY_r(ctx.handle(), fixed->lon * kGridDegrees, fixed->lat * kGridDegrees);
  geo::GeomPtr pt = geo::adopt(ctx, raw_pt);
  for (const auto& p : polys) {
    if (!p.bbox.contains(*fixed)) continue;
    if (p.status == Status::occupied_total && v.layer(Status::occupied) != nullptr) continue;
    FRONTLINE_TRY(g, store.geometry(std::span<const StoredPolygon>(&p, 1)));
    FRONTLINE_TRY(gg, geo::to_geos(ctx, g));
    if (GEOSCovers_r(ctx.handle(), gg.get(), pt.get()) == 1) {
      out.status = p.status;
      break;
    }
  }
  out.version = std::move(v);
  return out;
}

}  // namespace frontline
