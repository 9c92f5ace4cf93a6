#include "engine/authorization.hpp"

namespace flux {
namespace {

struct Rules {
  const State& state;
  const Roles& roles = state.roles;

  Error only(AccountId sender, AccountId role) const { return sender == role ? Error::ok : Error::unauthorized; }
  Error issuer_of(AccountId sender, AssetId asset) const {
    if (asset >= state.assets.size()) return Error::unknown_asset;
    const AccountId issuer = state.assets[asset].issuer;
    return issuer != no_account && sender == issuer ? Error::ok : Error::unauthorized;
  }

  // User requests.
  template <class R>
  Error operator()(const R&) const {
    return Error::ok;
  }
  Error operator()(const Faucet& r) const { return only(r.sender, roles.admin); }
  Error operator()(const SetPrice& r) const { return only(r.sender, roles.oracle); }
  Error operator()(const SetPriceCap& r) const { return only(r.sender, roles.admin); }
  Error operator()(const SetCollateralFactor& r) const { return only(r.sender, roles.admin); }
  Error operator()(const SetReserveFactor& r) const { return only(r.sender, roles.admin); }
  Error operator()(const SetProtocolSeizeShare& r) const { return only(r.sender, roles.admin); }
  Error operator()(const SetRateModel& r) const { return only(r.sender, roles.admin); }
  Error operator()(const SetCloseFactor& r) const { return only(r.sender, roles.admin); }
  Error operator()(const SetLiquidationIncentive& r) const { return only(r.sender, roles.admin); }
  Error operator()(const SetBorrowCap& r) const { return only(r.sender, roles.admin); }
  Error operator()(const SetSupplyCap& r) const { return only(r.sender, roles.admin); }
  Error operator()(const AddReserves& r) const { return only(r.sender, roles.admin); }
  Error operator()(const ReduceReserves& r) const { return only(r.sender, roles.admin); }
  Error operator()(const ListMarket& r) const { return only(r.sender, roles.admin); }
  Error operator()(const SetPauseGuardian& r) const { return only(r.sender, roles.admin); }
  Error operator()(const SetMarketAccess& r) const { return only(r.sender, roles.admin); }
  Error operator()(const ReduceReservesTo& r) const { return only(r.sender, roles.admin); }
  Error operator()(const SetKycGroupAdmin& r) const { return only(r.sender, roles.admin); }
  Error operator()(const SetSanctionsAdmin& r) const { return only(r.sender, roles.admin); }
  Error operator()(const SetGovernanceParameter& r) const { return only(r.sender, roles.admin); }
  Error operator()(const TransferAdminToTimelock& r) const { return only(r.sender, roles.admin); }
  Error operator()(const SetRewardSpeeds& r) const { return only(r.sender, roles.admin); }
  Error operator()(const ScheduleUpgrade& r) const { return only(r.sender, roles.admin); }
  Error operator()(const SetOracle& r) const { return only(r.sender, roles.admin); }
  // The guardian can pause; only the admin unpauses.
  Error operator()(const SetPaused& r) const {
    return r.sender == roles.admin || (r.paused && r.sender == roles.pause_guardian) ? Error::ok
                                                                                      : Error::unauthorized;
  }
  Error operator()(const SetKyc& r) const {
    return roles.may_change_kyc(r.sender, r.group) ? Error::ok : Error::unauthorized;
  }
  Error operator()(const SetSanctioned& r) const {
    return roles.may_change_sanctions(r.sender) ? Error::ok : Error::unauthorized;
  }
  Error operator()(const IssueAsset& r) const { return issuer_of(r.sender, r.asset); }
  Error operator()(const BurnAsset& r) const { return issuer_of(r.sender, r.asset); }
};

}  // namespace

Error authorize(const State& state, const Request& request) {
  // The seed supply of every market is held here and must never move; the timelock
  // acts only by executing proposals.
  const AccountId sender = request_sender(request);
  if (sender == state.roles.locked_supply_holder) return Error::unauthorized;
  if (state.governance.enabled() && sender == state.governance.timelock) return Error::unauthorized;
  return authorize_role(state, request);
}

Error authorize_role(const State& state, const Request& request) { return std::visit(Rules{state}, request); }

}  // namespace flux
