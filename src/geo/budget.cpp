#include "geo/budget.hpp"

#include <fmt/format.h>

#include <limits>

namespace frontline::geo {

namespace {

std::uint64_t left(std::uint64_t limit, std::uint64_t spent) {
  return spent >= limit ? 0 : limit - spent;
}

// A count that a limit stopped is only known to pass what was left.
std::string count(const EdgeLoad& load, std::uint64_t n, std::uint64_t room) {
  return load.complete ? grouped(n) : "more than " + grouped(room);
}

Error refuse(const std::string& what, const char* refused, std::uint64_t limit, const char* unit, std::uint64_t spent,
             const char* advice) {
  const std::string earlier = spent == 0 ? "" : fmt::format("; the file's earlier polygons used {}", grouped(spent));
  return make_error(ErrorCode::bad_input,
                    fmt::format("{}; frontline refuses to {} (limit: {} {} per file, which keeps the work "
                                "within seconds and memory{}); {}",
                                what, refused, grouped(limit), unit, earlier, advice));
}

}  // namespace

std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// One more than fits: a count that reaches it is over the limit. A check counts crossings without
// a limit (they are fewer than the pairs): a valid polygon's touching rings are no repair's work.
EdgeLoadLimits WorkBudget::room_for_check() const {
  return {left(limits_.pairs, spent_.pairs) + 1, std::numeric_limits<std::uint64_t>::max()};
}

EdgeLoadLimits WorkBudget::room_for_cut() const {
  return {left(limits_.pairs, spent_.pairs) + 1, left(limits_.crossings, spent_.crossings) + 1};
}

Result<void> WorkBudget::charge_check(const EdgeLoad& load) {
  const std::uint64_t room = left(limits_.pairs, spent_.pairs);
  if (!load.complete || load.pairs > room) {
    return refuse(fmt::format("its edges are too entangled to check: {} pairs of edges overlap in extent",
                              count(load, load.pairs, room)),
                  "check it", limits_.pairs, "pairs", spent_.pairs, "simplify the polygon");
  }
  spent_.pairs += load.pairs;
  return {};
}

Result<void> WorkBudget::charge_repair(const EdgeLoad& load) {
  const std::uint64_t self_room = left(limits_.self_crossings, spent_.self_crossings);
  if (!load.complete || load.self_crossings > self_room) {
    return refuse(fmt::format("a ring crosses itself {} times", count(load, load.self_crossings, self_room)),
                  "repair it", limits_.self_crossings, "self-crossings", spent_.self_crossings,
                  "redraw the polygon so that no ring crosses itself");
  }
  const std::uint64_t others = load.crossings - load.self_crossings;
  if (others > left(limits_.crossings, spent_.crossings)) {
    return refuse(fmt::format("its rings cross each other {} times", grouped(others)), "repair it", limits_.crossings,
                  "crossings", spent_.crossings, "redraw the polygon so that its holes lie inside its shell and apart");
  }
  spent_.self_crossings += load.self_crossings;
  spent_.crossings += others;
  return {};
}

Result<void> WorkBudget::charge_cut(const EdgeLoad& load) {
  return charge_overlay(load, "it crosses the polygons drawn before it", "cutting it by the polygons drawn before it",
                        "cut it by them");
}

Result<void> WorkBudget::charge_union(const EdgeLoad& load) {
  return charge_overlay(load, "the file's polygons cross each other", "their union", "union them");
}

Result<void> WorkBudget::charge_overlay(const EdgeLoad& load, const char* crossing, const char* overlay,
                                        const char* refused) {
  const std::uint64_t room = left(limits_.crossings, spent_.crossings);
  if (load.crossings > room) {
    return refuse(fmt::format("{} {} times", crossing, count(load, load.crossings, room)), refused, limits_.crossings,
                  "crossings", spent_.crossings, "redraw the polygons so that they do not cross each other so often");
  }
  const std::uint64_t pair_room = left(limits_.pairs, spent_.pairs);
  if (!load.complete || load.pairs > pair_room) {
    return refuse(fmt::format("{} would test {} pairs of edges that overlap in extent", overlay,
                              count(load, load.pairs, pair_room)),
                  refused, limits_.pairs, "pairs", spent_.pairs,
                  "merge the polygons drawn over the same ground, or split the file");
  }
  spent_.pairs += load.pairs;
  spent_.crossings += load.crossings;
  return {};
}

Result<void> WorkBudget::charge_cut_pair(std::uint64_t vertices) {
  if (spent_.cut_pairs >= limits_.cut_pairs) {
    return refuse(
        "it lies over too many polygons drawn before it: cutting the file's overlapping polygons by each "
        "other tests too many pairs of them",
        "cut it by them", limits_.cut_pairs, "pairs of polygons", spent_.cut_pairs,
        "merge the polygons drawn over the same ground, or split the file");
  }
  if (vertices > left(limits_.cut_vertices, spent_.cut_vertices)) {
    return refuse(
        "it lies over polygons drawn before it with too many vertices: cutting the file's overlapping "
        "polygons by each other handles too many vertices",
        "cut it by them", limits_.cut_vertices, "vertices", spent_.cut_vertices,
        "merge the polygons drawn over the same ground, or split the file");
  }
  ++spent_.cut_pairs;
  spent_.cut_vertices += vertices;
  return {};
}

}  // namespace frontline::geo
