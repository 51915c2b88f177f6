// The claims registry. Like the gazetteer's and the evidence's, its table is created by the first
// write of claims; a reader of a store without it finds none.
#include "store/claims.hpp"

#include <fmt/format.h>

#include "store/checksum.hpp"
#include "store/codec.hpp"
#include "store/impl.hpp"

namespace frontline::store {

namespace {

constexpr const char* kClaimTable = R"sql(
CREATE TABLE IF NOT EXISTS claim(
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  dataset TEXT NOT NULL,
  actor TEXT NOT NULL,
  side INTEGER NOT NULL,
  claimed_at INTEGER NOT NULL,
  what INTEGER NOT NULL,
  advanced_km REAL,
  place TEXT NOT NULL,
  place_id INTEGER,
  polygon BLOB,
  source_url TEXT NOT NULL,
  quote TEXT NOT NULL,
  checksum INTEGER NOT NULL);
)sql";

constexpr const char* kColumns =
    "id, key, dataset, actor, side, claimed_at, what, advanced_km, place, place_id, polygon, source_url, quote, "
    "checksum";

std::int64_t claim_checksum(const Claim& c, std::span<const std::uint8_t> polygon) {
  Checksum s;
  s.add(c.id)
      .add(c.key)
      .add(c.dataset)
      .add(c.actor)
      .add(static_cast<std::int64_t>(c.side))
      .add(c.claimed_at.seconds)
      .add(static_cast<std::int64_t>(c.what))
      .add(c.advanced_km.value_or(-1.0))
      .add(c.place)
      .add(c.place_id.value_or(-1))
      .add(polygon)
      .add(c.source_url)
      .add(c.quote);
  return s.value();
}

Error damaged(const std::string& path, std::int64_t id) {
  return make_error(ErrorCode::io, fmt::format("the store {} is damaged (claim {} does not match its checksum); run "
                                               "`frontline check --store {}`",
                                               path, id, path));
}

}  // namespace

Result<std::int64_t> insert_claims(Connection& c, std::span<Claim> claims) {
  if (claims.empty()) return 0;
  FRONTLINE_CHECK(c.db().exec(kClaimTable));
  FRONTLINE_TRY(next, c.db().query_int("SELECT coalesce(max(id), 0) + 1 FROM claim"));
  FRONTLINE_TRY(exists, c.stmt("SELECT id FROM claim WHERE key = ?"));
  FRONTLINE_TRY(
      ins, c.stmt(fmt::format("INSERT INTO claim({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kColumns)));
  std::int64_t added = 0;
  for (auto& cl : claims) {
    exists->bind(1, std::string_view(cl.key));
    FRONTLINE_TRY(found, exists->step());
    if (found) {
      cl.id = exists->int64(0);
      exists->reset();
      continue;
    }
    exists->reset();
    cl.id = next++;
    const std::vector<std::uint8_t> polygon =
        cl.polygon ? encode_multipolygon(*cl.polygon) : std::vector<std::uint8_t>{};
    ins->bind(1, cl.id)
        .bind(2, std::string_view(cl.key))
        .bind(3, std::string_view(cl.dataset))
        .bind(4, std::string_view(cl.actor))
        .bind(5, static_cast<std::int64_t>(cl.side))
        .bind(6, cl.claimed_at.seconds)
        .bind(7, static_cast<std::int64_t>(cl.what));
    if (cl.advanced_km) {
      ins->bind(8, *cl.advanced_km);
    } else {
      ins->bind_null(8);
    }
    ins->bind(9, std::string_view(cl.place));
    if (cl.place_id) {
      ins->bind(10, *cl.place_id);
    } else {
      ins->bind_null(10);
    }
    if (cl.polygon) {
      ins->bind_blob(11, polygon);
    } else {
      ins->bind_null(11);
    }
    ins->bind(12, std::string_view(cl.source_url))
        .bind(13, std::string_view(cl.quote))
        .bind(14, claim_checksum(cl, polygon));
    FRONTLINE_CHECK(ins->run());
    ++added;
  }
  return added;
}

Result<std::vector<Claim>> query_claims(Connection& c) {
  FRONTLINE_TRY(n, c.db().query_int("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'claim'"));
  if (n == 0) return std::vector<Claim>{};
  FRONTLINE_TRY(st, c.stmt(fmt::format("SELECT {} FROM claim ORDER BY claimed_at, id", kColumns)));
  std::vector<Claim> out;
  for (;;) {
    FRONTLINE_TRY(row, st->step());
    if (!row) break;
    Claim cl;
    cl.id = st->int64(0);
    cl.key = st->text(1);
    cl.dataset = st->text(2);
    cl.actor = st->text(3);
    const auto side = st->int64(4), what = st->int64(6);
    if (side < 0 || side > 1 || what < 0 || what > 4) return damaged(c.db().path(), cl.id);
    cl.side = static_cast<Side>(side);
    cl.claimed_at = Timestamp{st->int64(5)};
    cl.what = static_cast<ClaimWhat>(what);
    if (!st->is_null(7)) cl.advanced_km = st->real(7);
    cl.place = st->text(8);
    if (!st->is_null(9)) cl.place_id = st->int64(9);
    const auto blob = st->blob(10);
    const std::vector<std::uint8_t> polygon(blob.begin(), blob.end());
    if (!st->is_null(10)) {
      auto mp = decode_multipolygon(polygon);
      if (!mp) return damaged(c.db().path(), cl.id);
      cl.polygon = std::move(*mp);
    }
    cl.source_url = st->text(11);
    cl.quote = st->text(12);
    if (claim_checksum(cl, polygon) != st->int64(13)) return damaged(c.db().path(), cl.id);
    out.push_back(std::move(cl));
  }
  return out;
}

}  // namespace frontline::store

namespace frontline {

Result<std::vector<Claim>> Store::claims() const {
  return read(*impl_, [&](store::Connection& c) { return store::query_claims(c); });
}

}  // namespace frontline
