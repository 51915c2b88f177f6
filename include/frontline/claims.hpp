// Claims: who said what about which place, and when ("the city is fully captured"), kept in the
// store as a registry and judged against the map and the evidence. docs/claims.md has the schema,
// the Wikipedia import and the rules of each verdict.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "frontline/error.hpp"
#include "frontline/evidence_record.hpp"
#include "frontline/geometry.hpp"
#include "frontline/place.hpp"
#include "frontline/store.hpp"
#include "frontline/time.hpp"

namespace frontline {

enum class ClaimWhat : std::uint8_t { captured = 0, liberated = 1, entered = 2, encircled = 3, advanced = 4 };
const char* to_string(ClaimWhat w) noexcept;
std::optional<ClaimWhat> claim_what_from_string(std::string_view s) noexcept;

struct Claim {
  std::int64_t id = 0;        // the store's (0 for a claim read from a file and not stored)
  std::string key;            // unique: "<dataset>:<id>" ("csv:ru-mod-2025-12-01", "wikipedia:Andriivka:2024-06-10")
  std::string dataset;        // csv, json, cli, wikipedia
  std::string actor;          // "Russian Ministry of Defence", "a Russian source"
  Side side = Side::russian;  // the side that claims (the claimant)
  Timestamp claimed_at;
  ClaimWhat what = ClaimWhat::captured;
  std::optional<double> advanced_km;     // what == advanced
  std::string place;                     // as written in the claim
  std::optional<std::int64_t> place_id;  // the gazetteer's place it names
  std::optional<MultiPolygon> polygon;   // or the ground it names
  std::string source_url;
  std::string quote;
};

// ---- the registry ----
struct ClaimsImportReport {
  std::vector<std::string> files;
  std::int64_t read = 0, added = 0, already_stored = 0;
  std::int64_t skipped = 0;           // Wikipedia rows whose text is no dated claim
  std::int64_t unresolved = 0;        // Wikipedia towns not found in the gazetteer (left out)
  std::vector<std::string> warnings;  // the first 50
  std::int64_t stored_total = 0;
};
// Reads claims (frontline's CSV or JSON, or Wikipedia's town-control table, recognised by its
// header) and resolves their places in the store's gazetteer. A claim of frontline's schema whose
// place is not found refuses the file (bad_input naming the line and the nearest names); a
// Wikipedia town that is not found is left out and counted.
Result<std::vector<Claim>> read_claims(const Store& store, const std::filesystem::path& file,
                                       ClaimsImportReport* report = nullptr);
// Stores them in one transaction; a claim whose key is stored is left as it is.
Result<ClaimsImportReport> import_claims(Store& store, std::span<const std::filesystem::path> files);
Result<Claim> add_claim(Store& store, Claim claim);

// ---- verdicts ----
enum class Verdict : std::uint8_t {
  supported = 0,
  partly_supported = 1,
  not_supported = 2,
  contradicted = 3,
  unverifiable = 4,
  pending = 5,
};
const char* to_string(Verdict v) noexcept;  // "supported", "partly supported", ...

struct ClaimsCheckOptions {
  int grace_days = 14;
  std::optional<Timestamp> now;  // when the grace period of a recent claim is still running (the clock)
};

struct ClaimFigures {
  double place_km2 = 0;
  std::optional<double> share_at_claim;     // the claimant's share as of claimed_at
  std::optional<double> max_share;          // the largest within the grace period
  std::optional<std::string> max_share_at;  // the version's time
  std::optional<double> share_at_end;       // as of the end of the grace period (or the last version)
  std::optional<double> grey_share_at_end;
  std::size_t versions = 0;             // in the grace period
  std::size_t evidence_other_side = 0;  // inside the place within the grace period
  std::size_t evidence_claimant_side = 0;
  std::optional<std::string> first_evidence_against;  // "2025-12-03 (id 123)"
};

struct ClaimVerdict {
  Claim claim;
  std::optional<Place> place;
  Verdict verdict = Verdict::unverifiable;
  ClaimFigures figures;
  std::string explanation;
};

// Judges each claim against the map (the claimant's share of the place) and the evidence (the
// other side seen inside it) over the grace period after claimed_at (docs/claims.md).
Result<std::vector<ClaimVerdict>> check_claims(const Store& store, std::string_view map, std::span<const Claim> claims,
                                               const ClaimsCheckOptions& options = {});

}  // namespace frontline

namespace frontline {

// ---- a claimed layer against the map (ISW's daily "Russian claimed" and "Ukrainian claimed") ----
// Per date of the layer: the ground claimed (the union of that date's polygons) and the part of it
// the map does not show held by the claimant as of the end of that day: for Russia's claims, what
// is not occupied; for Ukraine's, what is occupied or grey.
struct ClaimedLayerDay {
  std::string date;  // as the layer gives it (2022-04-01)
  std::optional<VersionInfo> version;
  std::size_t polygons = 0;
  double claimed_km2 = 0;
  std::optional<double> not_shown_km2;  // nullopt without a version as of that day
  MultiPolygon not_shown;               // with keep_geometry
};
struct ClaimedLayerOptions {
  Side side = Side::russian;  // whose claims the layer holds
  std::string date_property = "date";
  std::optional<Timestamp> from, to;  // dates in [from, to]
  bool keep_geometry = false;
};
Result<std::vector<ClaimedLayerDay>> claimed_layer_against_map(const Store& store, std::string_view map,
                                                               const std::filesystem::path& layer,
                                                               const ClaimedLayerOptions& options = {});

}  // namespace frontline
