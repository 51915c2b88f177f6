// Errors as values: every operation that bad data or a bad request can make fail returns a
// Result<T>. The code says which class of failure it is (the CLI and the server map codes to exit
// codes and HTTP statuses in one place each); the message names the file, the feature and the rule
// that was broken, and says what to do.
#pragma once

#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace frontline {

enum class ErrorCode {
  bad_input,    // an input file breaks a rule of its format (exit 2)
  bad_request,  // the caller asked for something malformed: a bad date, an unknown option value
  not_found,    // the store has no such map / no version at that time
  conflict,     // the store already holds something different under the same key
  io,           // a file or the store could not be read or written
  internal,     // a library (GEOS, SQLite, ...) failed where it should not
  unavailable,  // not ready yet (the server is still building it): ask again later
};

const char* to_string(ErrorCode code) noexcept;

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
};

inline Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor): mirrors std::expected
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  bool has_value() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  const Error& error() const& { return error_; }
  Error&& error() && { return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace frontline

// Propagates an error out of the enclosing function; evaluates to the value otherwise.
#define FRONTLINE_TRY(var, expr)                               \
  auto var##_result_ = (expr);                                 \
  if (!var##_result_) return std::move(var##_result_).error(); \
  auto var = std::move(var##_result_).value()

#define FRONTLINE_CHECK(expr)                                    \
  do {                                                           \
    auto check_result_ = (expr);                                 \
    if (!check_result_) return std::move(check_result_).error(); \
  } while (false)
