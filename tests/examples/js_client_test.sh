#!/usr/bin/env bash
# The example client (examples/js-client/client.mjs) against a real node: a fresh
# `fluxd --dev` on a port the system picks (--rpc-port 0; the node prints it), in a
# temporary data folder, stopped and removed on exit. Checks the client's exit code
# and what it printed.
#   js_client_test.sh FLUXD EXAMPLE_DIR
set -uo pipefail
fluxd="$1"
example="$2"
[[ -x "$fluxd" ]] || { echo "SKIP: no fluxd at $fluxd"; exit 77; }

work="$(mktemp -d)"
node_pid=""
cleanup() {
  if [[ -n "$node_pid" ]]; then kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  echo "--- node log (tail)" >&2
  tail -20 "$work/node.log" >&2
  exit 1
}

"$fluxd" --dev --data "$work/data" --rpc-port 0 >"$work/node.log" 2>&1 &
node_pid=$!
# "fluxd: a block every 1000 ms; JSON-RPC on http://127.0.0.1:PORT/" once it serves;
# generous: a loaded machine may take long to open a fresh RocksDB.
url=""
for _ in $(seq 1 600); do
  log="$(cat "$work/node.log")"
  if [[ $log =~ JSON-RPC\ on\ (http://[0-9.]+:[0-9]+)/ ]]; then url="${BASH_REMATCH[1]}"; break; fi
  kill -0 "$node_pid" 2>/dev/null || fail "fluxd exited before serving"
  sleep 0.1
done
[[ -n "$url" ]] || fail "fluxd did not start within 60 s"
echo "fluxd --dev on $url (pid $node_pid)"

out="$(node "$example/client.mjs" "$url" 2>&1)"
rc=$?
printf '%s\n' "$out"
[[ $rc == 0 ]] || fail "client.mjs exited with $rc"

# expect REGEX: some line of the client's output matches.
expect() { grep -Eq -- "$1" <<<"$out" || fail "no line of the client's output matches /$1/"; }
bob="0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc"  # the dev chain's bob, as events name accounts (lowercase)
# A fresh chain: bob has sent nothing, so the Mint and the Borrow are nonces 0 and 1.
expect "^sender 0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc, next nonce 0$"
# fUSDC at genesis: USDC has 6 decimals; price "1" USD per token is 1 * 10^(36-6) = 1e30;
# the initial exchange rate 0.02 USDC per fToken is 0.02 * 10^(10+6) = 2e14.
expect "^fUSDC: USDC with 6 decimals, price 1\.0 USD, exchange rate 200000000000000 \(0\.02 USDC per fToken\)$"
expect "^Mint: block [0-9]+ index 0 ok; events (interest_accrued, )?minted$"
expect "^Borrow: block [0-9]+ index [01] ok; events (interest_accrued, )?market_entered, borrowed$"
expect "^Repay all: block [0-9]+ index 0 ok; events (interest_accrued, )?repaid$"
expect "^resent Mint: refused -32014 nonce_used$"
expect "^block [0-9]+: header hash and transactions root verified$"
# 1000 USDC = 1e9 units at 2e14: 1e9 * 1e18 / 2e14 = 5e12 fToken units (50,000 fTokens).
# The repay paid the interest too, so the suppliers' 1000 USDC grew: supplied >= 1e9.
expect "^account fUSDC ftokens=5000000000000 supplied=1[0-9]{9} borrowed=0 entered=true$"
expect "^event minted block=[0-9]+ market=fUSDC account=$bob amount=1000000000 amount2=5000000000000$"
# 100 USDC = 1e8 units borrowed; right after, bob owes exactly that.
expect "^event borrowed block=[0-9]+ market=fUSDC account=$bob amount=100000000 amount2=100000000$"
# Repay all repays the loan and its interest (at least 1e8 units); nothing is owed after.
expect "^event repaid block=[0-9]+ market=fUSDC account=$bob other=$bob amount=1[0-9]{8} amount2=0$"
expect "^done$"
echo "PASS"
