#include "engine/request.hpp"

namespace flux {

AccountId request_sender(const Request& request) {
  return std::visit([](const auto& r) { return r.sender; }, request);
}

bool is_admin_request(const Request& request) {
  return !std::holds_alternative<Mint>(request) && !std::holds_alternative<Redeem>(request) &&
         !std::holds_alternative<RedeemUnderlying>(request) && !std::holds_alternative<Borrow>(request) &&
         !std::holds_alternative<Repay>(request) && !std::holds_alternative<Transfer>(request) &&
         !std::holds_alternative<Liquidate>(request) && !std::holds_alternative<EnterMarkets>(request) &&
         !std::holds_alternative<ExitMarket>(request) && !std::holds_alternative<Accrue>(request) &&
         !std::holds_alternative<TransferAsset>(request);
}

const char* request_name(const Request& request) {
  static constexpr const char* names[] = {
      "mint",          "redeem",           "redeem_underlying",        "borrow",
      "repay",         "transfer",         "liquidate",                "enter_markets",
      "exit_market",   "accrue",           "faucet",                   "set_price",
      "set_price_cap", "set_collateral_factor", "set_reserve_factor",  "set_protocol_seize_share",
      "set_rate_model", "set_close_factor", "set_liquidation_incentive", "set_borrow_cap",
      "set_supply_cap", "set_paused",       "set_kyc",                  "set_sanctioned",
      "add_reserves",  "reduce_reserves",  "list_market",              "issue_asset",
      "burn_asset",    "transfer_asset"};
  static_assert(std::size(names) == std::variant_size_v<Request>);
  return names[request.index()];
}

}  // namespace flux
