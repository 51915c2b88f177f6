// An evidence record and its vocabulary: plain types, shared by the store and the evidence
// functions (frontline/evidence.hpp). docs/evidence.md has the schema.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontline/coordinate.hpp"
#include "frontline/geometry.hpp"
#include "frontline/time.hpp"

namespace frontline {

// Whose presence a record shows (not who filmed it): a Russian position filmed by a Ukrainian
// drone is russian.
enum class Side : std::uint8_t { russian = 0, ukrainian = 1, unknown = 2 };
const char* to_string(Side s) noexcept;
// "russian", "ru", "rus", "russia"; "ukrainian", "ua", "ukr", "ukraine"; "unknown", "": nullopt otherwise.
std::optional<Side> side_from_string(std::string_view s) noexcept;

enum class EvidenceKind : std::uint8_t {
  combat_footage = 0,
  strike = 1,
  position = 2,
  loss = 3,
  tip = 4,
  official_statement = 5,
  event = 6,  // an incident recorded without saying more (CIR, Bellingcat)
};
const char* to_string(EvidenceKind k) noexcept;
std::optional<EvidenceKind> evidence_kind_from_string(std::string_view s) noexcept;

enum class TimePrecision : std::uint8_t { exact = 0, day = 1, week = 2 };
const char* to_string(TimePrecision p) noexcept;
std::optional<TimePrecision> time_precision_from_string(std::string_view s) noexcept;

struct EvidenceRecord {
  std::int64_t id = 0;  // the store's (0 before it is stored)
  // Unique in the store: "<dataset>:<the source's id>", or a hash of the record's fields where
  // the source has no id. Importing the same record again finds it by this key.
  std::string key;
  std::string dataset;  // owlmaps, warspotting, cir, bellingcat, geoconfirmed, csv, geojson
  Timestamp observed_at;
  TimePrecision time_precision = TimePrecision::day;
  FixedCoordinate point;
  double precision_m = 0;  // radius within which the place is known
  Side side = Side::unknown;
  EvidenceKind kind = EvidenceKind::combat_footage;
  std::vector<std::string> sources;  // URLs of the original material
  std::string geolocation;           // URL of the geolocation (proof of place), if any
  std::string unit;
  std::string text;
  bool unsourced = false;  // imported without a source (--allow-unsourced)
  double confidence = 0;   // evidence_confidence()
};

// 0..1, the product of three factors (docs/evidence.md): place (precision_m: ≤ 100 m 1.0,
// ≤ 1 km 0.8, ≤ 5 km 0.5, more 0.25), time (exact 1.0, day 0.9, week 0.6) and independent sources
// (the distinct web sites among sources and the geolocation link: 0 → 0.2, 1 → 0.6, 2 → 0.85,
// 3 or more → 1.0).
double evidence_confidence(const EvidenceRecord& r);
// The distinct sites ("twitter.com" and "x.com" are one; "www." and "mobile." dropped).
std::size_t independent_sources(const EvidenceRecord& r);
// A URL as compared for de-duplication: scheme and host lower-case, x.com for twitter.com,
// tracking queries (?s=, ?t=, utm_*) and a trailing slash dropped.
std::string normalize_source_url(std::string_view url);

// Which records a read returns: observed_at in [from, to], in a box, of a side or dataset.
struct EvidenceFilter {
  std::optional<Timestamp> from, to;
  std::optional<BBox> bbox;
  std::optional<Side> side;
  std::optional<std::string> dataset;
};

}  // namespace frontline
