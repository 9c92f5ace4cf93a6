#include "engine/change_checks.hpp"

#include "engine/state.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include <map>

namespace flux {
namespace {

// Signed sums of 256-bit amounts.
using Wide = boost::multiprecision::cpp_int;

Wide wide(const U256& v) { return Wide(v); }

// What each changed entry held before and holds now, summed per asset and per market.
struct Deltas {
  std::map<AssetId, Wide> issued;   // change of Asset::issued
  std::map<AssetId, Wide> held;     // change of wallets, market cash, the rewards reserve
  std::map<MarketId, Wide> supply;  // change of MarketBook::total_supply
  std::map<MarketId, Wide> tokens;  // change of accounts' fToken balances

  void account(const Account& a, int sign) {
    for (const auto& [asset, units] : a.wallet.entries()) held[asset] += sign * wide(units);
    for (const auto& [market, position] : a.positions.entries()) tokens[market] += sign * wide(position.tokens);
  }
  void market(MarketId id, const Market& m, int sign) {
    held[m.config.asset] += sign * wide(m.book.cash);
    supply[id] += sign * wide(m.book.total_supply);
  }
  void image(const State& s, const EntryKey& key, const EntryImage& value, int sign) {
    if (const auto* a = std::get_if<Account>(&value)) account(*a, sign);
    else if (const auto* m = std::get_if<Market>(&value)) market(static_cast<MarketId>(key.id), *m, sign);
    else if (const auto* asset = std::get_if<Asset>(&value)) issued[static_cast<AssetId>(key.id)] += sign * wide(asset->issued);
    else if (const auto* pool = std::get_if<RewardsPool>(&value))
      held[s.governance.token] += sign * (wide(pool->funded) - wide(pool->paid));
  }
};

}  // namespace

std::optional<std::string> check_changes(const State& after, const ChangeSet& changes) {
  Deltas d;
  for (const Change& c : changes) {
    d.image(after, c.key, c.before, -1);
    d.image(after, c.key, read_entry(after, c.key), +1);
  }
  for (const auto& [asset, change] : d.held) {
    const auto it = d.issued.find(asset);
    const Wide issued = it == d.issued.end() ? Wide(0) : it->second;
    if (change != issued) {
      const std::string symbol = asset < after.assets.size() ? after.assets[asset].symbol : std::to_string(asset);
      return "asset " + symbol + ": wallets, market cash and reserves changed by " + change.str() +
             " units but its issued units by " + issued.str();
    }
  }
  for (const auto& [asset, change] : d.issued)
    if (change != 0 && !d.held.contains(asset))
      return "asset " + std::to_string(asset) + ": issued units changed by " + change.str() + " and no holder changed";
  for (const auto& [market, change] : d.supply) {
    const auto it = d.tokens.find(market);
    const Wide tokens = it == d.tokens.end() ? Wide(0) : it->second;
    if (change != tokens) {
      const std::string symbol = market < after.markets.size() ? after.markets[market].config.symbol : std::to_string(market);
      return "market " + symbol + ": fToken supply changed by " + change.str() + " but balances by " + tokens.str();
    }
  }
  for (const auto& [market, change] : d.tokens)
    if (change != 0 && !d.supply.contains(market))
      return "market " + std::to_string(market) + ": fToken balances changed by " + change.str() +
             " and its supply did not change";
  return std::nullopt;
}

}  // namespace flux
