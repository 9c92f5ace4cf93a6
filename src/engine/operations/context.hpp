// What every operation works with, and the checks many of them share.
//
// Each operation follows the same three steps (rippled's transactor phases):
//   1. check the request alone (engine.cpp: block, known accounts, the sender's role —
//      authorization.hpp);
//   2. check it against the state, reading only: accrue into a copy of the market's
//      book, then access rules, pauses, caps, liquidity, in the reference's order;
//   3. write the copies back, after the last check, through the Context's write_*
//      functions: each journals the entry before handing it out (journal.hpp), so the
//      request's change set is exact and a failed request is undone generically.
//      Nothing that can fail runs after the first write: a check failing after one is
//      a bug, and apply() (engine.cpp) stops it loudly with std::logic_error after
//      undoing the writes, rather than fail the request in a half-written state.
#pragma once

#include "engine/engine.hpp"
#include "engine/failure.hpp"
#include "engine/interest.hpp"
#include "engine/journal.hpp"

namespace flux {

class Context {
 public:
  Context(State& writable, std::uint64_t at, std::vector<Event>& out, Journal& journal)
      : Context(writable, at, writable.time, out, journal) {}
  Context(State& writable, std::uint64_t at, std::uint64_t at_time, std::vector<Event>& out, Journal& journal)
      : state(writable), block(at), time(at_time), events(out), state_(writable), journal_(journal) {}

  const State& state;  // read-only: writes go through the write_* functions below
  std::uint64_t block;
  std::uint64_t time;  // the block's timestamp, seconds (Flux Protocol's clock)
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
      emit(InterestAccrued{
          .market = id, .interest = book.total_borrows - stored.total_borrows, .borrow_index = book.borrow_index});
    return book;
  }
  const Account& account(AccountId id) const { return state.accounts[id]; }
  U256 tokens_of(AccountId id, MarketId m) const {
    const Position* p = state.accounts[id].position(m);
    return p ? p->tokens : U256(0);
  }
  // Reports an event (event.hpp), after the ones reported so far.
  void emit(Event event) { events.push_back(std::move(event)); }
  // The governance of this state, or governance_disabled.
  const Governance& governance() const {
    require(state.governance.enabled(), Error::governance_disabled);
    return state.governance;
  }

  // --- Writes: each journals its entry first (journal.hpp) ------------------------
  Account& write_account(AccountId id) {
    touch(EntryKind::account, id);
    return state_.accounts.at(id);
  }
  Market& write_market(MarketId id) {
    touch(EntryKind::market, id);
    return state_.markets.at(id);
  }
  MarketBook& write_book(MarketId id) { return write_market(id).book; }
  MarketConfig& write_config(MarketId id) { return write_market(id).config; }
  // Lists a new market (State::add_market); its id.
  MarketId append_market(MarketConfig config) {
    touch(EntryKind::market, state.markets.size());
    return state_.add_market(std::move(config), block);
  }
  Asset& write_asset(AssetId id) {
    touch(EntryKind::asset, id);
    return state_.assets.at(id);
  }
  RiskParams& write_risk() {
    touch(EntryKind::risk, 0);
    return state_.risk;
  }
  Roles& write_roles() {
    touch(EntryKind::roles, 0);
    return state_.roles;
  }
  std::uint32_t& write_rule_version() {
    touch(EntryKind::rules, 0);
    return state_.rule_version;
  }
  std::optional<ScheduledUpgrade>& write_scheduled_upgrade() {
    touch(EntryKind::rules, 0);
    return state_.scheduled_upgrade;
  }
  void write_block(std::uint64_t b) {
    touch(EntryKind::block, 0);
    state_.block = b;
  }
  GovernorParams& write_governor_params() {
    touch(EntryKind::governor, 0);
    return state_.governance.params;
  }
  std::uint64_t& write_timelock_delay() {
    touch(EntryKind::governor, 0);
    return state_.governance.timelock_delay;
  }
  std::map<AccountId, std::uint64_t>& write_latest_proposals() {
    touch(EntryKind::governor, 0);
    return state_.governance.latest_proposal;
  }
  // The account's voter record, created empty if it has none.
  Voter& write_voter(AccountId id) {
    touch(EntryKind::voter, id);
    return state_.governance.voters[id];
  }
  // Removes an empty voter record (the state keeps none).
  void erase_voter(AccountId id) {
    touch(EntryKind::voter, id);
    state_.governance.voters.erase(id);
  }
  Proposal& write_proposal(std::uint64_t id) {
    touch(EntryKind::proposal, id);
    return state_.governance.proposals.at(id - 1);
  }
  // A new proposal, with the next id.
  Proposal& append_proposal() {
    touch(EntryKind::proposal, state.governance.proposals.size() + 1);
    Proposal& p = state_.governance.proposals.emplace_back();
    p.id = state_.governance.proposals.size();
    return p;
  }
  // The market's emission record, created as Rewards::market(m) reads an absent one.
  MarketRewards& write_reward_market(MarketId m) {
    touch(EntryKind::reward_market, m);
    auto it = state_.rewards.markets.find(m);
    if (it == state_.rewards.markets.end()) it = state_.rewards.markets.emplace(m, state.rewards.market(m)).first;
    return it->second;
  }
  RewardsPool& write_reward_pool() {
    touch(EntryKind::reward_pool, 0);
    return state_.rewards.pool;
  }
  // The account's rewards record, created empty if it has none.
  AccountRewards& write_reward_account(AccountId id) {
    touch(EntryKind::reward_account, id);
    return state_.rewards.accounts[id];
  }
  // Removes an account's rewards record (the state keeps no empty one).
  void erase_reward_account(AccountId id) {
    touch(EntryKind::reward_account, id);
    state_.rewards.accounts.erase(id);
  }

