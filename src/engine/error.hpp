// The closed set of reasons an operation can fail.
//
// Names are the ones of the scenario format (docs/scenario-format.md) plus a few the
// engine needs beyond it; each has a stable snake_case name and a message. An
// operation reports exactly one: the first check that fails in the order
// docs/protocol.md#order-of-checks gives, so the order of checks inside each
// operation, not the order here, decides which error a user sees.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace flux {

enum class Error : std::uint8_t {
  ok = 0,
  // Named by the scenario format.
  insufficient_liquidity,
  insufficient_cash,
  insufficient_balance,
  market_not_listed,
  price_error,
  too_much_repay,
  liquidate_self,
  insufficient_shortfall,
  seize_too_much,
  borrow_cap_reached,
  supply_cap_reached,
  paused,
  kyc_required,
  sanctioned,
  nonzero_borrow_balance,
  invalid_amount,
  repay_exceeds_debt,
  self_transfer,
  insufficient_reserves,
  invalid_parameter,
  rate_too_high,
  math_error,
  // Flux's own.
  unauthorized,     // the sender does not hold the role the operation needs
  block_in_past,    // blocks only move forward
  unknown_asset,    // no such underlying token
  unknown_account,  // an account id the state has never seen
  limit_reached,    // a fixed capacity of the engine (markets, assets, accounts)
  // Governance (governor.hpp). Appended: an error's number is part of the node's RPC
  // error codes (1000 + n), so existing numbers never change.
  governance_disabled,       // this state has no governance token and timelock
  unknown_proposal,          // no proposal has this id
  below_proposal_threshold,  // the proposer's votes at block - 1 do not exceed the threshold
  live_proposal_exists,      // the proposer already has a pending or active proposal
  invalid_actions,           // a proposal needs 1 to 10 actions
  voting_closed,             // the proposal is not active: pending, or its voting period is over
  already_voted,             // the account has voted on this proposal
  proposal_not_succeeded,    // only a succeeded proposal can be queued
  proposal_not_queued,       // only a queued proposal can be executed
  timelock_not_ready,        // the proposal's eta is not reached
  proposal_expired,          // the grace period after the eta is over
  proposal_executed,         // an executed proposal cannot be canceled
  action_failed,             // one of the proposal's actions failed (Outcome says which, and why)
  // Liquidity mining (rewards.hpp). Appended, for the same reason.
  rewards_disabled,  // rewards are FLUX: a state without governance has none
  // Upgrades (upgrade.hpp). Appended like the governance errors.
  rule_version_unsupported,  // the block is at or past the activation of rules this build does not implement
  // Governance bounds (issue 9). Appended like the others.
  liquidation_margin_too_small,  // collateral factor x liquidation incentive above 0.99 (risk.hpp)
  // Node promises (issue 9). Appended like the others.
  cancel_not_allowed,  // not the proposer, and the proposer's votes are not below the proposal threshold
  // Invariants in production (issue 10). Appended like the others.
  invariant_violated,  // the request's changes broke a law of change_checks.hpp: a bug, refused
  // Flux Protocol (issue 11). Appended like the others.
  wrong_protocol,            // the operation belongs to the other protocol's rules (flux_protocol/deployment.hpp)
  market_closed,             // the market is stopped: only liquidation and margin calls may touch it
  nothing_changed,           // a setting already has that value
  nonzero_supply_balance,    // the account supplies to this market (a borrower may not)
  below_minimum_borrow,      // the smallest borrow is 10^(floor(2 x decimals / 5) + 1) units
  nothing_owed,              // there is no debt to repay
  insufficient_allowance,    // the spender may not move that many of the owner's fTokens
  credit_borrower,           // a credit borrower's position is never liquidated
  not_credit_borrower,       // the account has no credit line
  guard_position,            // the Guard's own position is never liquidated or margin-called
  collateral_ratio_too_low,  // supply value / borrow value would fall below 110% (borrow) or 115% (redeem, transfer)
  no_reserves_receiver,      // the deployment names no team account to receive reserves
};

inline constexpr int error_count = static_cast<int>(Error::no_reserves_receiver) + 1;

std::string_view error_name(Error e);
std::string_view error_message(Error e);
std::optional<Error> error_from_name(std::string_view name);

}  // namespace flux
