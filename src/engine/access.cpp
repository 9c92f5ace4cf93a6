#include "engine/access.hpp"

#include "engine/failure.hpp"

namespace flux {

bool kyc_status(const Account& account, std::uint32_t group) {
  return !account.sanctioned && account.in_kyc_group(group);
}

bool may_hold(const Account& account, const MarketConfig& market) {
  switch (market.access) {
    case Access::open: return true;
    case Access::permissionless: return !account.sanctioned;
    case Access::permissioned: return kyc_status(account, market.kyc_group);
  }
  return false;
}

void check_access(const State& state, const MarketConfig& market, AccessPoint point, AccountId account_id) {
  if (market.access == Access::open) return;
  const Account& account = state.accounts[account_id];
  const bool kyc_point =
      market.access == Access::permissioned || point == AccessPoint::borrow || point == AccessPoint::repay;
  if (kyc_point) require(kyc_status(account, market.kyc_group), Error::kyc_required);
  else require(!account.sanctioned, Error::sanctioned);
}

void check_asset_holder(const State& state, const Asset& asset, AccountId account_id) {
  const Account& account = state.accounts[account_id];
  if (asset.permissioned) require(kyc_status(account, asset.kyc_group), Error::kyc_required);
  else require(!account.sanctioned, Error::sanctioned);
}

void check_underlying_holder(const State& state, const MarketConfig& market, AccountId account_id) {
  const Asset& asset = state.assets[market.asset];
  if (asset.permissioned) require(kyc_status(state.accounts[account_id], asset.kyc_group), Error::kyc_required);
}

}  // namespace flux
