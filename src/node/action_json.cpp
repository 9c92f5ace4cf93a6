// A proposal's actions as JSON, for RPC results and the CLI: the inverse of the type
// table's converters (markets and assets by symbol, accounts as checksum addresses),
// and the setting each action's parameter_changed event names.
#include "node/transaction.hpp"

#include "crypto/address.hpp"
#include "engine/operation_registry.hpp"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

namespace flux::node {
using json = nlohmann::json;

namespace {

const char* access_text(Access a) {
  switch (a) {
    case Access::open: return "open";
    case Access::permissionless: return "permissionless";
    case Access::permissioned: return "permissioned";
  }
  return "open";
}

const char* pause_text(PauseAction a) {
  switch (a) {
    case PauseAction::mint: return "mint";
    case PauseAction::borrow: return "borrow";
    case PauseAction::transfer: return "transfer";
    case PauseAction::seize: return "seize";
  }
  return "mint";
}

// Names for action_json: the inverse of the Resolver.
struct Names {
  const State& state;
  json market(MarketId id) const {
    return id < state.markets.size() ? json(state.markets[id].config.symbol) : json(nullptr);
  }
  json asset(AssetId id) const { return id < state.assets.size() ? json(state.assets[id].symbol) : json(nullptr); }
  json account(AccountId id) const {
    if (id == no_account || id >= state.account_names.size()) return "0x0000000000000000000000000000000000000000";
    const auto parsed = crypto::parse_address(state.account_names[id]);
    return parsed ? json(crypto::to_checksum_address(*parsed)) : json(state.account_names[id]);
  }
};

void put_rate_model(json& j, const RateModelParams& p) {
  j["kind"] = p.kind == RateModelKind::jump ? "jump" : "linear";
  j["basePerYear"] = p.base_per_year.str();
  j["multiplierPerYear"] = p.multiplier_per_year.str();
  j["jumpMultiplierPerYear"] = p.jump_multiplier_per_year.str();
  j["kink"] = p.kink.str();
}

// An action described by its fields alone: its type, then each bound field under its
// wire name (numbers as decimal strings, as everywhere in the JSON).
json bound_json(const GovernanceAction& action, const Names& n) {
  json j = {{"type", descriptor(action).transactions.front().name}};
  for (const ConstBoundValue& v : bound_values(action)) {
    json& out = j[std::string(v.field->name)];
    switch (v.field->binding.kind) {
      case FieldKind::account: out = n.account(bound_value<FieldKind::account>(v)); break;
      case FieldKind::market: out = n.market(bound_value<FieldKind::market>(v)); break;
      case FieldKind::asset: out = n.asset(bound_value<FieldKind::asset>(v)); break;
      case FieldKind::amount: out = bound_value<FieldKind::amount>(v).str(); break;
      case FieldKind::u32: out = std::to_string(bound_value<FieldKind::u32>(v)); break;
      case FieldKind::u64: out = std::to_string(bound_value<FieldKind::u64>(v)); break;
      case FieldKind::flag: out = bound_value<FieldKind::flag>(v); break;
      case FieldKind::text: out = bound_value<FieldKind::text>(v); break;
      case FieldKind::markets:
        out = json::array();
        for (MarketId m : bound_value<FieldKind::markets>(v)) out.push_back(n.market(m));
        break;
    }
  }
  return j;
}

}  // namespace

std::string action_parameter_name(const GovernanceAction& action) {
  // Only an action whose descriptor lists parameter_changed names one: the receipt
  // pairs these names with the execute's parameter_changed events in order.
  const std::vector<EventKind>& events = descriptor(action).events;
  if (std::find(events.begin(), events.end(), EventKind::parameter_changed) == events.end()) return {};
  return std::visit(
      [&action](const auto& a) -> std::string {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, SetPaused>) {
          return std::string(pause_text(a.action)) + "_paused";
        } else if constexpr (std::is_same_v<T, SetGovernanceParameter>) {
          return governance_parameter_name(a.parameter);
        } else {
          const std::string name = action_name(action);  // "set_collateral_factor"
          return name.rfind("set_", 0) == 0 ? name.substr(4) : name;
        }
      },
      action);
}

