#include "engine/invariants.hpp"

#include "engine/access.hpp"
#include "engine/interest.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/risk.hpp"

#include <boost/multiprecision/cpp_int.hpp>

namespace flux {
namespace {

using Wide = boost::multiprecision::cpp_int;  // unbounded: sums here cannot overflow

class Report {
 public:
  void add(const char* invariant, std::string detail) { found_.push_back({invariant, std::move(detail)}); }
  std::vector<Violation> take() { return std::move(found_); }

 private:
  std::vector<Violation> found_;
};

Position position_or_zero(const Account& a, MarketId m) {
  const Position* p = a.position(m);
  return p ? *p : Position{};
}

// The backing of fTokens (cash + borrows - reserves) is never negative, and a market's
// remembered valuation (risk.cpp), wherever its inputs still match the market, holds
// the exchange rate recomputed from them.
void exchange_rate_consistent(const State& s, Report& r) {
  for (const Market& m : s.markets) {
    const Wide backing = Wide(m.book.cash) + Wide(m.book.total_borrows) - Wide(m.book.total_reserves);
    if (backing < 0) {
      r.add("exchange_rate_consistent", m.config.symbol + ": reserves exceed cash + borrows");
      continue;
    }
    const ValuationMemo& memo = m.valuation;
    const bool current = memo.filled && memo.exchange_rate_error == Error::ok && memo.cash == m.book.cash &&
                         memo.total_borrows == m.book.total_borrows && memo.total_reserves == m.book.total_reserves &&
                         memo.total_supply == m.book.total_supply &&
                         memo.initial_exchange_rate == m.config.initial_exchange_rate;
    if (current && to_u256(memo.exchange_rate) != exchange_rate_stored(m.config, m.book))
      r.add("exchange_rate_consistent", m.config.symbol + ": remembered exchange rate " +
                                            to_u256(memo.exchange_rate).str() + " differs from backing / supply " +
                                            exchange_rate_stored(m.config, m.book).str());
  }
}

void supply_matches_balances(const State& s, Report& r) {
  std::vector<Wide> sums(s.markets.size());
  for (const Account& a : s.accounts)
    for (const auto& [m, p] : a.positions.entries())
      if (m < sums.size()) sums[m] += Wide(p.tokens);
  for (std::size_t m = 0; m < s.markets.size(); ++m)
    if (sums[m] != Wide(s.markets[m].book.total_supply))
      r.add("supply_matches_balances", s.markets[m].config.symbol + ": total supply " +
                                           s.markets[m].book.total_supply.str() + " but balances sum to " +
                                           sums[m].str());
}

void index_and_block_forward(const State& before, const State& after, Report& r) {
  for (std::size_t m = 0; m < before.markets.size() && m < after.markets.size(); ++m) {
    const MarketBook& b = before.markets[m].book;
    const MarketBook& a = after.markets[m].book;
    if (a.borrow_index < b.borrow_index || a.accrual_block < b.accrual_block)
      r.add("index_and_block_forward", after.markets[m].config.symbol + ": borrow index or accrual block went back");
  }
}

// Sum of stored balances minus total borrows, and how many accounts owe.
std::pair<Wide, std::size_t> borrow_excess(const State& s, MarketId m) {
  Wide sum = 0;
  std::size_t borrowers = 0;
  for (const Account& a : s.accounts) {
    const Position* p = a.position(m);
    if (p == nullptr || p->principal.is_zero()) continue;
    ++borrowers;
    sum += Wide(p->principal) * Wide(s.markets[m].book.borrow_index) / Wide(p->interest_index);
  }
  return {sum - Wide(s.markets[m].book.total_borrows), borrowers};
}

// Balances and total borrows truncate separately. An accrual that multiplies
// balances by (1 + r) can release each borrower's truncation slack (< 1 unit) and
// loses < 1 unit on total borrows, so the excess can grow at most to
// (excess + borrowers) * (1 + r) + 1, with 1 + r <= (newIndex + 1) / oldIndex.
void borrows_cover_balances(const State& before, const State& after, Report& r) {
  for (std::size_t i = 0; i < after.markets.size(); ++i) {
    const auto m = static_cast<MarketId>(i);
    const auto [excess_after, borrowers_after] = borrow_excess(after, m);
    if (excess_after <= 0) continue;
    Wide allowed = 0;
    if (i < before.markets.size()) {
      const auto [excess_before, borrowers_before] = borrow_excess(before, m);
      const Wide base = (excess_before > 0 ? excess_before : Wide(0)) +
                        Wide(std::max(borrowers_before, borrowers_after));
      const Wide old_index = Wide(before.markets[i].book.borrow_index);
      const Wide new_index = Wide(after.markets[i].book.borrow_index) + 1;
      allowed = (base * new_index + old_index - 1) / old_index + 1;
    }
    if (excess_after > allowed)
      r.add("borrows_cover_balances", after.markets[i].config.symbol + ": stored balances exceed total borrows by " +
                                          excess_after.str() + ", more than rounding allows (" + allowed.str() + ")");
  }
}

void no_user_shortfall(const State& before, const State& after, const Request& request, Report& r) {
  AccountId account = 0;
  MarketId market = 0;
  if (const auto* x = std::get_if<Redeem>(&request)) account = x->sender, market = x->market;
  else if (const auto* y = std::get_if<RedeemUnderlying>(&request)) account = y->sender, market = y->market;
  else if (const auto* z = std::get_if<Borrow>(&request)) account = z->sender, market = z->market;
  else if (const auto* t = std::get_if<Transfer>(&request)) account = t->sender, market = t->market;
  else if (const auto* e = std::get_if<ExitMarket>(&request)) account = e->sender, market = e->market;
  else return;
  // Only where the operation asked the risk engine: the market was (or became) entered.
  const bool checked = std::holds_alternative<ExitMarket>(request)
                           ? before.accounts[account].has_entered(market)
                           : after.accounts[account].has_entered(market);
  if (!checked) return;
  // The operation asked for liquidity hypothetically, truncating the action's term
  // separately (price * balance / 1e18 + price * amount / 1e18, as the reference does);
  // recomputed from the state afterwards the two terms are one, which can be one unit
  // larger. So one unit of shortfall is rounding, more is a violation.
  try {
    const Liquidity l = account_liquidity(BookView(after), account, after.accounts[account].entered_markets);
    if (l.shortfall > 1)
      r.add("no_user_shortfall", after.account_names[account] + " left in shortfall " + l.shortfall.str());
  } catch (const Failure& f) {
    r.add("no_user_shortfall", "liquidity of " + after.account_names[account] + " not computable: " +
                                   std::string(error_name(f.error)));
  }
}

void permitted_holders(const State& before, const State& after, Report& r) {
  // Wallets of a permissioned asset: only KYC'd accounts (and its issuer) move.
  for (std::size_t i = 0; i < after.assets.size(); ++i) {
    const Asset& asset = after.assets[i];
    if (!asset.permissioned) continue;
    const auto id = static_cast<AssetId>(i);
    for (std::size_t a = 0; a < after.accounts.size(); ++a) {
      const U256 was = a < before.accounts.size() ? before.accounts[a].wallet_balance(id) : U256(0);
      if (after.accounts[a].wallet_balance(id) == was || a == asset.issuer) continue;
      if (!kyc_status(after.accounts[a], asset.kyc_group))
        r.add("permitted_holders", after.account_names[a] + " changed a " + asset.symbol +
                                       " balance without being allowed to hold it");
    }
  }
  for (std::size_t i = 0; i < after.markets.size(); ++i) {
    const MarketConfig& config = after.markets[i].config;
    if (config.access == Access::open) continue;
    const auto m = static_cast<MarketId>(i);
    for (std::size_t a = 0; a < after.accounts.size(); ++a) {
      if (a == after.roles.locked_supply_holder) continue;  // the protocol's own seed supply
      const Position now = position_or_zero(after.accounts[a], m);
      const Position was = a < before.accounts.size() ? position_or_zero(before.accounts[a], m) : Position{};
      if (now.tokens == was.tokens && now.principal == was.principal) continue;
      if (!may_hold(after.accounts[a], config))
        r.add("permitted_holders", after.account_names[a] + " changed a balance in " + config.symbol +
                                       " without being allowed to hold it");
    }
  }
}

void protected_parameters(const State& before, const State& after, const Request& request, Report& r) {
  if (is_admin_request(request)) return;
  bool same = before.blocks_per_year == after.blocks_per_year && before.risk == after.risk &&
              before.roles == after.roles && before.markets.size() == after.markets.size();
  for (std::size_t m = 0; same && m < before.markets.size(); ++m)
    same = before.markets[m].config == after.markets[m].config;
  for (std::size_t a = 0; same && a < before.accounts.size(); ++a)
    same = before.accounts[a].kyc_groups == after.accounts[a].kyc_groups &&
           before.accounts[a].sanctioned == after.accounts[a].sanctioned;
  if (!same) r.add("protected_parameters", std::string(request_name(request)) + " changed a protected parameter");
}

void underlying_conserved(const State& s, Report& r) {
  std::vector<Wide> held(s.assets.size());
  for (const Account& a : s.accounts)
    for (const auto& [asset, amount] : a.wallet.entries())
      if (asset < held.size()) held[asset] += Wide(amount);
  for (const Market& m : s.markets)
    if (m.config.asset < held.size()) held[m.config.asset] += Wide(m.book.cash);
  for (std::size_t i = 0; i < s.assets.size(); ++i)
    if (held[i] != Wide(s.assets[i].issued))
      r.add("underlying_conserved", s.assets[i].symbol + ": wallets and cash hold " + held[i].str() +
                                        " but " + s.assets[i].issued.str() + " were issued");
}

}  // namespace

std::vector<Violation> check_invariants(const State& before, const State& after, const Request& request,
                                        const Outcome& outcome) {
  Report report;
  if (!outcome.ok() && !(before == after))
    report.add("failed_changes_nothing", std::string(request_name(request)) + " failed with " +
                                             std::string(error_name(outcome.error)) + " but changed the state");
  exchange_rate_consistent(after, report);
  supply_matches_balances(after, report);
  index_and_block_forward(before, after, report);
  borrows_cover_balances(before, after, report);
  if (outcome.ok()) no_user_shortfall(before, after, request, report);
  permitted_holders(before, after, report);
  protected_parameters(before, after, request, report);
  underlying_conserved(after, report);
  return report.take();
}

}  // namespace flux
