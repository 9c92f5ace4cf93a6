// The node's query results (docs/rpc.md) as human-readable text: tables with
// amounts in whole tokens, prices in USD, factors and rates in percent. Pure: JSON
// in, text out (the --json flag prints the result itself instead).
#pragma once

#include "cli/event_text.hpp"
#include "cli/market_directory.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <ostream>
#include <string>

namespace flux::cli {

// flux_getMarkets: symbol, asset, price, total supplied and borrowed (underlying),
// utilization, supply and borrow APY, collateral factor, access, caps, pauses.
void print_markets(std::ostream& out, const nlohmann::json& markets);

// flux_getAccount: wallet, positions, liquidity or shortfall, health factor.
void print_account(std::ostream& out, const nlohmann::json& account, const MarketDirectory& markets,
                   const Labels& labels);

// flux_getBlock with transactions: the header, then one line per transaction.
void print_block(std::ostream& out, const nlohmann::json& block, const Labels& labels);

// A receipt: "ok" or "failed" with the error, then its events in words.
void print_receipt(std::ostream& out, const nlohmann::json& receipt, const MarketDirectory& markets,
                   const Labels& labels);

// flux_getEvents: one line per event. `tx_types` maps a transaction hash to its
// type, to say what a parameter_changed or compliance_changed event changed.
void print_events(std::ostream& out, const nlohmann::json& events, const MarketDirectory& markets, const Labels& labels,
                  const std::map<std::string, std::string>& tx_types = {});

// The yearly rate of a per-block rate (1e18 mantissa) compounded every block, in
// percent with two decimals: "3.83%".
std::string apy_percent(const std::string& rate_per_block, std::uint64_t blocks_per_year);

// A price in USD per whole token from the engine's unit (USD * 10^(36 - decimals)).
std::string usd_price(const std::string& raw, unsigned decimals);

}  // namespace flux::cli
