// DeepState's status labels, in all three naming eras (see docs/deepstate.md):
//   2022:     Ukrainian free text ("Окуповано", "Звільнено 25.03", "Під питанням", "ОРДЛО", ...)
//   2022-24:  "uk /// en" pairs ("Окуповано /// Occupied", "... /// Unknown status")
//   2024 on:  "uk /// en /// geoJSON.<key>" (status.occupied, status.dismissed_at {{at:DD.MM}}, ...)
// and the fill colour as the fallback where a label names no status. Pure string logic.
#pragma once

#include <string>
#include <string_view>

#include "frontline/status.hpp"

namespace frontline::io {

enum class LabelRule { key, english, ukrainian, fill };
const char* to_string(LabelRule rule) noexcept;

struct Classification {
  enum class Kind { status, foreign, unclassified };
  Kind kind = Kind::unclassified;
  Status status = Status::occupied;  // when kind == status
  LabelRule rule = LabelRule::fill;  // which rule decided
};

// Collapses U+00A0, newlines and runs of spaces to one space and trims.
std::string normalize_label(std::string_view name);

Classification classify_deepstate(std::string_view name, std::string_view fill);

}  // namespace frontline::io
