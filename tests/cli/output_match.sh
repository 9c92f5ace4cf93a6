# Sourced by the CLI's shell tests: output_matches REGEX TEXT succeeds when a line of
# TEXT matches the extended regular expression.
#
# Why a here-string and not `printf '%s\n' "$TEXT" | grep -Eq`: grep -q exits at its
# first match; if TEXT is larger than the pipe's buffer, printf is still writing, gets
# SIGPIPE and exits 141, and under `set -o pipefail` the whole match "fails" although
# it matched. That happened only when the machine was busy (a slow reader lets the
# writer fill the pipe first). A here-string has no second process to kill.
output_matches() {
  grep -Eq -- "$1" <<<"$2"
}
