#!/usr/bin/env bash
# End to end: `flux` against a real `fluxd --dev`. Usage: node_test.sh FLUX FLUXD DEMO
# Starts the node on a free port with a fresh data folder, runs the demo, then
# checks keys, queries, every exit code (0 ok, 1 failed or rejected, 2 bad usage,
# 3 unreachable) and the one-line error messages. Exit 77 (skipped) without fluxd.
set -uo pipefail
FLUX="$1"
FLUXD="$2"
DEMO="$3"
if [[ ! -x "$FLUXD" ]]; then
  echo "no fluxd at $FLUXD: skipped"
  exit 77
fi

source "$(dirname "${BASH_SOURCE[0]}")/live_dev_node.sh"

echo "=== the demo"
FLUX_BIN="$FLUX" bash "$DEMO" || fail "the demo failed"

echo "=== queries"
expect 0 '^\[' -- markets --json
expect 0 'fOUSG +OUSG +95\.00' -- markets
expect 0 'liquidated +liquidator liquidated alice' -- events --event liquidated
expect 0 'seized' -- events --market fOUSG --account dev:liquidator
expect 0 'confirmed [0-9]+, next [0-9]+' -- nonce dev:alice
expect 0 'KYC groups: 1; sanctioned: no' -- compliance dev:alice
expect 0 'KYC groups: none' -- compliance dev:carol
expect 0 '^block [0-9]+' -- block latest
expect 0 '"header"' -- block 1 --json
expect 1 'not_found' -- block 99999999
expect 1 'never seen' -- account 0x000000000000000000000000000000000000bEEF

echo "=== transactions: ok, failed in a block, rejected at admission"
expect 0 '^ok  Mint by carol' -- supply USDC 10.5 --dev-account carol
expect 0 'carol withdrew 10\.5 USDC' -- withdraw fUSDC all --dev-account carol
expect 1 'Borrow failed in block [0-9]+: kyc_required \(1013\)' -- borrow fUSDC 1 --dev-account carol
expect 1 'SetPrice rejected at admission: unauthorized \(-32016\)' -- admin set-price fUSDC 2 --dev-account bob
expect 0 'alice repaid .* USDC to fUSDC \(borrow balance now 0 USDC\)' -- repay fUSDC all --dev-account alice
expect 0 'alice exited fOUSG' -- exit fOUSG --dev-account alice
expect 0 'alice sent 1 OUSG to bob' -- send-asset OUSG dev:bob 1 --dev-account alice
expect 0 'alice transferred 1 fOUSG to bob' -- transfer fOUSG dev:bob 1 --dev-account alice
expect 0 'carol granted KYC group 7' -- admin kyc grant dev:carol 7 --dev-account compliance
# The dev chain's admin is the timelock: the old admin key is refused at admission
# (tests/cli/governance_walkthrough.sh changes these through a proposal).
expect 1 'SetCollateralFactor rejected at admission: unauthorized \(-32016\)' -- admin set-collateral-factor fDAI 0.8 --dev-account admin
expect 1 'SetCloseFactor rejected at admission: unauthorized \(-32016\)' -- tx SetCloseFactor value=400000000000000000 --dev-account admin
expect 0 '"ok": true' -- supply fDAI 1 --dev-account bob --json
hash="$("$FLUX" supply fDAI 2 --dev-account bob --no-wait --json | sed -n 's/.*"hash": "\(0x[0-9a-f]*\)".*/\1/p')"
[[ -n "$hash" ]] || fail "no hash from --no-wait"
for _ in $(seq 1 50); do "$FLUX" receipt "$hash" >/dev/null 2>&1 && break; sleep 0.1; done
expect 0 'bob supplied 2 DAI to fDAI' -- receipt "$hash"

echo "=== bad usage (2) and an unreachable node (3)"
expect 2 'unknown market "fXYZ"; the node lists fUSDC, fDAI, fOUSG' -- supply fXYZ 1 --dev-account bob
expect 2 '7 decimal places' -- supply fUSDC 1.0000001 --dev-account bob
expect 2 'negative' -- supply fUSDC -5 --dev-account bob
expect 2 'does not fit in 256 bits' -- supply fUSDC 115792089237316195423570985008687907853269984665640564039457584007913129639936 --dev-account bob
expect 2 'who signs' -- supply fUSDC 1
expect 2 'unknown dev account "mallory"' -- supply fUSDC 1 --dev-account mallory
expect 2 'dev:alice' -- liquidate alice fUSDC 1 fOUSG --dev-account liquidator --keystore "$work/keys"
expect 2 'fraction' -- admin set-collateral-factor fUSDC 85 --dev-account admin
expect 2 'unknown transaction type' -- tx Mintt --dev-account bob
expect 2 'also needs amount' -- tx Mint market=fUSDC --dev-account bob
expect 2 '' -- frobnicate
expect 3 'cannot reach the node at http://127\.0\.0\.1:1' -- markets --rpc http://127.0.0.1:1
expect 2 'https is not supported' -- markets --rpc https://127.0.0.1:1

echo "=== keys"
export FLUX_KEYSTORE="$work/keys"
export FLUX_PASSWORD="correct horse"
expect 0 'created key "ops"' -- keys create --name ops --light
printf '%s\n' 0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e >"$work/carol.key"
expect 0 'imported key "carol2": 0x976EA74026E726554dB657fA54763abd0C3a0aa9' -- keys import --name carol2 --private-key-file "$work/carol.key" --light
echo 0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a | "$FLUX" keys import --name guardian --light >/dev/null || fail "import from stdin"
expect 2 'already exists' -- keys create --name ops --light
expect 2 'already stored as "carol2"' -- keys import --name carol3 --private-key-file "$work/carol.key" --light
expect 0 'carol2 +0x976EA74026E726554dB657fA54763abd0C3a0aa9' -- keys list
expect 0 'guardian +0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' -- keys list
expect 0 '^ok  Mint by carol2' -- supply fUSDC 3 --from carol2
expect 0 'carol2 supplied 4 USDC' -- supply fUSDC 4 --from 0x976EA74026E726554dB657fA54763abd0C3a0aa9
printf 'wrong\n' >"$work/wrong.pw"
expect 2 'wrong password' -- supply fUSDC 1 --from carol2 --password-file "$work/wrong.pw"
unset FLUX_PASSWORD
expect 2 'password is needed' -- supply fUSDC 1 --from carol2
expect 2 'no key "nobody"' -- supply fUSDC 1 --from nobody
expect 0 '^ok  Pause by guardian' -- admin pause mint fUSDC --from guardian --password-file <(echo "correct horse")
expect 0 'fUSDC .* mint *$' -- markets
expect 1 'Mint failed in block [0-9]+: paused' -- supply fUSDC 1 --dev-account bob

echo "PASS: flux against fluxd"