// Longer than most functions on purpose: one short case per action type, each naming
// its fields as docs/rpc.md does, reads better side by side than split apart.
// NOLINTNEXTLINE(readability-function-size)
json action_json(const GovernanceAction& action, const State& state) {
  const Names n{state};
  if (is_generic(descriptor(action))) return bound_json(action, n);
  return std::visit(
      [&n](const auto& a) -> json {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, ListMarket>) {
          const MarketConfig& c = a.config;
          json j = {{"type", "ListMarket"},
                    {"symbol", c.symbol},
                    {"asset", n.asset(c.asset)},
                    {"collateralFactor", c.collateral_factor.str()},
                    {"reserveFactor", c.reserve_factor.str()},
                    {"protocolSeizeShare", c.protocol_seize_share.str()},
                    {"initialExchangeRate", c.initial_exchange_rate.str()}};
          put_rate_model(j, a.rate_model);
          j["access"] = access_text(c.access);
          j["kycGroup"] = std::to_string(c.kyc_group);
          j["borrowCap"] = c.borrow_cap.str();
          j["supplyCap"] = c.supply_cap.str();
          j["price"] = c.price.str();
          j["priceCap"] = c.price_cap.str();
          j["mintPaused"] = c.mint_paused;
          j["borrowPaused"] = c.borrow_paused;
          j["seedAmount"] = a.seed_amount.str();
          return j;
        } else if constexpr (std::is_same_v<T, SetCollateralFactor>) {
          return {{"type", "SetCollateralFactor"}, {"market", n.market(a.market)}, {"value", a.value.str()}};
        } else if constexpr (std::is_same_v<T, SetReserveFactor>) {
          return {{"type", "SetReserveFactor"}, {"market", n.market(a.market)}, {"value", a.value.str()}};
        } else if constexpr (std::is_same_v<T, SetProtocolSeizeShare>) {
          return {{"type", "SetProtocolSeizeShare"}, {"market", n.market(a.market)}, {"value", a.value.str()}};
        } else if constexpr (std::is_same_v<T, SetRateModel>) {
          json j = {{"type", "SetRateModel"}, {"market", n.market(a.market)}};
          put_rate_model(j, a.params);
          return j;
        } else if constexpr (std::is_same_v<T, SetCloseFactor>) {
          return {{"type", "SetCloseFactor"}, {"value", a.value.str()}};
        } else if constexpr (std::is_same_v<T, SetLiquidationIncentive>) {
          return {{"type", "SetLiquidationIncentive"}, {"value", a.value.str()}};
        } else if constexpr (std::is_same_v<T, SetBorrowCap>) {
          return {{"type", "SetBorrowCap"}, {"market", n.market(a.market)}, {"value", a.value.str()}};
        } else if constexpr (std::is_same_v<T, SetSupplyCap>) {
          return {{"type", "SetSupplyCap"}, {"market", n.market(a.market)}, {"value", a.value.str()}};
        } else if constexpr (std::is_same_v<T, SetPriceCap>) {
          return {{"type", "SetPriceCap"}, {"market", n.market(a.market)}, {"cap", a.cap.str()}};
        } else if constexpr (std::is_same_v<T, SetPaused>) {
          const bool global = a.action == PauseAction::transfer || a.action == PauseAction::seize;
          return {{"type", a.paused ? "Pause" : "Unpause"},
                  {"market", global ? json("") : n.market(a.market)},
                  {"action", pause_text(a.action)}};
        } else if constexpr (std::is_same_v<T, SetPauseGuardian>) {
          return {{"type", "SetPauseGuardian"}, {"account", n.account(a.account)}};
        } else if constexpr (std::is_same_v<T, SetMarketAccess>) {
          return {{"type", "SetMarketAccess"},
                  {"market", n.market(a.market)},
                  {"access", access_text(a.access)},
                  {"kycGroup", std::to_string(a.kyc_group)}};
        } else if constexpr (std::is_same_v<T, ReduceReservesTo>) {
          return {{"type", "ReduceReservesTo"},
                  {"market", n.market(a.market)},
                  {"amount", a.amount.str()},
                  {"to", n.account(a.to)}};
        } else if constexpr (std::is_same_v<T, SetKycGroupAdmin>) {
          return {{"type", "SetKycGroupAdmin"},
                  {"group", std::to_string(a.group)},
                  {"account", n.account(a.account)},
                  {"granted", a.granted}};
        } else if constexpr (std::is_same_v<T, SetSanctionsAdmin>) {
          return {{"type", "SetSanctionsAdmin"}, {"account", n.account(a.account)}, {"granted", a.granted}};
        } else if constexpr (std::is_same_v<T, SetGovernanceParameter>) {
          return {{"type", "SetGovernanceParameter"},
                  {"parameter", governance_parameter_name(a.parameter)},
                  {"value", a.value.str()}};
        } else if constexpr (std::is_same_v<T, SetRewardSpeeds>) {
          return {{"type", "SetRewardSpeeds"},
                  {"market", n.market(a.market)},
                  {"supplySpeed", a.supply_speed.str()},
                  {"borrowSpeed", a.borrow_speed.str()}};
        } else if constexpr (std::is_same_v<T, FundRewards>) {
          return {{"type", "FundRewards"}, {"amount", a.amount.str()}};
        } else {
          // Described by its fields alone: bound_json, above.
          throw std::logic_error(std::string("no JSON form for the action ") + action_name(GovernanceAction{a}));
        }
      },
      action);
}

}  // namespace flux::node
