// Liquidity mining's own operations (rewards.hpp): set_reward_speeds (admin),
// fund_rewards and claim_rewards (anyone). All need governance: rewards are FLUX.
#include "engine/access.hpp"
#include "engine/operations/context.hpp"
#include "engine/operations/distribution.hpp"
#include "engine/operations/votes.hpp"

namespace flux {
namespace {

const Governance& rewards_governance(const Context& ctx) {
  require(ctx.state.governance.enabled(), Error::rewards_disabled);
  return ctx.state.governance;
}

}  // namespace

// governance installed -> listed -> each side whose speed changes is brought up to
// date at its old speed (stored books, as _setCompSpeeds reads them) -> new speeds.
// A market's first speeds start its emission at this block from the initial indices.
void run(Context& ctx, const SetRewardSpeeds& r) {
  rewards_governance(ctx);
  const MarketBook& book = ctx.market(r.market).book;
  RewardsPlan plan(ctx.state, ctx.block);
  const MarketRewards before = plan.market(r.market);
  if (before.supply_speed != r.supply_speed) plan.update_supply_index(r.market, book.total_supply);
  if (before.borrow_speed != r.borrow_speed) plan.update_borrow_index(r.market, book.total_borrows, book.borrow_index);
  MarketRewards& planned = plan.market(r.market);
  planned.supply_speed = r.supply_speed;
  planned.borrow_speed = r.borrow_speed;
  plan.write(ctx);
  ctx.emit(RewardSpeedsSet{.market = r.market, .supply_speed = r.supply_speed, .borrow_speed = r.borrow_speed});
}

// governance installed -> amount > 0 -> the sender may hold FLUX -> its wallet holds
// the amount -> the reserve stays within rewards_funded_max -> every market's indices
// brought up to date first (so the new FLUX pays for blocks from now on, not for the
// blocks the reserve stood empty) -> FLUX leaves the wallet (its delegate's votes
// with it) for the reserve.
void run(Context& ctx, const FundRewards& r) {
  const Governance& g = rewards_governance(ctx);
  require(!r.amount.is_zero(), Error::invalid_amount);
  check_asset_holder(ctx.state, ctx.state.assets[g.token], r.sender);
  const U256 wallet = ctx.account(r.sender).wallet_balance(g.token);
  require(wallet >= r.amount, Error::insufficient_balance);
  RewardsPlan plan(ctx.state, ctx.block);
  const U256 funded = add(plan.pool().funded, r.amount);
  require(funded <= rewards_funded_max(), Error::limit_reached);
  plan.update_all_markets();
  plan.pool().funded = funded;
  VotePlan votes(ctx.state);
  votes.token_moved(g.token, r.sender, no_account, r.amount);

  ctx.write_account(r.sender).wallet.at_or_insert(g.token) = wallet - r.amount;
  plan.write(ctx);
  ctx.emit(RewardsFunded{.funder = r.sender, .amount = r.amount, .reserve_after = ctx.state.rewards.pool.reserve()});
  votes.write(ctx);
}

namespace {

// governance installed -> at most max_markets named -> per market (empty: all, in id
// order): listed, then claimComp's order — the borrow index (stored borrow index, no
// interest accrual) and the holder as borrower, the supply index and the holder as
// supplier -> the holder may hold FLUX -> everything it has accrued is paid from the
// reserve into its wallet (its delegate gains the votes).
void claim(Context& ctx, AccountId holder, const std::vector<MarketId>& named) {
  const Governance& g = rewards_governance(ctx);
  require(named.size() <= max_markets, Error::invalid_parameter);
  std::vector<MarketId> all;
  if (named.empty())
    for (std::size_t m = 0; m < ctx.state.markets.size(); ++m) all.push_back(static_cast<MarketId>(m));
  const std::vector<MarketId>& markets = named.empty() ? all : named;

  RewardsPlan plan(ctx.state, ctx.block);
  const Account& claimer = ctx.account(holder);
  for (MarketId m : markets) {
    const MarketBook& book = ctx.market(m).book;
    plan.borrow_side(m, book, holder, borrow_balance_stored(book, claimer.position(m)));
    plan.supply_side(m, book, {{holder, ctx.tokens_of(holder, m)}});
  }
  check_asset_holder(ctx.state, ctx.state.assets[g.token], holder);
  U256& accrued = plan.accrued(holder);
  const U256 amount = accrued;
  accrued = 0;
  RewardsPool& pool = plan.pool();
  pool.paid = add(pool.paid, amount);
  const U256 wallet = add(claimer.wallet_balance(g.token), amount);
  VotePlan votes(ctx.state);
  votes.token_moved(g.token, no_account, holder, amount);

  ctx.write_account(holder).wallet.at_or_insert(g.token) = wallet;
  plan.write(ctx);
  ctx.emit(RewardsClaimed{.claimer = holder, .amount = amount, .reserve_after = ctx.state.rewards.pool.reserve()});
  votes.write(ctx);
}

}  // namespace

void run(Context& ctx, const ClaimRewards& r) { claim(ctx, r.sender, r.markets); }

// Compound's claimComp(holder): anyone may have a holder's FLUX paid into the holder's
// own wallet (a keeper sweeping its users' rewards), never anywhere else. The sender
// is refused if sanctioned; the holder's rules are claim_rewards' own, and, as it may
// not claim itself, the locked supply holder is not claimed for: it accrues on the
// seed fTokens it holds, and FLUX paid into a wallet no request can move would only
// drain the reserve the other holders are paid from.
void run(Context& ctx, const ClaimRewardsFor& r) {
  rewards_governance(ctx);  // first, as for claim_rewards
  require(!ctx.account(r.sender).sanctioned, Error::sanctioned);
  require(r.holder != ctx.state.roles.locked_supply_holder, Error::unauthorized);
  claim(ctx, r.holder, r.markets);
}

}  // namespace flux
