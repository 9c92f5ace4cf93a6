// The chain's first state, built from a GenesisConfig by the engine itself.
//
// Nothing here re-implements a protocol rule. The state is set up the way the engine
// expects a genesis to set it up (State::add_asset, the asset's issuer and access,
// account ids, roles, blocks per year), and everything else goes through
// flux::apply, at `start_block`, in this order:
//
//   1. set_close_factor, set_liquidation_incentive                  (admin)
//   2. set_kyc for every [[kyc]] grant                               (compliance)
//   3. per market, in file order: set_kyc where the seed needs it (below), faucet of
//      its seed to the admin,
//      then list_market (configuration, price, caps, pauses, rate model and the
//      seed supply, atomically: a market is never listed empty)    (admin)
//   4. per [[balances]] entry: issue_asset from the asset's issuer if it has one
//      (so a permissioned asset goes only to accounts KYC'd in step 2), otherwise
//      faucet from the admin
//   5. set_sanctioned for every address in `sanctions` (last, so a dev balance can
//      be given to an account that is then sanctioned)                 (compliance)
//   6. set_paused transfer / seize when the file asks                   (admin)
//   7. with [governance]: install_governance (the timelock becomes the admin), then
//      a delegate request per [[delegations]] entry                  (each account)
//
// The seed of a KYC-only market passes through two accounts that must be allowed to
// hold it, or the engine's permitted_holders invariant would flag the listing: for a
// permissioned asset the admin (whose wallet the seed passes through) is granted its
// asset's KYC group, and for a permissioned market the locked supply holder (which
// keeps the seed fTokens) is granted the market's group. Both grants are set_kyc
// requests located at the market; an explicit [[kyc]] grant makes them redundant.
//
// A request the engine refuses is a configuration error: GenesisError names the TOML
// location it came from and the engine's error. The result is deterministic: the
// same configuration always gives the same state and so the same state_hash.
#pragma once

#include "engine/request.hpp"
#include "engine/state.hpp"
#include "node/genesis/config.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace flux::genesis {

struct Genesis {
  std::uint64_t chain_id = 0;
  std::uint64_t block_interval_ms = 0;
  State state;  // after every genesis request; state.block == start_block
};

// One engine request of the genesis and the TOML location it comes from.
struct GenesisStep {
  Location where;
  Request request;
};

// The set-up state (assets, accounts, roles; no request applied yet) and the requests
// to apply to it at `block`. Exposed so that tests and tools can check every step
// (invariants, events); build_genesis is exactly "apply every step in order".
struct GenesisPlan {
  State base;
  std::uint64_t block = 0;
  std::vector<GenesisStep> steps;
  // With [governance]: installed after `steps`, then `governed_steps` (delegations).
  std::optional<GovernanceSetup> governance;
  Location governance_where;
  std::vector<GenesisStep> governed_steps;
};

GenesisPlan plan_genesis(const GenesisConfig& config);

// Throws GenesisError when the engine refuses a request.
Genesis build_genesis(const GenesisConfig& config);

}  // namespace flux::genesis
