// Importing evidence: read every file, check each record against the rules that need more than
// its own line (dates in the future, missing sources, coordinates that look swapped), merge
// duplicates with each other and with the store, and write everything in one transaction.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "frontline/evidence.hpp"
#include "geo/locate.hpp"
#include "geo/plane.hpp"
#include "io/bundled.hpp"
#include "io/evidence_readers.hpp"

namespace frontline {

namespace {

constexpr std::size_t kMaxListed = 50;

// Ukraine's oblasts with their boxes, for "is this point in Ukraine" on the few points that need it.
struct Ukraine {
  std::vector<std::pair<BBox, const MultiPolygon*>> parts;
  std::vector<io::GeoJsonFeature> features;
  BBox box;
  bool contains(FixedCoordinate p) const {
    if (!box.contains(p)) return false;
    for (const auto& [b, poly] : parts) {
      if (b.contains(p) && geo::covers(*poly, p)) return true;
    }
    return false;
  }
};

Result<Ukraine> load_ukraine() {
  FRONTLINE_TRY(features, io::ukraine_oblasts());
  Ukraine u;
  u.features = std::move(features);
  for (const auto& f : u.features) {
    BBox b;
    for (const auto& poly : f.polygons) {
      for (const auto& c : poly.outer) b.extend(c);
    }
    u.box.extend(b);
    u.parts.emplace_back(b, &f.polygons);
  }
  return u;
}

double distance_m(FixedCoordinate a, FixedCoordinate b) {
  const geo::LocalPlane k(a.lat);
  return std::hypot((b.lon - a.lon) * k.x, (b.lat - a.lat) * k.y);
}

std::int64_t day_of(Timestamp t) {
  return t.seconds >= 0 ? t.seconds / 86400 : -((-t.seconds + 86399) / 86400);
}

// About 1.1 km cells for the place index: a merge within merge_place_m looks at 3 x 3 cells.
constexpr std::int32_t kCell = 10'000;
std::int64_t cell_key(std::int32_t cx, std::int32_t cy) {
  return (static_cast<std::int64_t>(cx) << 32) ^ (cy & 0xffffffffLL);
}
std::int32_t cell_of(std::int32_t v) {
  return v >= 0 ? v / kCell : -((-v + kCell - 1) / kCell);
}

struct Pool {
  std::vector<EvidenceRecord> records;  // stored ones first, then this import's new ones
  std::vector<bool> stored, changed;
  std::unordered_map<std::string, std::size_t> by_key;
  std::unordered_map<std::string, std::vector<std::size_t>> by_source;
  std::unordered_map<std::int64_t, std::vector<std::size_t>> by_cell;

