// KML placemarks as evidence (GeoConfirmed's exports; docs/evidence.md says how each field is
// read). Parsed with Debian's expat, a streaming parser: nothing but the placemark being read is
// held, and a document's nesting, its entities and its size are bounded.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "frontline/error.hpp"
#include "io/evidence_readers.hpp"

namespace frontline::io {

struct KmlPlacemark {
  std::string name, description, style_url, when, id;
  std::vector<std::string> folders;                       // the names of the folders it is in, outermost first
  std::vector<std::pair<std::string, std::string>> data;  // ExtendedData <Data name=...><value>
  std::string coordinates;                                // of its Point ("lon,lat[,alt]")
  std::size_t line = 0;
};

// Every placemark with a Point, in document order. bad_input for XML that is not well formed (with
// its line), a document nested deeper than 64 elements, or an entity declaration (refused outright:
// KML needs none, and they are how XML bombs expand).
Result<std::vector<KmlPlacemark>> read_kml_placemarks(std::string_view text, const std::string& name);

Result<EvidenceFile> parse_kml(std::string_view text, const std::string& name);

}  // namespace frontline::io
