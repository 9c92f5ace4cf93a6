#include "fuzz/simulator.hpp"
#include <gtest/gtest.h>
TEST(Fuzz, Placeholder) {}
