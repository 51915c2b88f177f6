#include "frontline/check.hpp"

#include <fmt/format.h>
#include <xxhash.h>

#include <cmath>
#include <unordered_map>

#include "frontline/store.hpp"
#include "geo/geodesic.hpp"
#include "geo/hash.hpp"
#include "store/checksum.hpp"
#include "store/codec.hpp"
#include "store/connection.hpp"
#include "store/schema.hpp"

namespace frontline {

namespace {
constexpr double kRelative = 1e-9;

bool close(double a, double b) {
  const double scale = std::max({std::fabs(a), std::fabs(b), 1.0});
  return std::fabs(a - b) <= kRelative * scale;
}

struct StoredRing {
  std::uint64_t hash = 0;
  std::size_t points = 0;
  double area_m2 = 0;
  bool sound = false;
};

class Checker {
 public:
  Checker(store::Connection& c, int schema, std::size_t max_problems) : c_(c), schema_(schema), max_(max_problems) {}

  template <class... Args>
  void problem(fmt::format_string<Args...> f, Args&&... args) {
    if (report_.problems.size() >= max_) {
      report_.truncated = true;
      return;
    }
    report_.problems.push_back(fmt::format(f, std::forward<Args>(args)...));
  }

  // A statement that fails to run is itself damage: SQLite met a page it cannot read.
  Result<void> run() {
    FRONTLINE_CHECK(integrity());
    FRONTLINE_CHECK(runs());
    FRONTLINE_CHECK(rings());
    FRONTLINE_CHECK(versions());
    return {};
  }

  CheckReport take() { return std::move(report_); }

 private:
  Result<void> integrity() {
    FRONTLINE_TRY(st, c_.stmt("PRAGMA integrity_check(100)"));
    for (;;) {
      FRONTLINE_TRY(row, st->step());
      if (!row) break;
      const std::string line = st->text(0);
      if (line != "ok") problem("SQLite: {}", line);
    }
    return {};
  }

  Result<void> runs() {
    FRONTLINE_TRY(st, c_.stmt("SELECT id, hash, points, coords FROM chunk"));
    for (;;) {
      FRONTLINE_TRY(row, st->step());
      if (!row) break;
      ++report_.runs;
      const std::int64_t id = st->int64(0);
      auto coords = store::decode_ring(st->blob(3));
      if (!coords) {
        problem("run {} does not decode: {}", id, coords.error().message);
        continue;
      }
      const auto h = static_cast<std::int64_t>(XXH3_64bits(coords->data(), coords->size() * sizeof(FixedCoordinate)));
      if (h != st->int64(1)) problem("run {} does not match its content hash", id);
      if (static_cast<std::int64_t>(coords->size()) != st->int64(2)) {
        problem("run {} holds {} points, its row says {}", id, coords->size(), st->int64(2));
      }
      runs_.emplace(id, std::move(*coords));
    }
    return {};
  }

