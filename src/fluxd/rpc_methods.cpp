#include "fluxd/rpc_methods.hpp"

#include "engine/event.hpp"
#include "engine/risk.hpp"
#include "engine/views.hpp"
#include "fluxd/rpc_errors.hpp"
#include "rpc/params.hpp"

#include <algorithm>
#include <cmath>

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
  if (!f.borrow_value.is_zero())
    health = static_cast<double>(f.collateral_value) / static_cast<double>(f.borrow_value);
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

json rpc_receipt(json stored) {
  json& error = stored["error"];
  if (error.is_string()) {
    const auto e = error_from_name(error.get<std::string>());
    if (e)
      error = {{"code", engine_error_code(*e)}, {"name", error_name(*e)}, {"message", error_message(*e)}};
  }
  return stored;
}

void register_rpc_methods(rpc::Server& server, NodeService& node, NodeMetrics& metrics) {
  server.add_method("flux_chainId", [&node](const json& params) -> json {
    rpc::expect_object(params, {});
    return node.read([](const node::Chain& c) { return c.chain_id(); });
  });

  server.add_method("flux_blockNumber", [&node](const json& params) -> json {
    rpc::expect_object(params, {});
    return node.height();
  });

  server.add_method("flux_getTransactionTypes", [&node](const json& params) -> json {
    rpc::expect_object(params, {});
    const std::uint64_t chain_id = node.read([](const node::Chain& c) { return c.chain_id(); });
    json types = json::array();
    for (const node::TransactionType& t : node::transaction_types()) {
      json fields = json::array();
      for (const node::FieldSpec& f : t.fields) fields.push_back({{"name", f.name}, {"type", f.type}});
      types.push_back({{"name", t.name}, {"fields", fields}, {"role_operation", t.role_operation}});
    }
    return {{"domain", {{"name", "Flux"}, {"version", "1"}, {"chainId", chain_id}}}, {"types", types}};
  });

  server.add_method("flux_sendTransaction", [&node, &metrics](const json& params) -> json {
    rpc::expect_object(params, {{"type", ParamType::string}, {"message", ParamType::object},
                                {"signature", ParamType::string}});
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
  });

  server.add_method("flux_getTransactionReceipt", [&node](const json& params) -> json {
    const json& p = rpc::expect_object(params, {{"hash", ParamType::string}});
    const crypto::Hash32 hash = hash_param(p, "hash");
    auto receipt = storage_read([&] { return node.receipt(hash); });
    return receipt ? rpc_receipt(std::move(*receipt)) : json();
  });

  server.add_method("flux_waitForReceipt", [&node](const json& params) -> json {
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
  });

  server.add_method("flux_getBlock", [&node](const json& params) -> json {
    const json& p =
        rpc::expect_object(params, {{"number", ParamType::any}, {"transactions", ParamType::boolean, false}});
    std::uint64_t number = 0;
    const json& n = p["number"];
    if (n.is_string() && n.get_ref<const std::string&>() == "latest")
      number = node.height();
    else if (n.is_number_unsigned())
      number = n.get<std::uint64_t>();
    else
      bad_param("number", "must be a block number or \"latest\"", "unsigned integer or \"latest\"");
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
  });

  server.add_method("flux_getMarkets", [&node](const json& params) -> json {
    rpc::expect_object(params, {});
    return node.read([](const node::Chain& c) {
      json markets = json::array();
      for (MarketId m = 0; m < c.state().markets.size(); ++m) markets.push_back(market_json(c.state(), m));
      return markets;
    });
  });

  server.add_method("flux_getMarket", [&node](const json& params) -> json {
    const json& p = rpc::expect_object(params, {{"market", ParamType::string}});
    const std::string& symbol = p["market"].get_ref<const std::string&>();
    auto found = node.read([&symbol](const node::Chain& c) -> std::optional<json> {
      const auto id = c.state().market_by_symbol(symbol);
      if (!id) return std::nullopt;
      return market_json(c.state(), *id);
    });
    if (!found) throw not_found("no market " + symbol);
    return *found;
  });

  server.add_method("flux_getAccount", [&node](const json& params) -> json {
    const json& p = rpc::expect_object(params, {{"address", ParamType::string}});
    const crypto::Address20 address = address_param(p, "address");
    auto found = node.read([&address](const node::Chain& c) -> std::optional<json> {
      const auto id = find_address(c.state(), address);
      if (!id) return std::nullopt;
      return account_json(c.state(), *id, address, c.next_nonce(address));
    });
    if (!found) throw not_found("no account " + address.hex() + ": it has never held anything or sent a transaction");
    return *found;
  });

  server.add_method("flux_getCompliance", [&node](const json& params) -> json {
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
  });

  server.add_method("flux_getNonce", [&node](const json& params) -> json {
    const json& p = rpc::expect_object(params, {{"address", ParamType::string}});
    const crypto::Address20 address = address_param(p, "address");
    return node.read([&address](const node::Chain& c) -> json {
      return {{"confirmed", c.confirmed_nonce(address)}, {"next", c.next_nonce(address)}};
    });
  });

  server.add_method("flux_getEvents", [&node](const json& params) -> json {
    const json& p = rpc::expect_object(
        params, {{"from_block", ParamType::unsigned_integer}, {"to_block", ParamType::unsigned_integer},
                 {"market", ParamType::string, false}, {"account", ParamType::string, false},
                 {"event", ParamType::string, false}});
    const auto from = p["from_block"].get<std::uint64_t>();
    const auto to = p["to_block"].get<std::uint64_t>();
    if (to < from) bad_param("to_block", "is before from_block", "to_block >= from_block");
    if (to - from >= events_range_blocks_max) bad_param("to_block", "spans more than 1000 blocks", "a shorter range");
    std::optional<std::string> account;
    if (p.contains("account")) account = address_param(p, "account").hex();
    const std::string market = p.value("market", "");
    if (!market.empty()) {  // a market or an asset symbol; a typo must not read as "no events"
      const bool known = node.read([&market](const node::Chain& c) {
        return c.state().market_by_symbol(market).has_value() || c.state().asset_by_symbol(market).has_value();
      });
      if (!known) throw not_found("no market or asset " + market);
    }
    const std::string event = p.value("event", "");
    if (!event.empty()) {
      bool known = false;
      for (int k = 0; k < event_kind_count; ++k)
        known = known || event == event_name(static_cast<EventKind>(k));
      if (!known) bad_param("event", "names no event", "an event name such as \"minted\" (docs/rpc.md)");
    }
    const std::uint64_t head = node.height();
    json out = json::array();
    for (std::uint64_t n = from; n <= std::min(to, head); ++n) {
      std::string error;
      auto block = node.block_json(n, error);
      if (!block) throw rpc::RpcError(node_error_code::node_error, "cannot read block " + std::to_string(n) + ": " + error);
      const json& receipts = (*block)["receipts"];
      for (std::size_t i = 0; i < receipts.size(); ++i) {
        for (const json& e : receipts[i]["events"]) {
          if (!market.empty() && e.value("market", "") != market && e.value("asset", "") != market) continue;
          if (account && e.value("account", "") != *account && e.value("other", "") != *account) continue;
          if (!event.empty() && e.value("event", "") != event) continue;
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
  });
}

}  // namespace flux::fluxd
