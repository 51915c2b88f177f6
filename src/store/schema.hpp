// The store's schema: what a frontline store is, how to recognise one without writing to it, and
// the migrations from each earlier schema to the current one.
#pragma once

#include <cstdint>

#include "frontline/error.hpp"
#include "store/sqlite.hpp"

namespace frontline::store {

// Schema 4: the store records each map's version count and each version's statuses, so that a
// read can tell a damaged file from a short history, and every version, layer and ring row
// carries a checksum of its fields (store/checksum.hpp); the file carries frontline's application
// id and rests in rollback-journal mode (reads on a read-only medium need no -wal/-shm files).
inline constexpr int kSchemaVersion = 6;
// PRAGMA application_id: "FRNT". Schema 3 stores (the first release) have none.
inline constexpr std::int64_t kApplicationId = 0x46524E54;

struct Identity {
  int schema = 0;  // 0: an empty database (a new, zero-length file)
};

// Reads the first 100 bytes of the file (the SQLite header) without opening it as a database:
// whether it is SQLite at all, and whether it is in WAL mode, decide how it can be opened
// without leaving files behind.
struct FileHeader {
  bool sqlite = false;
  bool wal = false;
  bool empty = false;  // zero-length: SQLite treats it as a new database
};
Result<FileHeader> read_header(const std::string& path);

// URI parameters for a read-only connection that leaves nothing beside the file: a WAL-mode store
// (schema 3) at rest holds everything in the main file and is read as immutable, since a
// read-only connection would otherwise create -wal and -shm files and leave them behind. With a
// -wal file present a writer may be at work: it is read the ordinary way.
std::string read_only_uri_params(const std::string& path, const FileHeader& header);

// What kind of file `db` is: a frontline store (and of which schema), an empty database, or
// something else (bad_input: "X is not a frontline store"). Reads only.
Result<Identity> identify(Database& db);

// Creates the current schema in an empty database, inside the caller's write transaction.
Result<void> create_schema(Database& db);

// Brings a store of an older schema to the current one, inside the caller's write transaction;
// one step per schema version. Switching out of WAL mode happens after the commit
// (leave_wal_mode), because SQLite cannot change the journal mode inside a transaction.
Result<void> migrate(Database& db, int from_schema);
Result<void> leave_wal_mode(Database& db);

}  // namespace frontline::store