  Result<void> rings() {
    FRONTLINE_TRY(st, c_.stmt(fmt::format("SELECT id, hash, points, min_lon, min_lat, max_lon, max_lat, area_m2, "
                                          "perimeter_m, chunks, {} FROM ring",
                                          schema_ >= 4 ? "checksum" : "0")));
    geo::RingMeasurer measurer;
    for (;;) {
      FRONTLINE_TRY(row, st->step());
      if (!row) break;
      ++report_.rings;
      const std::int64_t id = st->int64(0);
      StoredRing& entry = rings_[id];
      entry.hash = static_cast<std::uint64_t>(st->int64(1));
      entry.area_m2 = st->real(7);
      if (schema_ >= 4 &&
          store::checksum(store::RingRow{id, st->int64(1), st->int64(2), st->int64(3), st->int64(4), st->int64(5),
                                         st->int64(6), st->real(7), st->real(8), st->blob(9)}) != st->int64(10)) {
        problem("ring {} does not match its checksum", id);
      }
      auto ids = store::decode_ids(st->blob(9));
      if (!ids || ids->empty()) {
        problem("ring {}: its list of runs does not decode", id);
        continue;
      }
      Ring ring;
      bool complete = true;
      for (std::int64_t run : *ids) {
        auto it = runs_.find(run);
        if (it == runs_.end()) {
          problem("ring {} names run {}, which the store does not hold", id, run);
          complete = false;
          break;
        }
        ring.insert(ring.end(), it->second.begin(), it->second.end());
      }
      if (!complete) continue;
      entry.points = ring.size();
      if (ring.size() < 4 || ring.front() != ring.back()) {
        problem("ring {} is not closed", id);
        continue;
      }
      if (geo::hash_ring(ring) != entry.hash) problem("ring {} does not match its content hash", id);
      if (static_cast<std::int64_t>(ring.size()) != st->int64(2)) problem("ring {}: wrong point count", id);
      const BBox b = bbox_of(ring);
      if (b.min_lon != st->int64(3) || b.min_lat != st->int64(4) || b.max_lon != st->int64(5) ||
          b.max_lat != st->int64(6)) {
        problem("ring {}: its stored box is not its box", id);
      }
      // Before schema 5 an edge was measured as one geodesic; the next import re-measures such a
      // store, and until then its areas are compared only with their own sums.
      const geo::RingMeasure m = schema_ >= 5 ? measurer.measure(ring) : geo::RingMeasure{entry.area_m2, st->real(8)};
      if (!close(m.area_m2, entry.area_m2) || !close(m.perimeter_m, st->real(8))) {
        problem("ring {}: stored area {} m2 and perimeter {} m, recomputed {} and {}", id, entry.area_m2, st->real(8),
                m.area_m2, m.perimeter_m);
      }
      entry.sound = true;
    }
    return {};
  }

  Result<void> versions() {
    FRONTLINE_TRY(maps, c_.stmt(schema_ >= 4 ? "SELECT id, name, versions FROM map" : "SELECT id, name, -1 FROM map"));
    std::vector<std::tuple<std::int64_t, std::string, std::int64_t>> all;
    for (;;) {
      FRONTLINE_TRY(row, maps->step());
      if (!row) break;
      all.emplace_back(maps->int64(0), maps->text(1), maps->int64(2));
    }
    report_.maps = static_cast<std::int64_t>(all.size());
    for (const auto& [map_id, name, count] : all) {
      FRONTLINE_TRY(st, c_.stmt(schema_ >= 4 ? "SELECT id, time, content_hash, vertices, statuses, source_id, "
                                               "source_hash, checksum FROM version WHERE map_id = ? ORDER BY time"
                                             : "SELECT id, time, content_hash, vertices, -1, source_id, source_hash, 0 "
                                               "FROM version WHERE map_id = ? ORDER BY time"));
      st->bind(1, map_id);
      std::int64_t n = 0;
      for (;;) {
        FRONTLINE_TRY(row, st->step());
        if (!row) break;
        ++n;
        ++report_.versions;
        const std::string source_id = st->text(5);
        if (schema_ >= 4 &&
            store::checksum(store::VersionRow{map_id, st->int64(1), source_id, st->int64(2), st->int64(6), st->int64(3),
                                              st->int64(4)}) != st->int64(7)) {
          problem("version {} of map '{}' does not match its checksum", st->int64(0), name);
        }
        FRONTLINE_CHECK(
            version(name, st->int64(0), static_cast<std::uint64_t>(st->int64(2)), st->int64(3), st->int64(4)));
      }
      if (count >= 0 && n != count) problem("map '{}' should hold {} versions, {} could be read", name, count, n);
    }
    return {};
  }

