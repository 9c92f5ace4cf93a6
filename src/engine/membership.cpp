#include "engine/membership.hpp"

#include <algorithm>

namespace flux {

bool is_in_market(const State& state, AccountId account, MarketId market) {
  if (state.protocol == Protocol::compound)
    return account < state.accounts.size() && state.accounts[account].has_entered(market);
  const auto it = state.protocol_accounts.find(account);
  if (it == state.protocol_accounts.end()) return false;
  const std::vector<std::uint16_t>& joined = it->second.joined;
  return std::find(joined.begin(), joined.end(), market) != joined.end();
}

}  // namespace flux