  void index(std::size_t i) {
    const auto& r = records[i];
    by_key.emplace(r.key, i);
    for (const auto& s : r.sources) by_source[normalize_source_url(s)].push_back(i);
    by_cell[cell_key(cell_of(r.point.lon), cell_of(r.point.lat))].push_back(i);
  }
  void add(EvidenceRecord r, bool is_stored) {
    records.push_back(std::move(r));
    stored.push_back(is_stored);
    changed.push_back(false);
    index(records.size() - 1);
  }
};

// Brings `from`'s sources (and geolocation) into `into`; true when `into` gained something.
bool absorb(EvidenceRecord& into, const EvidenceRecord& from, Pool& pool, std::size_t into_index) {
  bool gained = false;
  for (const auto& s : from.sources) {
    const std::string n = normalize_source_url(s);
    const bool has = std::any_of(into.sources.begin(), into.sources.end(),
                                 [&](const std::string& t) { return normalize_source_url(t) == n; });
    if (!has) {
      into.sources.push_back(s);
      pool.by_source[n].push_back(into_index);
      gained = true;
    }
  }
  if (into.geolocation.empty() && !from.geolocation.empty()) {
    into.geolocation = from.geolocation;
    gained = true;
  }
  if (gained && into.unsourced && !into.sources.empty()) into.unsourced = false;
  return gained;
}

}  // namespace

Result<EvidenceImportReport> import_evidence(Store& store, std::span<const std::filesystem::path> files,
                                             const EvidenceImportOptions& options) {
  if (files.empty()) return make_error(ErrorCode::bad_request, "give at least one evidence file");
  const Timestamp now = options.now.value_or(Timestamp{
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count()});
  EvidenceImportReport report;
  auto warn = [&](std::string w) {
    ++report.warnings_total;
    if (report.warnings.size() < kMaxListed) report.warnings.push_back(std::move(w));
  };

  // Read and check everything before the store is touched: a bad record refuses the import.
  std::vector<io::EvidenceRow> rows;
  FRONTLINE_TRY(ukraine, load_ukraine());
  for (const auto& path : files) {
    FRONTLINE_TRY(file, io::read_evidence_file(path));
    report.files.push_back(path.string());
    report.skipped_without_place += file.without_place;
    for (auto& row : file.rows) {
      ++report.read;
      ++report.read_by_dataset[row.record.dataset];
      auto& r = row.record;
      // A day-precise record is of its whole day: it is in the future when its day has not begun.
      if (r.observed_at > now) {
        return make_error(ErrorCode::bad_input,
                          fmt::format("{}: observed at {}, which is in the future (now is {}); a date in the future is "
                                      "a mistake in the file, often a swapped day and month",
                                      row.where, format_iso(r.observed_at), format_iso(now)));
      }
      if (r.sources.empty()) {
        if (options.skip_unsourced) {
          ++report.skipped_unsourced;
          r.key.clear();
          continue;
        }
        if (!options.allow_unsourced) {
          return make_error(ErrorCode::bad_input,
                            fmt::format("{}: the record has no source (no URL of the original material); evidence "
                                        "needs one. Add it, or import such records marked unsourced with "
                                        "--allow-unsourced, or leave them out with --skip-unsourced",
                                        row.where));
        }
        r.unsourced = true;
      }
      // Swapped coordinates: outside Ukraine as given, inside it with latitude and longitude swapped.
      auto swapped = to_fixed(Longitude{row.lat}, Latitude{row.lon});
      if (swapped && ukraine.box.contains(*swapped) && !ukraine.contains(r.point) && ukraine.contains(*swapped)) {
        ++report.swapped;
        if (options.fix_swapped) {
          warn(
              fmt::format("{}: latitude and longitude were swapped (lon {}, lat {} lies outside Ukraine; swapped it "
                          "lies inside): imported swapped",
                          row.where, row.lon, row.lat));
          r.point = *swapped;
        } else {
          warn(
              fmt::format("{}: latitude and longitude look swapped: lon {}, lat {} lies outside Ukraine, lon {}, lat "
                          "{} inside it. Swap the columns in the file, or import with --fix-swapped",
                          row.where, row.lon, row.lat, row.lat, row.lon));
        }
      }
      rows.push_back(std::move(row));
    }
  }

  FRONTLINE_TRY(writer, store.begin_write());
  FRONTLINE_TRY(existing, writer.evidence());
  Pool pool;
  pool.records.reserve(existing.size() + rows.size());
  for (auto& r : existing) pool.add(std::move(r), true);
  const std::size_t stored_count = pool.records.size();

  auto record_merge = [&](const EvidenceRecord& kept, const EvidenceRecord& merged, std::string why) {
    if (report.merges.size() < kMaxListed) report.merges.push_back({kept.key, merged.key, std::move(why)});
  };

  for (auto& row : rows) {
    auto& r = row.record;
    if (auto it = pool.by_key.find(r.key); it != pool.by_key.end()) {
      if (pool.stored[it->second]) {
        ++report.already_stored;
      } else {
        ++report.merged_by_place;  // the very same record twice in the input
        record_merge(pool.records[it->second], r, "the same record twice");
      }
      continue;
    }
    std::optional<std::size_t> into;
    std::string why;
    for (const auto& s : r.sources) {
      auto it = pool.by_source.find(normalize_source_url(s));
      if (it == pool.by_source.end()) continue;
      for (std::size_t i : it->second) {
        const auto& o = pool.records[i];
        if (o.side == r.side && distance_m(o.point, r.point) <= options.merge_source_m &&
            std::llabs(o.observed_at.seconds - r.observed_at.seconds) <=
                static_cast<std::int64_t>(options.merge_source_days) * 86400) {
          into = i;
          why = "same source " + s;
          break;
        }
      }
      if (into) break;
    }
    if (into) {
      ++report.merged_by_source;
    } else {
      const std::int32_t cx = cell_of(r.point.lon), cy = cell_of(r.point.lat);
      for (std::int32_t dx = -1; dx <= 1 && !into; ++dx) {
        for (std::int32_t dy = -1; dy <= 1 && !into; ++dy) {
          auto it = pool.by_cell.find(cell_key(cx + dx, cy + dy));
          if (it == pool.by_cell.end()) continue;
          for (std::size_t i : it->second) {
            const auto& o = pool.records[i];
            if (o.side == r.side && day_of(o.observed_at) == day_of(r.observed_at) &&
                distance_m(o.point, r.point) <= options.merge_place_m) {
              into = i;
              why = fmt::format("same place (within {:g} m) and day", options.merge_place_m);
              break;
            }
          }
        }
      }
      if (into) ++report.merged_by_place;
    }
    if (into) {
      record_merge(pool.records[*into], r, why);
      if (absorb(pool.records[*into], r, pool, *into)) pool.changed[*into] = true;
      continue;
    }
    if (r.unsourced) ++report.unsourced;
    pool.add(std::move(r), false);
  }

  for (auto& r : pool.records) r.confidence = evidence_confidence(r);
  for (std::size_t i = 0; i < stored_count; ++i) {
    if (pool.changed[i]) FRONTLINE_CHECK(writer.update_evidence_sources(pool.records[i]));
  }
  std::span<EvidenceRecord> fresh(pool.records.data() + stored_count, pool.records.size() - stored_count);
  FRONTLINE_TRY(added, writer.add_evidence(fresh));
  report.added = added;
  report.stored_total = static_cast<std::int64_t>(pool.records.size());
  FRONTLINE_CHECK(writer.commit());
  return report;
}

}  // namespace frontline
