// A CSV reader (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks).
//
// Written here rather than read through GDAL's CSV driver because error messages must name the
// line a record starts on (a quoted description spans several), and a field or a record must be
// bounded before it is held in memory; GDAL's driver gives neither.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontline/error.hpp"

namespace frontline::io {

struct CsvLimits {
  std::size_t max_field_bytes = 1 << 20;  // 1 MiB
  std::size_t max_fields = 1024;
  std::size_t max_record_bytes = 4 << 20;  // 4 MiB
};

class CsvReader {
 public:
  // `text` must outlive the reader; `name` is the file as messages name it.
  CsvReader(std::string_view text, std::string name, CsvLimits limits = {});

  // The next record, or nullopt at the end. bad_input for an unterminated quote, a quote inside
  // an unquoted field, or a record past the limits. A leading UTF-8 byte order mark is skipped;
  // blank lines are skipped.
  Result<std::optional<std::vector<std::string>>> next();
  // The line the record last returned starts on (1-based).
  std::size_t line() const { return record_line_; }

 private:
  std::string_view text_;
  std::string name_;
  CsvLimits limits_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
};

// A header row as a lookup: the index of a column by name (case-insensitive, trimmed).
class CsvHeader {
 public:
  explicit CsvHeader(std::vector<std::string> names);
  std::optional<std::size_t> find(std::string_view name) const;
  bool has(std::string_view name) const { return find(name).has_value(); }
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
};

}  // namespace frontline::io
