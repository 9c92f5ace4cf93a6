#!/usr/bin/env bash
# The main job: install what is missing, build the release preset, and replay the
# bundled scenarios, printing the markets each ends with.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
./build/release/flux markets "$@"
