// Readers of claims files: frontline's CSV and JSON schema (docs/claims.md) and Wikipedia's
// town-control table as archived by vi-enne/controlCitiesUkraine, whose free text carries the
// claims ("Claimed by a Russian source on 10 June 2024."). Places stay names here; the importer
// finds them in the gazetteer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontline/claims.hpp"
#include "frontline/error.hpp"

namespace frontline::io {

struct ClaimRow {
  Claim claim;
  std::string where;                    // "file:12", "file: claim 3"
  std::string oblast;                   // narrows the place's name, when given
  std::optional<FixedCoordinate> near;  // Wikipedia's coordinates: which of several same-named places
};

struct ClaimsFile {
  std::string dataset;
  std::vector<ClaimRow> rows;
  std::int64_t skipped = 0;  // Wikipedia rows whose text holds no dated claim
};

Result<ClaimsFile> parse_claims(std::string_view text, const std::string& name);

// "Claimed by a Russian source on 10 June 2024." and the other dated forms of the table: the
// claim's kind, side, actor and time; nullopt for text that is not one.
struct WikipediaClaim {
  ClaimWhat what = ClaimWhat::captured;
  Side side = Side::russian;
  std::string actor;
  Timestamp at;
};
std::optional<WikipediaClaim> wikipedia_claim(std::string_view text, int snapshot_year);

}  // namespace frontline::io
