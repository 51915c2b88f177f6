// Output helpers shared by the verbs: JSON documents (nlohmann_json) and aligned text tables.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontline/frontline.hpp"

namespace frontline::cli {

using json = nlohmann::ordered_json;

// Rounds to a fixed number of decimals so printed JSON is stable and readable.
double round_to(double v, int decimals);
json km2(double v);
json km2(const std::optional<double>& v);

json to_json(const AreaAt& a);
json to_json(const GainRow& g);

void print_json(const json& j);

// Rows of a series before the map's first version carry no figures; one note on stderr says so.
Result<void> note_empty_rows(const char* verb, const Store& store, std::string_view map, std::size_t empty_rows);

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print_text() const;
  void print_csv() const;
  void print(bool csv) const { csv ? print_csv() : print_text(); }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

std::string fmt_km2(double v);
std::string fmt_km2(const std::optional<double>& v);

}  // namespace frontline::cli
