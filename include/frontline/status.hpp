// The control statuses frontline measures. A map version assigns each point of Ukraine at most one
// status. occupied_total is derived (occupied ∪ occupied_before_2022) for maps that carry both, and
// stored as such by series that publish only the total (the daily occupied-area series).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace frontline {

enum class Status : std::uint8_t {
  occupied_before_2022 = 0,  // Crimea, Sevastopol, ORDLO ("CADR and CALR"), Tuzla
  occupied = 1,              // occupied since 24 February 2022
  contested = 2,             // DeepState's grey "unknown status"
  liberated = 3,             // taken back by Ukraine (incl. "recently liberated")
  occupied_total = 4,        // derived: occupied ∪ occupied_before_2022
};

inline constexpr int kStatusCount = 5;

// Where a source marks the same ground with two statuses, the earlier one in this list wins
// (docs/model.md explains why). occupied_total never overlaps the others: it is derived or alone.
inline constexpr std::array<Status, 4> kPrecedence = {Status::occupied_before_2022, Status::occupied, Status::contested,
                                                      Status::liberated};

inline constexpr std::array<Status, 5> kAllStatuses = {Status::occupied_before_2022, Status::occupied,
                                                       Status::contested, Status::liberated, Status::occupied_total};

constexpr std::string_view to_string(Status s) noexcept {
  switch (s) {
    case Status::occupied_before_2022:
      return "occupied_before_2022";
    case Status::occupied:
      return "occupied";
    case Status::contested:
      return "contested";
    case Status::liberated:
      return "liberated";
    case Status::occupied_total:
      return "occupied_total";
  }
  return "?";
}

constexpr std::optional<Status> status_from_string(std::string_view s) noexcept {
  for (Status st : kAllStatuses) {
    if (to_string(st) == s) return st;
  }
  return std::nullopt;
}

constexpr bool counts_as_occupied(Status s) noexcept {
  return s == Status::occupied || s == Status::occupied_before_2022 || s == Status::occupied_total;
}

}  // namespace frontline
