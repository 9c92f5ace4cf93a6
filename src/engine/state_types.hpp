// The parts of the protocol's state, as plain structs (state.hpp puts them together).
//
// Units (every number is a raw on-chain integer):
//   underlying amounts  the token's smallest unit (USDC 1e-6, DAI 1e-18)
//   fToken amounts      1e-8 fToken
//   mantissas           scaled by 1e18 (factors, rates, indices, exchange rates)
//   prices              USD per whole token * 1e(36 - decimals), Compound's oracle unit
//
// Containers are vectors indexed by id, so iteration order (state hash, listings) is
// defined by creation order; accounts are additionally addressed by name.
#pragma once

#include "engine/error.hpp"
#include "engine/flux_protocol/deployment.hpp"
#include "engine/numbers/limbs.hpp"
#include "engine/numbers/uint256.hpp"
#include "engine/rate_model.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flux {

using AccountId = std::uint32_t;
using MarketId = std::uint16_t;
using AssetId = std::uint16_t;

// "No account": an unset role or issuer.
inline constexpr AccountId no_account = 0xFFFF'FFFFU;
// "No market": what an event about a protocol-wide setting names as its market.
inline constexpr MarketId no_market = 0xFFFFU;
// "No asset": the governance token of a state without governance.
inline constexpr AssetId no_asset = 0xFFFFU;

