// Engine events and receipts in words, for the flux command's human output:
//   "bob supplied 1,000,000 USDC to fUSDC and received 50,000,000 fUSDC"
// Amounts are exact, in whole tokens of the market's underlying (fTokens: 8
// decimals); accounts are shown by their label (a keystore name, or on the dev chain
// a dev account's name) or else by their EIP-55 address.
#pragma once

#include "cli/market_directory.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace flux::cli {

class Labels {
 public:
  void add(const std::string& address, const std::string& label);  // any case; first label wins
  // The label of an address, or its EIP-55 form (or the text as given if it is none).
  std::string name(const std::string& address) const;

 private:
  std::map<std::string, std::string> by_address_;  // lowercase "0x..." -> label
};

// One event (an element of a receipt's "events" or of flux_getEvents) as a sentence.
// `tx_type` (the receipt's type, if known) names what a parameter_changed or
// compliance_changed event changed.
std::string describe_event(const nlohmann::json& event, const MarketDirectory& markets, const Labels& labels,
                           const std::string& tx_type = "");

// A receipt's error as "name (code): message"; the error may be {"code","name",
// "message"} (docs/rpc.md) or just the name, whose message flux knows.
std::string describe_receipt_error(const nlohmann::json& error);

// A failed Execute's receipt names the action that failed ("failed_action": index
// from 0, type, error): "action 2 (SetSupplyCap) failed: market_not_listed (1004): ...",
// numbered from 1 as `flux gov show` lists actions. "" when the receipt has none.
std::string describe_failed_action(const nlohmann::json& receipt);

// An amount of a market's underlying, exact and grouped: "1,000.5 USDC".
std::string underlying_text(const std::string& raw, const MarketInfo* market);

}  // namespace flux::cli
