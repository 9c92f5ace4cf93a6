// The role operations: requests that need the sender to hold a role (State::roles),
// and GovernanceAction, the ones a proposal may carry.
//
// They live apart from request.hpp because a proposal, which is state (governor.hpp),
// holds actions: the state needs these types before the State is complete. Each
// compares field by field, so that proposals holding them compare too.
#pragma once

#include "engine/rate_model.hpp"
#include "engine/state_types.hpp"

#include <variant>

namespace flux {

enum class PauseAction : std::uint8_t { mint, borrow, transfer, seize };

// The governor's own settings (governor.hpp gives their bounds).
enum class GovernanceParameter : std::uint8_t {
  proposal_threshold,  // votes, 1e-18 FLUX
  voting_delay,        // seconds (counted in blocks: governor.hpp)
  voting_period,       // seconds
  quorum_votes,        // votes, 1e-18 FLUX
  timelock_delay,      // seconds
};

// Each request's fields on one line read as a table: not reflowed.
// clang-format off
// --- Roles (the role each needs is named after it) ---------------------------------
struct Faucet {  // admin
  AccountId sender; AccountId account; AssetId asset; U256 amount;
  bool operator==(const Faucet&) const = default;
};
struct SetPrice {  // oracle
  AccountId sender; MarketId market; U256 price;
  bool operator==(const SetPrice&) const = default;
};
struct SetPriceCap {  // admin
  AccountId sender; MarketId market; U256 cap;
  bool operator==(const SetPriceCap&) const = default;
};
struct SetCollateralFactor {  // admin
  AccountId sender; MarketId market; U256 value;
  bool operator==(const SetCollateralFactor&) const = default;
};
struct SetReserveFactor {  // admin
  AccountId sender; MarketId market; U256 value;
  bool operator==(const SetReserveFactor&) const = default;
};
struct SetProtocolSeizeShare {  // admin
  AccountId sender; MarketId market; U256 value;
  bool operator==(const SetProtocolSeizeShare&) const = default;
};
struct SetRateModel {  // admin
  AccountId sender; MarketId market; RateModelParams params;
  bool operator==(const SetRateModel&) const = default;
};
struct SetCloseFactor {  // admin
  AccountId sender; U256 value;
  bool operator==(const SetCloseFactor&) const = default;
};
struct SetLiquidationIncentive {  // admin
  AccountId sender; U256 value;
  bool operator==(const SetLiquidationIncentive&) const = default;
};
struct SetBorrowCap {  // admin
  AccountId sender; MarketId market; U256 value;
  bool operator==(const SetBorrowCap&) const = default;
};
struct SetSupplyCap {  // admin
  AccountId sender; MarketId market; U256 value;
  bool operator==(const SetSupplyCap&) const = default;
};
// Pausing: guardian or admin; unpausing: admin only. transfer and seize are
// protocol-wide, so their `market` is ignored.
struct SetPaused {
  AccountId sender; MarketId market; PauseAction action; bool paused;
  bool operator==(const SetPaused&) const = default;
};
struct SetKyc {  // compliance, or the group's KYC admin
  AccountId sender; AccountId account; std::uint32_t group; bool granted;
  bool operator==(const SetKyc&) const = default;
};
struct SetSanctioned {  // compliance, or the sanctions admin
  AccountId sender; AccountId account; bool sanctioned;
  bool operator==(const SetSanctioned&) const = default;
};
struct AddReserves {  // admin
  AccountId sender; MarketId market; U256 amount;
  bool operator==(const AddReserves&) const = default;
};
struct ReduceReserves {  // admin; the units leave the system
  AccountId sender; MarketId market; U256 amount;
  bool operator==(const ReduceReserves&) const = default;
};
// Lists a market with everything it needs at once (configuration, price, collateral
// factor) and seeds it: the admin pays `seed_amount` of the underlying, and the
// fTokens it mints go to the locked supply holder. A market is never listed empty.
struct ListMarket {
  AccountId sender;  // admin
  MarketConfig config;
  RateModelParams rate_model;  // converted with the state's blocks_per_year
  U256 seed_amount;
  bool operator==(const ListMarket&) const = default;
};

// --- Added with governance; all admin only, so once the timelock is the admin only
// an executed proposal can send them.
struct SetPauseGuardian {
  AccountId sender; AccountId account;
  bool operator==(const SetPauseGuardian&) const = default;
};
// A market's access mode and KYC group (the group must be 0 for an open market).
struct SetMarketAccess {
  AccountId sender; MarketId market; Access access; std::uint32_t kyc_group;
  bool operator==(const SetMarketAccess&) const = default;
};
// Pays reserves to an account's wallet: the units stay in the system.
struct ReduceReservesTo {
  AccountId sender; MarketId market; U256 amount; AccountId to;
  bool operator==(const ReduceReservesTo&) const = default;
};
// granted: `account` becomes the group's KYC admin (replacing any other); revoked:
// `account`, which must be the group's KYC admin, no longer is.
struct SetKycGroupAdmin {
  AccountId sender; std::uint32_t group; AccountId account; bool granted;
  bool operator==(const SetKycGroupAdmin&) const = default;
};
// The same for the sanctions admin.
struct SetSanctionsAdmin {
  AccountId sender; AccountId account; bool granted;
  bool operator==(const SetSanctionsAdmin&) const = default;
};
struct SetGovernanceParameter {
  AccountId sender; GovernanceParameter parameter; U256 value;
  bool operator==(const SetGovernanceParameter&) const = default;
};

// --- Added with liquidity mining (rewards.hpp) --------------------------------------
// A market's FLUX emission per block to its suppliers and to its borrowers (admin
// only). Each side whose speed changes is first brought up to date at its old speed.
struct SetRewardSpeeds {
  AccountId sender; MarketId market; U256 supply_speed; U256 borrow_speed;
  bool operator==(const SetRewardSpeeds&) const = default;
};
// Moves FLUX from the sender's wallet into the rewards reserve. Anyone may; as a
// proposal's action the timelock pays from its own wallet (the treasury).
struct FundRewards {
  AccountId sender; U256 amount;
  bool operator==(const FundRewards&) const = default;
};

// --- Added with upgrades (upgrade.hpp) ----------------------------------------------
// Schedules protocol rule `version` to take effect at `activation_block`
// (upgrade.hpp), replacing any earlier schedule; `version` equal to the current rule
// version with activation_block 0 cancels the schedule instead.
struct ScheduleUpgrade {  // admin
  AccountId sender; std::uint32_t version; std::uint64_t activation_block;
  bool operator==(const ScheduleUpgrade&) const = default;
};

// The price source: the account whose SetPrice the engine accepts (Flux Finance's
// oracle is chosen by governance too). Prices are still capped per market (SetPriceCap).
struct SetOracle {  // admin
  AccountId sender; AccountId account;
  bool operator==(const SetOracle&) const = default;
};

// What a proposal may do. Each action runs, when its proposal executes, as the
// request of the same type with the timelock as its sender (a proposal stores its
// actions with that sender in place).
using GovernanceAction =
    std::variant<ListMarket, SetCollateralFactor, SetReserveFactor, SetProtocolSeizeShare, SetRateModel,
                 SetCloseFactor, SetLiquidationIncentive, SetBorrowCap, SetSupplyCap, SetPriceCap, SetPaused,
                 SetPauseGuardian, SetMarketAccess, ReduceReservesTo, SetKycGroupAdmin, SetSanctionsAdmin,
                 SetGovernanceParameter,
                 // appended with liquidity mining: earlier indices stay as they were
                 SetRewardSpeeds, FundRewards,
                 // appended with upgrades (an action's index is part of the state hash)
                 ScheduleUpgrade,
                 // appended: the price source
                 SetOracle>;
// clang-format on

}  // namespace flux
