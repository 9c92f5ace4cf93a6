// Everything the protocol knows, as plain structs: the parts are in state_types.hpp
// (assets, markets, accounts, risk settings, roles), governor.hpp (votes,
// proposals, the timelock) and rewards.hpp (liquidity mining).
//
// Containers are vectors indexed by id, so iteration order (state hash, listings) is
// defined by creation order; accounts are additionally addressed by name.
#pragma once

#include "engine/governor.hpp"
#include "engine/parameter_rules.hpp"
#include "engine/rewards.hpp"
#include "engine/state_types.hpp"
#include "engine/upgrade.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace flux {

struct State {
  U256 blocks_per_year;
  std::uint64_t block = 0;  // the last block an operation succeeded at
  RiskParams risk;
  Roles roles;
  std::vector<Asset> assets;
  std::vector<Market> markets;
  std::vector<Account> accounts;
  std::vector<std::string> account_names;
  Governance governance;  // FLUX, votes, proposals, the timelock (governor.hpp); none if !enabled()
  Rewards rewards;        // liquidity mining (rewards.hpp); empty without governance
  // The protocol rules the state runs under and an upgrade scheduled to new ones
  // (upgrade.hpp).
  std::uint32_t rule_version = rule_version_initial;
  std::optional<ScheduledUpgrade> scheduled_upgrade;
  // Flux's guards on risk parameters, or the reference contracts' behaviour
  // (parameter_rules.hpp). Fixed at setup: the node always runs Flux's.
  ParameterRules parameter_rules = ParameterRules::flux;
  // The rules the deployment runs under, chosen in its genesis (flux_protocol/deployment.hpp).
  Protocol protocol = Protocol::compound;
  // Flux Protocol only: the time of the last block a request succeeded at (seconds;
  // interest accrues per second), the deployment's settings, and what accounts hold
  // beyond wallets and positions (only accounts that hold something are kept).
  std::uint64_t time = 0;
  flux_protocol::Settings protocol_settings;
  std::map<AccountId, flux_protocol::ProtocolAccount> protocol_accounts;

  // Setup (genesis): these install things directly, without the checks of the
  // operations that change them later.
  AssetId add_asset(std::string symbol, std::uint8_t decimals);
  // Fails with invalid_parameter for the governance token: FLUX is never a market's underlying.
  MarketId add_market(MarketConfig config, std::uint64_t start_block);
  // The id of a named account, created empty on first use.
  AccountId account_id(const std::string& name);
  // Removes the accounts created since there were `count`: they must still be empty
  // (the node forgets those a failed transaction named; see node/chain.cpp).
  void forget_accounts_since(std::size_t count);

  const Market* find_market(MarketId id) const { return id < markets.size() ? &markets[id] : nullptr; }
  std::optional<MarketId> market_by_symbol(std::string_view symbol) const;
  std::optional<AssetId> asset_by_symbol(std::string_view symbol) const;
  std::optional<AccountId> find_account(std::string_view name) const;
  // What `id` holds beyond its wallet and positions (an empty record if nothing).
  const flux_protocol::ProtocolAccount& protocol_account(AccountId id) const;

  bool operator==(const State& other) const;

 private:
  std::unordered_map<std::string, AccountId> account_index_;  // derived from account_names
};

}  // namespace flux
