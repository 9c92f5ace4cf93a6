// The operations the engine accepts. One struct per operation; `sender` is who asks.
// User operations act for their sender; admin operations need the sender to hold a
// role (State::roles) and fail with `unauthorized` otherwise.
#pragma once

#include "engine/rate_model.hpp"
#include "engine/state.hpp"

#include <variant>
#include <vector>

namespace flux {

enum class PauseAction : std::uint8_t { mint, borrow, transfer, seize };

// --- Users ---------------------------------------------------------------------
struct Mint { AccountId sender; MarketId market; U256 amount; };
struct Redeem { AccountId sender; MarketId market; U256 tokens; };
struct RedeemUnderlying { AccountId sender; MarketId market; U256 amount; };
struct Borrow { AccountId sender; MarketId market; U256 amount; };
// amount == u256_max() repays the borrower's whole balance.
struct Repay { AccountId sender; AccountId borrower; MarketId market; U256 amount; };
struct Transfer { AccountId sender; AccountId to; MarketId market; U256 tokens; };
struct Liquidate { AccountId sender; AccountId borrower; MarketId market; U256 amount; MarketId collateral_market; };
struct EnterMarkets { AccountId sender; std::vector<MarketId> markets; };
struct ExitMarket { AccountId sender; MarketId market; };
struct Accrue { AccountId sender; MarketId market; };

// --- Roles ---------------------------------------------------------------------
struct Faucet { AccountId sender; AccountId account; AssetId asset; U256 amount; };        // admin
struct SetPrice { AccountId sender; MarketId market; U256 price; };                       // oracle
struct SetPriceCap { AccountId sender; MarketId market; U256 cap; };                      // admin
struct SetCollateralFactor { AccountId sender; MarketId market; U256 value; };            // admin
struct SetReserveFactor { AccountId sender; MarketId market; U256 value; };               // admin
struct SetProtocolSeizeShare { AccountId sender; MarketId market; U256 value; };          // admin
struct SetRateModel { AccountId sender; MarketId market; RateModelParams params; };       // admin
struct SetCloseFactor { AccountId sender; U256 value; };                                  // admin
struct SetLiquidationIncentive { AccountId sender; U256 value; };                         // admin
struct SetBorrowCap { AccountId sender; MarketId market; U256 value; };                   // admin
struct SetSupplyCap { AccountId sender; MarketId market; U256 value; };                   // admin
// Pausing: guardian or admin; unpausing: admin only. transfer and seize are
// protocol-wide, so their `market` is ignored.
struct SetPaused { AccountId sender; MarketId market; PauseAction action; bool paused; };
struct SetKyc { AccountId sender; AccountId account; std::uint32_t group; bool granted; };  // compliance
struct SetSanctioned { AccountId sender; AccountId account; bool sanctioned; };            // compliance
struct AddReserves { AccountId sender; MarketId market; U256 amount; };                   // admin
struct ReduceReserves { AccountId sender; MarketId market; U256 amount; };                // admin
// Lists a market with everything it needs at once (configuration, price, collateral
// factor) and seeds it: the admin pays `seed_amount` of the underlying, and the
// fTokens it mints go to the locked supply holder. A market is never listed empty.
struct ListMarket {
  AccountId sender;  // admin
  MarketConfig config;
  RateModelParams rate_model;  // converted with the state's blocks_per_year
  U256 seed_amount;
};

// --- The asset ledger ------------------------------------------------------------
struct IssueAsset { AccountId sender; AccountId to; AssetId asset; U256 amount; };       // the asset's issuer
struct BurnAsset { AccountId sender; AssetId asset; U256 amount; };                     // the asset's issuer
struct TransferAsset { AccountId sender; AccountId to; AssetId asset; U256 amount; };   // any holder

using Request = std::variant<Mint, Redeem, RedeemUnderlying, Borrow, Repay, Transfer, Liquidate, EnterMarkets,
                             ExitMarket, Accrue, Faucet, SetPrice, SetPriceCap, SetCollateralFactor,
                             SetReserveFactor, SetProtocolSeizeShare, SetRateModel, SetCloseFactor,
                             SetLiquidationIncentive, SetBorrowCap, SetSupplyCap, SetPaused, SetKyc, SetSanctioned,
                             AddReserves, ReduceReserves, ListMarket, IssueAsset, BurnAsset, TransferAsset>;

// The account whose own holdings a user operation changes (for the invariant that no
// user operation leaves its sender in shortfall), and whether the request is an
// admin operation allowed to change protected parameters.
AccountId request_sender(const Request& request);
bool is_admin_request(const Request& request);
const char* request_name(const Request& request);

}  // namespace flux
