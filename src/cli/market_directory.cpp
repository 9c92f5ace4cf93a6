#include "cli/market_directory.hpp"

#include "cli/errors.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>

namespace flux::cli {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

MarketDirectory MarketDirectory::from_json(const nlohmann::json& markets) {
  if (!markets.is_array()) throw CliError(exit_unreachable, "flux_getMarkets: the node did not answer an array");
  std::vector<MarketInfo> out;
  for (const auto& m : markets) {
    if (!m.is_object() || !m.contains("symbol") || !m["symbol"].is_string() || !m.contains("asset") ||
        !m["asset"].is_string() || !m.contains("decimals") || !m["decimals"].is_number_unsigned() ||
        m["decimals"].get<unsigned>() > 36)
      throw CliError(exit_unreachable, "flux_getMarkets: a market lacks symbol, asset or decimals");
    out.push_back({m["symbol"].get<std::string>(), m["asset"].get<std::string>(), m["decimals"].get<unsigned>()});
  }
  return MarketDirectory(std::move(out));
}

const MarketInfo* MarketDirectory::find_market(std::string_view name) const {
  for (const MarketInfo& m : markets_)
    if (m.symbol == name) return &m;
  const MarketInfo* found = nullptr;
  for (const MarketInfo& m : markets_)
    if (iequals(m.symbol, name)) {
      if (found != nullptr) return nullptr;
      found = &m;
    }
  if (found != nullptr) return found;
  for (const MarketInfo& m : markets_)
    if (iequals(m.asset, name)) {
      if (found != nullptr) return nullptr;  // two markets of one asset: name the market
      found = &m;
    }
  return found;
}

const MarketInfo& MarketDirectory::market(std::string_view name) const {
  if (const MarketInfo* m = find_market(name)) return *m;
  if (markets_.empty()) throw usage_error(fmt::format("unknown market \"{}\": the node lists no markets", name));
  throw usage_error(fmt::format("unknown market \"{}\"; the node lists {}", name, symbols()));
}

std::optional<unsigned> MarketDirectory::asset_decimals(std::string_view asset) const {
  for (const MarketInfo& m : markets_)
    if (iequals(m.asset, asset)) return m.decimals;
  for (const auto& [symbol, decimals] : assets_)
    if (iequals(symbol, asset)) return decimals;
  return std::nullopt;
}

std::optional<std::string> MarketDirectory::asset_symbol(std::string_view asset) const {
  for (const MarketInfo& m : markets_)
    if (iequals(m.asset, asset)) return m.asset;
  for (const auto& entry : assets_)
    if (iequals(entry.first, asset)) return entry.first;
  return std::nullopt;
}

void MarketDirectory::add_assets(const nlohmann::json& assets) {
  if (!assets.is_array()) return;
  for (const nlohmann::json& a : assets)
    if (a.is_object() && a.contains("symbol") && a["symbol"].is_string() && a.contains("decimals") &&
        a["decimals"].is_number_unsigned())
      assets_.emplace_back(a["symbol"].get<std::string>(), a["decimals"].get<unsigned>());
}

std::string MarketDirectory::symbols() const {
  std::string out;
  for (const MarketInfo& m : markets_) out += (out.empty() ? "" : ", ") + m.symbol;
  return out;
}

}  // namespace flux::cli
