#!/usr/bin/env bash
# The code's layout and static checks, as CI runs them (scripts/test.sh, after the Clang
# build whose compile commands clang-tidy reads):
#   - every C++ file the repository tracks is laid out as .clang-format says
#     (fix a file with: clang-format-14 -i FILE);
#   - every source file in src/ passes the checks .clang-tidy lists, among them no
#     function over 80 lines unless it says why and carries NOLINT(readability-function-size).
# Usage: scripts/lint.sh [BUILD_DIR]   (default build/clang; configure it first)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build/clang}"

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
else  # an unpacked archive: the same files, found on disk
  mapfile -t files < <(find bench src tests -path tests/interop/node_modules -prune -o \
    \( -name '*.cpp' -o -name '*.hpp' \) -print | sort)
fi
echo "== lint: clang-format on ${#files[@]} files"
clang-format-14 --dry-run --Werror "${files[@]}"

if [[ ! -f "$build_dir/compile_commands.json" ]]; then
  echo "lint: no $build_dir/compile_commands.json (configure that build first)" >&2
  exit 2
fi
echo "== lint: clang-tidy on the files in src/"
# -quiet: only findings; the checks' warnings are errors (.clang-tidy), so any finding fails.
run-clang-tidy-14 -quiet -p "$build_dir" -j "$(nproc)" -extra-arg=-Wno-unknown-warning-option \
  "^$PWD/src/.*\\.cpp\$" > "$build_dir/clang-tidy.log" 2>&1 || {
  grep -E "error:|warning:" "$build_dir/clang-tidy.log" | sort -u | head -50
  echo "lint: clang-tidy found problems (whole log: $build_dir/clang-tidy.log)" >&2
  exit 1
}
echo "lint: ok"