  Result<void> version(const std::string& map, std::int64_t id, std::uint64_t content_hash, std::int64_t vertices,
                       std::int64_t statuses) {
    FRONTLINE_TRY(st, c_.stmt(fmt::format("SELECT status, area_m2, polygons, vertices, rings, perimeter_m, "
                                          "overlap_m2, {}, {} FROM layer WHERE version_id = ? ORDER BY status",
                                          schema_ >= 4 ? "checksum" : "0", schema_ >= 6 ? "outside_m2" : "NULL")));
    st->bind(1, id);
    std::vector<std::uint64_t> content;
    std::int64_t bits = 0;
    std::int64_t total_vertices = 0;
    bool complete = true;
    for (;;) {
      FRONTLINE_TRY(row, st->step());
      if (!row) break;
      ++report_.layers;
      const std::int64_t status = st->int64(0);
      if (status < 0 || status >= kStatusCount) {
        problem("version {} of map '{}': a layer has status {}", id, map, status);
        complete = false;
        continue;
      }
      bits |= std::int64_t{1} << status;
      const std::optional<double> outside = st->is_null(8) ? std::nullopt : std::optional<double>(st->real(8));
      if (schema_ >= 4 &&
          store::checksum(store::LayerRow{id, status, st->real(1), st->real(5), st->real(6), st->int64(2), st->int64(3),
                                          st->blob(4), outside}) != st->int64(7)) {
        problem("version {} of map '{}': layer {} does not match its checksum", id, map, status);
      }
      content.push_back(0xFFFF0000u + static_cast<std::uint64_t>(status));
      auto polys = store::decode_polygons(st->blob(4));
      if (!polys) {
        problem("version {} of map '{}': layer {} does not decode", id, map, status);
        complete = false;
        continue;
      }
      double area = 0;
      std::int64_t layer_vertices = 0;
      for (const auto& rings : *polys) {
        for (std::size_t k = 0; k < rings.size(); ++k) {
          auto it = rings_.find(rings[k]);
          if (it == rings_.end()) {
            problem("version {} of map '{}' names ring {}, which the store does not hold", id, map, rings[k]);
            complete = false;
            continue;
          }
          content.push_back(it->second.hash);
          area += k == 0 ? it->second.area_m2 : -it->second.area_m2;
          layer_vertices += static_cast<std::int64_t>(it->second.points);
          complete = complete && it->second.sound;
        }
      }
      total_vertices += layer_vertices;
      if (static_cast<std::int64_t>(polys->size()) != st->int64(2)) {
        problem("version {} of map '{}': layer {} holds {} polygons, its row says {}", id, map, status, polys->size(),
                st->int64(2));
      }
      if (complete && !close(area, st->real(1))) {
        problem("version {} of map '{}': layer {} area {} m2, its rings add up to {}", id, map, status, st->real(1),
                area);
      }
      if (complete && layer_vertices != st->int64(3)) {
        problem("version {} of map '{}': layer {} vertex count differs", id, map, status);
      }
    }
    if (statuses >= 0 && bits != statuses) problem("version {} of map '{}': its layers are not its statuses", id, map);
    if (complete && geo::hash_ids(content) != content_hash) {
      problem("version {} of map '{}' does not match its content hash", id, map);
    }
    if (complete && total_vertices != vertices) problem("version {} of map '{}': vertex count differs", id, map);
    return {};
  }

  store::Connection& c_;
  int schema_;
  std::size_t max_;
  CheckReport report_;
  std::unordered_map<std::int64_t, Ring> runs_;
  std::unordered_map<std::int64_t, StoredRing> rings_;
};
}  // namespace

Result<CheckReport> check_store(const std::filesystem::path& path, std::size_t max_problems) {
  FRONTLINE_TRY(store, Store::open_read_only(path));
  FRONTLINE_TRY(header, store::read_header(path.string()));
  FRONTLINE_TRY(db, store::Database::open(path.string(), store::OpenMode::read_only,
                                          store::read_only_uri_params(path.string(), header)));
  store::Connection c(std::move(db));
  Checker checker(c, store.schema(), max_problems);
  auto ran = checker.run();
  CheckReport report = checker.take();
  if (!ran) report.problems.push_back(ran.error().message);
  // The gazetteer: every row's checksum (verified by the read), its geometry decodes, and its
  // stored area recomputes.
  auto places = store.places(std::nullopt);
  if (!places) {
    report.problems.push_back(places.error().message);
  } else {
    for (const auto& p : *places) {
      if (report.problems.size() >= max_problems) {
        report.truncated = true;
        break;
      }
      auto g = store.place_geometry(p.id);
      if (!g) {
        report.problems.push_back(g.error().message);
      } else if (const double a = geo::area_m2(*g); std::abs(a - p.area_m2) > 1e-9 * std::max(1.0, a)) {
        report.problems.push_back(
            fmt::format("place {} ({}): area {} m2, its polygons measure {}", p.id, p.name, p.area_m2, a));
      }
    }
  }
  return report;
}

}  // namespace frontline
