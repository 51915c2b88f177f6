// libFuzzer target: the evidence readers on arbitrary bytes. parse_evidence() picks its reader by
// the content (CSV of frontline's schema or of UAControlMap, WarSpotting and CIR; GeoJSON; a JSON
// array of Bellingcat events, with the input's tail as its export_sources.json; KML), and the CSV
// and KML layers are also run on their own, so every input reaches all three; so is the claims
// reader.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "io/claims_reader.hpp"
#include "io/csv.hpp"
#include "io/evidence_readers.hpp"
#include "io/kml_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frontline;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string_view sv(text);
  const std::size_t cut = sv.find('\x1e');  // record separator: what follows is the sibling file
  const std::string_view body = cut == std::string_view::npos ? sv : sv.substr(0, cut);
  const std::string_view sibling = cut == std::string_view::npos ? std::string_view{} : sv.substr(cut + 1);
  auto file = io::parse_evidence(body, "fuzz", sibling);
  if (!file) {
    if (file.error().code != ErrorCode::bad_input || file.error().message.empty()) __builtin_trap();
  } else {
    for (const auto& row : file->rows) {
      // Whatever is accepted lies on the grid, in range, with a key and a place in the input.
      if (row.record.key.empty() || row.where.empty()) __builtin_trap();
      if (row.record.observed_at < kEarliestTime || row.record.observed_at > kLatestTime) __builtin_trap();
      if (!(row.record.precision_m >= 0)) __builtin_trap();
    }
  }
  io::CsvLimits limits;
  limits.max_field_bytes = 4096;
  limits.max_fields = 64;
  limits.max_record_bytes = 16384;
  io::CsvReader csv(body, "fuzz", limits);
  for (int i = 0; i < 100000; ++i) {
    auto row = csv.next();
    if (!row) {
      if (row.error().message.empty()) __builtin_trap();
      break;
    }
    if (!*row) break;
    if ((*row)->size() > limits.max_fields) __builtin_trap();
  }
  // The claims reader (frontline's CSV and JSON, Wikipedia's table) shares the CSV layer.
  auto claims = io::parse_claims(body, "fuzz");
  if (!claims && claims.error().message.empty()) __builtin_trap();
  auto placemarks = io::read_kml_placemarks(body, "fuzz");
  if (!placemarks && placemarks.error().message.empty()) __builtin_trap();
  return 0;
}
