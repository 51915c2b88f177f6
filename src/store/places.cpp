// The gazetteer's tables. They are created by the first write of places, so that a store of
// maps alone stays as it was; a reader of a store without them finds no places.
#include <nlohmann/json.hpp>

#include <set>

#include "frontline/name_key.hpp"
#include "store/checksum.hpp"
#include "store/codec.hpp"
#include "store/impl.hpp"
#include "store/places.hpp"

namespace frontline {

const char* to_string(PlaceKind k) noexcept {
  switch (k) {
    case PlaceKind::oblast:
      return "oblast";
    case PlaceKind::raion:
      return "raion";
    case PlaceKind::hromada:
      return "hromada";
    case PlaceKind::settlement:
      return "settlement";
    case PlaceKind::custom:
      return "custom";
  }
  return "?";
}

std::optional<PlaceKind> place_kind_from_string(std::string_view s) noexcept {
  for (PlaceKind k :
       {PlaceKind::oblast, PlaceKind::raion, PlaceKind::hromada, PlaceKind::settlement, PlaceKind::custom}) {
    if (s == to_string(k)) return k;
  }
  return std::nullopt;
}

const char* to_string(ExtentKind k) noexcept {
  switch (k) {
    case ExtentKind::admin_boundary:
      return "admin_boundary";
    case ExtentKind::osm_boundary:
      return "osm_boundary";
    case ExtentKind::urban_core:
      return "urban_core";
    case ExtentKind::radius:
      return "radius";
    case ExtentKind::user_polygon:
      return "user_polygon";
  }
  return "?";
}

namespace {

constexpr const char* kPlaceTables = R"sql(
CREATE TABLE IF NOT EXISTS place(
  id INTEGER PRIMARY KEY,
  kind INTEGER NOT NULL,
  name TEXT NOT NULL,
  name_uk TEXT NOT NULL,
  oblast TEXT NOT NULL, raion TEXT NOT NULL, hromada TEXT NOT NULL,
  extent INTEGER NOT NULL,
  radius_m REAL NOT NULL,
  source TEXT NOT NULL,
  population INTEGER,
  lon INTEGER NOT NULL, lat INTEGER NOT NULL,
  min_lon INTEGER NOT NULL, min_lat INTEGER NOT NULL, max_lon INTEGER NOT NULL, max_lat INTEGER NOT NULL,
  area_m2 REAL NOT NULL,
  aliases TEXT NOT NULL,
  geometry BLOB NOT NULL,
  checksum INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS place_name(
  key TEXT NOT NULL,
  place_id INTEGER NOT NULL REFERENCES place(id),
  PRIMARY KEY(key, place_id)) WITHOUT ROWID;
)sql";

constexpr const char* kPlaceColumns =
    "id, kind, name, name_uk, oblast, raion, hromada, extent, radius_m, source, population, lon, lat, min_lon, "
    "min_lat, max_lon, max_lat, area_m2, aliases, checksum";

std::string aliases_json(const std::vector<PlaceName>& aliases) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& a : aliases) j.push_back({a.name, a.kind});
  return j.dump();
}

std::int64_t place_checksum(const Place& p, std::string_view aliases, std::span<const std::uint8_t> geometry) {
  store::Checksum c;
  c.add(p.id)
      .add(static_cast<std::int64_t>(p.kind))
      .add(p.name)
      .add(p.name_uk)
      .add(p.oblast)
      .add(p.raion)
      .add(p.hromada)
      .add(static_cast<std::int64_t>(p.extent))
      .add(p.radius_m)
      .add(p.source)
      .add(p.population.value_or(-1))
      .add(static_cast<std::int64_t>(p.point.lon))
      .add(static_cast<std::int64_t>(p.point.lat))
      .add(static_cast<std::int64_t>(p.bbox.min_lon))
      .add(static_cast<std::int64_t>(p.bbox.min_lat))
      .add(static_cast<std::int64_t>(p.bbox.max_lon))
      .add(static_cast<std::int64_t>(p.bbox.max_lat))
      .add(p.area_m2)
      .add(aliases)
      .add(geometry);
  return c.value();
}

Error damaged_place(const std::string& path, std::int64_t id) {
  return make_error(ErrorCode::io,
                    fmt::format("the store {} is damaged (place {} does not match its checksum); run `frontline "
                                "check --store {}`",
                                path, id, path));
}

