// Result<T, E>: a value or a typed error, for the crypto API's fallible functions.
//
// Why not exceptions: everything here parses input that arrives from the network
// (hex strings, signatures, typed messages, keystore files). A bad input is an
// expected outcome that the node must turn into a JSON-RPC error, not an exceptional
// one, and a typed error lets the caller switch on the reason. C++20 has no
// std::expected, so this is the minimal subset of it the library needs.
#pragma once

#include <stdexcept>
#include <utility>
#include <variant>

namespace flux::crypto {

// Wraps an error so that Result<T, E> can be built from it even when T and E could
// convert into each other (e.g. both strings).
template <class E>
struct Failure {
  E error;
};
template <class E>
Failure(E) -> Failure<E>;

template <class T, class E>
class Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
  template <class E2>
  Result(Failure<E2> failure) : v_(std::in_place_index<1>, E(std::move(failure.error))) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Asking for the value of an error (or the error of a value) is a programming
  // mistake, reported like std::expected's bad_expected_access.
  const T& value() const& {
    if (!ok()) throw std::logic_error("Result::value() called on an error");
    return std::get<0>(v_);
  }
  T& value() & {
    if (!ok()) throw std::logic_error("Result::value() called on an error");
    return std::get<0>(v_);
  }
  T&& value() && {
    if (!ok()) throw std::logic_error("Result::value() called on an error");
    return std::get<0>(std::move(v_));
  }
  const E& error() const {
    if (ok()) throw std::logic_error("Result::error() called on a value");
    return std::get<1>(v_);
  }

  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, E> v_;
};

}  // namespace flux::crypto
