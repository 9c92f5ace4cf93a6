#!/usr/bin/env bash
# output_matches under `set -o pipefail`, with a text far larger than a pipe's buffer
# (64 KiB on Linux) whose first line matches: with the earlier `printf | grep -Eq` this
# failed every time (printf killed by SIGPIPE, exit 141); it must succeed every time.
# Also: a text that does not match fails, and an empty text matches only an empty regex.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/output_match.sh"

big="matched on the first line"$'\n'
filler="$(printf 'filler line %06d\n' $(seq 1 20000))"   # about 380 KB
big+="$filler"
for i in $(seq 1 20); do
  output_matches '^matched' "$big" || { echo "FAIL: run $i: a matching first line was not found"; exit 1; }
done
if output_matches '^never there$' "$big"; then echo "FAIL: matched a line that is not there"; exit 1; fi
output_matches '' '' || { echo "FAIL: the empty regex must match an empty text"; exit 1; }
if output_matches 'x' ''; then echo "FAIL: matched x in an empty text"; exit 1; fi
echo "ok: 20 matches of a ${#big}-byte text under pipefail"
