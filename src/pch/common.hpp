// The headers (nearly) every source includes, precompiled once per target
// (cmake/precompiled_headers.cmake). Nothing includes this file itself.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>
