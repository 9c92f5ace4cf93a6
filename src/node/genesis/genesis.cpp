#include "node/genesis/genesis.hpp"

#include "engine/engine.hpp"
#include "engine/failure.hpp"

#include <set>
#include <string>
#include <utility>

namespace flux::genesis {
namespace {

std::string source_of(const GenesisConfig& config) { return config.source.empty() ? "genesis" : config.source; }

// Set-up calls (State::add_asset, account_id) report a full engine capacity with a
// Failure; here it becomes a configuration error at the entry that hit it.
template <class F>
auto setup(const GenesisConfig& config, const Location& where, F&& f) {
  try {
    return f();
  } catch (const Failure& failure) {
    throw GenesisError(source_of(config), where,
                       "the engine refused it: " + std::string(error_name(failure.error)) + " (" +
                           std::string(error_message(failure.error)) + ")",
                       failure.error);
  }
}

AssetId asset_id(const GenesisConfig& config, const State& state, const std::string& symbol, const Location& where) {
  const auto id = state.asset_by_symbol(symbol);
  if (!id) throw GenesisError(source_of(config), where, "unknown asset \"" + symbol + "\"");
  return *id;
}

// An account named in the file (created on first mention).
AccountId named_account(const GenesisConfig& config, State& state, const std::string& address, const Location& where) {
  return setup(config, where, [&state, &address] { return state.account_id(address); });
}

// Roles, assets and every account the file names, in a fixed order (the order of the
// file), so ids are deterministic.
void name_accounts_and_assets(const GenesisConfig& config, State& state) {
  const RolesConfig& roles = config.roles;
  auto account = [&config, &state](const std::string& address, const Location& where) {
    return named_account(config, state, address, where);
  };
  state.roles.locked_supply_holder = account(roles.locked_supply_holder, roles.where);
  state.roles.admin = account(roles.admin, roles.where);
  state.roles.oracle = account(roles.oracle, roles.where);
  state.roles.pause_guardian = account(roles.pause_guardian, roles.where);
  state.roles.compliance = account(roles.compliance, roles.where);
  if (roles.sanctions_admin) state.roles.sanctions_admin = account(*roles.sanctions_admin, roles.where);
  for (const auto& entry : roles.kyc_group_admins)
    state.roles.kyc_group_admins.at_or_insert(entry.first) = account(entry.second, roles.where);

  for (const AssetSpec& spec : config.assets) {
    if (state.asset_by_symbol(spec.symbol))
      throw GenesisError(source_of(config), spec.where, "duplicate asset symbol \"" + spec.symbol + "\"");
    const AssetId id =
        setup(config, spec.where, [&state, &spec] { return state.add_asset(spec.symbol, spec.decimals); });
    Asset& asset = state.assets[id];
    asset.issuer = spec.issuer ? account(*spec.issuer, spec.where) : no_account;
    asset.permissioned = spec.permissioned;
    asset.kyc_group = spec.kyc_group;
  }
  for (const KycGrant& grant : config.kyc) account(grant.account, grant.where);
  for (const BalanceSpec& balance : config.balances) account(balance.account, balance.where);
  for (const Sanction& sanction : config.sanctions) account(sanction.account, sanction.where);
}

MarketConfig market_config(const MarketSpec& spec, AssetId asset) {
  MarketConfig market;
  market.symbol = spec.symbol;
  market.asset = asset;
  market.initial_exchange_rate = spec.initial_exchange_rate;
  market.reserve_factor = spec.reserve_factor;
  market.protocol_seize_share = spec.protocol_seize_share;
  market.collateral_factor = spec.collateral_factor;
  market.access = spec.access;
  market.kyc_group = spec.kyc_group;
  market.borrow_cap = spec.borrow_cap;
  market.supply_cap = spec.supply_cap;
  market.mint_paused = spec.mint_paused;
  market.borrow_paused = spec.borrow_paused;
  market.price = spec.price;
  market.price_cap = spec.price_cap;
  return market;
}

// Dev balances: the issuer issues its asset; otherwise the admin's faucet.
template <class Step>
void plan_balances(const GenesisConfig& config, const State& state, Step& step) {
  for (const BalanceSpec& balance : config.balances) {
    const AssetId asset = asset_id(config, state, balance.asset, balance.where);
    const AccountId to = *state.find_account(balance.account);
    const AccountId issuer = state.assets[asset].issuer;
    if (issuer != no_account) step(balance.where, IssueAsset{issuer, to, asset, balance.amount});
    else step(balance.where, Faucet{state.roles.admin, to, asset, balance.amount});
  }
}

// Governance, once everything that needs the admin's key is done, and its delegations.
void plan_governance(const GenesisConfig& config, State& state, GenesisPlan& plan) {
  const auto& g = config.governance;
  if (!g) return;
  GovernanceSetup setup;
  setup.token = asset_id(config, state, g->token, g->where);
  setup.timelock = named_account(config, state, g->timelock, g->where);
  setup.params.proposal_threshold = g->proposal_threshold;
  setup.params.quorum_votes = g->quorum;
  setup.params.voting_delay = g->voting_delay;
  setup.params.voting_period = g->voting_period;
  setup.timelock_delay = g->timelock_delay;
  setup.block_interval_ms = config.block_interval_ms;  // the governance counts this chain's blocks
  setup.timelock_is_admin = true;
  plan.governance = setup;
  plan.governance_where = g->where;
  for (const DelegationSpec& d : config.delegations) {
    const AccountId from = named_account(config, state, d.account, d.where);
    const AccountId to = named_account(config, state, d.delegatee, d.where);
    plan.governed_steps.push_back(GenesisStep{d.where, Delegate{from, to}});
  }
}

// A Flux Protocol deployment's settings and pools, set up directly in the base state
// (the engine has no request that lists a pool): each pool starts empty at the
// genesis's time, its fTokens at one unit of underlying each.
void set_up_flux_protocol(const GenesisConfig& config, State& state) {
  const FluxProtocolConfig& fp = *config.flux_protocol;
  state.protocol = Protocol::flux_protocol;
  state.time = config.start_time;
  flux_protocol::Settings& settings = state.protocol_settings;
  settings.tax_rate = fp.tax_rate;
  settings.liquidation_fee_rate = fp.liquidation_fee;
  settings.guard = named_account(config, state, fp.guard, fp.where);
  settings.team = fp.team ? named_account(config, state, *fp.team, fp.where) : no_account;
  settings.fixes = fp.fixes;
  for (const MarketSpec& spec : config.markets) {
    if (state.market_by_symbol(spec.symbol))
      throw GenesisError(source_of(config), spec.where, "duplicate market symbol \"" + spec.symbol + "\"");
    const AssetId asset = asset_id(config, state, spec.asset, spec.where);
    const MarketId id = setup(config, spec.where, [&state, &spec, asset] {
      return state.add_market(market_config(spec, asset), state.time);
    });
    state.markets[id].pool.collateral_ratio = spec.collateral_ratio;
    state.markets[id].pool.tax_rate = spec.tax_rate;
  }
}

}  // namespace

GenesisPlan plan_genesis(const GenesisConfig& config) {
  GenesisPlan plan;
  plan.block = config.start_block;
  State& state = plan.base;
  state.blocks_per_year = U256(config.blocks_per_year);
  state.rule_version = config.rule_version;
  state.block = config.start_block;
  name_accounts_and_assets(config, state);

  const AccountId admin = state.roles.admin;
  const AccountId compliance = state.roles.compliance;
  auto step = [&plan](const Location& where, Request request) {
    plan.steps.push_back(GenesisStep{where, std::move(request)});
  };
  if (config.protocol == Protocol::flux_protocol) {
    // The parser allows only what Flux Protocol has: pools (set up here) and balances.
    set_up_flux_protocol(config, state);
    plan_balances(config, state, step);
    return plan;
  }

  // 1. Risk settings (already within the node's bounds, checked by the parser).
  step(config.close_factor_where, SetCloseFactor{admin, config.close_factor});
  step(config.liquidation_incentive_where, SetLiquidationIncentive{admin, config.liquidation_incentive});

  // 2. KYC grants.
  std::set<std::pair<AccountId, std::uint32_t>> granted;
  auto grant_kyc = [&step, &granted, compliance](const Location& where, AccountId who, std::uint32_t group) {
    if (granted.emplace(who, group).second) step(where, SetKyc{compliance, who, group, true});
  };
  for (const KycGrant& grant : config.kyc) grant_kyc(grant.where, *state.find_account(grant.account), grant.group);

  // 3. Markets: the admin receives the seed, then lists and seeds the market at once.
  for (const MarketSpec& spec : config.markets) {
    const AssetId asset = asset_id(config, state, spec.asset, spec.where);
    // Whoever the seed passes through must be allowed to hold it (the engine's
    // permitted_holders invariant): the admin, for a permissioned asset; the locked
    // supply holder, for the fTokens of a permissioned market.
    if (state.assets[asset].permissioned) grant_kyc(spec.where, admin, state.assets[asset].kyc_group);
    if (spec.access == Access::permissioned) grant_kyc(spec.where, state.roles.locked_supply_holder, spec.kyc_group);
    step(spec.seed_where, Faucet{admin, admin, asset, spec.seed});
    step(spec.where, ListMarket{admin, market_config(spec, asset), spec.rate_model, spec.seed});
  }

  // 4. Dev balances.
  plan_balances(config, state, step);

  // 5. Sanctions.
  for (const Sanction& sanction : config.sanctions)
    step(sanction.where, SetSanctioned{compliance, *state.find_account(sanction.account), true});

  // 6. Protocol-wide pauses.
  if (config.transfer_paused) step(config.transfer_paused_where, SetPaused{admin, 0, PauseAction::transfer, true});
  if (config.seize_paused) step(config.seize_paused_where, SetPaused{admin, 0, PauseAction::seize, true});

  // 7. Governance.
  plan_governance(config, state, plan);
  return plan;
}

Genesis build_genesis(const GenesisConfig& config) {
  GenesisPlan plan = plan_genesis(config);
  Genesis genesis;
  genesis.chain_id = config.chain_id;
  genesis.block_interval_ms = config.block_interval_ms;
  genesis.state = std::move(plan.base);
  const auto run = [&config, &plan, &genesis](const std::vector<GenesisStep>& steps) {
    for (const GenesisStep& s : steps) {
      const Outcome outcome = apply(genesis.state, plan.block, s.request);
      if (!outcome.ok())
        throw GenesisError(source_of(config), s.where,
                           "the engine refused " + std::string(request_name(s.request)) + ": " +
                               std::string(error_name(outcome.error)) + " (" +
                               std::string(error_message(outcome.error)) + ")",
                           outcome.error);
    }
  };
  run(plan.steps);
  if (plan.governance) {
    setup(config, plan.governance_where, [&genesis, &plan] {
      install_governance(genesis.state, *plan.governance);
      return 0;
    });
    run(plan.governed_steps);
  }
  return genesis;
}

}  // namespace flux::genesis