// A place row (kPlaceColumns) without its geometry; the checksum is verified with the geometry
// read by the caller when it reads it, and here against the row's own fields and geometry.
Result<Place> place_from(store::Connection& c, store::Statement& st) {
  Place p;
  p.id = st.int64(0);
  const auto kind = st.int64(1);
  const auto extent = st.int64(7);
  if (kind < 0 || kind > 4 || extent < 0 || extent > 4) return damaged_place(c.db().path(), p.id);
  p.kind = static_cast<PlaceKind>(kind);
  p.name = st.text(2);
  p.name_uk = st.text(3);
  p.oblast = st.text(4);
  p.raion = st.text(5);
  p.hromada = st.text(6);
  p.extent = static_cast<ExtentKind>(extent);
  p.radius_m = st.real(8);
  p.source = st.text(9);
  if (!st.is_null(10)) p.population = st.int64(10);
  p.point = FixedCoordinate{static_cast<std::int32_t>(st.int64(11)), static_cast<std::int32_t>(st.int64(12))};
  p.bbox = BBox{static_cast<std::int32_t>(st.int64(13)), static_cast<std::int32_t>(st.int64(14)),
                static_cast<std::int32_t>(st.int64(15)), static_cast<std::int32_t>(st.int64(16))};
  p.area_m2 = st.real(17);
  const std::string aliases = st.text(18);
  const auto j = nlohmann::json::parse(aliases, nullptr, false);
  if (!j.is_array()) return damaged_place(c.db().path(), p.id);
  for (const auto& a : j) {
    if (!a.is_array() || a.size() != 2 || !a[0].is_string() || !a[1].is_string()) {
      return damaged_place(c.db().path(), p.id);
    }
    p.aliases.push_back({a[0].get<std::string>(), a[1].get<std::string>()});
  }
  return p;
}

Result<bool> has_place_tables(store::Connection& c) {
  FRONTLINE_TRY(n, c.db().query_int("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'place'"));
  return n == 1;
}

// Rows with their geometry, for the checksum: every read of a place verifies it.
Result<std::vector<Place>> query_places(store::Connection& c, const std::string& where, auto&& bind) {
  FRONTLINE_TRY(exists, has_place_tables(c));
  if (!exists) return std::vector<Place>{};
  FRONTLINE_TRY(st, c.stmt(fmt::format("SELECT {}, geometry FROM place {} ORDER BY id", kPlaceColumns, where)));
  bind(st);
  std::vector<Place> out;
  for (;;) {
    FRONTLINE_TRY(row, st->step());
    if (!row) break;
    FRONTLINE_TRY(p, place_from(c, *st));
    if (place_checksum(p, st->text(18), st->blob(20)) != st->int64(19)) return damaged_place(c.db().path(), p.id);
    out.push_back(std::move(p));
  }
  return out;
}

std::set<std::string> keys_of(const Place& p) {
  std::set<std::string> keys;
  for (const std::string& n : {p.name, p.name_uk}) {
    if (auto k = name_key(n); !k.empty()) keys.insert(std::move(k));
  }
  for (const auto& a : p.aliases) {
    if (auto k = name_key(a.name); !k.empty()) keys.insert(std::move(k));
  }
  return keys;
}

Result<std::int64_t> insert_place(store::Connection& c, const NewPlace& np, std::int64_t id) {
  Place p = np.place;
  p.id = id;
  const std::string aliases = aliases_json(p.aliases);
  const std::vector<std::uint8_t> geometry = store::encode_multipolygon(np.geometry);
  FRONTLINE_TRY(ins, c.stmt(fmt::format("INSERT INTO place({}, geometry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                        "?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                        kPlaceColumns)));
  ins->bind(1, p.id)
      .bind(2, static_cast<std::int64_t>(p.kind))
      .bind(3, p.name)
      .bind(4, p.name_uk)
      .bind(5, p.oblast)
      .bind(6, p.raion)
      .bind(7, p.hromada)
      .bind(8, static_cast<std::int64_t>(p.extent))
      .bind(9, p.radius_m)
      .bind(10, p.source);
  if (p.population) {
    ins->bind(11, *p.population);
  } else {
    ins->bind_null(11);
  }
  ins->bind(12, static_cast<std::int64_t>(p.point.lon))
      .bind(13, static_cast<std::int64_t>(p.point.lat))
      .bind(14, static_cast<std::int64_t>(p.bbox.min_lon))
      .bind(15, static_cast<std::int64_t>(p.bbox.min_lat))
      .bind(16, static_cast<std::int64_t>(p.bbox.max_lon))
      .bind(17, static_cast<std::int64_t>(p.bbox.max_lat))
      .bind(18, p.area_m2)
      .bind(19, std::string_view(aliases))
      .bind(20, place_checksum(p, aliases, geometry))
      .bind_blob(21, geometry);
  FRONTLINE_CHECK(ins->run());
  FRONTLINE_TRY(key_ins, c.stmt("INSERT OR IGNORE INTO place_name(key, place_id) VALUES (?, ?)"));
  for (const auto& k : keys_of(p)) {
    key_ins->reset();
    key_ins->bind(1, std::string_view(k)).bind(2, p.id);
    FRONTLINE_CHECK(key_ins->run());
  }
  return p.id;
}

}  // namespace

Result<bool> Store::has_places() const {
  return read(*impl_, [&](store::Connection& c) -> Result<bool> {
    FRONTLINE_TRY(exists, has_place_tables(c));
    if (!exists) return false;
    FRONTLINE_TRY(n, c.db().query_int("SELECT count(*) FROM place"));
    return n > 0;
  });
}

Result<std::vector<Place>> Store::places_by_key(std::string_view key) const {
  return read(*impl_, [&](store::Connection& c) -> Result<std::vector<Place>> {
    return query_places(c, "WHERE id IN (SELECT place_id FROM place_name WHERE key = ?)",
                        [&](store::Connection::Stmt& st) { st->bind(1, key); });
  });
}

