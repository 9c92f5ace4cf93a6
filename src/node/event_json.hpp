// Events as JSON, both ways: what a receipt's "events" hold (docs/rpc.md, "Events").
// The JSON names markets and assets by symbol and accounts by name, so both
// directions take the state's name tables (assets, markets, account_names).
#pragma once

#include "engine/event.hpp"
#include "node/transaction.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <unordered_map>

namespace flux::node {

// `tx`, when given, is the receipt's transaction: it names the setting of a
// parameter_changed event ("parameter": "collateral_factor").
nlohmann::json event_json(const Event& event, const State& state, const Transaction* tx = nullptr);

// Reads event_json's form back with the names of `names` (any state with at least
// the names the event was written with: names are only ever added). Keys the event
// does not use are ignored ("parameter", and what the RPC adds: "block_number", ...).
// Throws std::runtime_error naming what is wrong: an unknown event name, market,
// asset or account, a missing field, or an amount that is not a decimal string or
// does not fit its field.
class EventReader {
 public:
  explicit EventReader(const State& names);
  Event read(const nlohmann::json& event) const;

 private:
  const State& names_;
  std::unordered_map<std::string, AccountId> accounts_;  // name -> id, from names_.account_names
};

}  // namespace flux::node
