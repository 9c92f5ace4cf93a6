// Flux Finance's access rules: who may use a market, applied by the engine at fixed
// points of each operation before the risk engine is asked (docs/protocol.md#access-kyc-and-sanctions).
//
//   open            no checks (plain Compound V2)
//   permissionless  not sanctioned at mint, redeem, transfer and seize;
//                   KYC'd in the market's group at borrow and repay
//   permissioned    KYC'd in the market's group at every one of those points
//
// KYC implies not sanctioned: a sanctioned account fails every KYC check, and the
// error at a KYC point is kyc_required even then.
#pragma once

#include "engine/state.hpp"

namespace flux {

enum class AccessPoint : std::uint8_t { mint, redeem, transfer, seize, borrow, repay };

// Fails with kyc_required or sanctioned.
void check_access(const State& state, const MarketConfig& market, AccessPoint point, AccountId account);

// status(group, account) of the KYC registry: granted and not sanctioned.
bool kyc_status(const Account& account, std::uint32_t group);

// Whether the account may hold a balance in the market at all (used by invariants).
bool may_hold(const Account& account, const MarketConfig& market);

// Whether an account may send or receive an asset in its wallet: KYC'd in the asset's
// group for a permissioned asset (kyc_required, even when the account fails it by
// being sanctioned), not sanctioned otherwise (sanctioned).
void check_asset_holder(const State& state, const Asset& asset, AccountId account);

// The underlying's own rule, for an account a market pays it to or takes it from
// (minter, redeemer, borrower, payer): a permissioned asset (a fund token) moves only
// for accounts KYC'd in its group, whatever the market's access mode — as the token
// contract itself refuses the transfer — so a market over it that governance made
// open, permissionless or another group's cannot move it to anyone else (kyc_required).
// Checked last, where Compound transfers the underlying. Other assets: no check.
void check_underlying_holder(const State& state, const MarketConfig& market, AccountId account);

}  // namespace flux
