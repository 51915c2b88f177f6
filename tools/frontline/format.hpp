// What the verbs share for output: writing a document to stdout, and the one stderr note of a
// series with empty rows. Documents themselves are written by the library (frontline/format.hpp).
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

#include "frontline/frontline.hpp"

namespace frontline::cli {

using json = nlohmann::ordered_json;

// Writes to stdout; a failed write is reported once, at exit (main.cpp checks stdout).
void emit(std::string_view text);
void print_json(const json& j);

// Rows of a series before the map's first version carry no figures; one note on stderr says so.
Result<void> note_empty_rows(const char* verb, const Store& store, std::string_view map, std::size_t empty_rows);

}  // namespace frontline::cli
