#!/usr/bin/env bash
# Every test: install what is missing, then build and run the whole suite twice —
# release (GCC), and debug under AddressSanitizer and UndefinedBehaviorSanitizer —
# and build and test with Clang 14 so both compilers keep the code warning-free;
# then check the layout and run clang-tidy over src/ (scripts/lint.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
jobs=$(nproc)

for preset in release asan; do
  echo "== ${preset}: build (${SECONDS} s in)"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== ${preset}: test (${SECONDS} s in)"
  ctest --preset "$preset" -j "$jobs"
done

echo "== clang: build, warnings are errors (${SECONDS} s in)"
cmake --preset clang >/dev/null
cmake --build --preset clang -j "$jobs"
ctest --preset clang -j "$jobs"

echo "== lint: layout (.clang-format) and static checks (.clang-tidy) (${SECONDS} s in)"
./scripts/lint.sh build/clang
echo "== all passed in ${SECONDS} s"
