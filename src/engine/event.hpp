// What a successful operation reports. Failed operations report nothing.
#pragma once

#include "engine/state.hpp"

namespace flux {

enum class EventKind : std::uint8_t {
  interest_accrued,  // market; amount = interest, amount2 = new borrow index
  minted,            // market, account; amount = underlying, amount2 = fTokens
  redeemed,          // market, account; amount = underlying, amount2 = fTokens
  borrowed,          // market, account; amount = underlying, amount2 = account's new borrow balance
  repaid,            // market, account = payer, other = borrower; amount, amount2 = new borrow balance
  transferred,       // market, account = from, other = to; amount = fTokens
  liquidated,        // market = debt market, account = liquidator, other = borrower; amount = repaid, amount2 = fTokens seized
  seized,            // market = collateral market, account = liquidator, other = borrower; amount = liquidator's fTokens, amount2 = protocol's fTokens
  reserves_added,    // market; amount
  reserves_reduced,  // market; amount
  market_entered,    // market, account
  market_exited,     // market, account
  parameter_changed, // market (no_market for protocol-wide settings); amount = new value
  faucet,            // asset, account; amount
  compliance_changed,// account; amount = group (KYC) or 0 (sanctions), amount2 = 1 granted / 0 revoked
  market_listed,     // market, account = locked supply holder; amount = seed underlying, amount2 = seed fTokens
  asset_issued,      // asset, account = recipient; amount
  asset_burnt,       // asset, account = issuer; amount
  asset_transferred, // asset, account = from, other = to; amount
  // Governance (governor.hpp).
  role_changed,      // account = the role's new or revoked holder; amount = KYC group (KYC group admin), amount2 = 1 granted / 0 revoked
  delegate_changed,  // account = delegator, other = new delegate (no_account: none)
  votes_changed,     // account = delegate; amount = votes before, amount2 = votes after
  proposal_created,  // proposal, account = proposer; amount = start block, amount2 = end block; text = description
  vote_cast,         // proposal, account = voter; amount = votes, amount2 = support (0 against, 1 for, 2 abstain); text = reason
  proposal_canceled, // proposal, account = who canceled
  proposal_queued,   // proposal, account = who queued; amount = eta
  proposal_executed, // proposal, account = who executed (after the events of its actions)
  // Liquidity mining (rewards.hpp).
  reward_speeds_set,             // market; amount = supply speed, amount2 = borrow speed (FLUX units per block)
  rewards_funded,                // account = funder (the timelock for a proposal's action); amount = FLUX in, amount2 = reserve after
  rewards_claimed,               // account = claimer; amount = FLUX paid into its wallet, amount2 = reserve after
  supplier_rewards_distributed,  // market, account = supplier; amount = FLUX credited, amount2 = the market's supply index
  borrower_rewards_distributed,  // market, account = borrower; amount = FLUX credited, amount2 = the market's borrow index
  // Upgrades (upgrade.hpp). Appended: kinds are numbered by position.
  upgrade_scheduled, // account = who scheduled it; amount = rule version, amount2 = activation block
  upgrade_canceled,  // account = who canceled it; amount = the canceled version, amount2 = its activation block
  rule_version_activated, // amount = the rule version now in force, amount2 = its activation block (first of the request's events)
};

// Every kind above, for readers that list or look up kinds by name.
inline constexpr int event_kind_count = static_cast<int>(EventKind::rule_version_activated) + 1;

struct Event {
  EventKind kind;
  MarketId market = 0;
  AccountId account = 0;
  AccountId other = 0;
  U256 amount;
  U256 amount2;
  AssetId asset = 0;  // asset ledger events only
  std::uint64_t proposal = 0;  // governance events only
  std::string text = {};       // proposal_created, vote_cast
};

const char* event_name(EventKind kind);

}  // namespace flux
