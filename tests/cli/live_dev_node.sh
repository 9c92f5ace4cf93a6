# Sourced by the CLI's live-node tests (node_test.sh, governance_walkthrough.sh), with
# FLUX and FLUXD set: a fresh `fluxd --dev` on a free port (FLUX_RPC points at it),
# stopped and cleaned up on exit; fail MESSAGE (shows the node log's tail) and
# expect CODE REGEX -- FLUX-ARGS...; output_matches REGEX TEXT (output_match.sh).
source "$(dirname "${BASH_SOURCE[0]}")/output_match.sh"
work="$(mktemp -d)"
node_pid=""
cleanup() {
  if [[ -n "$node_pid" ]]; then kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  if [[ -f "$work/node.log" ]]; then echo "--- node log (tail)" >&2; tail -20 "$work/node.log" >&2; fi
  exit 1
}

# A free port: the node cannot bind port 0 yet, so try random ones until it starts.
started=0
for _ in 1 2 3 4 5 6 7 8; do
  port=$((20000 + RANDOM % 40000))
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue  # something listens there
  rm -rf "$work/data"
  "$FLUXD" --dev --data "$work/data" --rpc-port "$port" --block-interval-ms 200 >"$work/node.log" 2>&1 &
  node_pid=$!
  export FLUX_RPC="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    if "$FLUX" block latest >/dev/null 2>&1; then started=1; break; fi
    kill -0 "$node_pid" 2>/dev/null || break
    sleep 0.1
  done
  [[ $started == 1 ]] && break
  kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null
  node_pid=""
done
[[ $started == 1 ]] || fail "fluxd did not start"
echo "fluxd --dev on $FLUX_RPC (pid $node_pid)"

# expect CODE REGEX -- COMMAND...: runs flux, checks its exit code and that stdout+stderr match.
expect() {
  local code="$1" regex="$2"
  shift 3
  local out rc
  out="$("$FLUX" "$@" 2>&1)"
  rc=$?
  printf '$ flux %s\n%s\n' "$*" "$out"
  [[ $rc == "$code" ]] || fail "flux $*: exit code $rc, expected $code"
  output_matches "$regex" "$out" || fail "flux $*: output does not match /$regex/"
}