// Flux Finance's upper bound on a collateral factor (Compound's is 0.9).
inline const U256& max_collateral_factor() {
  static const U256 max{980'000'000'000'000'000ULL};
  return max;
}

// Fixed capacities ("put a limit on everything"): markets are a bit each in an
// account's entered-markets mask.
inline constexpr std::size_t max_markets = 64;
inline constexpr std::size_t max_assets = 64;
inline constexpr std::size_t max_accounts = 50'000'000;
// The longest market or asset symbol, in bytes ("fUSDC" is 5).
inline constexpr std::size_t max_symbol_bytes = 32;

// A small map kept as a vector sorted by key: an account touches a handful of
// markets and assets, so a sorted vector is smaller and faster than a tree or hash.
template <class Key, class Value>
class SortedVectorMap {
 public:
  using Entry = std::pair<Key, Value>;

  const Value* find(Key key) const {
    auto it = lower(key);
    return it != entries_.end() && it->first == key ? &it->second : nullptr;
  }
  Value& at_or_insert(Key key) {
    auto it = lower(key);
    if (it == entries_.end() || it->first != key) {
      // Grow by a quarter rather than doubling: an account rarely gains entries, and
      // capacity left unused would be most of its memory.
      if (entries_.size() == entries_.capacity()) {
        const auto at = it - entries_.begin();
        entries_.reserve(entries_.size() + entries_.size() / 4 + 1);
        it = entries_.begin() + at;
      }
      it = entries_.insert(it, Entry{key, Value{}});
    }
    return it->second;
  }
  // Removes the key's entry; false if there was none.
  bool erase(Key key) {
    auto it = lower(key);
    if (it == entries_.end() || it->first != key) return false;
    entries_.erase(it);
    return true;
  }
  const std::vector<Entry>& entries() const { return entries_; }
  std::vector<Entry>& entries() { return entries_; }
  bool operator==(const SortedVectorMap&) const = default;

 private:
  auto lower(Key key) const {
    return std::lower_bound(entries_.begin(), entries_.end(), key, [](const Entry& e, Key k) { return e.first < k; });
  }
  auto lower(Key key) {
    return std::lower_bound(entries_.begin(), entries_.end(), key, [](const Entry& e, Key k) { return e.first < k; });
  }
  std::vector<Entry> entries_;
};

// An underlying token. `issued` is every unit that entered the system (issued, faucet,
// reserves the admin paid in) less what left it (burnt, reserves paid out): the sum
// of all wallets and all market cash in this asset must always equal it.
struct Asset {
  std::string symbol;
  std::uint8_t decimals = 18;
  U256 issued;
  AccountId issuer = no_account;  // may issue and burn; none: only the admin's faucet creates units
  bool permissioned = false;      // transfers need both sides KYC'd in kyc_group (a fund token)
  std::uint32_t kyc_group = 0;
  bool operator==(const Asset&) const = default;
};

enum class Access : std::uint8_t {
  open,            // plain Compound V2: no checks
  permissionless,  // sanctions checks; KYC on borrow and repay
  permissioned,    // KYC of the market's group at every check point
};

// What governance sets on a market. Changes only through admin operations.
struct MarketConfig {
  std::string symbol;
  AssetId asset = 0;
  U256 initial_exchange_rate;  // mantissa: underlying per fToken unit while supply is 0
  U256 reserve_factor;         // mantissa, at most 1e18
  U256 protocol_seize_share;   // mantissa, share of seized fTokens that becomes reserves
  U256 collateral_factor;      // mantissa, at most 0.98e18
  RateModel rate_model;
  Access access = Access::open;
  std::uint32_t kyc_group = 0;  // meaningful unless access == open
  U256 borrow_cap;              // underlying; 0 = no cap; total borrows must stay strictly below
  U256 supply_cap;              // underlying; 0 = no cap; supplied underlying may reach it exactly
  bool mint_paused = false;
  bool borrow_paused = false;
  U256 price;      // oracle price, 0 = none
  U256 price_cap;  // 0 = no cap; the price used is min(price, cap)
  bool operator==(const MarketConfig&) const = default;
};

// The market's ledger: what operations change. Small, so an operation copies it,
// works on the copy and writes it back only after its last check.
struct MarketBook {
  U256 cash;            // underlying held, booked here (never read from a balance)
  U256 total_borrows;   // underlying, including accrued interest
  U256 total_reserves;  // underlying
  U256 total_supply;    // fTokens
  U256 borrow_index;    // mantissa, starts at 1e18
  std::uint64_t accrual_block = 0;
  bool operator==(const MarketBook&) const = default;
};

// A market's collateral valuation, the same for every account: the exchange rate and
// tokensToDenom = (collateralFactor * exchangeRate / 1e18) * price / 1e18. Account
// liquidity reads it for every entered market of every borrow, redeem, transfer and
// liquidation, so it is remembered together with every input it was computed from
// and reused only while all of them are unchanged. Because it is filled in by const
// readers, a State must not be read from two threads at once.
struct ValuationMemo {
  bool filled = false;
  // inputs
  U256 cash, total_borrows, total_reserves, total_supply, initial_exchange_rate, collateral_factor, price;
  // outputs, each with the error computing it raised (tokensToDenom is left
  // uncomputed, and reported ok, while the price is zero: the price check fails first)
  Error exchange_rate_error = Error::ok;
  Limbs exchange_rate;
  Error tokens_to_denom_error = Error::ok;
  Limbs tokens_to_denom;
};

struct Market {
  MarketConfig config;
  MarketBook book;
  // Flux Protocol's terms and escalator (flux_protocol/deployment.hpp); left at their
  // defaults under Compound's rules.
  flux_protocol::PoolTerms pool;
  mutable ValuationMemo valuation;  // derived; not part of the state
  bool operator==(const Market& other) const {
    return config == other.config && book == other.book && pool == other.pool;
  }
};

// One account's holdings in one market.
struct Position {
  U256 tokens;          // fTokens
  U256 principal;       // borrow balance at the last borrow or repay, underlying
  U256 interest_index;  // the market's borrow index at that moment
  bool operator==(const Position&) const = default;
  bool empty() const { return tokens.is_zero() && principal.is_zero() && interest_index.is_zero(); }
};

struct Account {
  SortedVectorMap<AssetId, U256> wallet;          // underlying tokens outside the protocol
  SortedVectorMap<MarketId, Position> positions;  // fTokens and borrows
  std::uint64_t entered_markets = 0;              // bit m set: market m counts in liquidity
  std::vector<std::uint32_t> kyc_groups;          // sorted: groups whose requirements it meets
  bool sanctioned = false;
  bool operator==(const Account&) const = default;

  bool has_entered(MarketId m) const { return (entered_markets >> m) & 1U; }
  const Position* position(MarketId m) const { return positions.find(m); }
  U256 wallet_balance(AssetId a) const {
    const U256* v = wallet.find(a);
    return v ? *v : U256(0);
  }
  // Nothing held, entered or recorded: such an account is no state (hash, storage).
  bool holds_nothing() const {
    for (const auto& entry : wallet.entries())
      if (!entry.second.is_zero()) return false;
    for (const auto& entry : positions.entries())
      if (!entry.second.empty()) return false;
    return entered_markets == 0 && kyc_groups.empty() && !sanctioned;
  }
  bool in_kyc_group(std::uint32_t group) const {
    return std::binary_search(kyc_groups.begin(), kyc_groups.end(), group);
  }
};

// Protocol-wide risk settings (Compound's Comptroller storage).
struct RiskParams {
  U256 close_factor;           // mantissa: share of a borrow one liquidation may repay
  U256 liquidation_incentive;  // mantissa: collateral seized per unit repaid, e.g. 1.08e18
  bool transfer_paused = false;
  bool seize_paused = false;
  bool operator==(const RiskParams&) const = default;
};

// Who may do what beyond ordinary use. The admin is governance: once governance is
// installed (governor.hpp), the timelock, an account no request can come from.
struct Roles {
  AccountId admin = 0;
  AccountId pause_guardian = 0;
  AccountId oracle = 0;
  // Owns the KYC registry and the sanctions list: may change any group and the list.
  AccountId compliance = 0;
  // Delegates: each may change only its own part.
  AccountId sanctions_admin = no_account;
  SortedVectorMap<std::uint32_t, AccountId> kyc_group_admins;
  // Receives the fTokens minted when a market is listed with its seed supply; no
  // request may be sent from it, so that supply can never be redeemed and no
  // market is ever empty (the first-deposit attacks need an empty market).
  AccountId locked_supply_holder = no_account;
  bool operator==(const Roles&) const = default;

  bool may_change_kyc(AccountId sender, std::uint32_t group) const {
    if (sender == compliance) return true;
    const AccountId* delegate = kyc_group_admins.find(group);
    return delegate != nullptr && *delegate == sender;
  }
  bool may_change_sanctions(AccountId sender) const { return sender == compliance || sender == sanctions_admin; }
};

}  // namespace flux
