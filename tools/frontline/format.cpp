#include "format.hpp"

#include <cstdio>

namespace frontline::cli {

void emit(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
}

void print_json(const json& j) {
  emit(j.dump(2) + "\n");
}

Result<void> note_empty_rows(const char* verb, const Store& store, std::string_view map, std::size_t empty_rows) {
  if (empty_rows == 0) return {};
  FRONTLINE_TRY(first, first_version_time(store, map));
  std::fprintf(stderr, "frontline %s: note: map '%.*s' starts at %s; %zu %s before it %s empty\n", verb,
               static_cast<int>(map.size()), map.data(), format_iso(first).c_str(), empty_rows,
               empty_rows == 1 ? "row" : "rows", empty_rows == 1 ? "is" : "are");
  return {};
}

}  // namespace frontline::cli
