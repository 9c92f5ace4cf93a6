#include "engine/state.hpp"

#include "engine/failure.hpp"
#include "engine/numbers/mantissa.hpp"

#include <stdexcept>

namespace flux {

AssetId State::add_asset(std::string symbol, std::uint8_t decimals) {
  require(assets.size() < max_assets, Error::limit_reached);
  assets.push_back(Asset{std::move(symbol), decimals, U256(0)});
  return static_cast<AssetId>(assets.size() - 1);
}

MarketId State::add_market(MarketConfig config, std::uint64_t start_block) {
  require(markets.size() < max_markets, Error::limit_reached);
  require(config.asset < assets.size(), Error::unknown_asset);
  require(!governance.enabled() || config.asset != governance.token, Error::invalid_parameter);
  Market market;
  market.config = std::move(config);
  market.book.borrow_index = mantissa_one();
  market.book.accrual_block = start_block;
  markets.push_back(std::move(market));
  return static_cast<MarketId>(markets.size() - 1);
}

AccountId State::account_id(const std::string& name) {
  if (auto it = account_index_.find(name); it != account_index_.end()) return it->second;
  require(accounts.size() < max_accounts, Error::limit_reached);
  const auto id = static_cast<AccountId>(accounts.size());
  accounts.emplace_back();
  account_names.push_back(name);
  account_index_.emplace(name, id);
  return id;
}

void State::forget_accounts_since(std::size_t count) {
  while (accounts.size() > count) {
    if (!accounts.back().holds_nothing()) throw std::logic_error("forget_accounts_since: the account holds something");
    account_index_.erase(account_names.back());
    account_names.pop_back();
    accounts.pop_back();
  }
}

std::optional<MarketId> State::market_by_symbol(std::string_view symbol) const {
  for (std::size_t i = 0; i < markets.size(); ++i)
    if (markets[i].config.symbol == symbol) return static_cast<MarketId>(i);
  return std::nullopt;
}

std::optional<AssetId> State::asset_by_symbol(std::string_view symbol) const {
  for (std::size_t i = 0; i < assets.size(); ++i)
    if (assets[i].symbol == symbol) return static_cast<AssetId>(i);
  return std::nullopt;
}

std::optional<AccountId> State::find_account(std::string_view name) const {
  if (auto it = account_index_.find(std::string(name)); it != account_index_.end()) return it->second;
  return std::nullopt;
}

const flux_protocol::ProtocolAccount& State::protocol_account(AccountId id) const {
  static const flux_protocol::ProtocolAccount none;
  const auto it = protocol_accounts.find(id);
  return it == protocol_accounts.end() ? none : it->second;
}

bool State::operator==(const State& other) const {
  // account_index_ is derived from account_names, so it is left out.
  return blocks_per_year == other.blocks_per_year && block == other.block && risk == other.risk &&
         roles == other.roles && assets == other.assets && markets == other.markets && accounts == other.accounts &&
         account_names == other.account_names && governance == other.governance && rewards == other.rewards &&
         rule_version == other.rule_version && scheduled_upgrade == other.scheduled_upgrade &&
         parameter_rules == other.parameter_rules && protocol == other.protocol && time == other.time &&
         protocol_settings == other.protocol_settings && protocol_accounts == other.protocol_accounts;
}

}  // namespace flux
