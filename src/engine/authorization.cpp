#include "engine/authorization.hpp"

#include "engine/descriptors/describe.hpp"
#include "engine/operation_registry.hpp"

namespace flux {
namespace {

// One rule per role (operation_registry.hpp); the request's descriptor names the role.
// The roles that depend on the request read the one field they need.
struct Rules {
  const State& state;
  const Roles& roles = state.roles;

  static Error only(AccountId sender, AccountId role) { return sender == role ? Error::ok : Error::unauthorized; }

  template <class R>
  Error operator()(const R& r) const {
    switch (describe<R>().role) {
      case Role::anyone: return Error::ok;
      case Role::admin: return only(r.sender, roles.admin);
      case Role::oracle: return only(r.sender, roles.oracle);
      case Role::pauser:
        // The guardian can pause; only the admin unpauses.
        if constexpr (requires { r.paused; })
          return r.sender == roles.admin || (r.paused && r.sender == roles.pause_guardian) ? Error::ok
                                                                                           : Error::unauthorized;
        break;
      case Role::kyc_admin:
        if constexpr (requires { r.group; })
          return roles.may_change_kyc(r.sender, r.group) ? Error::ok : Error::unauthorized;
        break;
      case Role::sanctions_admin: return roles.may_change_sanctions(r.sender) ? Error::ok : Error::unauthorized;
      case Role::asset_issuer:
        if constexpr (requires { r.asset; }) {
          if (r.asset >= state.assets.size()) return Error::unknown_asset;
          const AccountId issuer = state.assets[r.asset].issuer;
          return issuer != no_account && r.sender == issuer ? Error::ok : Error::unauthorized;
        }
        break;
    }
    // A descriptor naming a role its request lacks the field for: refuse rather than guess.
    return Error::unauthorized;
  }
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