  // Flux Protocol (flux_protocol/deployment.hpp).
  void write_time(std::uint64_t t) {
    touch(EntryKind::time, 0);
    state_.time = t;
  }
  flux_protocol::Settings& write_protocol_settings() {
    touch(EntryKind::protocol, 0);
    return state_.protocol_settings;
  }
  // The account's record, created empty if it has none; erase_empty_protocol_account
  // removes it again once it holds nothing (the state keeps no empty one).
  flux_protocol::ProtocolAccount& write_protocol_account(AccountId id) {
    touch(EntryKind::protocol_account, id);
    return state_.protocol_accounts[id];
  }
  void erase_empty_protocol_account(AccountId id) {
    const auto it = state_.protocol_accounts.find(id);
    if (it != state_.protocol_accounts.end() && it->second.empty()) {
      touch(EntryKind::protocol_account, id);
      state_.protocol_accounts.erase(it);
    }
  }

  // How many writable entries were handed out so far (the phase rule).
  std::uint64_t writes() const { return journal_.writes(); }

 private:
  void touch(EntryKind kind, std::uint64_t id) { journal_.touch(state, EntryKey{kind, id}); }
  State& state_;
  Journal& journal_;
};

// The phase rule's alarm: `operation` failed with `error` after it had written
// (context.hpp). Throws std::logic_error, which apply() does not catch.
[[noreturn]] void throw_written_then_failed(std::string_view operation, Error error);

// Runs `operation` (a request's or a proposal action's handler) under the phase rule:
// a Failure thrown after it has written becomes throw_written_then_failed. An
// ActionFailed passes: an execute's actions are each checked under the rule on their
// own (execute.cpp), and apply() undoes what earlier ones wrote.
template <class Operation>
void run_in_phases(Context& ctx, std::string_view name, Operation&& operation) {
  const std::uint64_t writes_before = ctx.writes();
  try {
    operation();
  } catch (const ActionFailed&) {
    throw;
  } catch (const Failure& failure) {
    if (ctx.writes() != writes_before) throw_written_then_failed(name, failure.error);
    throw;
  }
}

// Step 1's check that every account a request names exists (engine.cpp); an
// execute asks it of each action too.
bool request_accounts_known(const State& state, const Request& request);

// The checks and new values of a repay (also the repay inside a liquidation).
struct RepayPlan {
  U256 amount;              // what the payer pays
  U256 new_borrow_balance;  // the borrower's principal afterwards
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
void run(Context&, const ClaimRewardsFor&);
// flux_protocol/
void run(Context&, const SupplyFor&);
void run(Context&, const Withdraw&);
void run(Context&, const Approve&);
void run(Context&, const TransferFrom&);
void run(Context&, const AccrueAll&);
void run(Context&, const WithdrawReserves&);
void run(Context&, const LiquidatePosition&);
void run(Context&, const MarginCall&);
void run(Context&, const GuardRepay&);
void run(Context&, const GuardWithdraw&);
void run(Context&, const Donate&);
void run(Context&, const SetCollateralRatio&);
void run(Context&, const SetMarketStatus&);
void run(Context&, const SetActionDisabled&);
void run(Context&, const SetTaxRate&);
void run(Context&, const SetDefaultTaxRate&);
void run(Context&, const SetLiquidationFee&);
void run(Context&, const SetTeamAccount&);
void run(Context&, const ClearTeamAccount&);
void run(Context&, const SetCreditBorrower&);
void run(Context&, const SetCreditLimit&);
void run(Context&, const ScheduleUpgrade&);
void run(Context&, const SetOracle&);

}  // namespace flux
