#include "engine/operations/flux_protocol/pool.hpp"

#include "engine/numbers/mantissa.hpp"

#include <algorithm>

namespace flux::flux_protocol {
namespace {

template <class Id, class Value>
const Value* find_copy(const std::deque<std::pair<Id, Value>>& copies, Id id) {
  for (const auto& [key, value] : copies)
    if (key == id) return &value;
  return nullptr;
}

template <class Id, class Value, class Read>
Value& copy_for_write(std::deque<std::pair<Id, Value>>& copies, Id id, Read read) {
  for (auto& [key, value] : copies)
    if (key == id) return value;
  return copies.emplace_back(id, read()).second;
}

}  // namespace

const Market& StateReader::market(MarketId id) const {
  require(id < state_.markets.size(), Error::market_not_listed);
  return state_.markets[id];
}

const Market& WorkingSet::market(MarketId id) const {
  if (const Market* m = find_copy(markets_, id)) return *m;
  return ctx_.market(id);
}
Market& WorkingSet::write_market(MarketId id) {
  return copy_for_write(markets_, id, [&] { return ctx_.market(id); });
}
const Account& WorkingSet::account(AccountId id) const {
  if (const Account* a = find_copy(accounts_, id)) return *a;
  return ctx_.account(id);
}
Account& WorkingSet::write_account(AccountId id) {
  return copy_for_write(accounts_, id, [&] { return ctx_.account(id); });
}
const ProtocolAccount& WorkingSet::protocol_account(AccountId id) const {
  if (const ProtocolAccount* a = find_copy(protocol_accounts_, id)) return *a;
  return ctx_.state.protocol_account(id);
}
ProtocolAccount& WorkingSet::write_protocol_account(AccountId id) {
  return copy_for_write(protocol_accounts_, id, [&] { return ctx_.state.protocol_account(id); });
}

void WorkingSet::commit() {
  for (auto& [id, m] : markets_) {
    Market& target = ctx_.write_market(id);
    target.book = m.book;
    target.pool = m.pool;
  }
  for (auto& [id, a] : accounts_) ctx_.write_account(id) = std::move(a);
  for (auto& [id, a] : protocol_accounts_) {
    if (a == ctx_.state.protocol_account(id)) continue;
    if (a.empty()) {
      if (ctx_.state.protocol_accounts.count(id) != 0) ctx_.write_protocol_account(id) = a;
      ctx_.erase_empty_protocol_account(id);
    } else {
      ctx_.write_protocol_account(id) = std::move(a);
    }
  }
  markets_.clear();
  accounts_.clear();
  protocol_accounts_.clear();
}

AccrualRules accrual_rules(const State& state) {
  const Fixes& fixes = state.protocol_settings.fixes;
  return AccrualRules{.escalator = fixes.escalator_by_time ? EscalatorRule::by_time : EscalatorRule::reference,
                      .accrue_beyond_reserves = fixes.accrue_beyond_reserves};
}

U256 tax_rate(const State& state, const Market& market) {
  return market.pool.tax_rate.is_zero() ? state.protocol_settings.tax_rate : market.pool.tax_rate;
}

PoolBook pool_book(const Market& market) {
  const MarketBook& b = market.book;
  return PoolBook{.total_borrows = b.total_borrows,
                  .interest_index = b.borrow_index,
                  .reserves = b.total_reserves,
                  .total_supply = b.total_supply,
                  .last_accrual = b.accrual_block,
                  .escalator = market.pool.escalator};
}

void set_pool_book(Market& market, const PoolBook& p) {
  MarketBook& b = market.book;
  b.total_borrows = p.total_borrows;
  b.borrow_index = p.interest_index;
  b.total_reserves = p.reserves;
  b.total_supply = p.total_supply;
  b.accrual_block = p.last_accrual;
  market.pool.escalator = p.escalator;
}

void accrue(WorkingSet& ws, MarketId id) {
  const Market& current = ws.market(id);
  if (current.book.accrual_block == ws.context().time) return;  // once per timestamp
  PoolBook book = pool_book(current);
  flux_protocol::accrue(book, current.book.cash, ws.context().time, tax_rate(ws.state(), current),
                        accrual_rules(ws.state()));
  const U256 interest = book.total_borrows - current.book.total_borrows;
  set_pool_book(ws.write_market(id), book);
  ws.context().emit(InterestAccrued{.market = id, .interest = interest, .borrow_index = book.interest_index});
}

U256 exchange_rate_of(const Market& market) { return exchange_rate(pool_book(market), market.book.cash, 0); }

U256 whole_token_price(const State& state, const Market& market) {
  const unsigned decimals = state.assets.at(market.config.asset).decimals;
  return decimals >= 18 ? mul(market.config.price, pow10(decimals - 18)) : market.config.price / pow10(18 - decimals);
}

U256 ftokens_of(const Account& account, MarketId id) {
  const Position* p = account.position(id);
  return p ? p->tokens : U256(0);
}

U256 debt_of(const Account& account, MarketId id, const Market& market) {
  const Position* p = account.position(id);
  return p ? borrow_balance(p->principal, p->interest_index, market.book.borrow_index) : U256(0);
}

U256 minimum_borrow(const State& state, const Market& market) {
  // The contract computes 2 x decimals in eight bits.
  const unsigned twice = (2U * state.assets.at(market.config.asset).decimals) & 0xFFU;
  return pow10(twice / 5 + 1);
}

void working_check(const State& state, const Market& market) {
  require(!state.protocol_settings.all_actions_locked, Error::paused);
  require(market.pool.status == MarketStatus::opened, Error::market_closed);
}

AccountValues account_values(const Reader& ws, AccountId account, std::optional<MarketId> target, const U256& add_debt,
                             const U256& remove_ftokens) {
  const State& state = ws.state();
  const Account& a = ws.account(account);
  AccountValues total;
  for (std::size_t i = 0; i < state.markets.size(); ++i) {
    const auto id = static_cast<MarketId>(i);
    const Market& m = ws.market(id);
    const bool is_target = target && *target == id;
    const U256 ftokens = ftokens_of(a, id);
    // The exchange rate is read only for a supply left after the operation's change, as
    // the reference reads it (it can fail in a pool whose reserves exceed its cash).
    const bool supplies = ftokens > (is_target ? remove_ftokens : U256(0));
    const MarketHolding holding{.ftokens = ftokens,
                                .debt = debt_of(a, id, m),
                                .exchange_rate = supplies ? exchange_rate_of(m) : U256(0),
                                .price = whole_token_price(state, m),
                                .decimals = state.assets.at(m.config.asset).decimals,
                                .collateral_ratio = m.pool.collateral_ratio};
    total = total + market_values(holding, is_target ? add_debt : U256(0), is_target ? remove_ftokens : U256(0));
  }
  return total;
}

void check_redeem_allowed(const Reader& ws, AccountId account, MarketId target, const U256& ftokens) {
  const AccountValues v = account_values(ws, account, target, 0, ftokens);
  if (v.borrow_value.is_zero()) return;
  require(v.borrow_limit >= v.borrow_value, Error::insufficient_liquidity);
  require(may_redeem(v), Error::collateral_ratio_too_low);
}

bool liquidation_allowed(const Reader& ws, AccountId borrower) {
  require(!ws.state().protocol_settings.liquidation_disabled, Error::paused);
  require(!ws.protocol_account(borrower).credit_borrower, Error::credit_borrower);
  return below_liquidation_line(account_values(ws, borrower));
}

void update_membership(WorkingSet& ws, AccountId account, MarketId market) {
  require(ws.market(market).pool.status == MarketStatus::opened, Error::market_closed);
  const Position* p = ws.account(account).position(market);
  const bool holds = p != nullptr && (!p->tokens.is_zero() || !p->principal.is_zero());
  const std::vector<MarketId>& joined = ws.protocol_account(account).joined;
  const auto at = std::find(joined.begin(), joined.end(), market);
  const bool in = at != joined.end();
  if (holds == in) return;
  ProtocolAccount& record = ws.write_protocol_account(account);
  if (holds) {
    require(record.joined.size() < max_joined_markets, Error::limit_reached);
    record.joined.push_back(market);
  } else {
    const auto index = static_cast<std::size_t>(at - joined.begin());
    record.joined[index] = record.joined.back();
    record.joined.pop_back();
  }
}

void leave_if_empty(WorkingSet& ws, AccountId account, MarketId market) {
  const Position* p = ws.account(account).position(market);
  if (p != nullptr && (!p->tokens.is_zero() || !p->principal.is_zero())) return;
  const std::vector<MarketId>& joined = ws.protocol_account(account).joined;
  const auto at = std::find(joined.begin(), joined.end(), market);
  if (at == joined.end()) return;
  const auto index = static_cast<std::size_t>(at - joined.begin());
  ProtocolAccount& record = ws.write_protocol_account(account);
  record.joined[index] = record.joined.back();
  record.joined.pop_back();
}

void accrue_account(WorkingSet& ws, AccountId account) {
  for (std::size_t i = 0; i < ws.state().markets.size(); ++i) {
    const auto id = static_cast<MarketId>(i);
    const Position* p = ws.account(account).position(id);
    if (p != nullptr && (!p->tokens.is_zero() || !p->principal.is_zero())) accrue(ws, id);
  }
}

void move_ftokens(WorkingSet& ws, MarketId market, AccountId from, AccountId to, const U256& tokens) {
  ws.write_account(from).positions.at_or_insert(market).tokens -= tokens;
  Position& received = ws.write_account(to).positions.at_or_insert(market);
  received.tokens = add(received.tokens, tokens);
}

void pay_out(WorkingSet& ws, MarketId market, AccountId to, const U256& amount) {
  Market& m = ws.write_market(market);
  require(m.book.cash >= amount, Error::insufficient_cash);
  m.book.cash -= amount;
  U256& wallet = ws.write_account(to).wallet.at_or_insert(m.config.asset);
  wallet = add(wallet, amount);
}

void pay_in(WorkingSet& ws, MarketId market, AccountId from, const U256& amount) {
  const AssetId asset = ws.market(market).config.asset;
  require(ws.account(from).wallet_balance(asset) >= amount, Error::insufficient_balance);
  U256& wallet = ws.write_account(from).wallet.at_or_insert(asset);
  wallet -= amount;
  Market& m = ws.write_market(market);
  m.book.cash = add(m.book.cash, amount);
}

}  // namespace flux::flux_protocol
