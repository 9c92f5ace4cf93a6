// The asset ledger: the underlying tokens outside the protocol. An asset's issuer
// creates and destroys units; holders transfer them. A permissioned asset (a fund
// token) moves only between accounts KYC'd in its group; a sanctioned account can
// neither send nor receive any asset. Moving the governance token moves its holders'
// delegated votes too (votes.hpp).
#include "engine/access.hpp"
#include "engine/operations/context.hpp"
#include "engine/operations/votes.hpp"

namespace flux {
namespace {

const Asset& asset_of(const Context& ctx, AssetId id) {
  require(id < ctx.state.assets.size(), Error::unknown_asset);
  return ctx.state.assets[id];
}

}  // namespace

// issuer -> recipient may hold the asset -> supply does not overflow -> credit.
void run(Context& ctx, const IssueAsset& r) {
  const Asset& asset = asset_of(ctx, r.asset);
  check_asset_holder(ctx.state, asset, r.to);
  const U256 issued = add(asset.issued, r.amount);
  const U256 balance = add(ctx.account(r.to).wallet_balance(r.asset), r.amount);
  VotePlan votes(ctx.state);
  votes.token_moved(r.asset, no_account, r.to, r.amount);
  ctx.write_asset(r.asset).issued = issued;
  ctx.write_account(r.to).wallet.at_or_insert(r.asset) = balance;
  ctx.emit(AssetIssued{.asset = r.asset, .recipient = r.to, .amount = r.amount});
  votes.write(ctx);
}

// issuer -> its own wallet holds the amount -> debit, and the units leave the system.
void run(Context& ctx, const BurnAsset& r) {
  const Asset& asset = asset_of(ctx, r.asset);
  const U256 balance = ctx.account(r.sender).wallet_balance(r.asset);
  require(balance >= r.amount, Error::insufficient_balance);
  const U256 issued = sub(asset.issued, r.amount);
  VotePlan votes(ctx.state);
  votes.token_moved(r.asset, r.sender, no_account, r.amount);
  ctx.write_asset(r.asset).issued = issued;
  ctx.write_account(r.sender).wallet.at_or_insert(r.asset) = balance - r.amount;
  ctx.emit(AssetBurnt{.asset = r.asset, .issuer = r.sender, .amount = r.amount});
  votes.write(ctx);
}

// sender, then recipient, may hold the asset -> wallet -> move. A transfer to
// oneself is allowed and changes nothing, as an ERC-20 transfer would.
void run(Context& ctx, const TransferAsset& r) {
  const Asset& asset = asset_of(ctx, r.asset);
  check_asset_holder(ctx.state, asset, r.sender);
  check_asset_holder(ctx.state, asset, r.to);
  const U256 from = ctx.account(r.sender).wallet_balance(r.asset);
  require(from >= r.amount, Error::insufficient_balance);
  VotePlan votes(ctx.state);
  if (r.to != r.sender) {
    const U256 to = add(ctx.account(r.to).wallet_balance(r.asset), r.amount);
    votes.token_moved(r.asset, r.sender, r.to, r.amount);
    ctx.write_account(r.sender).wallet.at_or_insert(r.asset) = from - r.amount;
    ctx.write_account(r.to).wallet.at_or_insert(r.asset) = to;
  }
  ctx.emit(AssetTransferred{.asset = r.asset, .from = r.sender, .to = r.to, .amount = r.amount});
  votes.write(ctx);
}

}  // namespace flux
