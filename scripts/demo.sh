#!/usr/bin/env bash
# The dev chain demo, through the `flux` CLI: supply, collateral, a borrow near the
# limit, a price drop into shortfall, and a partial liquidation.
#
# Needs a running dev node (`fluxd --dev`, config/dev.toml) that nothing else has
# used yet. Every transaction is signed with --dev-account: the dev chain's Hardhat
# accounts, whose private keys are PUBLIC (dev only).
#
#   FLUX_RPC=http://127.0.0.1:8545   the node (the default)
#   FLUX_BIN=build/release/flux      the flux command to run
#
# The numbers (config/dev.toml, market templates in src/node/genesis/config.cpp):
# OUSG at 100 USD with the permissioned-fund template's collateral factor 0.92, so
# alice's 1,000 OUSG let her borrow up to 92,000 USD; she borrows 90,000 USDC. At 95
# USD her collateral counts for 1,000 * 95 * 0.92 = 87,400 USD: a shortfall of about
# 2,600. The close factor is 0.5 and the liquidation incentive 1.05: the liquidator
# repays 20,000 USDC and seizes 20,000 * 1.05 / 95 = 221.05 OUSG worth of fOUSG.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
FLUX_BIN="${FLUX_BIN:-$repo/build/release/flux}"
export FLUX_RPC="${FLUX_RPC:-http://127.0.0.1:8545}"

if [[ ! -x "$FLUX_BIN" ]]; then
  echo "demo.sh: no flux command at $FLUX_BIN (build it, or set FLUX_BIN)" >&2
  exit 2
fi

step() { printf '\n=== %s\n' "$*"; }
flux() { "$FLUX_BIN" "$@"; }
# The account's shortfall as the node's raw decimal string.
shortfall() { flux account --dev-account "$1" --json | sed -n 's/^  "shortfall": "\([0-9]*\)",\{0,1\}$/\1/p'; }

step "The dev chain at $FLUX_RPC"
flux markets

step "1. bob supplies 500,000 USDC to fUSDC"
flux supply fUSDC 500000 --dev-account bob

step "2. alice supplies 1,000 OUSG to fOUSG and uses it as collateral"
flux supply fOUSG 1000 --dev-account alice
flux enter fOUSG --dev-account alice

step "3. alice borrows 90,000 USDC (her limit: 1,000 OUSG * 100 USD * 0.92 = 92,000)"
flux borrow fUSDC 90000 --dev-account alice

step "4. alice's account"
flux account --dev-account alice
if [[ "$(shortfall alice)" != 0 ]]; then
  echo "demo.sh: alice should not be in shortfall yet" >&2
  exit 1
fi

step "5. the oracle drops OUSG to 95 USD"
flux admin set-price fOUSG 95 --dev-account oracle

step "6. alice's account: now in shortfall"
flux account --dev-account alice
if [[ "$(shortfall alice)" == 0 ]]; then
  echo "demo.sh: alice should be in shortfall after the price drop" >&2
  exit 1
fi

step "7. the liquidator repays 20,000 USDC of alice's borrow and seizes her fOUSG"
flux liquidate dev:alice fUSDC 20000 fOUSG --dev-account liquidator

step "8. alice after the liquidation"
flux account --dev-account alice

step "9. the liquidator"
flux account --dev-account liquidator

step "10. the markets"
flux markets
