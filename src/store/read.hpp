// Reading the store's tables over one connection: shared by the store's readers (a pooled
// connection each), its writer (inside the write transaction) and the checker. Every read that
// meets damage (a missing row, a blob that does not decode or does not match its hash, a version
// count that does not add up) fails with store::damaged; none returns a silent subset.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "frontline/store.hpp"
#include "store/connection.hpp"

namespace frontline::store {

struct MapRow {
  std::int64_t id = 0;
  std::int64_t versions = -1;  // the count the writer recorded; -1 in schema 3 stores
};
Result<std::optional<MapRow>> find_map(Connection& c, int schema, std::string_view name);

enum class Which { all, at_or_before, exactly };
// Versions of a map with their layer summaries. `all` checks the count against the map's record.
Result<std::vector<VersionInfo>> read_versions(Connection& c, int schema, std::string_view map, const MapRow& row,
                                               Which which, Timestamp t = {});

// A ring's row, checked against its checksum: its box and its runs.
struct RingRowRead {
  BBox bbox;
  std::vector<std::int64_t> runs;
};
Result<RingRowRead> read_ring_row(Connection& c, int schema, RingId id);

// `boxes`, when given, holds the boxes of outer rings already read (and gains those read now):
// readers that walk a history read each ring's row once.
Result<std::vector<StoredPolygon>> read_polygons(Connection& c, int schema, VersionId version,
                                                 std::unordered_map<RingId, BBox>* boxes = nullptr);
Result<std::string> read_version_report(Connection& c, VersionId version);
Result<std::vector<std::int64_t>> read_ring_runs(Connection& c, int schema, RingId id);
// Appends the run's vertices to `out`, after checking them against the run's content hash.
// `cache` may be null (the writer and the checker read without it).
Result<void> append_run(Connection& c, ChunkCache* cache, std::int64_t run_id, Ring& out);
Result<Ring> read_ring(Connection& c, int schema, ChunkCache* cache, RingId id);

}  // namespace frontline::store
