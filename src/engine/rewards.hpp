// Liquidity mining: FLUX emitted per block to each market's suppliers and borrowers
// (Compound's COMP distribution; Flux Protocol's FLUX mining), as state and as the
// arithmetic that moves it.
//
// Compound followed: the Comptroller of compound-protocol's master branch — separate
// supply and borrow speeds (_setCompSpeeds), and the fix of Proposals 62/64 for
// accounts that held a position before the market's index was set: an account
// without a recorded index is treated as being at the initial index (1e36), for
// suppliers and borrowers alike ("supplierIndex == 0 && supplyIndex >= initial").
// In Flux every market's indices start at the initial index, so a missing account
// index always means "from the initial index"; an index equal to the initial one is
// never stored (it means the same), which keeps the state canonical and costs
// nothing while no speed is set.
//
// The arithmetic, truncating as the contracts do (Double = mantissa scaled by 1e36):
//   supply index (updateCompSupplyIndex), at block b:
//     blocks = b - supply_block;  if blocks > 0 and speed > 0:
//       emitted = min(speed * blocks, funded - allocated)         <- Flux: the cap
//       emitted = 0 if total supply (fTokens) is 0 (nobody to promise it to)
//       index  += emitted * 1e36 / totalSupply;  allocated += emitted
//     supply_block = b (whenever blocks > 0)
//   borrow index (updateCompBorrowIndex), with the market's borrow index I:
//     the same, with the denominator totalBorrows * 1e18 / I  (div_(uint, Exp))
//   supplier (distributeSupplierComp):
//     delta = fTokens * (index - supplierIndex) / 1e36
//   borrower (distributeBorrowerComp):
//     delta = (borrowBalanceStored * 1e18 / I) * (index - borrowerIndex) / 1e36
//   each credit is capped by what was allocated and not yet credited (see Pool), and
//   the account's index becomes the market's.
//
// Where it runs, as the Comptroller's hooks do, always before the operation changes
// any balance, with the market already accrued:
//   mint, redeem      supply index, then the minter / redeemer
//   borrow, repay     borrow index (the accrued borrow index), then the borrower
//   liquidate         the repay's borrow side for the borrower; then the seize's:
//                     the collateral's supply index, the borrower, the liquidator
//   transfer          supply index, then the source, then the destination
//   claim_rewards     per market: borrow index (the stored borrow index, no
//                     interest accrual, as claimComp), the claimer as borrower; then
//                     supply index, the claimer as supplier; then it is paid
//   set_reward_speeds both indices at the old speeds first, then the new speeds
//   fund_rewards      every market's indices first, so new FLUX funds blocks from now on
//
// The reserve ("stops when it runs out"). FLUX for emission is a counter booked in
// the engine, as market cash is: fund_rewards moves FLUX out of a wallet into it, a
// claim moves FLUX from it into the claimer's wallet. A counter rather than a keyless
// account's wallet because (1) nothing can reach it except these two operations — an
// account's wallet could receive a plain transfer_asset that no counter would see —
// (2) the node needs no address for it, and (3) it is how the engine already books
// cash. Votes follow: funding is FLUX leaving a wallet (the funder's delegate loses
// votes), a claim is FLUX arriving in one (the claimer's delegate gains), through the
// same vote plan as every other movement of FLUX. The counters:
//   funded       FLUX ever moved in
//   allocated    FLUX ever emitted into a market index (promised to its holders)
//   distributed  FLUX ever credited to an account's accrued rewards
//   paid         FLUX ever claimed
// and the rule: distributed <= allocated <= funded; the reserve holds funded - paid;
// every account's accrued rewards sum to distributed - paid. So what is owed
// (accrued) never exceeds what the reserve holds, and every claim is paid in full.
// Credits are capped by allocated - distributed because truncation can make the
// borrow side's per-account amounts sum to a few units more than the market's
// (stored balances may exceed total borrows by rounding dust); the cap makes the
// bound exact, not approximate.
#pragma once

#include "engine/state_types.hpp"

#include <map>

namespace flux {

// Compound's compInitialIndex: 1e36.
const U256& reward_initial_index();

// FLUX ever funded may not exceed 1e41 units (1e23 FLUX, far above any real supply):
// then emitted * 1e36 and every index stay below 2^256, so no index update can
// overflow and freeze a market.
const U256& rewards_funded_max();

// One market's emission: speeds and indices, each side updated on its own.
struct MarketRewards {
  U256 supply_speed;               // FLUX units (1e-18 FLUX) per block to the market's suppliers
  U256 borrow_speed;               // ... and to its borrowers
  U256 supply_index;               // Double (1e36): FLUX per fToken unit emitted so far, from 1e36
  U256 borrow_index;               // Double: FLUX per unit of normalized borrow (balance / borrowIndex)
  std::uint64_t supply_block = 0;  // the block each index was last updated at
  std::uint64_t borrow_block = 0;
  bool operator==(const MarketRewards&) const = default;
};

// Where an account stands in one market: the market's indices when it was last
// distributed to. Zero means "the initial index" (Compound's rule for accounts that
// held a position before the index was set); the initial index itself is stored as 0.
struct AccountMarketRewards {
  U256 supplier_index;
  U256 borrower_index;
  bool operator==(const AccountMarketRewards&) const = default;
  bool empty() const { return supplier_index.is_zero() && borrower_index.is_zero(); }
};

struct AccountRewards {
  U256 accrued;  // FLUX credited, not yet claimed
  SortedVectorMap<MarketId, AccountMarketRewards> markets;
  bool operator==(const AccountRewards&) const = default;
  bool empty() const { return accrued.is_zero() && markets.entries().empty(); }
};

// The reserve's counters (see above). The reserve holds funded - paid.
struct RewardsPool {
  U256 funded;
  U256 allocated;
  U256 distributed;
  U256 paid;
  bool operator==(const RewardsPool&) const = default;
  U256 reserve() const { return funded - paid; }
};

// Exists only with governance (FLUX): empty otherwise. A market appears in `markets`
// once its speeds are first set (before that it emits nothing and its indices are
// the initial ones); an account appears once it holds accrued rewards or an index
// beyond the initial one. No entry is ever empty.
struct Rewards {
  std::map<MarketId, MarketRewards> markets;
  std::map<AccountId, AccountRewards> accounts;
  RewardsPool pool;
  bool operator==(const Rewards&) const = default;
  bool empty() const { return markets.empty() && accounts.empty() && pool == RewardsPool{}; }

  // A market's emission state; the initial one (no speed, initial indices) if none.
  MarketRewards market(MarketId m) const;
  U256 accrued(AccountId a) const;
};

}  // namespace flux
