// What every operation works with, and the checks many of them share.
//
// Each operation follows the same three steps (rippled's transactor phases):
//   1. check the request alone (engine.cpp: block, known accounts, the sender's role —
//      authorization.hpp);
//   2. check it against the state, reading only: accrue into a copy of the market's
//      book, then access rules, pauses, caps, liquidity, in the reference's order;
//   3. write the copies back, after the last check. Nothing that can fail runs
//      after the first write, so a failure leaves the state as it was.
#pragma once

#include "engine/engine.hpp"
#include "engine/failure.hpp"
#include "engine/interest.hpp"

namespace flux {

struct Context {
  State& state;
  std::uint64_t block;
  std::vector<Event>& events;

  // The market, or market_not_listed: a market exists in the state iff it is listed.
  const Market& market(MarketId id) const {
    require(id < state.markets.size(), Error::market_not_listed);
    return state.markets[id];
  }
  // A copy of the market's book accrued to this block; reports the interest.
  MarketBook accrue(MarketId id) { return reported(id, accrued(market(id), block)); }
  // The same, at most at the maximum rate (interest.hpp): set_rate_model only.
  MarketBook accrue_at_most_max_rate(MarketId id) { return reported(id, accrued_at_most_max_rate(market(id), block)); }
  // Reports the interest of an accrued copy of the market's book.
  MarketBook reported(MarketId id, MarketBook book) {
    const MarketBook& stored = state.markets[id].book;
    if (book.accrual_block != stored.accrual_block)
      events.push_back({EventKind::interest_accrued, id, 0, 0, book.total_borrows - stored.total_borrows,
                        book.borrow_index});
    return book;
  }
  const Account& account(AccountId id) const { return state.accounts[id]; }
  U256 tokens_of(AccountId id, MarketId m) const {
    const Position* p = state.accounts[id].position(m);
    return p ? p->tokens : U256(0);
  }
  void emit(EventKind kind, MarketId m, AccountId a, AccountId b, U256 amount, U256 amount2 = 0) {
    events.push_back({kind, m, a, b, std::move(amount), std::move(amount2)});
  }
  void emit_asset(EventKind kind, AssetId asset, AccountId a, AccountId b, U256 amount) {
    events.push_back({kind, no_market, a, b, std::move(amount), U256(0), asset});
  }
  void emit_governance(EventKind kind, std::uint64_t proposal, AccountId a, AccountId b, U256 amount,
                       U256 amount2 = 0, std::string text = {}) {
    events.push_back({kind, no_market, a, b, std::move(amount), std::move(amount2), 0, proposal, std::move(text)});
  }
  // The governance of this state, or governance_disabled.
  const Governance& governance() const {
    require(state.governance.enabled(), Error::governance_disabled);
    return state.governance;
  }
};

// Step 1's check that every account a request names exists (engine.cpp); an
// execute asks it of each action too.
bool request_accounts_known(const State& state, const Request& request);

// The checks and new values of a repay (also the repay inside a liquidation).
struct RepayPlan {
  U256 amount;               // what the payer pays
  U256 new_borrow_balance;   // the borrower's principal afterwards
};
class RewardsPlan;
// Runs repay's checks after accrual: access (payer, then borrower) -> wallet ->
// amount <= debt. Then the borrower's FLUX rewards are distributed on the book before
// the repay (repayBorrowAllowed's hook), and the repay applies to `book` in place
// (cash, total borrows with Flux fix 1).
RepayPlan plan_repay(Context& ctx, MarketId market, MarketBook& book, AccountId payer, AccountId borrower,
                     const U256& amount, RewardsPlan& rewards);
// Writes a planned repay: payer's wallet and the borrower's position.
void write_repay(Context& ctx, MarketId market, const MarketBook& book, AccountId payer, AccountId borrower,
                 const RepayPlan& plan);

// One handler per request type; each lives in the file named after its operation.
void run(Context&, const Mint&);
void run(Context&, const Redeem&);
void run(Context&, const RedeemUnderlying&);
void run(Context&, const Borrow&);
void run(Context&, const Repay&);
void run(Context&, const Transfer&);
void run(Context&, const Liquidate&);
void run(Context&, const EnterMarkets&);
void run(Context&, const ExitMarket&);
void run(Context&, const Accrue&);
void run(Context&, const AddReserves&);
void run(Context&, const ReduceReserves&);
void run(Context&, const Faucet&);
void run(Context&, const SetPrice&);
void run(Context&, const SetPriceCap&);
void run(Context&, const SetCollateralFactor&);
void run(Context&, const SetReserveFactor&);
void run(Context&, const SetProtocolSeizeShare&);
void run(Context&, const SetRateModel&);
void run(Context&, const SetCloseFactor&);
void run(Context&, const SetLiquidationIncentive&);
void run(Context&, const SetBorrowCap&);
void run(Context&, const SetSupplyCap&);
void run(Context&, const SetPaused&);
void run(Context&, const SetKyc&);
void run(Context&, const SetSanctioned&);
void run(Context&, const ListMarket&);
void run(Context&, const IssueAsset&);
void run(Context&, const BurnAsset&);
void run(Context&, const TransferAsset&);
void run(Context&, const SetPauseGuardian&);
void run(Context&, const SetMarketAccess&);
void run(Context&, const ReduceReservesTo&);
void run(Context&, const SetKycGroupAdmin&);
void run(Context&, const SetSanctionsAdmin&);
void run(Context&, const SetGovernanceParameter&);
void run(Context&, const TransferAdminToTimelock&);
void run(Context&, const Delegate&);
void run(Context&, const Propose&);
void run(Context&, const CastVote&);
void run(Context&, const Cancel&);
void run(Context&, const Queue&);
void run(Context&, const Execute&);
void run(Context&, const SetRewardSpeeds&);
void run(Context&, const FundRewards&);
void run(Context&, const ClaimRewards&);
void run(Context&, const ScheduleUpgrade&);
void run(Context&, const SetOracle&);

}  // namespace flux
