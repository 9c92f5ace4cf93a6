#!/usr/bin/env bash
# The README's "Governance on the dev chain", command for command, against a live
# `fluxd --dev`; then what must fail: voting twice, a direct admin transaction from
# the old admin key, executing before the eta. Usage: governance_walkthrough.sh FLUX FLUXD
# Exit 77 (skipped) without fluxd.
set -uo pipefail
FLUX="$1"
FLUXD="$2"
if [[ ! -x "$FLUXD" ]]; then
  echo "no fluxd at $FLUXD: skipped"
  exit 77
fi

source "$(dirname "${BASH_SOURCE[0]}")/live_dev_node.sh"

# The node runs 200 ms blocks (live_dev_node.sh) while the dev genesis says 1000 ms:
# fluxd warns that governance durations, counted in 1000 ms blocks, pass 5 times as fast.
node_log="$(cat "$work/node.log")"
[[ $node_log == *"warning: governance counts blocks of 1000 ms"*"every 200 ms"*"pass 5 times as fast"* ]] ||
  fail "fluxd did not warn that --block-interval-ms 200 differs from the genesis's 1000 ms"

echo "=== the README walkthrough"
expect 0 'token FLUX, timelock 0x000000000000000000000000000000000000[fF]10[cC]' -- gov params
# A day is 86,400 s, and 86,400 of the dev chain's 1 s blocks (86,400 x 1000 / 1000 ms).
expect 0 'timelock_delay +86400 s +86400 blocks' -- gov params
expect 0 'voting_period +86400 s +86400 blocks' -- gov params
expect 0 'alice: 500,000 FLUX, delegates to alice, 500,000 votes now' -- gov votes dev:alice
expect 0 'alice made proposal 1' -- gov propose --description "List WETH as fWETH" --dev-account alice \
  list-market fWETH --asset WETH --template volatile --price 3000 --collateral-factor 0.75
expect 0 '^ +1 +(pending|active) +alice' -- gov list
expect 0 'mined 1 blocks' -- dev mine 1
expect 0 'alice voted for proposal 1 with 500,000 votes \("WETH is liquid"\)' -- gov vote 1 for --reason "WETH is liquid" --dev-account alice
expect 0 'bob voted for proposal 1 with 200,000 votes' -- gov vote 1 for --dev-account bob
expect 0 'carol voted against proposal 1 with 100,000 votes' -- gov vote 1 against --dev-account carol
expect 0 'mined 86400 blocks' -- dev mine --seconds 86400
expect 0 'proposal 1: succeeded' -- gov show 1
expect 0 'alice queued proposal 1: executable from block [0-9]+' -- gov queue 1 --dev-account alice
expect 1 'Execute failed in block [0-9]+: timelock_not_ready' -- gov execute 1 --dev-account alice
expect 0 'mined 86400 blocks' -- dev mine --seconds 86400
expect 0 'alice executed proposal 1' -- gov execute 1 --dev-account alice
expect 0 'fWETH +WETH +3,000\.00' -- markets

echo "=== the outcome, checked in the node's JSON"
show="$("$FLUX" gov show 1 --json)" || fail "gov show 1 --json"
output_matches '"state": "executed"' "$show" || fail "proposal 1 is not executed"
market="$("$FLUX" markets --json)" || fail "markets --json"
# fWETH as one line of the markets' JSON: its symbol, collateral factor 0.75 and the
# volatile template's reserve factor 0.2 (the JSON is printed with sorted keys; the
# nested liquidity-mining object is dropped first so that a market is one flat {...}).
fweth="$(printf '%s\n' "$market" | tr -d ' \n' | sed 's/"rewards":{[^{}]*},\{0,1\}//g' |
  grep -o '{[^{}]*"symbol":"fWETH"[^{}]*}')" || fail "fWETH is not listed"
output_matches '"collateral_factor":"750000000000000000"' "$fweth" || fail "fWETH's collateral factor is not 0.75: $fweth"
output_matches '"reserve_factor":"200000000000000000"' "$fweth" || fail "fWETH is not from the volatile template: $fweth"

