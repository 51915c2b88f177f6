#include "frontline/store.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <system_error>

#include "store/impl.hpp"
#include "store/schema.hpp"

namespace frontline {

namespace {
Error unknown_map(std::string_view map) {
  return make_error(ErrorCode::not_found,
                    fmt::format("the store has no map named '{}'; `frontline versions` lists them", map));
}

Result<store::MapRow> require_map(Store::Impl& impl, store::Connection& c, std::string_view map) {
  FRONTLINE_TRY(row, store::find_map(c, impl.schema, map));
  if (!row) return unknown_map(map);
  return *row;
}

Result<void> check_regular_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return make_error(ErrorCode::io, fmt::format("cannot use the store {}: {}", path.string(), ec.message()));
  }
  if (!std::filesystem::exists(st)) {
    return make_error(ErrorCode::not_found,
                      fmt::format("store {} does not exist; create it with `frontline import --store {} ...`",
                                  path.string(), path.string()));
  }
  if (!std::filesystem::is_regular_file(st)) {
    return make_error(ErrorCode::bad_input,
                      fmt::format("{} is not a frontline store (not a regular file)", path.string()));
  }
  return {};
}

// Identifies the file over a read-only connection. An import killed mid-write leaves a hot
// journal that only a writable connection may roll back; where the file is writable this does
// what any SQLite reader does (restore the last committed state) and writes nothing of its own.
Result<store::Identity> identify_read_only(const std::string& path, const std::string& uri_params) {
  auto attempt = [&]() -> Result<store::Identity> {
    FRONTLINE_TRY(db, store::Database::open(path, store::OpenMode::read_only, uri_params));
    return store::identify(db);
  };
  auto id = attempt();
  if (id || id.error().code == ErrorCode::bad_input) return id;
  std::error_code ec;
  if (!std::filesystem::exists(path + "-journal", ec)) return id;
  if (::access(path.c_str(), W_OK) != 0) {
    return make_error(ErrorCode::io,
                      fmt::format("an interrupted write left a journal beside the store {}, and this process may not "
                                  "write the file to roll it back; run `frontline check --store {}` as its owner",
                                  path, path));
  }
  {
    FRONTLINE_TRY(db, store::Database::open(path, store::OpenMode::read_write));
    FRONTLINE_CHECK(db.query_int("SELECT count(*) FROM sqlite_schema"));
  }
  return attempt();
}
}  // namespace

const LayerSummary* VersionInfo::layer(Status s) const {
  for (const auto& l : layers) {
    if (l.status == s) return &l;
  }
  return nullptr;
}

std::optional<double> VersionInfo::area_m2(Status s) const {
  if (const auto* l = layer(s)) return l->area_m2;
  if (s == Status::occupied_total) {
    const auto* occ = layer(Status::occupied);
    const auto* pre = layer(Status::occupied_before_2022);
    if (occ == nullptr && pre == nullptr) return std::nullopt;
    return (occ != nullptr ? occ->area_m2 : 0.0) + (pre != nullptr ? pre->area_m2 : 0.0);
  }
  return std::nullopt;
}

std::optional<double> VersionInfo::outside_m2(Status s) const {
  if (const auto* l = layer(s)) return l->outside_m2;
  if (s == Status::occupied_total) {
    const auto* occ = layer(Status::occupied);
    const auto* pre = layer(Status::occupied_before_2022);
    if (occ == nullptr && pre == nullptr) return std::nullopt;
    if ((occ != nullptr && !occ->outside_m2) || (pre != nullptr && !pre->outside_m2)) return std::nullopt;
    return (occ != nullptr ? *occ->outside_m2 : 0.0) + (pre != nullptr ? *pre->outside_m2 : 0.0);
  }
  return std::nullopt;
}