Result<std::vector<std::pair<std::string, std::int64_t>>> Store::place_keys() const {
  return read(*impl_, [&](store::Connection& c) -> Result<std::vector<std::pair<std::string, std::int64_t>>> {
    std::vector<std::pair<std::string, std::int64_t>> out;
    FRONTLINE_TRY(exists, has_place_tables(c));
    if (!exists) return out;
    FRONTLINE_TRY(st, c.stmt("SELECT key, place_id FROM place_name ORDER BY key, place_id"));
    for (;;) {
      FRONTLINE_TRY(row, st->step());
      if (!row) break;
      out.emplace_back(st->text(0), st->int64(1));
    }
    return out;
  });
}

Result<std::optional<Place>> Store::place(std::int64_t id) const {
  return read(*impl_, [&](store::Connection& c) -> Result<std::optional<Place>> {
    FRONTLINE_TRY(rows, query_places(c, "WHERE id = ?", [&](store::Connection::Stmt& st) { st->bind(1, id); }));
    if (rows.empty()) return std::optional<Place>{};
    return std::optional<Place>{std::move(rows.front())};
  });
}

Result<std::vector<Place>> Store::places(std::optional<PlaceKind> kind) const {
  return read(*impl_, [&](store::Connection& c) -> Result<std::vector<Place>> {
    if (!kind) return query_places(c, "", [](store::Connection::Stmt&) {});
    return query_places(c, "WHERE kind = ?",
                        [&](store::Connection::Stmt& st) { st->bind(1, static_cast<std::int64_t>(*kind)); });
  });
}

Result<MultiPolygon> Store::place_geometry(std::int64_t id) const {
  return read(*impl_, [&](store::Connection& c) -> Result<MultiPolygon> {
    FRONTLINE_TRY(exists, has_place_tables(c));
    if (!exists) return make_error(ErrorCode::not_found, fmt::format("the store has no place {}", id));
    FRONTLINE_TRY(st, c.stmt(fmt::format("SELECT {}, geometry FROM place WHERE id = ?", kPlaceColumns)));
    st->bind(1, id);
    FRONTLINE_TRY(row, st->step());
    if (!row) return make_error(ErrorCode::not_found, fmt::format("the store has no place {}", id));
    FRONTLINE_TRY(p, place_from(c, *st));
    if (place_checksum(p, st->text(18), st->blob(20)) != st->int64(19)) return damaged_place(c.db().path(), id);
    auto mp = store::decode_multipolygon(st->blob(20));
    if (!mp) return damaged_place(c.db().path(), id);
    return std::move(*mp);
  });
}

namespace store {

Result<std::int64_t> write_gazetteer(Connection& c, std::span<const NewPlace> places) {
  FRONTLINE_CHECK(c.db().exec(kPlaceTables));
  FRONTLINE_CHECK(c.db().exec(fmt::format(
      "DELETE FROM place_name WHERE place_id IN (SELECT id FROM place WHERE kind != {0}); DELETE FROM place WHERE "
      "kind != {0};",
      static_cast<int>(PlaceKind::custom))));
  // Gazetteer places keep ids from 1 in their order; users' places live above them.
  FRONTLINE_TRY(lowest_custom, c.db().query_int("SELECT coalesce(min(id), 1000000000) FROM place"));
  std::int64_t id = 0;
  for (const auto& p : places) {
    if (++id >= lowest_custom) {
      return make_error(ErrorCode::conflict, "the store's own places leave no room for the gazetteer's ids");
    }
    FRONTLINE_CHECK(insert_place(c, p, id));
  }
  return id;
}

Result<std::int64_t> write_user_place(Connection& c, const NewPlace& place) {
  FRONTLINE_CHECK(c.db().exec(kPlaceTables));
  // Users' places take ids from 1,000,000,000 on, so that rebuilding the gazetteer keeps them.
  FRONTLINE_TRY(next, c.db().query_int("SELECT max(coalesce(max(id), 0), 999999999) + 1 FROM place"));
  return insert_place(c, place, next);
}

Result<bool> delete_user_place(Connection& c, std::int64_t id) {
  FRONTLINE_TRY(exists, has_place_tables(c));
  if (!exists) return false;
  FRONTLINE_TRY(del_names, c.stmt("DELETE FROM place_name WHERE place_id = ? AND place_id IN (SELECT id FROM place "
                                  "WHERE kind = ?)"));
  del_names->bind(1, id).bind(2, static_cast<std::int64_t>(PlaceKind::custom));
  FRONTLINE_CHECK(del_names->run());
  FRONTLINE_TRY(del, c.stmt("DELETE FROM place WHERE id = ? AND kind = ?"));
  del->bind(1, id).bind(2, static_cast<std::int64_t>(PlaceKind::custom));
  FRONTLINE_CHECK(del->run());
  FRONTLINE_TRY(changed, c.db().query_int("SELECT changes()"));
  return changed > 0;
}

}  // namespace store

}  // namespace frontline
