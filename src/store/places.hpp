// Writing the gazetteer's tables, for the store's writer (src/store/places.cpp).
#pragma once

#include <span>

#include "frontline/place.hpp"
#include "store/connection.hpp"

namespace frontline::store {

Result<std::int64_t> write_gazetteer(Connection& c, std::span<const NewPlace> places);
Result<std::int64_t> write_user_place(Connection& c, const NewPlace& place);
Result<bool> delete_user_place(Connection& c, std::int64_t id);

}  // namespace frontline::store