echo "=== FLUX moves votes"
expect 0 'alice sent 5 FLUX to bob' -- send-asset FLUX dev:bob 5 --dev-account alice
expect 0 'alice: 499,995 FLUX, delegates to alice, 499,995 votes now' -- gov votes dev:alice
expect 0 'bob: 200,005 FLUX, delegates to bob, 200,005 votes now' -- gov votes dev:bob

echo "=== what must fail"
expect 1 'CastVote failed in block [0-9]+: voting_closed' -- gov vote 1 for --dev-account alice
expect 0 'alice made proposal 2' -- gov propose --description "Lower fDAI's collateral factor" --dev-account alice \
  set-collateral-factor fDAI 0.8
expect 0 'mined 1 blocks' -- dev mine 1
expect 0 'alice voted for proposal 2' -- gov vote 2 for --dev-account alice
expect 1 'CastVote failed in block [0-9]+: already_voted' -- gov vote 2 against --dev-account alice
expect 1 'SetCollateralFactor rejected at admission: unauthorized \(-32016\)' -- admin set-collateral-factor fDAI 0.8 --dev-account admin
expect 1 'SetCloseFactor rejected at admission: unauthorized' -- tx SetCloseFactor value=400000000000000000 --dev-account admin
# The CLI checks a message against the node's type table before signing: the same detail.
expect 2 'cannot build Propose: actions\[0\] Mint is not a governance action' -- gov propose --description x --dev-account bob \
  --action '{"type":"Mint","market":"fUSDC","amount":"1"}'
expect 1 'Propose rejected at admission: out_of_bounds' -- gov propose --description x --dev-account bob \
  --action '{"type":"SetCloseFactor","value":"950000000000000000"}'
expect 2 'unknown template "stable"' -- gov propose --description x --dev-account bob \
  list-market fX --asset WETH --template stable
expect 1 'not_found' -- gov show 99
expect 2 '' -- dev mine 0
expect 2 '' -- dev mine 5 --seconds 5

echo "=== a cancel that is not allowed, and a proposal whose second action fails"
# alice's 499,995 votes are above the 100,000 threshold: only she may cancel her proposal.
expect 1 'Cancel failed in block [0-9]+: cancel_not_allowed \(1044\): only the proposer may cancel' -- gov cancel 2 --dev-account bob
# An action on a market that is not listed can only fail, so it is refused when proposed
# (would_fail); paying out more reserves than the market holds passes admission (cash and
# reserves may grow until the execution) and fails when executed (cash is checked first).
expect 1 'Propose rejected at admission: would_fail \(-32020\): actions\[1\] set_supply_cap would fail: market_not_listed' \
  -- gov propose --description "Cap a market that is not listed" --dev-account bob \
  --action '{"type":"SetCollateralFactor","market":"fDAI","value":"700000000000000000"}' \
  --action '{"type":"SetSupplyCap","market":"fNOPE","value":"1"}'
expect 0 'bob made proposal 3' -- gov propose --description "Pay out more reserves than fDAI holds" --dev-account bob \
  --action '{"type":"SetCollateralFactor","market":"fDAI","value":"700000000000000000"}' \
  --action '{"type":"ReduceReservesTo","market":"fDAI","amount":"1000000000000000000000000000","to":"0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"}'
expect 0 'mined 1 blocks' -- dev mine 1
expect 0 'alice voted for proposal 3' -- gov vote 3 for --dev-account alice
expect 0 'bob voted for proposal 3' -- gov vote 3 for --dev-account bob
expect 0 'mined 86400 blocks' -- dev mine --seconds 86400
expect 0 'bob queued proposal 3' -- gov queue 3 --dev-account bob
expect 0 'mined 86400 blocks' -- dev mine --seconds 86400
# The receipt names the failed action (numbered from 1, as gov show lists them) and its error.
expect 1 'Execute failed in block [0-9]+: action_failed \(1040\)[^;]*; action 2 \(ReduceReservesTo\) failed: insufficient_cash \(1002\)' \
  -- gov execute 3 --dev-account bob

echo "PASS: the governance walkthrough"
