#include "fluxd/rpc_methods.hpp"

#include "engine/event.hpp"
#include "engine/failure.hpp"
#include "engine/flux_protocol/views.hpp"
#include "engine/risk.hpp"
#include "engine/views.hpp"
#include "fluxd/rpc_errors.hpp"
#include "rpc/params.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <initializer_list>
#include <map>

namespace flux::fluxd {
namespace {

using nlohmann::json;
using rpc::ParamType;

constexpr std::uint64_t events_range_blocks_max = 1000;
constexpr std::size_t events_result_max = 10'000;
constexpr std::int64_t wait_timeout_ms_default = 10'000;
constexpr std::int64_t wait_timeout_ms_max = 30'000;

[[noreturn]] void bad_param(const std::string& field, const std::string& why, const std::string& expected) {
  throw rpc::RpcError(rpc::error_code::invalid_params, "invalid params: \"" + field + "\" " + why,
                      {{"field", field}, {"expected", expected}});
}

crypto::Address20 address_param(const json& p, const std::string& field) {
  const std::string& text = p[field].get_ref<const std::string&>();
  auto parsed = crypto::parse_address(text);
  if (!parsed) bad_param(field, parsed.error().message(), "an address: 0x + 40 hex digits");
  return *parsed;
}

crypto::Hash32 hash_param(const json& p, const std::string& field) {
  auto parsed = crypto::Hash32::from_hex(p[field].get_ref<const std::string&>(), crypto::HexPrefix::required);
  if (!parsed) bad_param(field, "is not a 32-byte hash", "0x + 64 hex digits");
  return *parsed;
}

// Runs a NodeService read: storage that cannot read back what it holds is -32000.
template <class F>
auto storage_read(F&& read) {
  try {
    return read();
  } catch (const StorageReadError& e) {
    throw rpc::RpcError(node_error_code::node_error, e.what(), {{"error", "node_error"}});
  }
}

std::string decimal(const U256& v) { return v.str(); }

// (1 + r)^n - 1 for a per-block rate mantissa r, compounded every block of a year.
double apy(const U256& rate_per_block, const U256& blocks_per_year) {
  const double r = static_cast<double>(rate_per_block) / 1e18;
  const double n = static_cast<double>(blocks_per_year);
  return std::expm1(n * std::log1p(r));
}

const char* access_name(Access a) {
  switch (a) {
    case Access::open: return "open";
    case Access::permissionless: return "permissionless";
    case Access::permissioned: return "permissioned";
  }
  return "unknown";
}

std::optional<AccountId> find_address(const State& state, const crypto::Address20& address) {
  return state.find_account(node::account_name(address));
}

std::string checksum_name(const State& state, AccountId id) {
  if (id == no_account || id >= state.account_names.size()) return {};
  const auto parsed = crypto::parse_address(state.account_names[id]);
  return parsed ? crypto::to_checksum_address(*parsed) : state.account_names[id];
}

json account_or_null(const State& state, AccountId id) {
  const std::string name = checksum_name(state, id);
  return name.empty() ? json() : json(name);
}

const char* support_name(std::uint8_t support) {
  switch (support) {
    case vote_against: return "against";
    case vote_for: return "for";
    case vote_abstain: return "abstain";
    default: return "unknown";
  }
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

json proposal_summary(const State& state, const Proposal& p, std::uint64_t height) {
  return {{"id", p.id},
          {"proposer", account_or_null(state, p.proposer)},
          {"state", proposal_state_name(proposal_state(p, height, state.governance.grace_period_blocks()))},
          {"start_block", p.start_block},
          {"end_block", p.end_block},
          {"eta", p.eta},
          {"for_votes", decimal(p.for_votes)},
          {"against_votes", decimal(p.against_votes)},
          {"abstain_votes", decimal(p.abstain_votes)},
          {"quorum_votes", decimal(p.quorum_votes)},
          {"title", first_line(p.description)}};
}

json proposal_detail(const State& state, const Proposal& p, std::uint64_t height) {
  json out = proposal_summary(state, p, height);
  out["description"] = p.description;
  out["canceled"] = p.canceled;
  out["executed"] = p.executed;
  json actions = json::array();
  for (const GovernanceAction& a : p.actions) actions.push_back(node::action_json(a, state));
  out["actions"] = actions;
  // Receipts in voter address order (the engine's lowercase names), whatever the ids.
  std::map<std::string, std::pair<AccountId, const VoteReceipt*>> by_name;
  for (const auto& [voter, receipt] : p.receipts) by_name[state.account_names[voter]] = {voter, &receipt};
  json receipts = json::array();
  for (const auto& entry : by_name) {
    const VoteReceipt& r = *entry.second.second;
    receipts.push_back({{"voter", checksum_name(state, entry.second.first)},
                        {"support", support_name(r.support)},
                        {"votes", decimal(r.votes)}});
  }
  out["receipts"] = receipts;
  return out;
}

std::optional<ProposalState> proposal_state_from_name(const std::string& name) {
  for (int s = 0; s <= static_cast<int>(ProposalState::executed); ++s)
    if (name == proposal_state_name(static_cast<ProposalState>(s))) return static_cast<ProposalState>(s);
  return std::nullopt;
}

constexpr std::uint64_t proposals_limit_max = 100;
constexpr std::uint64_t mine_blocks_max = 100'000;

// A pool's terms and its rates at the state's time (add_pool below).
json pool_json(const State& state, MarketId id, const flux_protocol::PoolTerms& pool) {
  namespace fp = flux_protocol;
  return {{"collateral_ratio", decimal(pool.collateral_ratio)},
          {"tax_rate", decimal(fp::pool_tax_rate(state, id))},
          {"status", pool.status == fp::MarketStatus::opened ? "opened" : "stopped"},
          {"utilization", decimal(fp::pool_utilization(state, id))},
          {"borrow_rate_per_second", decimal(fp::pool_borrow_rate_per_second(state, id, state.time))},
          {"supply_rate_per_second", decimal(fp::pool_supply_rate_per_second(state, id, state.time))},
          {"escalator_multiplier", decimal(fp::pool_growth(state, id, state.time))},
          {"exchange_rate", decimal(fp::pool_exchange_rate(state, id))},
          {"accrual_time", state.markets[id].book.accrual_block}};
}

// Flux Protocol (engine/flux_protocol/views.hpp), only under its rules: the pool's
// terms and its rates at the state's time, per second, with the escalator's multiplier
// (Compound's per-block figures above stay 0 there: its rate model is not used).
void add_pool(const State& state, MarketId id, json& out) {
  if (state.protocol != Protocol::flux_protocol) return;
  const flux_protocol::PoolTerms& pool = state.markets[id].pool;
  out["protocol"] = protocol_name(state.protocol);
  try {
    out["pool"] = pool_json(state, id, pool);
  } catch (const Failure& f) {  // e.g. an exchange rate the pool's book cannot give
    out["pool"] = {{"error", std::string(error_name(f.error))}};
  }
}

// Liquidity mining (engine/rewards.hpp), only with governance: a market's FLUX
// speeds (units per block) and reward indices (1e36 at the start) ...
void add_market_rewards(const State& state, MarketId id, json& out) {
  if (!state.governance.enabled()) return;
  const MarketRewards r = state.rewards.market(id);
  out["rewards"] = {{"supply_speed", decimal(r.supply_speed)},
                    {"borrow_speed", decimal(r.borrow_speed)},
                    {"supply_index", decimal(r.supply_index)},
                    {"borrow_index", decimal(r.borrow_index)}};
}
// ... and an account's FLUX accrued (stored) and claimable (a claim in every market now).
void add_account_rewards(const State& state, AccountId id, json& out) {
  if (!state.governance.enabled()) return;
  const RewardsFigures r = account_rewards(state, id);
  out["rewards"] = {{"accrued", decimal(r.accrued)},
                    {"claimable", decimal(r.claimable)},
                    {"error", r.error == Error::ok ? json() : json(std::string(error_name(r.error)))}};
}

}  // namespace

json market_json(const State& state, MarketId id) {
  const Market& m = state.markets[id];
  const MarketConfig& c = m.config;
  const Asset& asset = state.assets[c.asset];
  const MarketFigures f = market_figures(m);
  json out = {{"symbol", c.symbol},
              {"asset", asset.symbol},
              {"decimals", asset.decimals},
              {"access", access_name(c.access)},
              {"kyc_group", c.kyc_group},
              {"price", decimal(c.price)},
              {"price_cap", decimal(c.price_cap)},
              {"effective_price", decimal(effective_price(c))},
              {"collateral_factor", decimal(c.collateral_factor)},
              {"reserve_factor", decimal(c.reserve_factor)},
              {"protocol_seize_share", decimal(c.protocol_seize_share)},
              {"exchange_rate", decimal(f.exchange_rate)},
              {"total_supply", decimal(m.book.total_supply)},
              {"total_supplied", decimal(f.supplied)},
              {"total_borrows", decimal(m.book.total_borrows)},
              {"total_reserves", decimal(m.book.total_reserves)},
              {"cash", decimal(m.book.cash)},
              {"utilization", decimal(f.utilization)},
              {"borrow_rate_per_block", decimal(f.borrow_rate_per_block)},
              {"supply_rate_per_block", decimal(f.supply_rate_per_block)},
              {"borrow_apy", apy(f.borrow_rate_per_block, state.blocks_per_year)},
              {"supply_apy", apy(f.supply_rate_per_block, state.blocks_per_year)},
              {"borrow_cap", decimal(c.borrow_cap)},
              {"supply_cap", decimal(c.supply_cap)},
              {"mint_paused", c.mint_paused},
              {"borrow_paused", c.borrow_paused},
              {"accrual_block", m.book.accrual_block},
              {"blocks_per_year", decimal(state.blocks_per_year)}};
  add_market_rewards(state, id, out);
  add_pool(state, id, out);
  return out;
}

json account_json(const State& state, AccountId id, const crypto::Address20& address, std::uint64_t nonce) {
  const Account& account = state.accounts[id];
  const AccountFigures f = account_figures(state, id);
  json wallet = json::object();
  for (const auto& [asset, amount] : account.wallet.entries())
    if (!amount.is_zero()) wallet[state.assets[asset].symbol] = decimal(amount);
  json positions = json::array();
  for (const PositionFigures& p : f.positions) {
    const Market& m = state.markets[p.market];
    positions.push_back({{"market", m.config.symbol},
                         {"ftokens", decimal(p.tokens)},
                         {"supplied", decimal(p.supplied)},
                         {"borrowed", decimal(p.borrowed)},
                         {"entered", p.entered},
                         {"collateral_factor", decimal(m.config.collateral_factor)},
                         {"price", decimal(effective_price(m.config))},
                         {"liquidation_price", p.liquidation_price ? json(decimal(*p.liquidation_price)) : json()}});
  }
  json health = nullptr;
  if (!f.borrow_value.is_zero()) health = static_cast<double>(f.collateral_value) / static_cast<double>(f.borrow_value);
  json out = {{"address", address.hex()},
              {"wallet", wallet},
              {"positions", positions},
              {"liquidity", decimal(f.liquidity)},
              {"shortfall", decimal(f.shortfall)},
              {"collateral_value", decimal(f.collateral_value)},
              {"borrow_value", decimal(f.borrow_value)},
              {"health_factor", health},
              {"figures_error", f.error == Error::ok ? json() : json(std::string(error_name(f.error)))},
              {"kyc_groups", account.kyc_groups},
              {"sanctioned", account.sanctioned},
              {"nonce", nonce}};
  add_account_rewards(state, id, out);
  return out;
}

// A stored error name as {code, name, message}.
void expand_error(json& error) {
  if (!error.is_string()) return;
  if (const auto e = error_from_name(error.get<std::string>()))
    error = {{"code", engine_error_code(*e)}, {"name", error_name(*e)}, {"message", error_message(*e)}};
}

json rpc_receipt(json stored) {
  expand_error(stored["error"]);
  if (stored.contains("failed_action") && stored["failed_action"].is_object())
    expand_error(stored["failed_action"]["error"]);
  return stored;
}

namespace {

// One handler per method, named after it in snake case (flux_getMarket: flux_get_market),
// registered from the tables at the end of this file.

// --- Governance ------------------------------------------------------------------------

json flux_get_assets(NodeService& node, const json& params) {
  rpc::expect_object(params, {});
  return node.read([](const node::Chain& c) {
    const State& state = c.state();
    json assets = json::array();
    for (AssetId a = 0; a < state.assets.size(); ++a) {
      const Asset& asset = state.assets[a];
      assets.push_back({{"symbol", asset.symbol},
                        {"decimals", asset.decimals},
                        {"issued", decimal(asset.issued)},
                        {"issuer", account_or_null(state, asset.issuer)},
                        {"permissioned", asset.permissioned},
                        {"kyc_group", asset.kyc_group},
                        {"governance_token", state.governance.enabled() && state.governance.token == a}});
    }
    return assets;
  });
}

json flux_get_governance(NodeService& node, const json& params) {
  rpc::expect_object(params, {});
  return node.read([](const node::Chain& c) -> json {
    const State& state = c.state();
    const Governance& g = state.governance;
    if (!g.enabled()) return {{"enabled", false}};
    json parameters = json::object();
    parameters["proposal_threshold"] = decimal(g.params.proposal_threshold);
    parameters["voting_delay"] = g.params.voting_delay;
    parameters["voting_period"] = g.params.voting_period;
    parameters["quorum_votes"] = decimal(g.params.quorum_votes);
    parameters["timelock_delay"] = g.timelock_delay;
    parameters["grace_period"] = timelock_grace_period;
    // The durations above are seconds; the blocks they last on this chain
    // (Governance::blocks: ceil(seconds * 1000 / block_interval_ms)).
    json blocks = json::object();
    blocks["voting_delay"] = g.voting_delay_blocks();
    blocks["voting_period"] = g.voting_period_blocks();
    blocks["timelock_delay"] = g.timelock_delay_blocks();
    blocks["grace_period"] = g.grace_period_blocks();
    return {{"enabled", true},
            {"token", state.assets[g.token].symbol},
            {"timelock", account_or_null(state, g.timelock)},
            {"admin", account_or_null(state, state.roles.admin)},
            {"parameters", parameters},
            {"block_interval_ms", g.block_interval_ms},
            {"blocks", blocks},
            {"proposal_count", g.proposals.size()},
            {"block", c.head().number}};
  });
}

json flux_get_proposals(NodeService& node, const json& params) {
  const json& p = rpc::expect_object(params, {{"state", ParamType::string, false},
                                              {"offset", ParamType::unsigned_integer, false},
                                              {"limit", ParamType::unsigned_integer, false}});
  std::optional<ProposalState> wanted;
  if (p.contains("state")) {
    wanted = proposal_state_from_name(p["state"].get<std::string>());
    if (!wanted)
      bad_param("state", "names no proposal state",
                "pending, active, canceled, defeated, succeeded, queued, expired or executed");
  }
  const std::uint64_t offset = p.value("offset", std::uint64_t{0});
  const std::uint64_t limit = p.value("limit", proposals_limit_max);
  if (limit == 0 || limit > proposals_limit_max) bad_param("limit", "must be 1 to 100", "1 to 100");
  return node.read([&](const node::Chain& c) -> json {
    const State& state = c.state();
    const std::uint64_t height = c.head().number;
    json list = json::array();
    std::uint64_t matched = 0;
    // Newest first, as a governance page lists them.
    const auto& all = state.governance.proposals;
    for (auto it = all.rbegin(); it != all.rend() && list.size() < limit; ++it) {
      if (wanted && proposal_state(*it, height, state.governance.grace_period_blocks()) != *wanted) continue;
      if (matched++ < offset) continue;
      list.push_back(proposal_summary(state, *it, height));
    }
    return {{"block", height}, {"proposals", list}};
  });
}

json flux_get_proposal(NodeService& node, const json& params) {
  const json& p = rpc::expect_object(params, {{"id", ParamType::unsigned_integer}});
  const std::uint64_t id = p["id"].get<std::uint64_t>();
  auto found = node.read([id](const node::Chain& c) -> std::optional<json> {
    const Proposal* proposal = c.state().governance.find_proposal(id);
    if (proposal == nullptr) return std::nullopt;
    json out = proposal_detail(c.state(), *proposal, c.head().number);
    out["block"] = c.head().number;
    return out;
  });
  if (!found) throw not_found("no proposal " + std::to_string(id));
  return *found;
}

json flux_get_votes(NodeService& node, const json& params) {
  const json& p =
      rpc::expect_object(params, {{"account", ParamType::string}, {"block", ParamType::unsigned_integer, false}});
  const crypto::Address20 address = address_param(p, "account");
  // A flag and a number rather than an optional: GCC 12 sees the optional's value as
  // maybe uninitialized once inlined into the lambda (-Werror=maybe-uninitialized).
  const bool at_block = p.contains("block");
  const std::uint64_t block = at_block ? p["block"].get<std::uint64_t>() : 0;
  return node.read([&](const node::Chain& c) -> json {
    const State& state = c.state();
    const Governance& g = state.governance;
    const std::uint64_t height = c.head().number;
    // Votes as of the end of a block are known only once the block is.
    if (at_block && block > height)
      bad_param("block", "is after the latest block " + std::to_string(height), "a block number up to the latest");
    json out = {{"account", crypto::to_checksum_address(address)}, {"block", height}};
    if (!g.enabled())
      bad_param("account", "cannot have votes: this chain has no governance", "a chain with governance");
    const auto id = find_address(state, address);
    const AccountId account = id ? *id : no_account;
    out["delegate"] = account == no_account ? json() : account_or_null(state, g.delegate_of(account));
    out["balance"] = decimal(account == no_account ? U256(0) : state.accounts[account].wallet_balance(g.token));
    out["current_votes"] = decimal(account == no_account ? U256(0) : current_votes(g, account));
    if (at_block) {
      out["votes_at_block"] = decimal(account == no_account ? U256(0) : votes_at(g, account, block));
      out["at_block"] = block;
    }
    return out;
  });
}

// --- The dev chain's (fluxd --dev) ----------------------------------------------------

json flux_mine_blocks(NodeService& node, NodeMetrics& metrics, const json& params) {
  const json& p = rpc::expect_object(params, {{"blocks", ParamType::unsigned_integer}});
  const std::uint64_t blocks = p["blocks"].get<std::uint64_t>();
  if (blocks == 0 || blocks > mine_blocks_max) bad_param("blocks", "must be 1 to 100000", "1 to 100000");
  const auto started = std::chrono::steady_clock::now();
  const auto now_ms = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  std::string error;
  const auto height = node.mine(blocks, now_ms, error);
  if (!height) throw rpc::RpcError(node_error_code::node_error, error, {{"error", "node_error"}});
  metrics.height.set(static_cast<double>(*height));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return {{"mined", blocks}, {"block", *height}, {"seconds", seconds}};
}

// --- Chain, transactions, blocks, markets, accounts, events -----------------------------

json flux_chain_id(NodeService& node, const json& params) {
  rpc::expect_object(params, {});
  return node.read([](const node::Chain& c) { return c.chain_id(); });
}

json flux_block_number(NodeService& node, const json& params) {
  rpc::expect_object(params, {});
  return node.height();
}

json flux_get_transaction_types(NodeService& node, const json& params) {
  rpc::expect_object(params, {});
  const std::uint64_t chain_id = node.read([](const node::Chain& c) { return c.chain_id(); });
  json types = json::array();
  for (const node::TransactionType& t : node::transaction_types()) {
    json fields = json::array();
    for (const node::FieldSpec& f : t.fields) fields.push_back({{"name", f.name}, {"type", f.type}});
    types.push_back({{"name", t.name},
                     {"fields", fields},
                     {"role_operation", t.role_operation},
                     {"governance_action", t.governance_action}});
  }
  return {{"domain", {{"name", "Flux"}, {"version", "1"}, {"chainId", chain_id}}}, {"types", types}};
}

json flux_send_transaction(NodeService& node, NodeMetrics& metrics, const json& params) {
  rpc::expect_object(params,
                     {{"type", ParamType::string}, {"message", ParamType::object}, {"signature", ParamType::string}});
  auto parsed = node::parse_transaction(params);
  if (!parsed) {
    metrics.rejected(parsed.error().kind);
    throw rejection_error(parsed.error());
  }
  auto admitted = node.submit(*parsed);
  if (!admitted) {
    metrics.rejected(admitted.error().kind);
    throw rejection_error(admitted.error());
  }
  return {{"hash", admitted->hex()}};
}

json flux_get_transaction_receipt(NodeService& node, const json& params) {
  const json& p = rpc::expect_object(params, {{"hash", ParamType::string}});
  const crypto::Hash32 hash = hash_param(p, "hash");
  auto receipt = storage_read([&] { return node.receipt(hash); });
  return receipt ? rpc_receipt(std::move(*receipt)) : json();
}

json flux_wait_for_receipt(NodeService& node, const json& params) {
  const json& p =
      rpc::expect_object(params, {{"hash", ParamType::string}, {"timeout_ms", ParamType::unsigned_integer, false}});
  const crypto::Hash32 hash = hash_param(p, "hash");
  std::int64_t timeout = wait_timeout_ms_default;
  if (p.contains("timeout_ms")) {
    const auto t = p["timeout_ms"].get<std::uint64_t>();
    if (t > static_cast<std::uint64_t>(wait_timeout_ms_max)) bad_param("timeout_ms", "exceeds 30000", "at most 30000");
    timeout = static_cast<std::int64_t>(t);
  }
  json receipt;
  switch (storage_read([&] { return node.wait_for_receipt(hash, std::chrono::milliseconds(timeout), receipt); })) {
    case NodeService::WaitOutcome::committed: return rpc_receipt(std::move(receipt));
    case NodeService::WaitOutcome::timed_out:
      throw rpc::RpcError(node_error_code::timeout, "no receipt within " + std::to_string(timeout) + " ms",
                          {{"error", "timeout"}});
    case NodeService::WaitOutcome::unknown: break;
  }
  throw not_found("no transaction " + hash.hex() + " is pending or committed");
}

json flux_get_block(NodeService& node, const json& params) {
  const json& p = rpc::expect_object(params, {{"number", ParamType::any}, {"transactions", ParamType::boolean, false}});
  std::uint64_t number = 0;
  const json& n = p["number"];
  if (n.is_string() && n.get_ref<const std::string&>() == "latest") number = node.height();
  else if (n.is_number_unsigned()) number = n.get<std::uint64_t>();
  else bad_param("number", "must be a block number or \"latest\"", "unsigned integer or \"latest\"");
  std::string error;
  auto block = node.block_json(number, error);
  if (!block) {
    // A committed block that cannot be read is damage, not absence.
    if (number <= node.height())
      throw rpc::RpcError(node_error_code::node_error, "cannot read block " + std::to_string(number) + ": " + error);
    throw not_found("no block " + std::to_string(number));
  }
  json result = {{"header", (*block)["header"]}};
  json hashes = json::array();
  for (const json& r : (*block)["receipts"]) hashes.push_back(r["transaction_hash"]);
  result["transaction_hashes"] = hashes;
  if (p.value("transactions", false)) {
    result["transactions"] = (*block)["transactions"];
    json receipts = json::array();
    for (const json& r : (*block)["receipts"]) {
      json receipt = rpc_receipt(r);
      receipt["block_number"] = number;
      receipt["transaction_index"] = receipts.size();
      receipts.push_back(std::move(receipt));
    }
    result["receipts"] = receipts;
  }
  return result;
}

json flux_get_markets(NodeService& node, const json& params) {
  rpc::expect_object(params, {});
  return node.read([](const node::Chain& c) {
    json markets = json::array();
    for (MarketId m = 0; m < c.state().markets.size(); ++m) markets.push_back(market_json(c.state(), m));
    return markets;
  });
}

json flux_get_market(NodeService& node, const json& params) {
  const json& p = rpc::expect_object(params, {{"market", ParamType::string}});
  const std::string& symbol = p["market"].get_ref<const std::string&>();
  auto found = node.read([&symbol](const node::Chain& c) -> std::optional<json> {
    const auto id = c.state().market_by_symbol(symbol);
    if (!id) return std::nullopt;
    return market_json(c.state(), *id);
  });
  if (!found) throw not_found("no market " + symbol);
  return *found;
}

json flux_get_account(NodeService& node, const json& params) {
  const json& p = rpc::expect_object(params, {{"address", ParamType::string}});
  const crypto::Address20 address = address_param(p, "address");
  auto found = node.read([&address](const node::Chain& c) -> std::optional<json> {
    const auto id = find_address(c.state(), address);
    if (!id) return std::nullopt;
    return account_json(c.state(), *id, address, c.next_nonce(address));
  });
  if (!found) throw not_found("no account " + address.hex() + ": it has never held anything or sent a transaction");
  return *found;
}

json flux_get_compliance(NodeService& node, const json& params) {
  const json& p = rpc::expect_object(params, {{"address", ParamType::string}});
  const crypto::Address20 address = address_param(p, "address");
  return node.read([&address](const node::Chain& c) {
    json result = {{"address", address.hex()}, {"kyc_groups", json::array()}, {"sanctioned", false}};
    if (const auto id = find_address(c.state(), address)) {
      result["kyc_groups"] = c.state().accounts[*id].kyc_groups;
      result["sanctioned"] = c.state().accounts[*id].sanctioned;
    }
    return result;
  });
}

json flux_get_nonce(NodeService& node, const json& params) {
  const json& p = rpc::expect_object(params, {{"address", ParamType::string}});
  const crypto::Address20 address = address_param(p, "address");
  return node.read([&address](const node::Chain& c) -> json {
    return {{"confirmed", c.confirmed_nonce(address)}, {"next", c.next_nonce(address)}};
  });
}

json flux_get_events(NodeService& node, const json& params) {
  const json& p = rpc::expect_object(params, {{"from_block", ParamType::unsigned_integer},
                                              {"to_block", ParamType::unsigned_integer},
                                              {"market", ParamType::string, false},
                                              {"account", ParamType::string, false},
                                              {"event", ParamType::string, false}});
  const auto from = p["from_block"].get<std::uint64_t>();
  const auto to = p["to_block"].get<std::uint64_t>();
  if (to < from) bad_param("to_block", "is before from_block", "to_block >= from_block");
  if (to - from >= events_range_blocks_max) bad_param("to_block", "spans more than 1000 blocks", "a shorter range");
  std::optional<std::string> account;
  if (p.contains("account")) account = address_param(p, "account").hex();
  // A filter given is a filter: "" names nothing, like a typo, never "no filter".
  const bool by_market = p.contains("market");
  const std::string market = p.value("market", "");
  if (by_market) {  // a market or an asset symbol; a typo must not read as "no events"
    const bool known = node.read([&market](const node::Chain& c) {
      return c.state().market_by_symbol(market).has_value() || c.state().asset_by_symbol(market).has_value();
    });
    if (!known) throw not_found("no market or asset " + market);
  }
  const bool by_event = p.contains("event");
  const std::string event = p.value("event", "");
  if (by_event) {
    bool known = false;
    for (int k = 0; k < event_kind_count; ++k) known = known || event == event_name(static_cast<EventKind>(k));
    if (!known) bad_param("event", "names no event", "an event name such as \"minted\" (docs/rpc.md)");
  }
  const std::uint64_t head = node.height();
  json out = json::array();
  for (std::uint64_t n = from; n <= std::min(to, head); ++n) {
    std::string error;
    auto block = node.block_json(n, error);
    if (!block)
      throw rpc::RpcError(node_error_code::node_error, "cannot read block " + std::to_string(n) + ": " + error);
    const json& receipts = (*block)["receipts"];
    for (std::size_t i = 0; i < receipts.size(); ++i) {
      for (const json& e : receipts[i]["events"]) {
        if (by_market && e.value("market", "") != market && e.value("asset", "") != market) continue;
        if (account && e.value("account", "") != *account && e.value("other", "") != *account) continue;
        if (by_event && e.value("event", "") != event) continue;
        if (out.size() == events_result_max)
          bad_param("to_block", "the range holds more than 10000 matching events", "a shorter range or a filter");
        json item = e;
        item["block_number"] = n;
        item["transaction_hash"] = receipts[i]["transaction_hash"];
        item["transaction_index"] = i;
        out.push_back(std::move(item));
      }
    }
  }
  return out;
}

// A method whose handler needs only the node: every one but flux_sendTransaction and
// flux_mineBlocks, which also count in the node's metrics.
struct NodeMethod {
  const char* name;
  json (*handler)(NodeService& node, const json& params);
};

void add_methods(rpc::Server& server, NodeService& node, std::initializer_list<NodeMethod> methods) {
  for (const NodeMethod& m : methods)
    server.add_method(m.name, [&node, handler = m.handler](const json& params) { return handler(node, params); });
}

}  // namespace

void register_governance_methods(rpc::Server& server, NodeService& node) {
  add_methods(server, node,
              {{"flux_getAssets", flux_get_assets},
               {"flux_getGovernance", flux_get_governance},
               {"flux_getProposals", flux_get_proposals},
               {"flux_getProposal", flux_get_proposal},
               {"flux_getVotes", flux_get_votes}});
}

void register_dev_methods(rpc::Server& server, NodeService& node, NodeMetrics& metrics) {
  server.add_method("flux_mineBlocks",
                    [&node, &metrics](const json& params) { return flux_mine_blocks(node, metrics, params); });
}

void register_rpc_methods(rpc::Server& server, NodeService& node, NodeMetrics& metrics, bool dev) {
  register_governance_methods(server, node);
  if (dev) register_dev_methods(server, node, metrics);
  add_methods(server, node,
              {{"flux_chainId", flux_chain_id},
               {"flux_blockNumber", flux_block_number},
               {"flux_getTransactionTypes", flux_get_transaction_types}});
  server.add_method("flux_sendTransaction",
                    [&node, &metrics](const json& params) { return flux_send_transaction(node, metrics, params); });
  add_methods(server, node,
              {{"flux_getTransactionReceipt", flux_get_transaction_receipt},
               {"flux_waitForReceipt", flux_wait_for_receipt},
               {"flux_getBlock", flux_get_block},
               {"flux_getMarkets", flux_get_markets},
               {"flux_getMarket", flux_get_market},
               {"flux_getAccount", flux_get_account},
               {"flux_getCompliance", flux_get_compliance},
               {"flux_getNonce", flux_get_nonce},
               {"flux_getEvents", flux_get_events}});
}

}  // namespace flux::fluxd
