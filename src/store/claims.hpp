// The claims registry's table, for the store's reader and writer (src/store/claims.cpp).
#pragma once

#include <span>
#include <vector>

#include "frontline/claims.hpp"
#include "store/connection.hpp"

namespace frontline::store {

// Inserts the claims whose key is not stored yet (their ids are set); returns how many.
Result<std::int64_t> insert_claims(Connection& c, std::span<Claim> claims);
Result<std::vector<Claim>> query_claims(Connection& c);

}  // namespace frontline::store
