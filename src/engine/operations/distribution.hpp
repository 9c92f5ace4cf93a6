// The FLUX distribution of liquidity mining (rewards.hpp) as an operation uses it:
// the Comptroller's updateComp...Index and distribute...Comp, planned on copies with
// the operation's other checks and written with its other effects, like VotePlan.
//
// Every method is a no-op in a state without governance (no FLUX, no rewards), and
// costs a map lookup while the market has never had a speed: then its indices are
// the initial ones and every account's is too, so nothing can change.
#pragma once

#include "engine/operations/context.hpp"
#include "engine/rewards.hpp"

#include <utility>
#include <vector>

namespace flux {

class RewardsPlan {
 public:
  RewardsPlan(const State& state, std::uint64_t block);

  // updateCompSupplyIndex, with the market's total supply (fTokens) before the operation.
  void update_supply_index(MarketId m, const U256& total_supply);
  // updateCompBorrowIndex: the denominator is total_borrows * 1e18 / market_borrow_index.
  void update_borrow_index(MarketId m, const U256& total_borrows, const U256& market_borrow_index);
  // distributeSupplierComp, with the account's fTokens before the operation.
  void distribute_supplier(MarketId m, AccountId account, const U256& tokens);
  // distributeBorrowerComp, with the account's borrow balance (stored, at
  // market_borrow_index) before the operation.
  void distribute_borrower(MarketId m, AccountId account, const U256& borrow_balance, const U256& market_borrow_index);

  // The two hooks most operations need: the supply side for some accounts (in order),
  // and the borrow side for one borrower, from a market book.
  void supply_side(MarketId m, const MarketBook& book, std::initializer_list<std::pair<AccountId, U256>> suppliers);
  void borrow_side(MarketId m, const MarketBook& book, AccountId borrower, const U256& borrow_balance);

  // Brings every market with rewards up to date (stored books: no interest accrual),
  // as set_reward_speeds and fund_rewards need.
  void update_all_markets();
  // A market's emission state as planned (a new one if it had none).
  MarketRewards& market(MarketId m);
  RewardsPool& pool() { return pool_; }
  // The account's accrued rewards as planned, for paying them out.
  U256& accrued(AccountId account);

  // Writes what changed and reports the distribution events, in the order they happened.
  void write(Context& ctx) const;

 private:
  const MarketRewards* find_market(MarketId m);
  AccountRewards& account(AccountId a);
  U256 credit(const U256& amount);  // capped by allocated - distributed
  void update_index(MarketRewards& mr, bool supply, const U256& denominator);

  const State& state_;
  std::uint64_t block_;
  bool enabled_;
  RewardsPool pool_;
  std::vector<std::pair<MarketId, MarketRewards>> markets_;     // planned copies
  std::vector<std::pair<AccountId, AccountRewards>> accounts_;  // planned copies
  std::vector<Event> events_;
};

}  // namespace flux
