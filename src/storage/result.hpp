// Result<T>: a value or an Error, the return type of every fallible storage call.
//
// Why not exceptions: a corrupt record, an out-of-order commit or a full disk are
// expected outcomes the node must handle (refuse to start, report, stop), and a typed
// code lets it switch on the reason. C++20 has no std::expected; this is the minimal
// subset the library needs. Result<void> carries only the error.
#pragma once

#include <optional>
#include <stdexcept>
#include <utility>
#include <variant>

#include "storage/error.hpp"

namespace flux::storage {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit on purpose
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Asking for the value of an error (or the error of a value) is a programming
  // mistake, reported like std::expected's bad_expected_access.
  const T& value() const& {
    if (!ok()) throw std::logic_error("storage::Result::value() on an error: " + describe(error()));
    return std::get<0>(v_);
  }
  T& value() & {
    if (!ok()) throw std::logic_error("storage::Result::value() on an error: " + describe(error()));
    return std::get<0>(v_);
  }
  T&& value() && {
    if (!ok()) throw std::logic_error("storage::Result::value() on an error: " + describe(error()));
    return std::get<0>(std::move(v_));
  }
  const Error& error() const {
    if (ok()) throw std::logic_error("storage::Result::error() on a value");
    return std::get<1>(v_);
  }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit on purpose

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    if (ok()) throw std::logic_error("storage::Result::error() on a value");
    return *error_;
  }

 private:
  std::optional<Error> error_;
};

}  // namespace flux::storage
