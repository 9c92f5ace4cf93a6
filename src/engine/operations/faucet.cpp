// faucet: new underlying tokens for an account (test networks and scenarios).
#include "engine/access.hpp"
#include "engine/operations/context.hpp"
#include "engine/operations/votes.hpp"

namespace flux {

// Credits an account's wallet with new underlying (test networks and scenarios). Like
// the scenario format's faucet it ignores sanctions, but a permissioned asset (a fund
// token, which scenarios never have) reaches only a KYC'd account, as when issued.
void run(Context& ctx, const Faucet& r) {
  require(r.asset < ctx.state.assets.size(), Error::unknown_asset);
  const Asset& asset = ctx.state.assets[r.asset];
  if (asset.permissioned) require(kyc_status(ctx.account(r.account), asset.kyc_group), Error::kyc_required);
  const U256 issued = add(asset.issued, r.amount);
  const U256 balance = add(ctx.account(r.account).wallet_balance(r.asset), r.amount);
  VotePlan votes(ctx.state);  // FLUX from the faucet is issued: it moves votes
  votes.token_moved(r.asset, no_account, r.account, r.amount);
  ctx.write_asset(r.asset).issued = issued;
  ctx.write_account(r.account).wallet.at_or_insert(r.asset) = balance;
  ctx.emit(FaucetPaid{.asset = r.asset, .account = r.account, .amount = r.amount});
  votes.write(ctx);
}

}  // namespace flux
