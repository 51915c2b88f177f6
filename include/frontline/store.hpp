// The embedded store: one SQLite file holding several named maps, each a sequence of versions.
//
// Storage grows with change: a ring (closed line of grid coordinates) is stored once, under its
// content hash, with its geodesic area and perimeter; a version's status layer is a list of
// polygons given as ring ids. Consecutive versions share almost all rings, so the full DeepState
// history of 1,359 versions stores only its distinct rings, and a version's areas are sums of
// cached ring areas. Layer totals are computed once, at import, so "as of T" is one indexed read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/geometry.hpp"
#include "frontline/status.hpp"
#include "frontline/time.hpp"

namespace frontline {

using VersionId = std::int64_t;
using RingId = std::int64_t;

struct LayerSummary {
  Status status = Status::occupied;
  double area_m2 = 0;
  double perimeter_m = 0;
  double overlap_m2 = 0;  // ground the source also gave a higher-precedence status
  std::int64_t polygons = 0;
  std::int64_t vertices = 0;
};

struct VersionInfo {
  VersionId id = 0;
  std::string map;
  Timestamp time;
  std::string source_id;           // e.g. the DeepState version id or the source file name
  std::uint64_t content_hash = 0;  // of the stored layers
  std::uint64_t source_hash = 0;   // of the classified source polygons: re-imports skip resolving
  std::int64_t vertices = 0;
  std::vector<LayerSummary> layers;  // only the statuses the source carries

  const LayerSummary* layer(Status s) const;
  // Area of a status in m²; occupied_total is derived from occupied + occupied_before_2022 when
  // the version does not carry it. nullopt when the version has no such status.
  std::optional<double> area_m2(Status s) const;
};

// A polygon of a stored layer, by the ids of its rings (outer first): equal ids mean equal
// geometry, which is what makes change detection between versions cheap.
struct StoredPolygon {
  Status status = Status::occupied;
  std::vector<RingId> rings;
  BBox bbox;
  friend bool operator==(const StoredPolygon&, const StoredPolygon&) = default;
};

// What the importer hands the store for one new version.
struct NewRing {
  std::uint64_t hash = 0;
  const Ring* ring = nullptr;
  double area_m2 = 0;
  double perimeter_m = 0;
};
struct NewLayer {
  LayerSummary summary;
  std::vector<std::vector<std::size_t>> polygons;  // indexes into NewVersion::rings
};
struct NewVersion {
  Timestamp time;
  std::string source_id;
  std::uint64_t content_hash = 0;
  std::uint64_t source_hash = 0;
  std::int64_t vertices = 0;
  std::string report_json;
  std::vector<NewRing> rings;
  std::vector<NewLayer> layers;
};

class Store {
 public:
  // Opens (and creates, with the current schema) a store file.
  static Result<Store> open(const std::filesystem::path& path);
  // Opens an existing store read-only; not_found when the file does not exist.
  static Result<Store> open_existing(const std::filesystem::path& path);

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  const std::filesystem::path& path() const;

  Result<std::vector<std::string>> maps() const;
  // The map a command means when the user names none: the only one, or "deepstate".
  Result<std::string> default_map() const;

  Result<std::vector<VersionInfo>> versions(std::string_view map) const;
  Result<std::optional<VersionInfo>> version_at(std::string_view map, Timestamp t) const;
  Result<std::optional<VersionInfo>> version_by_time(std::string_view map, Timestamp t) const;
  Result<std::vector<StoredPolygon>> polygons(VersionId version) const;
  // The import report of one version (JSON: polygons per status, exclusions, repairs, overlaps).
  Result<std::string> version_report(VersionId version) const;
  Result<Ring> ring(RingId id) const;
  // A ring as the runs of vertices it is stored as (content-defined, shared between versions),
  // and one run's vertices. Runs present in two versions mark boundary that did not change.
  Result<std::vector<std::int64_t>> ring_runs(RingId id) const;
  Result<Ring> run(std::int64_t run_id) const;
  Result<MultiPolygon> geometry(std::span<const StoredPolygon> polygons) const;
  Result<MultiPolygon> layer_geometry(VersionId version, Status status) const;

  // Reference areas (e.g. "ukraine" for share_of_ukraine) with where they came from.
  Result<void> set_reference(std::string_view name, double area_m2, std::string_view source);
  Result<std::optional<double>> reference_area_m2(std::string_view name) const;

  // Writing (the import layer). Each add_version is one transaction: a crash leaves the store
  // as it was after the last complete version.
  // Returns the number of rings that were new to the store.
  Result<std::int64_t> add_version(std::string_view map, const NewVersion& version);
  Result<std::int64_t> file_bytes() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  Result<std::int64_t> add_version_tx(std::string_view map, const NewVersion& version);
  std::unique_ptr<Impl> impl_;
};

}  // namespace frontline
