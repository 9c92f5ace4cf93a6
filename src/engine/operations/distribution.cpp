#include "engine/operations/distribution.hpp"

#include "engine/numbers/mantissa.hpp"

#include <boost/multiprecision/cpp_int.hpp>

namespace flux {
namespace {

// Products of a balance and an index difference can exceed 256 bits before they are
// divided and capped; they are formed unbounded, and only what is credited (which the
// cap keeps below the pool's counters) comes back to U256.
using Wide = boost::multiprecision::cpp_int;

U256 min_u256(const Wide& wanted, const U256& cap) { return wanted < Wide(cap) ? U256(wanted) : cap; }

}  // namespace

RewardsPlan::RewardsPlan(const State& state, std::uint64_t block)
    : state_(state), block_(block), enabled_(state.governance.enabled()) {
  if (enabled_) pool_ = state.rewards.pool;
}

const MarketRewards* RewardsPlan::find_market(MarketId m) {
  if (!enabled_) return nullptr;
  for (const auto& entry : markets_)
    if (entry.first == m) return &entry.second;
  return state_.rewards.markets.contains(m) ? &market(m) : nullptr;
}

MarketRewards& RewardsPlan::market(MarketId m) {
  for (auto& entry : markets_)
    if (entry.first == m) return entry.second;
  MarketRewards planned = state_.rewards.market(m);
  if (!state_.rewards.markets.contains(m)) {
    // A market's first speeds: its emission starts now, from the initial indices.
    planned.supply_block = block_;
    planned.borrow_block = block_;
  }
  markets_.emplace_back(m, planned);
  return markets_.back().second;
}

AccountRewards& RewardsPlan::account(AccountId a) {
  for (auto& entry : accounts_)
    if (entry.first == a) return entry.second;
  const auto it = state_.rewards.accounts.find(a);
  accounts_.emplace_back(a, it == state_.rewards.accounts.end() ? AccountRewards{} : it->second);
  return accounts_.back().second;
}

U256& RewardsPlan::accrued(AccountId a) { return account(a).accrued; }

U256 RewardsPlan::credit(const U256& amount) {
  const U256 room = pool_.allocated - pool_.distributed;  // distributed <= allocated (invariant)
  const U256 credited = amount < room ? amount : room;
  pool_.distributed += credited;
  return credited;
}

// Shared by both sides: blocks since the last update times the speed, capped by what
// the reserve has not yet promised, spread over the denominator (0: nobody holds a
// share, so nothing is emitted, as the contracts' ratio of 0).
void RewardsPlan::update_index(MarketRewards& mr, bool supply, const U256& denominator) {
  std::uint64_t& last = supply ? mr.supply_block : mr.borrow_block;
  if (block_ <= last) return;
  const U256& speed = supply ? mr.supply_speed : mr.borrow_speed;
  if (!speed.is_zero() && !denominator.is_zero()) {
    const U256 emitted = min_u256(Wide(speed) * (block_ - last), pool_.funded - pool_.allocated);
    if (!emitted.is_zero()) {
      U256& index = supply ? mr.supply_index : mr.borrow_index;
      index = add(index, mul_div(emitted, reward_initial_index(), denominator));
      pool_.allocated += emitted;
    }
  }
  last = block_;
}

void RewardsPlan::update_supply_index(MarketId m, const U256& total_supply) {
  if (find_market(m) == nullptr) return;
  update_index(market(m), true, total_supply);
}

void RewardsPlan::update_borrow_index(MarketId m, const U256& total_borrows, const U256& market_borrow_index) {
  const MarketRewards* mr = find_market(m);
  if (mr == nullptr) return;
  // The denominator only when it is used: a market whose borrow side emits nothing
  // never fails on it.
  const bool emits = block_ > mr->borrow_block && !mr->borrow_speed.is_zero();
  const U256 borrow_amount = emits ? div_exp(total_borrows, market_borrow_index) : U256(0);
  update_index(market(m), false, borrow_amount);
}

void RewardsPlan::distribute_supplier(MarketId m, AccountId a, const U256& tokens) {
  const MarketRewards* mr = find_market(m);
  if (mr == nullptr) return;
  const U256 index = mr->supply_index;
  AccountRewards& ar = account(a);
  AccountMarketRewards& at = ar.markets.at_or_insert(m);
  const U256 from = at.supplier_index.is_zero() ? reward_initial_index() : at.supplier_index;
  const U256 delta_index = sub(index, from);
  U256 credited;
  if (!delta_index.is_zero())
    credited = credit(min_u256(Wide(tokens) * Wide(delta_index) / Wide(reward_initial_index()), u256_max()));
  at.supplier_index = index == reward_initial_index() ? U256(0) : index;
  if (at.empty()) ar.markets.erase(m);
  ar.accrued = add(ar.accrued, credited);
  if (!credited.is_zero())
    events_.push_back(
        SupplierRewardsDistributed{.market = m, .supplier = a, .credited = credited, .supply_index = index});
}

void RewardsPlan::distribute_borrower(MarketId m, AccountId a, const U256& borrow_balance,
                                      const U256& market_borrow_index) {
  const MarketRewards* mr = find_market(m);
  if (mr == nullptr) return;
  const U256 index = mr->borrow_index;
  AccountRewards& ar = account(a);
  AccountMarketRewards& at = ar.markets.at_or_insert(m);
  const U256 from = at.borrower_index.is_zero() ? reward_initial_index() : at.borrower_index;
  const U256 delta_index = sub(index, from);
  U256 credited;
  if (!delta_index.is_zero()) {
    const U256 borrower_amount = div_exp(borrow_balance, market_borrow_index);
    credited = credit(min_u256(Wide(borrower_amount) * Wide(delta_index) / Wide(reward_initial_index()), u256_max()));
  }
  at.borrower_index = index == reward_initial_index() ? U256(0) : index;
  if (at.empty()) ar.markets.erase(m);
  ar.accrued = add(ar.accrued, credited);
  if (!credited.is_zero())
    events_.push_back(
        BorrowerRewardsDistributed{.market = m, .borrower = a, .credited = credited, .borrow_index = index});
}

void RewardsPlan::supply_side(MarketId m, const MarketBook& book,
                              std::initializer_list<std::pair<AccountId, U256>> suppliers) {
  if (!enabled_) return;
  update_supply_index(m, book.total_supply);
  for (const auto& supplier : suppliers) distribute_supplier(m, supplier.first, supplier.second);
}

void RewardsPlan::borrow_side(MarketId m, const MarketBook& book, AccountId borrower, const U256& borrow_balance) {
  if (!enabled_) return;
  update_borrow_index(m, book.total_borrows, book.borrow_index);
  distribute_borrower(m, borrower, borrow_balance, book.borrow_index);
}

void RewardsPlan::update_all_markets() {
  if (!enabled_) return;
  for (const auto& entry : state_.rewards.markets) {
    const MarketBook& book = state_.markets[entry.first].book;
    update_supply_index(entry.first, book.total_supply);
    update_borrow_index(entry.first, book.total_borrows, book.borrow_index);
  }
}

void RewardsPlan::write(Context& ctx) const {
  if (!enabled_) return;
  // Only what differs is written, so the change set (journal.hpp) names no entry the
  // plan merely read.
  const Rewards& stored = ctx.state.rewards;
  for (const auto& [m, mr] : markets_) {
    const auto it = stored.markets.find(m);
    if (it == stored.markets.end() || it->second != mr) ctx.write_reward_market(m) = mr;
  }
  for (const auto& [a, ar] : accounts_) {
    const bool exists = stored.accounts.contains(a);
    if (ar.empty()) {
      if (exists) ctx.erase_reward_account(a);  // no empty entries: the state stays canonical
    } else if (!exists || stored.accounts.at(a) != ar) {
      ctx.write_reward_account(a) = ar;
    }
  }
  if (stored.pool != pool_) ctx.write_reward_pool() = pool_;
  ctx.events.insert(ctx.events.end(), events_.begin(), events_.end());
}

}  // namespace flux
