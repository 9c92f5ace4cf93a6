// The descriptor of every request type (operation_registry.hpp), declared so that the
// registry sees each specialization it uses. One line per request type: a new
// operation adds its line here and its descriptor in the file of its family.
#pragma once

#include "engine/operation_registry.hpp"

namespace flux {

// One declaration per line reads as a list: not reflowed.
// clang-format off
// market_users.cpp
template <> const OperationDescriptor& describe<Mint>();
template <> const OperationDescriptor& describe<Redeem>();
template <> const OperationDescriptor& describe<RedeemUnderlying>();
template <> const OperationDescriptor& describe<Borrow>();
template <> const OperationDescriptor& describe<Repay>();
template <> const OperationDescriptor& describe<Transfer>();
template <> const OperationDescriptor& describe<Liquidate>();
template <> const OperationDescriptor& describe<EnterMarkets>();
template <> const OperationDescriptor& describe<ExitMarket>();
template <> const OperationDescriptor& describe<Accrue>();
// asset_ledger.cpp
template <> const OperationDescriptor& describe<Faucet>();
template <> const OperationDescriptor& describe<IssueAsset>();
template <> const OperationDescriptor& describe<BurnAsset>();
template <> const OperationDescriptor& describe<TransferAsset>();
// market_admin.cpp
template <> const OperationDescriptor& describe<SetPrice>();
template <> const OperationDescriptor& describe<SetPriceCap>();
template <> const OperationDescriptor& describe<SetCollateralFactor>();
template <> const OperationDescriptor& describe<SetReserveFactor>();
template <> const OperationDescriptor& describe<SetProtocolSeizeShare>();
template <> const OperationDescriptor& describe<SetRateModel>();
template <> const OperationDescriptor& describe<SetCloseFactor>();
template <> const OperationDescriptor& describe<SetLiquidationIncentive>();
template <> const OperationDescriptor& describe<SetBorrowCap>();
template <> const OperationDescriptor& describe<SetSupplyCap>();
template <> const OperationDescriptor& describe<SetPaused>();
template <> const OperationDescriptor& describe<AddReserves>();
template <> const OperationDescriptor& describe<ReduceReserves>();
template <> const OperationDescriptor& describe<ReduceReservesTo>();
template <> const OperationDescriptor& describe<ListMarket>();
template <> const OperationDescriptor& describe<SetMarketAccess>();
// roles.cpp
template <> const OperationDescriptor& describe<SetKyc>();
template <> const OperationDescriptor& describe<SetSanctioned>();
template <> const OperationDescriptor& describe<SetPauseGuardian>();
template <> const OperationDescriptor& describe<SetOracle>();
template <> const OperationDescriptor& describe<SetKycGroupAdmin>();
template <> const OperationDescriptor& describe<SetSanctionsAdmin>();
template <> const OperationDescriptor& describe<TransferAdminToTimelock>();
// governance.cpp
template <> const OperationDescriptor& describe<SetGovernanceParameter>();
template <> const OperationDescriptor& describe<Delegate>();
template <> const OperationDescriptor& describe<Propose>();
template <> const OperationDescriptor& describe<CastVote>();
template <> const OperationDescriptor& describe<Cancel>();
template <> const OperationDescriptor& describe<Queue>();
template <> const OperationDescriptor& describe<Execute>();
// rewards.cpp
template <> const OperationDescriptor& describe<SetRewardSpeeds>();
template <> const OperationDescriptor& describe<FundRewards>();
template <> const OperationDescriptor& describe<ClaimRewards>();
template <> const OperationDescriptor& describe<ClaimRewardsFor>();
// flux_protocol.cpp
template <> const OperationDescriptor& describe<SupplyFor>();
template <> const OperationDescriptor& describe<Withdraw>();
template <> const OperationDescriptor& describe<Approve>();
template <> const OperationDescriptor& describe<TransferFrom>();
template <> const OperationDescriptor& describe<AccrueAll>();
template <> const OperationDescriptor& describe<WithdrawReserves>();
template <> const OperationDescriptor& describe<LiquidatePosition>();
template <> const OperationDescriptor& describe<MarginCall>();
template <> const OperationDescriptor& describe<GuardRepay>();
template <> const OperationDescriptor& describe<GuardWithdraw>();
template <> const OperationDescriptor& describe<Donate>();
template <> const OperationDescriptor& describe<SetCollateralRatio>();
template <> const OperationDescriptor& describe<SetMarketStatus>();
template <> const OperationDescriptor& describe<SetActionDisabled>();
template <> const OperationDescriptor& describe<SetTaxRate>();
template <> const OperationDescriptor& describe<SetDefaultTaxRate>();
template <> const OperationDescriptor& describe<SetLiquidationFee>();
template <> const OperationDescriptor& describe<SetTeamAccount>();
template <> const OperationDescriptor& describe<ClearTeamAccount>();
template <> const OperationDescriptor& describe<SetCreditBorrower>();
template <> const OperationDescriptor& describe<SetCreditLimit>();
// upgrades.cpp
template <> const OperationDescriptor& describe<ScheduleUpgrade>();
// clang-format on

}  // namespace flux
