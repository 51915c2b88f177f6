#include "io/csv.hpp"

#include "base/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace frontline::io {

CsvReader::CsvReader(std::string_view text, std::string name, CsvLimits limits)
    : text_(text), name_(std::move(name)), limits_(limits) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

Result<std::optional<std::vector<std::string>>> CsvReader::next() {
  // Skip blank lines (a lone \n or \r\n) between records.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return std::optional<std::vector<std::string>>{};
  record_line_ = line_;
  const std::size_t start = pos_;
  std::vector<std::string> fields;
  std::string field;
  auto fail = [&](std::string_view what) {
    return make_error(ErrorCode::bad_input, fmt::format("{}:{}: {}", name_, record_line_, what));
  };
  for (;;) {
    field.clear();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      ++pos_;
      for (;;) {
        if (pos_ >= text_.size()) {
          return fail("a quoted field is not closed before the end of the file (a missing '\"')");
        }
        const char c = text_[pos_++];
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            field += '"';
            ++pos_;
            continue;
          }
          break;
        }
        if (c == '\n') ++line_;
        field += c;
        if (field.size() > limits_.max_field_bytes) {
          return fail(fmt::format("a field is longer than {} bytes", limits_.max_field_bytes));
        }
      }
      if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
        return fail("characters after a quoted field's closing quote (a quote inside a field must be doubled)");
      }
    } else {
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
        field += text_[pos_++];
        if (field.size() > limits_.max_field_bytes) {
          return fail(fmt::format("a field is longer than {} bytes", limits_.max_field_bytes));
        }
      }
    }
    fields.push_back(field);
    if (fields.size() > limits_.max_fields) return fail(fmt::format("more than {} fields", limits_.max_fields));
    if (pos_ - start > limits_.max_record_bytes) {
      return fail(fmt::format("a record is longer than {} bytes", limits_.max_record_bytes));
    }
    if (pos_ >= text_.size()) break;
    const char c = text_[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    // End of record: \n, \r\n or a lone \r.
    ++pos_;
    if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    ++line_;
    break;
  }
  return std::optional<std::vector<std::string>>(std::move(fields));
}

CsvHeader::CsvHeader(std::vector<std::string> names) : names_(std::move(names)) {
  for (auto& n : names_) n = ascii_lower(trim(n));
}

std::optional<std::size_t> CsvHeader::find(std::string_view name) const {
  const std::string key = ascii_lower(trim(name));
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == key) return i;
  }
  return std::nullopt;
}

}  // namespace frontline::io
