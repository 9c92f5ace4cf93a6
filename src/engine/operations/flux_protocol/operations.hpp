// Flux Protocol's versions of the operations both protocols have: the shared request
// types run these when the state runs Flux Protocol's rules (the request's own file
// hands over), so both protocols keep one request, one transaction type and one
// event per operation.
#pragma once

#include "engine/operations/context.hpp"

#include <optional>

namespace flux::flux_protocol {

// Supplies `amount` paid by `payer`; the fTokens go to `minter`.
void supply(Context& ctx, AccountId payer, AccountId minter, MarketId market, const U256& amount);
// What a redeem names: an amount of underlying, a number of fTokens, or everything.
enum class RedeemBy : std::uint8_t { underlying, ftokens, everything };
void redeem(Context& ctx, AccountId redeemer, AccountId to, MarketId market, RedeemBy by, const U256& amount);
void borrow(Context& ctx, AccountId borrower, MarketId market, const U256& amount);
// `amount` u256_max(): the whole debt; more than the debt is capped at it.
void repay(Context& ctx, AccountId payer, AccountId borrower, MarketId market, const U256& amount);
// Moves `from`'s fTokens to `to`; `spender` (a transferFrom) spends its allowance,
// even when it is `from` itself, as the reference's transferFrom does.
void transfer(Context& ctx, std::optional<AccountId> spender, AccountId from, AccountId to, MarketId market,
              const U256& tokens);
void accrue_market(Context& ctx, MarketId market);
void set_price(Context& ctx, MarketId market, const U256& price);

}  // namespace flux::flux_protocol
