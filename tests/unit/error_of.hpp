// The error a computation fails with (a Failure thrown by the engine), or Error::ok.
#pragma once

#include "engine/failure.hpp"

namespace flux::test {

template <class F>
Error error_of(F&& f) {
  try {
    f();
  } catch (const Failure& failure) {
    return failure.error;
  }
  return Error::ok;
}

}  // namespace flux::test
