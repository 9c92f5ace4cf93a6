// list_market: a new market, configured and seeded in one step.
//
// The first-deposit attacks on Compound forks (Hundred, Onyx, Sonne) need a market
// that is listed but empty, or listed before its collateral factor and seed are in
// place. Here listing, configuration and a seed supply happen atomically: the admin
// pays the seed, and its fTokens go to the locked supply holder, who can never send a
// request, so the market's supply never returns to zero.
#include "engine/access.hpp"
#include "engine/numbers/mantissa.hpp"
#include "engine/operations/context.hpp"
#include "engine/risk.hpp"

namespace flux {

// admin -> capacity -> symbol unused -> asset exists and is not the governance
// token -> parameters in range -> the rate model's rate at 100% utilization at most
// the maximum (rate_too_high, rate_model.hpp) -> a collateral factor needs a price ->
// the factor x the liquidation incentive leaves the margin (risk.hpp) -> a locked
// holder exists -> the seed mints fTokens -> the admin's wallet holds the seed -> the
// admin may move the asset (a fund token only within its KYC group, as for any mint:
// check_underlying_holder; the fuzz simulator found a sanctioned timelock paying a
// fund token's seed, flux fuzz --seed 414 --ops 10000) -> effects.
void run(Context& ctx, const ListMarket& r) {
  const State& state = ctx.state;
  require(state.markets.size() < max_markets, Error::limit_reached);
  const MarketConfig& c = r.config;
  require(!c.symbol.empty() && c.symbol.size() <= max_symbol_bytes && !state.market_by_symbol(c.symbol),
          Error::invalid_parameter);
  require(c.asset < state.assets.size(), Error::unknown_asset);
  // FLUX is never a market's underlying: its votes follow wallets only (governor.hpp).
  require(!state.governance.enabled() || c.asset != state.governance.token, Error::invalid_parameter);
  require(c.collateral_factor <= max_collateral_factor() && c.reserve_factor <= mantissa_one() &&
              c.protocol_seize_share <= mantissa_one() && !c.initial_exchange_rate.is_zero(),
          Error::invalid_parameter);
  const RateModel model = make_rate_model(r.rate_model, state.blocks_per_year);
  const bool guarded = guards_parameters(state.parameter_rules);  // parameter_rules.hpp
  require(!guarded || borrow_rate_at_full_utilization(model) <= max_borrow_rate_per_block(), Error::rate_too_high);
  require(c.collateral_factor.is_zero() || !effective_price(c).is_zero(), Error::price_error);
  require(!guarded || leaves_liquidation_margin(c.collateral_factor, state.risk.liquidation_incentive),
          Error::liquidation_margin_too_small);
  require(state.roles.locked_supply_holder < state.accounts.size(), Error::invalid_parameter);
  const U256 seed_tokens = div_exp(r.seed_amount, c.initial_exchange_rate);
  require(!seed_tokens.is_zero(), Error::invalid_amount);
  const U256 wallet = ctx.account(r.sender).wallet_balance(c.asset);
  require(wallet >= r.seed_amount, Error::insufficient_balance);
  check_underlying_holder(state, c, r.sender);

  MarketConfig config = c;
  config.rate_model = model;
  const MarketId id = ctx.append_market(std::move(config));
  MarketBook& book = ctx.write_book(id);
  book.cash = r.seed_amount;
  book.total_supply = seed_tokens;
  ctx.write_account(r.sender).wallet.at_or_insert(c.asset) = wallet - r.seed_amount;
  ctx.write_account(state.roles.locked_supply_holder).positions.at_or_insert(id).tokens = seed_tokens;
  ctx.emit(MarketListed{.market = id,
                        .seed_holder = state.roles.locked_supply_holder,
                        .seed_underlying = r.seed_amount,
                        .seed_tokens = seed_tokens});
}

}  // namespace flux
