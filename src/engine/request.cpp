#include "engine/request.hpp"

#include <type_traits>

namespace flux {

AccountId request_sender(const Request& request) {
  return std::visit([](const auto& r) { return r.sender; }, request);
}

bool is_admin_request(const Request& request) {
  return std::visit(
      [](const auto& r) {
        using R = std::decay_t<decltype(r)>;
        constexpr bool user = std::is_same_v<R, Mint> || std::is_same_v<R, Redeem> ||
                              std::is_same_v<R, RedeemUnderlying> || std::is_same_v<R, Borrow> ||
                              std::is_same_v<R, Repay> || std::is_same_v<R, Transfer> ||
                              std::is_same_v<R, Liquidate> || std::is_same_v<R, EnterMarkets> ||
                              std::is_same_v<R, ExitMarket> || std::is_same_v<R, Accrue> ||
                              std::is_same_v<R, TransferAsset> || std::is_same_v<R, Delegate> ||
                              std::is_same_v<R, Propose> || std::is_same_v<R, CastVote> ||
                              std::is_same_v<R, Cancel> || std::is_same_v<R, Queue> ||
                              std::is_same_v<R, FundRewards> || std::is_same_v<R, ClaimRewards>;
        return !user;
      },
      request);
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
      "burn_asset",    "transfer_asset",   "set_pause_guardian",       "set_market_access",
      "reduce_reserves_to", "set_kyc_group_admin", "set_sanctions_admin", "set_governance_parameter",
      "transfer_admin_to_timelock", "delegate", "propose",             "cast_vote",
      "cancel",        "queue",            "execute",                  "set_reward_speeds",
      "fund_rewards",  "claim_rewards",    "schedule_upgrade", "set_oracle"};
  static_assert(std::size(names) == std::variant_size_v<Request>);
  return names[request.index()];
}

Request action_request(const GovernanceAction& action) {
  return std::visit([](const auto& a) -> Request { return a; }, action);
}

const char* action_name(const GovernanceAction& action) { return request_name(action_request(action)); }

}  // namespace flux
