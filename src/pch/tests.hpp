// The test executables' precompiled headers: common.hpp, GoogleTest and nlohmann/json
// (cmake/precompiled_headers.cmake).
#pragma once

#include "pch/common.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
