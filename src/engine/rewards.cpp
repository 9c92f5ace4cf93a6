#include "engine/rewards.hpp"

namespace flux {

const U256& reward_initial_index() {
  static const U256 v = U256(1'000'000'000'000'000'000ULL) * U256(1'000'000'000'000'000'000ULL);
  return v;
}

const U256& rewards_funded_max() {
  // 1e41 = 1e18 * 1e18 * 1e5
  static const U256 v = reward_initial_index() * U256(100'000);
  return v;
}

MarketRewards Rewards::market(MarketId m) const {
  if (const auto it = markets.find(m); it != markets.end()) return it->second;
  MarketRewards initial;
  initial.supply_index = reward_initial_index();
  initial.borrow_index = reward_initial_index();
  return initial;
}

U256 Rewards::accrued(AccountId a) const {
  const auto it = accounts.find(a);
  return it == accounts.end() ? U256(0) : it->second.accrued;
}

}  // namespace flux
