// faucet: new underlying tokens for an account (test networks and scenarios).
#include "engine/operations/context.hpp"

namespace flux {

// Credits an account's wallet with new underlying (test networks and scenarios).
void run(Context& ctx, const Faucet& r) {
  require(r.asset < ctx.state.assets.size(), Error::unknown_asset);
  Asset& asset = ctx.state.assets[r.asset];
  const U256 issued = add(asset.issued, r.amount);
  const U256 balance = add(ctx.account(r.account).wallet_balance(r.asset), r.amount);
  asset.issued = issued;
  ctx.state.accounts[r.account].wallet.at_or_insert(r.asset) = balance;
  ctx.emit(EventKind::faucet, 0, r.account, 0, r.amount);
}

}  // namespace flux
