#include "frontline/error.hpp"

namespace frontline {

const char* to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::bad_input:
      return "bad_input";
    case ErrorCode::bad_request:
      return "bad_request";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::io:
      return "io";
    case ErrorCode::internal:
      return "internal";
    case ErrorCode::unavailable:
      return "unavailable";
  }
  return "internal";
}

}  // namespace frontline
