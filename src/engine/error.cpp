#include "engine/error.hpp"

#include <array>

namespace flux {
namespace {

struct ErrorText {
  std::string_view name;
  std::string_view message;
};

constexpr std::array<ErrorText, error_count> kErrors{{
    {"ok", "the operation succeeded"},
    {"insufficient_liquidity", "the account's collateral would not cover its borrows"},
    {"insufficient_cash", "the market does not hold enough underlying cash"},
    {"insufficient_balance", "the wallet or fToken balance is too small"},
    {"market_not_listed", "the market is not listed"},
    {"price_error", "a market the operation needs has no price"},
    {"too_much_repay", "the repay exceeds what the close factor allows"},
    {"liquidate_self", "a borrower cannot liquidate itself"},
    {"insufficient_shortfall", "the borrower is not in shortfall"},
    {"seize_too_much", "the borrower does not hold enough collateral to seize"},
    {"borrow_cap_reached", "the market's borrow cap would be reached"},
    {"supply_cap_reached", "the market's supply cap would be exceeded"},
    {"paused", "this action is paused"},
    {"kyc_required", "the account does not meet the market's KYC requirement"},
    {"sanctioned", "the account is on the sanctions list"},
    {"nonzero_borrow_balance", "the account still owes in this market"},
    {"invalid_amount", "the amount is zero, max, or would move nothing"},
    {"repay_exceeds_debt", "the repay is larger than the debt"},
    {"self_transfer", "source and destination are the same account"},
    {"insufficient_reserves", "the market's reserves are too small"},
    {"invalid_parameter", "a parameter is out of its allowed range"},
    {"rate_too_high", "the interest rate model's borrow rate exceeds the maximum"},
    {"math_error", "an arithmetic step overflowed, underflowed or divided by zero"},
    {"unauthorized", "the sender does not hold the role this operation needs"},
    {"block_in_past", "the block number is before the last applied block"},
    {"unknown_asset", "no such underlying asset"},
    {"unknown_account", "no such account"},
    {"limit_reached", "a fixed capacity of the engine is reached"},
    {"governance_disabled", "this chain has no governance"},
    {"unknown_proposal", "no such proposal"},
    {"below_proposal_threshold", "the proposer's votes do not exceed the proposal threshold"},
    {"live_proposal_exists", "the proposer already has a pending or active proposal"},
    {"invalid_actions", "a proposal needs between 1 and 10 actions"},
    {"voting_closed", "the proposal is not open for voting"},
    {"already_voted", "the account has already voted on this proposal"},
    {"proposal_not_succeeded", "only a succeeded proposal can be queued"},
    {"proposal_not_queued", "only a queued proposal can be executed"},
    {"timelock_not_ready", "the proposal's timelock delay has not passed"},
    {"proposal_expired", "the proposal's grace period for execution is over"},
    {"proposal_executed", "the proposal has been executed and cannot be canceled"},
    {"action_failed", "an action of the proposal failed, so none was applied"},
    {"rewards_disabled", "liquidity mining pays FLUX, and this chain has no governance token"},
    {"rule_version_unsupported",
     "the protocol rule version in force at this block is newer than this build implements"},
    {"liquidation_margin_too_small",
     "collateral factor x liquidation incentive would exceed 0.99: a liquidation would no longer cure a shortfall"},
    {"cancel_not_allowed",
     "only the proposer may cancel a proposal, or anyone once the proposer's votes fall below the proposal threshold"},
    {"invariant_violated",
     "the transaction's changes would break one of the laws checked on every transaction; it was refused and "
     "changed nothing"},
    {"wrong_protocol", "this operation belongs to the other protocol's rules than this deployment runs"},
    {"market_closed", "the market is stopped: only liquidations and margin calls may touch it"},
    {"nothing_changed", "the setting already has that value"},
    {"nonzero_supply_balance", "the account supplies to this market, so it may not borrow from it"},
    {"below_minimum_borrow", "the borrow is below the market's smallest borrow"},
    {"nothing_owed", "the account owes nothing in this market"},
    {"insufficient_allowance", "the spender may not move that many of the owner's fTokens"},
    {"credit_borrower", "a credit borrower is never liquidated or margin-called"},
    {"not_credit_borrower", "the account has no credit line"},
    {"guard_position", "the Guard's own position is never liquidated or margin-called"},
    {"collateral_ratio_too_low",
     "supply value / borrow value would fall below 110% (to borrow) or 115% (to redeem or transfer fTokens)"},
    {"no_reserves_receiver", "the deployment names no team account to receive reserves"},
}};

}  // namespace

std::string_view error_name(Error e) { return kErrors.at(static_cast<std::size_t>(e)).name; }
std::string_view error_message(Error e) { return kErrors.at(static_cast<std::size_t>(e)).message; }

std::optional<Error> error_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kErrors.size(); ++i)
    if (kErrors[i].name == name) return static_cast<Error>(i);
  return std::nullopt;
}

}  // namespace flux
