// What the flux command needs to know of the node's markets to read and write
// amounts: each market's symbol, underlying asset and the asset's decimals, from
// flux_getMarkets (docs/rpc.md).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flux::cli {

struct MarketInfo {
  std::string symbol;  // "fUSDC"
  std::string asset;   // "USDC"
  unsigned decimals = 18;
};

class MarketDirectory {
 public:
  MarketDirectory() = default;
  explicit MarketDirectory(std::vector<MarketInfo> markets) : markets_(std::move(markets)) {}
  // From flux_getMarkets' result; throws CliError (unreachable: the node's answer is
  // not what docs/rpc.md says) if an entry lacks symbol, asset or decimals.
  static MarketDirectory from_json(const nlohmann::json& markets);

  // A market named as the user wrote it: its symbol ("fUSDC"), the symbol in any case
  // ("fusdc"), or its underlying asset ("USDC") when exactly one market has it.
  // Throws CliError (usage) naming the markets there are.
  const MarketInfo& market(std::string_view name) const;
  const MarketInfo* find_market(std::string_view name) const;
  // The decimals of an underlying asset (any case), if some market has it.
  std::optional<unsigned> asset_decimals(std::string_view asset) const;
  // The asset's symbol as the node spells it.
  std::optional<std::string> asset_symbol(std::string_view asset) const;

  const std::vector<MarketInfo>& markets() const { return markets_; }
  // Assets without a market (FLUX, an asset waiting for a listing) from
  // flux_getAssets' [{"symbol", "decimals"}], so their amounts convert too. Entries
  // without both fields are skipped.
  void add_assets(const nlohmann::json& assets);
  std::string symbols() const;  // "fUSDC, fDAI, fOUSG"

 private:
  std::vector<MarketInfo> markets_;
  std::vector<std::pair<std::string, unsigned>> assets_;  // add_assets: symbol, decimals
};

}  // namespace flux::cli
