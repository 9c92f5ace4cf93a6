// The operations the engine accepts. One struct per operation; `sender` is who asks.
// User operations act for their sender; admin operations need the sender to hold a
// role (State::roles) and fail with `unauthorized` otherwise. The role operations are
// in admin_requests.hpp, with the actions a governance proposal may carry.
#pragma once

#include "engine/admin_requests.hpp"
#include "engine/rate_model.hpp"
#include "engine/state.hpp"

#include <string>
#include <variant>
#include <vector>

namespace flux {

// One request per line reads as a table: not reflowed.
// clang-format off
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

// --- The asset ledger ------------------------------------------------------------
struct IssueAsset { AccountId sender; AccountId to; AssetId asset; U256 amount; };       // the asset's issuer
struct BurnAsset { AccountId sender; AssetId asset; U256 amount; };                     // the asset's issuer
struct TransferAsset { AccountId sender; AccountId to; AssetId asset; U256 amount; };   // any holder

// --- Governance (governor.hpp) -----------------------------------------------------
// The admin hands the admin role to the timelock, once and for good (a genesis
// normally installs the timelock as admin directly).
struct TransferAdminToTimelock { AccountId sender; };  // admin
// The sender's FLUX votes for `delegatee` from now on (itself: its own votes count;
// no_account: for no one).
struct Delegate { AccountId sender; AccountId delegatee; };
// Actions run with the timelock as sender; whatever sender they carry is replaced.
struct Propose { AccountId sender; std::vector<GovernanceAction> actions; std::string description; };
// support: vote_against (0), vote_for (1) or vote_abstain (2).
struct CastVote { AccountId sender; std::uint64_t proposal; std::uint8_t support; std::string reason; };
struct Cancel { AccountId sender; std::uint64_t proposal; };
struct Queue { AccountId sender; std::uint64_t proposal; };
struct Execute { AccountId sender; std::uint64_t proposal; };

// --- Liquidity mining (rewards.hpp) -----------------------------------------------
// Brings the sender's rewards up to date in `markets` (empty: every market) and pays
// everything it has accrued from the reserve into its FLUX wallet.
struct ClaimRewards { AccountId sender; std::vector<MarketId> markets; };
// The same for `holder`, sent by anyone: the FLUX goes into the holder's wallet.
struct ClaimRewardsFor { AccountId sender; AccountId holder; std::vector<MarketId> markets; };

// --- Flux Protocol (flux_protocol/deployment.hpp) ----------------------------------
// Under Flux Protocol's rules Mint, Redeem, RedeemUnderlying, Borrow, Repay, Transfer
// and Accrue run its rules; these are its own. Described by their fields alone.
// Supplies `amount` paid by the sender; the fTokens go to `receiver` (depositFor).
struct SupplyFor { AccountId sender; AccountId receiver; MarketId market; U256 amount; };
// Redeems `amount` of underlying (0: every fToken) and sends it to `to`.
struct Withdraw { AccountId sender; AccountId to; MarketId market; U256 amount; };
// fToken allowances: `spender` may move up to `tokens` of the sender's fTokens.
struct Approve { AccountId sender; AccountId spender; MarketId market; U256 tokens; };
struct TransferFrom { AccountId sender; AccountId from; AccountId to; MarketId market; U256 tokens; };
// Accrues every market, in listing order.
struct AccrueAll { AccountId sender; };
// Sends all of the market's reserves to the team account (anyone may ask).
struct WithdrawReserves { AccountId sender; MarketId market; };
// Repays every debt of the borrower and takes all its collateral, less the fee.
struct LiquidatePosition { AccountId sender; AccountId borrower; };
// The Guard takes over the borrower's whole position (anyone may ask).
struct MarginCall { AccountId sender; AccountId borrower; };
// The Guard repays its debt in the market from what it holds of the underlying.
struct GuardRepay { AccountId sender; MarketId market; };
// The admin takes `amount` of the asset out of the Guard's wallet into its own.
struct GuardWithdraw { AccountId sender; AssetId asset; U256 amount; };
// Gives underlying to the market's cash without receiving fTokens.
struct Donate { AccountId sender; MarketId market; U256 amount; };
// Admin settings.
struct SetCollateralRatio { AccountId sender; MarketId market; U256 ratio; };
struct SetMarketStatus { AccountId sender; MarketId market; bool stopped; };
// action: 0 supply, 1 borrow, 2 liquidation (and margin calls), 3 everything but liquidation.
struct SetActionDisabled { AccountId sender; std::uint32_t action; bool disabled; };
struct SetTaxRate { AccountId sender; MarketId market; U256 rate; };  // 0: the deployment's
struct SetDefaultTaxRate { AccountId sender; U256 rate; };
struct SetLiquidationFee { AccountId sender; U256 rate; };
struct SetTeamAccount { AccountId sender; AccountId account; };
struct ClearTeamAccount { AccountId sender; };
struct SetCreditBorrower { AccountId sender; AccountId borrower; bool enabled; };
struct SetCreditLimit { AccountId sender; AccountId borrower; MarketId market; U256 limit; };

using Request = std::variant<Mint, Redeem, RedeemUnderlying, Borrow, Repay, Transfer, Liquidate, EnterMarkets,
                             ExitMarket, Accrue, Faucet, SetPrice, SetPriceCap, SetCollateralFactor,
                             SetReserveFactor, SetProtocolSeizeShare, SetRateModel, SetCloseFactor,
                             SetLiquidationIncentive, SetBorrowCap, SetSupplyCap, SetPaused, SetKyc, SetSanctioned,
                             AddReserves, ReduceReserves, ListMarket, IssueAsset, BurnAsset, TransferAsset,
                             // governance
                             SetPauseGuardian, SetMarketAccess, ReduceReservesTo, SetKycGroupAdmin,
                             SetSanctionsAdmin, SetGovernanceParameter, TransferAdminToTimelock, Delegate, Propose,
                             CastVote, Cancel, Queue, Execute,
                             // liquidity mining, appended so existing indices stay stable
                             SetRewardSpeeds, FundRewards, ClaimRewards,
                             // protocol upgrades (upgrade.hpp); appended, never reordered
                             ScheduleUpgrade,
                             // the price source, appended
                             SetOracle,
                             // appended: requests described by their fields alone (operation_registry.hpp)
                             ClaimRewardsFor,
                             // Flux Protocol, appended
                             SupplyFor, Withdraw, Approve, TransferFrom, AccrueAll, WithdrawReserves,
                             LiquidatePosition, MarginCall, GuardRepay, GuardWithdraw, Donate, SetCollateralRatio,
                             SetMarketStatus, SetActionDisabled, SetTaxRate, SetDefaultTaxRate, SetLiquidationFee,
                             SetTeamAccount, ClearTeamAccount, SetCreditBorrower, SetCreditLimit>;

// The account whose own holdings a user operation changes (for the invariant that no
// user operation leaves its sender in shortfall), and whether the request is an
// admin operation allowed to change protected parameters (execute is one: it runs
// admin operations as the timelock).
AccountId request_sender(const Request& request);
bool is_admin_request(const Request& request);
const char* request_name(const Request& request);

// An action as the request it runs as.
Request action_request(const GovernanceAction& action);
const char* action_name(const GovernanceAction& action);
// clang-format on

}  // namespace flux
