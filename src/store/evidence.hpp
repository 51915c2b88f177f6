// The evidence tables, for the store's reader and writer (src/store/evidence.cpp).
#pragma once

#include <span>
#include <vector>

#include "frontline/evidence_record.hpp"
#include "frontline/store.hpp"
#include "store/connection.hpp"

namespace frontline::store {

// Inserts the records (their ids are set by the store) and returns how many were written.
Result<std::int64_t> insert_evidence(Connection& c, std::span<EvidenceRecord> records);
// Replaces a stored record's sources and confidence (a duplicate brought more sources).
Result<void> update_evidence_sources(Connection& c, const EvidenceRecord& record);
Result<std::vector<EvidenceRecord>> query_evidence(Connection& c, const EvidenceFilter& filter);
Result<std::int64_t> count_evidence(Connection& c);

}  // namespace frontline::store
