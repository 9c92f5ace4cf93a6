#!/usr/bin/env bash
# The main job: install what is missing, build the release preset, start the
# development chain (`fluxd --dev`, fresh data in build/dev-data) and run the demo
# through the `flux` CLI: supply, borrow, a price drop, a liquidation.
#
#   FLUX_RPC_PORT=8545   the port the dev node serves JSON-RPC on
#   FLUX_KEEP_NODE=1     leave the node running after the demo (stop it with kill)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target flux fluxd

port="${FLUX_RPC_PORT:-8545}"
data=build/dev-data
log=build/dev-node.log
export FLUX_RPC="http://127.0.0.1:${port}"
if curl -s -o /dev/null "${FLUX_RPC}/health" 2>/dev/null; then
  echo "run.sh: something already serves ${FLUX_RPC}; stop it or set FLUX_RPC_PORT" >&2
  exit 2
fi

# 250 ms blocks keep the demo short; the dev chain's own interval is 1 s.
./build/release/fluxd --dev --reset --data "$data" --rpc-port "$port" --block-interval-ms 250 >"$log" 2>&1 &
node_pid=$!
stop_node() { kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null || true; }
if [[ "${FLUX_KEEP_NODE:-0}" != 1 ]]; then trap stop_node EXIT; fi

for _ in $(seq 1 100); do
  curl -s -o /dev/null "${FLUX_RPC}/health" 2>/dev/null && break
  if ! kill -0 "$node_pid" 2>/dev/null; then
    echo "run.sh: fluxd did not start:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
head -2 "$log"

./scripts/demo.sh

if [[ "${FLUX_KEEP_NODE:-0}" == 1 ]]; then
  echo "The dev node keeps running at ${FLUX_RPC} (pid ${node_pid}, log ${log}); try: build/release/flux markets"
else
  echo "Demo done; the dev node stops now (FLUX_KEEP_NODE=1 keeps it running)."
fi
