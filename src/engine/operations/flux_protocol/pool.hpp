// What Flux Protocol's operations share (docs/flux-protocol.md): a working set that
// holds the entries an operation changes until its last check, per-second accrual of
// a pool, the account valuation over every market, the reference's "working check",
// the join set, and the liquidation line.
//
// Why a working set: a liquidation or a margin call walks the borrower's markets one
// after the other, and a later market's checks read what the earlier ones changed
// (the liquidator's wallet, the borrower's remaining debt) and can still fail. The
// operation therefore changes copies, reads through them, and writes them all to the
// state only at the end (the phase rule of context.hpp).
#pragma once

#include "engine/flux_protocol/accrual.hpp"
#include "engine/flux_protocol/valuation.hpp"
#include "engine/operations/context.hpp"

#include <deque>
#include <optional>
#include <utility>

namespace flux::flux_protocol {

// What valuations read: the state, or an operation's working set over it.
class Reader {
 public:
  virtual ~Reader() = default;
  virtual const State& state() const = 0;
  // The market (market_not_listed if there is none).
  virtual const Market& market(MarketId id) const = 0;
  virtual const Account& account(AccountId id) const = 0;
  virtual const ProtocolAccount& protocol_account(AccountId id) const = 0;
};

// The state as it is (views).
class StateReader final : public Reader {
 public:
  explicit StateReader(const State& state) : state_(state) {}
  const State& state() const override { return state_; }
  const Market& market(MarketId id) const override;
  const Account& account(AccountId id) const override { return state_.accounts.at(id); }
  const ProtocolAccount& protocol_account(AccountId id) const override { return state_.protocol_account(id); }

 private:
  const State& state_;
};

class WorkingSet final : public Reader {
 public:
  explicit WorkingSet(Context& ctx) : ctx_(ctx) {}

  const State& state() const override { return ctx_.state; }
  Context& context() { return ctx_; }

  // The market (market_not_listed if there is none), as the operation has it so far.
  const Market& market(MarketId id) const override;
  Market& write_market(MarketId id);
  const Account& account(AccountId id) const override;
  Account& write_account(AccountId id);
  const ProtocolAccount& protocol_account(AccountId id) const override;
  ProtocolAccount& write_protocol_account(AccountId id);

  // Writes every changed copy to the state through the context (journaled). Nothing
  // may fail after this.
  void commit();

 private:
  Context& ctx_;
  // Deques: a reference to one copy stays valid while others are added.
  std::deque<std::pair<MarketId, Market>> markets_;
  std::deque<std::pair<AccountId, Account>> accounts_;
  std::deque<std::pair<AccountId, ProtocolAccount>> protocol_accounts_;
};

// --- Pools --------------------------------------------------------------------------

// The accrual rules of the deployment's fixes.
AccrualRules accrual_rules(const State& state);
// The market's share of interest to reserves: its own, or the deployment's.
U256 tax_rate(const State& state, const Market& market);
// The market's book and escalator as accrual.hpp reads them, and back.
PoolBook pool_book(const Market& market);
void set_pool_book(Market& market, const PoolBook& book);
// Accrues the market to the operation's time in the working set (once per timestamp)
// and reports the interest.
void accrue(WorkingSet& ws, MarketId id);
// Underlying per fToken of the market as it stands in the working set.
U256 exchange_rate_of(const Market& market);
// The market's price in USD per whole token (a 1e18 mantissa), from the Compound unit
// the market keeps (USD per whole token x 1e(36 - decimals)).
U256 whole_token_price(const State& state, const Market& market);
// The account's debt in the market at the market's last accrual.
U256 debt_of(const Account& account, MarketId id, const Market& market);
U256 ftokens_of(const Account& account, MarketId id);
// The smallest borrow in the market: 10^(floor(2 x decimals / 5) + 1) units.
U256 minimum_borrow(const State& state, const Market& market);

// --- Checks -------------------------------------------------------------------------

// The reference's working check: nothing locked (paused), the market open (market_closed).
void working_check(const State& state, const Market& market);
// The account's values summed over every market in listing order, with `add_debt`
// borrowed and `remove_ftokens` given up in `target` first.
AccountValues account_values(const Reader& ws, AccountId account, std::optional<MarketId> target = std::nullopt,
                             const U256& add_debt = 0, const U256& remove_ftokens = 0);
// What redeeming or transferring `ftokens` of `target` needs: enough fTokens
// (insufficient_balance); nothing borrowed, or the borrow limit still covers the
// borrows (insufficient_liquidity) with supply value at least 115% of them
// (collateral_ratio_too_low).
void check_redeem_allowed(const Reader& ws, AccountId account, MarketId target, const U256& ftokens);
// Whether the borrower may be liquidated or margin-called: liquidation switched off
// (paused), a credit borrower (credit_borrower), otherwise below the 110% line.
bool liquidation_allowed(const Reader& ws, AccountId borrower);

// --- Bookkeeping --------------------------------------------------------------------

// The reference's join update after a balance or checkpoint changed: the account is
// in the market's set while it holds fTokens or owes, out of it otherwise (the last
// entry moves into the gap). Needs the market open (market_closed); at most 20
// markets (limit_reached).
void update_membership(WorkingSet& ws, AccountId account, MarketId market);
// Flux's fix (Fixes::membership_updates): takes the market out of the account's set
// when it holds and owes nothing there, whatever the market's status.
void leave_if_empty(WorkingSet& ws, AccountId account, MarketId market);
// Accrues every market the account holds or owes in (Fixes::fresh_eligibility).
void accrue_account(WorkingSet& ws, AccountId account);
// Moves `tokens` of `from`'s fTokens to `to` (no checks: the caller made them).
void move_ftokens(WorkingSet& ws, MarketId market, AccountId from, AccountId to, const U256& tokens);
// Moves `amount` of the market's underlying out of its cash into `to`'s wallet
// (insufficient_cash), or from `from`'s wallet into its cash (insufficient_balance).
void pay_out(WorkingSet& ws, MarketId market, AccountId to, const U256& amount);
void pay_in(WorkingSet& ws, MarketId market, AccountId from, const U256& amount);

}  // namespace flux::flux_protocol
