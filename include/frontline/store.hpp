// The embedded store: one SQLite file holding several named maps, each a sequence of versions.
//
// Storage grows with change: a ring (closed line of grid coordinates) is stored once, under its
// content hash, with its geodesic area and perimeter; a version's status layer is a list of
// polygons given as ring ids. Consecutive versions share almost all rings, so the full DeepState
// history of 1,359 versions stores only its distinct rings, and a version's areas are sums of
// cached ring areas. Layer totals are computed once, at import, so "as of T" is one indexed read.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/evidence_record.hpp"
#include "frontline/geometry.hpp"
#include "frontline/place.hpp"
#include "frontline/status.hpp"
#include "frontline/time.hpp"

namespace frontline {

struct Claim;  // frontline/claims.hpp

using VersionId = std::int64_t;
using RingId = std::int64_t;

struct LayerSummary {
  Status status = Status::occupied;
  double area_m2 = 0;
  double perimeter_m = 0;
  double overlap_m2 = 0;  // ground the source also gave a higher-precedence status
  // The part on a neighbour's land (docs/model.md, "Borders"); nullopt in a store of schema 5 or
  // older read without migrating it.
  std::optional<double> outside_m2;
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
  // The part of that area on a neighbour's land, derived the same way; nullopt when the status is
  // absent or the store predates the split (schema 5 and older, read without migrating).
  std::optional<double> outside_m2(Status s) const;
  // In Ukraine (land and water): area_m2 minus outside_m2 (area_m2 where the split is unknown).
  std::optional<double> in_ukraine_m2(Status s) const;
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

class StoreWriter;

// Opening a store. Readers never write: they open the file read-only, create no schema and leave
// no -journal, -wal or -shm files, so a store on a read-only medium answers. Writers take the
// store in turn: a write transaction waits up to `wait` for another process's to finish.
struct WriteOptions {
  bool create = false;  // create the file (with the current schema) when it does not exist
  std::chrono::milliseconds wait{std::chrono::seconds(60)};
};

// A store is safe to share between threads: each read takes a connection of its own from a small
// pool, and the decoded-geometry cache is bounded and locked (docs/architecture.md).
class Store {
 public:
  // For reading: not_found when the file does not exist, bad_input when it is not a frontline
  // store (the file is left byte-identical), conflict when a newer frontline wrote it.
  static Result<Store> open_read_only(const std::filesystem::path& path);
  // For writing: migrates a store of an older schema to the current one first.
  static Result<Store> open_for_writing(const std::filesystem::path& path, const WriteOptions& options = {});

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  const std::filesystem::path& path() const;
  // The schema of the file as opened (3 for an unmigrated store of the first release).
  int schema() const;

  Result<std::vector<std::string>> maps() const;
  // The map a command means when the user names none: the only one, or "deepstate".
  Result<std::string> default_map() const;

  // Every version of a map in time order. A listing shorter than the store's own count of the
  // map's versions is damage, reported as such, never a silent subset.
  Result<std::vector<VersionInfo>> versions(std::string_view map) const;
  Result<std::optional<VersionInfo>> version_at(std::string_view map, Timestamp t) const;
  Result<std::optional<VersionInfo>> version_by_time(std::string_view map, Timestamp t) const;
  Result<std::vector<StoredPolygon>> polygons(VersionId version) const;
  // The same, for a reader that walks many versions: the boxes of rings read before are taken
  // from `boxes`, and those read now are added to it.
  using RingBoxes = std::unordered_map<RingId, BBox>;
  Result<std::vector<StoredPolygon>> polygons(VersionId version, RingBoxes& boxes) const;
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
  Result<std::optional<double>> reference_area_m2(std::string_view name) const;

  // The gazetteer (frontline/place.hpp). A store without one answers false, and no places.
  Result<bool> has_places() const;
  // Places one of whose names has this key (name_key()), in id order.
  Result<std::vector<Place>> places_by_key(std::string_view key) const;
  // Every key with the place it names: what "did you mean" searches.
  Result<std::vector<std::pair<std::string, std::int64_t>>> place_keys() const;
  Result<std::optional<Place>> place(std::int64_t id) const;
  // Places of a kind (all places when nullopt), in id order.
  Result<std::vector<Place>> places(std::optional<PlaceKind> kind) const;
  Result<MultiPolygon> place_geometry(std::int64_t id) const;

  // Evidence (frontline/evidence.hpp), in time order; none in a store without it.
  Result<std::vector<EvidenceRecord>> evidence(const EvidenceFilter& filter = {}) const;
  Result<std::int64_t> evidence_count() const;
  // The claims registry (frontline/claims.hpp), by claimed_at; none in a store without it.
  Result<std::vector<Claim>> claims() const;

  // Writing: one transaction (conflict when another writer holds the store past options' wait).
  Result<StoreWriter> begin_write();
  Result<std::int64_t> file_bytes() const;

  struct Impl;

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One write transaction. Nothing it writes is visible to others, or left behind, until commit():
// destroying an uncommitted writer (an error, a crash, kill -9) leaves the store as it was.
class StoreWriter {
 public:
  StoreWriter(StoreWriter&&) noexcept;
  StoreWriter& operator=(StoreWriter&&) noexcept;
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;
  ~StoreWriter();

  // The versions of a map as this transaction sees them (empty when the map does not exist).
  Result<std::vector<VersionInfo>> versions(std::string_view map);
  // Returns the number of rings that were new to the store.
  Result<std::int64_t> add_version(std::string_view map, const NewVersion& version);
  Result<void> set_reference(std::string_view name, double area_m2, std::string_view source);
  // Replaces every place but the users' own with these; returns how many were written.
  Result<std::int64_t> replace_gazetteer(std::span<const NewPlace> places);
  // A user's place; returns its id. A place is found by the name_key() of each of its names.
  Result<std::int64_t> add_place(const NewPlace& place);
  // Removes a user's place; false when there is none with that id (gazetteer places are not removed).
  Result<bool> remove_place(std::int64_t id);
  // Evidence as this transaction sees it; adding sets the records' ids.
  Result<std::vector<EvidenceRecord>> evidence(const EvidenceFilter& filter = {});
  Result<std::int64_t> add_evidence(std::span<EvidenceRecord> records);
  Result<void> update_evidence_sources(const EvidenceRecord& record);
  // Claims whose key is not stored yet (ids set on all); returns how many were added.
  Result<std::int64_t> add_claims(std::span<Claim> claims);
  Result<void> commit();

  struct State;

 private:
  friend class Store;
  explicit StoreWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace frontline
