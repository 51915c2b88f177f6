// What a request's headers negotiate: the content coding an answer goes out in (Accept-Encoding)
// and whether the client's copy is still good (If-None-Match). Pure functions over header text,
// tested and fuzzed without sockets.
#pragma once

#include <string_view>

namespace frontline::server {

struct AcceptedCodings {
  bool gzip = false;
  bool zstd = false;
};

// RFC 9110 §12.5.3: a comma-separated list of codings, each with an optional weight `;q=`; a weight
// of 0 refuses a coding, `*` stands for every coding the list does not name, and `x-gzip` is gzip.
// Malformed elements are skipped (a client's mistake must not cost it the answer). Linear in the
// header's length.
AcceptedCodings accepted_codings(std::string_view header) noexcept;

enum class Coding { identity, gzip, zstd };

// The coding an answer goes out in, given what the client accepts and which compressed bodies
// exist: zstd before gzip (smaller and cheaper to decode), identity when neither applies.
Coding choose_coding(const AcceptedCodings& accepted, bool have_gzip, bool have_zstd) noexcept;

// RFC 9110 §13.1.2: whether `etag` (a strong one, quoted) is among those of an If-None-Match
// header: `*`, or a comma-separated list of entity tags compared weakly (a `W/` prefix ignored).
bool none_match_hits(std::string_view if_none_match, std::string_view etag) noexcept;

}  // namespace frontline::server
