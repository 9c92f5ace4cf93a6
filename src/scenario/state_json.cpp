#include "scenario/state_json.hpp"

#include "engine/failure.hpp"
#include "engine/interest.hpp"
#include "engine/risk.hpp"
#include "engine/state_hash.hpp"

namespace flux::scenario {
namespace {

// Rates and the exchange rate are derived values; if deriving one fails (a market
// whose reserves exceed its backing), it is shown as the error's name.
template <class F>
std::string derived(F&& compute) {
  try {
    return to_string(compute());
  } catch (const Failure& f) {
    return std::string(error_name(f.error));
  }
}

}  // namespace

nlohmann::json market_json(const State& state, MarketId id) {
  const Market& m = state.markets[id];
  const MarketBook& b = m.book;
  nlohmann::json out = {
      {"cash", to_string(b.cash)},
      {"total_borrows", to_string(b.total_borrows)},
      {"total_reserves", to_string(b.total_reserves)},
      {"total_supply", to_string(b.total_supply)},
      {"borrow_index", to_string(b.borrow_index)},
      {"exchange_rate_stored", derived([&] { return exchange_rate_stored(m.config, b); })},
      {"accrual_block", std::to_string(b.accrual_block)},
      {"borrow_rate_per_block",
       derived([&] { return borrow_rate_per_block(m.config.rate_model, b.cash, b.total_borrows, b.total_reserves); })},
      {"supply_rate_per_block", derived([&] {
         return supply_rate_per_block(m.config.rate_model, b.cash, b.total_borrows, b.total_reserves,
                                      m.config.reserve_factor);
       })},
      {"collateral_factor", to_string(m.config.collateral_factor)},
      {"reserve_factor", to_string(m.config.reserve_factor)},
      {"borrow_cap", to_string(m.config.borrow_cap)},
      {"supply_cap", to_string(m.config.supply_cap)},
      {"price", to_string(m.config.price)},
      {"price_cap", to_string(m.config.price_cap)},
  };
  if (state.governance.enabled()) {
    const MarketRewards rewards = state.rewards.market(id);
    out["supply_speed"] = to_string(rewards.supply_speed);
    out["borrow_speed"] = to_string(rewards.borrow_speed);
    out["reward_supply_index"] = to_string(rewards.supply_index);
    out["reward_borrow_index"] = to_string(rewards.borrow_index);
  }
  return out;
}

nlohmann::json rewards_json(const State& state) {
  const RewardsPool& p = state.rewards.pool;
  return {
      {"reserve", to_string(p.reserve())},       {"funded", to_string(p.funded)}, {"allocated", to_string(p.allocated)},
      {"distributed", to_string(p.distributed)}, {"paid", to_string(p.paid)},
  };
}

namespace {

std::string name_or_empty(const State& state, AccountId id) {
  return id < state.account_names.size() ? state.account_names[id] : std::string();
}

}  // namespace

std::optional<nlohmann::json> proposal_json(const State& state, std::uint64_t id, std::uint64_t block) {
  const Proposal* p = state.governance.find_proposal(id);
  if (p == nullptr) return std::nullopt;
  return nlohmann::json{
      {"state", proposal_state_name(proposal_state(*p, block, state.governance.grace_period_blocks()))},
      {"proposer", name_or_empty(state, p->proposer)},
      {"for_votes", to_string(p->for_votes)},
      {"against_votes", to_string(p->against_votes)},
      {"abstain_votes", to_string(p->abstain_votes)},
      {"start_block", std::to_string(p->start_block)},
      {"end_block", std::to_string(p->end_block)},
      {"eta", std::to_string(p->eta)},
  };
}

nlohmann::json governance_json(const State& state) {
  const Governance& g = state.governance;
  return {
      {"admin", name_or_empty(state, state.roles.admin)},
      {"pause_guardian", name_or_empty(state, state.roles.pause_guardian)},
      {"sanctions_admin", name_or_empty(state, state.roles.sanctions_admin)},
      {"proposal_threshold", to_string(g.params.proposal_threshold)},
      {"voting_delay", std::to_string(g.params.voting_delay)},
      {"voting_period", std::to_string(g.params.voting_period)},
      {"quorum_votes", to_string(g.params.quorum_votes)},
      {"timelock_delay", std::to_string(g.timelock_delay)},
  };
}

nlohmann::json account_json(const State& state, AccountId id) {
  const Account& a = state.accounts[id];
  Liquidity liquidity;
  try {
    liquidity = account_liquidity(BookView(state), id, a.entered_markets);
  } catch (const Failure&) {
    liquidity = {};  // a missing price: reported as 0 and 0, as the format says
  }
  nlohmann::json wallet = nlohmann::json::object();
  for (std::size_t i = 0; i < state.assets.size(); ++i)
    wallet[state.assets[i].symbol] = to_string(a.wallet_balance(static_cast<AssetId>(i)));
  nlohmann::json markets = nlohmann::json::object();
  for (std::size_t i = 0; i < state.markets.size(); ++i) {
    const auto m = static_cast<MarketId>(i);
    const Position* p = a.position(m);
    markets[state.markets[i].config.symbol] = {
        {"tokens", to_string(p ? p->tokens : U256(0))},
        {"borrow_balance_stored", to_string(borrow_balance_stored(state.markets[i].book, p))},
        {"entered", a.has_entered(m)},
    };
  }
  nlohmann::json out = {{"liquidity", to_string(liquidity.liquidity)},
                        {"shortfall", to_string(liquidity.shortfall)},
                        {"wallet", wallet},
                        {"markets", markets}};
  if (state.governance.enabled()) {
    out["votes"] = to_string(current_votes(state.governance, id));
    out["delegate"] = name_or_empty(state, state.governance.delegate_of(id));
    out["rewards_accrued"] = to_string(state.rewards.accrued(id));
  }
  return out;
}

nlohmann::json state_json(const State& state) {
  nlohmann::json markets = nlohmann::json::object();
  for (std::size_t i = 0; i < state.markets.size(); ++i)
    markets[state.markets[i].config.symbol] = market_json(state, static_cast<MarketId>(i));
  nlohmann::json accounts = nlohmann::json::object();
  for (std::size_t i = 0; i < state.accounts.size(); ++i) {
    const std::string& name = state.account_names[i];
    if (!name.empty() && name.front() == '@') continue;
    accounts[name] = account_json(state, static_cast<AccountId>(i));
  }
  nlohmann::json out = {{"block", std::to_string(state.block)},
                        {"state_hash", to_hex(state_hash(state))},
                        {"markets", markets},
                        {"accounts", accounts}};
  if (state.governance.enabled()) {
    out["governance"] = governance_json(state);
    nlohmann::json proposals = nlohmann::json::object();
    for (const Proposal& p : state.governance.proposals)
      proposals[std::to_string(p.id)] = *proposal_json(state, p.id, state.block);
    out["proposals"] = proposals;
    out["rewards"] = rewards_json(state);
  }
  return out;
}

}  // namespace flux::scenario