std::optional<double> VersionInfo::in_ukraine_m2(Status s) const {
  const auto area = area_m2(s);
  if (!area) return std::nullopt;
  return *area - outside_m2(s).value_or(0.0);
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const std::filesystem::path& Store::path() const {
  return impl_->path;
}

int Store::schema() const {
  return impl_->schema;
}

Result<Store> Store::open_read_only(const std::filesystem::path& path) {
  FRONTLINE_CHECK(check_regular_file(path));
  const std::string p = path.string();
  FRONTLINE_TRY(header, store::read_header(p));
  if (!header.sqlite) {
    return make_error(ErrorCode::bad_input,
                      fmt::format("{} is not a frontline store ({}); frontline leaves it untouched", p,
                                  header.empty ? "an empty file" : "not an SQLite database"));
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->path_string = p;
  impl->uri_params = store::read_only_uri_params(p, header);
  FRONTLINE_TRY(id, identify_read_only(p, impl->uri_params));
  if (id.schema == 0) {
    return make_error(ErrorCode::bad_input,
                      fmt::format("{} is not a frontline store (an empty SQLite database); frontline leaves it "
                                  "untouched",
                                  p));
  }
  impl->schema = id.schema;
  return Store(std::move(impl));
}

Result<Store> Store::open_for_writing(const std::filesystem::path& path, const WriteOptions& options) {
  const std::string p = path.string();
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (exists) {
    FRONTLINE_CHECK(check_regular_file(path));
    FRONTLINE_TRY(header, store::read_header(p));
    if (!header.sqlite && !header.empty) {
      return make_error(ErrorCode::bad_input,
                        fmt::format("{} is not a frontline store (not an SQLite database); frontline leaves it "
                                    "untouched",
                                    p));
    }
  } else if (!options.create) {
    return check_regular_file(path).error();
  }
  FRONTLINE_TRY(db, store::Database::open(p, options.create ? store::OpenMode::create : store::OpenMode::read_write));
  db.set_busy_timeout(options.wait);
  int schema = store::kSchemaVersion;
  bool was_wal = false;
  {
    store::Transaction tx(db);
    auto begun = tx.begin_immediate();
    if (!begun) return writer_busy(begun.error(), p, options.wait);
    FRONTLINE_TRY(id, store::identify(db));
    if (id.schema == 0) {
      FRONTLINE_CHECK(store::create_schema(db));
    } else if (id.schema < store::kSchemaVersion) {
      FRONTLINE_CHECK(store::migrate(db, id.schema));
    }
    schema = store::kSchemaVersion;
    {
      FRONTLINE_TRY(mode, db.prepare("PRAGMA journal_mode"));
      FRONTLINE_TRY(row, mode.step());
      was_wal = row && mode.text(0) == "wal";
    }
    FRONTLINE_CHECK(tx.commit());
  }
  // Schema 3 stores rest in WAL mode; from schema 4 on a store rests in rollback-journal mode, so
  // that reads leave nothing behind (docs/architecture.md).
  if (was_wal) FRONTLINE_CHECK(store::leave_wal_mode(db));
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->path_string = p;
  impl->writable = true;
  impl->schema = schema;
  impl->write_options = options;
  impl->idle.push_back(std::make_unique<store::Connection>(std::move(db)));
  return Store(std::move(impl));
}

Result<std::vector<std::string>> Store::maps() const {
  return read(*impl_, [](store::Connection& c) -> Result<std::vector<std::string>> {
    FRONTLINE_TRY(st, c.stmt("SELECT name FROM map ORDER BY name"));
    std::vector<std::string> out;
    for (;;) {
      FRONTLINE_TRY(row, st->step());
      if (!row) break;
      out.push_back(st->text(0));
    }
    return out;
  });
}

Result<std::string> Store::default_map() const {
  FRONTLINE_TRY(names, maps());
  if (names.empty()) return make_error(ErrorCode::not_found, "the store holds no map yet; import one first");
  if (names.size() == 1) return names.front();
  for (const auto& n : names) {
    if (n == "deepstate") return n;
  }
  return make_error(ErrorCode::bad_request, fmt::format("the store holds {} maps; name one with --map", names.size()));
}

Result<std::vector<VersionInfo>> Store::versions(std::string_view map) const {
  return read(*impl_, [&](store::Connection& c) -> Result<std::vector<VersionInfo>> {
    FRONTLINE_TRY(row, require_map(*impl_, c, map));
    return store::read_versions(c, impl_->schema, map, row, store::Which::all);
  });
}

Result<std::optional<VersionInfo>> Store::version_at(std::string_view map, Timestamp t) const {
  return read(*impl_, [&](store::Connection& c) -> Result<std::optional<VersionInfo>> {
    FRONTLINE_TRY(row, require_map(*impl_, c, map));
    FRONTLINE_TRY(v, store::read_versions(c, impl_->schema, map, row, store::Which::at_or_before, t));
    if (v.empty()) return std::optional<VersionInfo>{};
    return std::optional<VersionInfo>{std::move(v.front())};
  });
}

Result<std::optional<VersionInfo>> Store::version_by_time(std::string_view map, Timestamp t) const {
  return read(*impl_, [&](store::Connection& c) -> Result<std::optional<VersionInfo>> {
    FRONTLINE_TRY(row, require_map(*impl_, c, map));
    FRONTLINE_TRY(v, store::read_versions(c, impl_->schema, map, row, store::Which::exactly, t));
    if (v.empty()) return std::optional<VersionInfo>{};
    return std::optional<VersionInfo>{std::move(v.front())};
  });
}

Result<std::vector<StoredPolygon>> Store::polygons(VersionId version) const {
  return read(*impl_, [&](store::Connection& c) { return store::read_polygons(c, impl_->schema, version); });
}

Result<std::vector<StoredPolygon>> Store::polygons(VersionId version, RingBoxes& boxes) const {
  return read(*impl_, [&](store::Connection& c) { return store::read_polygons(c, impl_->schema, version, &boxes); });
}

Result<std::string> Store::version_report(VersionId version) const {
  return read(*impl_, [&](store::Connection& c) { return store::read_version_report(c, version); });
}

Result<std::vector<std::int64_t>> Store::ring_runs(RingId id) const {
  return read(*impl_, [&](store::Connection& c) { return store::read_ring_runs(c, impl_->schema, id); });
}

Result<Ring> Store::run(std::int64_t run_id) const {
  return read(*impl_, [&](store::Connection& c) -> Result<Ring> {
    Ring out;
    FRONTLINE_CHECK(store::append_run(c, &impl_->chunks, run_id, out));
    return out;
  });
}

Result<Ring> Store::ring(RingId id) const {
  return read(*impl_, [&](store::Connection& c) { return store::read_ring(c, impl_->schema, &impl_->chunks, id); });
}

Result<MultiPolygon> Store::geometry(std::span<const StoredPolygon> polygons) const {
  return read(*impl_, [&](store::Connection& c) -> Result<MultiPolygon> {
    MultiPolygon out;
    out.reserve(polygons.size());
    for (const auto& sp : polygons) {
      Polygon p;
      for (std::size_t i = 0; i < sp.rings.size(); ++i) {
        FRONTLINE_TRY(r, store::read_ring(c, impl_->schema, &impl_->chunks, sp.rings[i]));
        if (i == 0) {
          p.outer = std::move(r);
        } else {
          p.holes.push_back(std::move(r));
        }
      }
      out.push_back(std::move(p));
    }
    return out;
  });
}

Result<MultiPolygon> Store::layer_geometry(VersionId version, Status status) const {
  FRONTLINE_TRY(all, polygons(version));
  std::vector<StoredPolygon> mine;
  for (auto& p : all) {
    if (p.status == status) mine.push_back(std::move(p));
  }
  return geometry(mine);
}

Result<std::optional<double>> Store::reference_area_m2(std::string_view name) const {
  return read(*impl_, [&](store::Connection& c) -> Result<std::optional<double>> {
    FRONTLINE_TRY(st, c.stmt("SELECT area_m2 FROM reference_area WHERE name = ?"));
    st->bind(1, name);
    FRONTLINE_TRY(row, st->step());
    if (!row) return std::optional<double>{};
    return std::optional<double>{st->real(0)};
  });
}

Result<std::int64_t> Store::file_bytes() const {
  std::error_code ec;
  auto size = std::filesystem::file_size(impl_->path, ec);
  if (ec) return make_error(ErrorCode::io, "cannot stat store: " + ec.message());
  return static_cast<std::int64_t>(size);
}

}  // namespace frontline
