#include "node/genesis/config.hpp"

#include "engine/flux_protocol/fix_names.hpp"

#include "engine/upgrade.hpp"

#include "node/genesis/decimal.hpp"

// toml++ header-only, in this file only: the node binary then needs no shared
// library for it, and no other file sees toml++.
#define TOML_HEADER_ONLY 1
#define TOML_ENABLE_FORMATTERS 0
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace flux::genesis {
namespace {

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

std::string where_text(const std::string& source, const Location& where, const std::string& problem) {
  std::string text = source;
  if (where.line != 0) text += ":" + std::to_string(where.line);
  text += ": ";
  if (!where.path.empty()) text += where.path + ": ";
  return text + problem;
}

std::string type_of(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time: return "a date/time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

U256 decimal_constant(std::string_view text, unsigned scale) {
  return std::get<U256>(parse_scaled_decimal(text, scale));
}

// ---- Templates -------------------------------------------------------------------
// The values config.hpp documents, with their sources.
struct TemplateText {
  std::string_view name;
  std::string_view collateral_factor, reserve_factor, protocol_seize_share;
  std::string_view base, multiplier, jump, kink;  // a JumpRateModelV2, per year
  Access access;
  std::uint32_t kyc_group;
  bool borrow_paused;
};

constexpr TemplateText templates[] = {
    // Flux Finance production (docs/protocol.md, Flux Finance production numbers): the USDC market.
    {"stablecoin", "0.85", "0", "0.0175", "0", "0.0383", "0.35", "0.9", Access::permissionless, 1, false},
    // Compound V2's volatile markets (cWBTC2 / cETH); see config.hpp.
    {"volatile", "0.70", "0.20", "0.028", "0.02", "0.23", "1.0", "0.8", Access::permissionless, 1, false},
    // Flux Finance's fund (OUSG) market: KYC only, collateral only, no seize share.
    {"permissioned-fund", "0.92", "0", "0", "0", "0.0383", "0.35", "0.9", Access::permissioned, 1, true},
};
constexpr std::string_view default_initial_exchange_rate = "0.02";  // one whole token mints 50 fTokens
constexpr std::string_view default_seed = "1";                      // whole tokens

// Scales: mantissas 1e18; amounts 10^decimals; prices 10^(36 - decimals); the initial
// exchange rate 10^(10 + decimals) (config.hpp derives it).
constexpr unsigned mantissa_scale = 18;
unsigned price_scale(unsigned decimals) { return 36 - decimals; }
unsigned exchange_rate_scale(unsigned decimals) { return 10 + decimals; }

// ---- Reading TOML ----------------------------------------------------------------

class Parser {
 public:
  Parser(std::string source, const ParseOptions& options) : source_(std::move(source)), options_(options) {}

  [[noreturn]] void fail(Location where, std::string problem) const {
    throw GenesisError(source_, std::move(where), std::move(problem));
  }
  static Location at(std::string path, const toml::node* node) {
    return Location{std::move(path), node ? node->source().begin.line : 0U};
  }
  const std::string& source() const { return source_; }
  const ParseOptions& options() const { return options_; }

 private:
  std::string source_;
  const ParseOptions& options_;
};

// One TOML table being read: remembers which keys were used, so that any other key
// is reported as unknown when the table is done.
class Table {
 public:
  Table(const Parser& parser, const toml::table& table, std::string path)
      : parser_(parser), table_(table), path_(std::move(path)) {}

  std::string path_of(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  Location here() const { return Parser::at(path_, &table_); }
  Location location_of(std::string_view key) const {
    const toml::node* node = table_.get(key);
    return node ? Parser::at(path_of(key), node) : Location{path_of(key), here().line};
  }
  [[noreturn]] void fail(std::string_view key, std::string problem) const {
    parser_.fail(location_of(key), std::move(problem));
  }

  const toml::node* get(std::string_view key) {
    used_.insert(std::string(key));
    return table_.get(key);
  }
  const toml::node& required(std::string_view key) {
    const toml::node* node = get(key);
    if (!node) parser_.fail(Location{path_of(key), here().line}, "is missing");
    return *node;
  }

  std::optional<std::string> string(std::string_view key) {
    const toml::node* node = get(key);
    if (!node) return std::nullopt;
    if (!node->is_string()) fail(key, "expected a string, got " + type_of(*node));
    return node->as_string()->get();
  }
  std::string required_string(std::string_view key) {
    required(key);
    std::string value = *string(key);
    if (value.empty()) fail(key, "is empty");
    return value;
  }

  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max) {
    const toml::node* node = get(key);
    if (!node) return std::nullopt;
    if (!node->is_integer()) fail(key, "expected an integer, got " + type_of(*node));
    const std::int64_t value = node->as_integer()->get();
    if (value < min || value > max)
      fail(key, "is " + std::to_string(value) + ", outside the allowed range [" + std::to_string(min) + ", " +
                    std::to_string(max) + "]");
    return value;
  }
  std::int64_t required_integer(std::string_view key, std::int64_t min, std::int64_t max) {
    required(key);
    return *integer(key, min, max);
  }

  std::optional<bool> boolean(std::string_view key) {
    const toml::node* node = get(key);
    if (!node) return std::nullopt;
    if (!node->is_boolean()) fail(key, "expected true or false, got " + type_of(*node));
    return node->as_boolean()->get();
  }

  // A decimal string (or a non-negative TOML integer) scaled by 10^scale.
  std::optional<U256> decimal(std::string_view key, unsigned scale) {
    const toml::node* node = get(key);
    if (!node) return std::nullopt;
    return decimal_value(parser_, *node, path_of(key), scale);
  }

  std::optional<std::string> address(std::string_view key) {
    const toml::node* node = get(key);
    if (!node) return std::nullopt;
    return address_value(parser_, *node, path_of(key));
  }
  std::string required_address(std::string_view key) {
    required(key);
    return *address(key);
  }

  const toml::table* table(std::string_view key) {
    const toml::node* node = get(key);
    if (!node) return nullptr;
    if (!node->is_table()) fail(key, "expected a table, got " + type_of(*node));
    return node->as_table();
  }
  const toml::array* array(std::string_view key) {
    const toml::node* node = get(key);
    if (!node) return nullptr;
    if (!node->is_array()) fail(key, "expected an array, got " + type_of(*node));
    return node->as_array();
  }

  // Any key not read is a mistake (a misspelt override would otherwise be ignored).
  void done() const {
    for (auto&& [key, node] : table_) {
      if (used_.count(std::string(key.str())) == 0)
        parser_.fail(Parser::at(path_of(key.str()), &node), "unknown key \"" + std::string(key.str()) + "\"");
    }
  }

  static U256 decimal_value(const Parser& parser, const toml::node& node, const std::string& path, unsigned scale) {
    std::string text;
    if (node.is_string()) {
      text = node.as_string()->get();
    } else if (node.is_integer()) {
      const std::int64_t v = node.as_integer()->get();
      if (v < 0)
        parser.fail(Parser::at(path, &node),
                    "is negative (" + std::to_string(v) + "); only non-negative numbers are allowed");
      text = std::to_string(v);
    } else if (node.is_floating_point()) {
      parser.fail(Parser::at(path, &node),
                  "is a TOML float, which is not exact; write the number as a string, e.g. \"0.85\"");
    } else {
      parser.fail(Parser::at(path, &node),
                  "expected a decimal number as a string such as \"0.85\", got " + type_of(node));
    }
    DecimalResult result = parse_scaled_decimal(text, scale);
    if (auto* error = std::get_if<DecimalError>(&result)) parser.fail(Parser::at(path, &node), error->message);
    return std::get<U256>(result);
  }

  static std::string address_value(const Parser& parser, const toml::node& node, const std::string& path) {
    if (!node.is_string())
      parser.fail(Parser::at(path, &node),
                  "expected an address as a string (\"0x\" + 40 hex digits), got " + type_of(node));
    const std::string& text = node.as_string()->get();
    std::optional<std::string> address = normalise_address(text);
    if (!address)
      parser.fail(Parser::at(path, &node),
                  "is not an address (\"" + text + "\"); expected \"0x\" followed by 40 hex digits");
    const bool has_lower = std::any_of(text.begin() + 2, text.end(), [](char c) { return c >= 'a' && c <= 'f'; });
    const bool has_upper = std::any_of(text.begin() + 2, text.end(), [](char c) { return c >= 'A' && c <= 'F'; });
    if (has_lower && has_upper && parser.options().checksum_valid && !parser.options().checksum_valid(text))
      parser.fail(Parser::at(path, &node), "\"" + text +
                                               "\" is not a valid EIP-55 checksum address (a typo?); mixed case "
                                               "must match the checksum, all lowercase is taken unchecked");
    return *address;
  }

 private:
  const Parser& parser_;
  const toml::table& table_;
  std::string path_;
  std::set<std::string> used_;
};

// The tables of an array of tables ([[markets]]), each with its path.
template <class F>
void for_each_table(const Parser& parser, const toml::array* array, const std::string& name, F&& f) {
  if (!array) return;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& node = *array->get(i);
    const std::string path = name + "[" + std::to_string(i) + "]";
    if (!node.is_table()) parser.fail(Parser::at(path, &node), "expected a table, got " + type_of(node));
    Table table(parser, *node.as_table(), path);
    f(table);
    table.done();
  }
}

// ---- Sections --------------------------------------------------------------------

U256 bounded_mantissa(Table& top, std::string_view key, std::string_view fallback, std::string_view min,
                      std::string_view max, Location& where) {
  const U256 value = top.decimal(key, mantissa_scale).value_or(decimal_constant(fallback, mantissa_scale));
  where = top.location_of(key);
  if (value < decimal_constant(min, mantissa_scale) || value > decimal_constant(max, mantissa_scale)) {
    const toml::node* node = top.get(key);  // present: the defaults are within the bounds
    const std::string given =
        node->is_string() ? "\"" + node->as_string()->get() + "\"" : std::to_string(node->as_integer()->get());
    top.fail(key, "is " + given + ", outside the node's bounds [" + std::string(min) + ", " + std::string(max) + "]");
  }
  return value;
}

// Under Flux Protocol only the admin and the oracle are required (the pause guardian
// and compliance default to the admin).
RolesConfig parse_roles(const Parser& parser, Table& top, bool flux_protocol) {
  const toml::table* table = top.table("roles");
  if (!table)
    parser.fail(Location{"roles", top.here().line},
                flux_protocol ? "is missing: the [roles] table names the admin and the oracle"
                              : "is missing: the [roles] table names admin, oracle, pause_guardian and compliance");
  Table t(parser, *table, "roles");
  RolesConfig roles;
  roles.where = t.here();
  roles.admin = t.required_address("admin");
  roles.oracle = t.required_address("oracle");
  if (flux_protocol) {
    roles.pause_guardian = t.address("pause_guardian").value_or(roles.admin);
    roles.compliance = t.address("compliance").value_or(roles.admin);
    for (std::string_view key : {"sanctions_admin", "kyc_group_admins", "locked_supply_holder"})
      if (t.get(key)) t.fail(key, "applies only to protocol = \"compound\" (sanctions, KYC groups, market seeds)");
  } else {
    roles.pause_guardian = t.required_address("pause_guardian");
    roles.compliance = t.required_address("compliance");
  }
  roles.sanctions_admin = t.address("sanctions_admin");
  if (auto holder = t.address("locked_supply_holder")) roles.locked_supply_holder = *holder;
  if (const toml::table* admins = t.table("kyc_group_admins")) {
    const std::string path = t.path_of("kyc_group_admins");
    for (auto&& [key, node] : *admins) {
      const std::string group_text(key.str());
      const std::string entry_path = path + "." + group_text;
      const DecimalResult group = parse_scaled_decimal(group_text, 0);
      const U256* value = std::get_if<U256>(&group);
      if (!value || *value > U256(std::numeric_limits<std::uint32_t>::max()))
        parser.fail(Parser::at(entry_path, &node), "the key must be a KYC group number (0 to 4294967295)");
      roles.kyc_group_admins[static_cast<std::uint32_t>(low_u64(*value))] =
          Table::address_value(parser, node, entry_path);
    }
  }
  t.done();
  return roles;
}

AssetSpec parse_asset(Table& t) {
  AssetSpec asset;
  asset.where = t.here();
  asset.symbol = t.required_string("symbol");
  asset.decimals = static_cast<std::uint8_t>(t.required_integer("decimals", 0, max_decimals));
  asset.issuer = t.address("issuer");
  asset.permissioned = t.boolean("permissioned").value_or(false);
  const auto group = t.integer("kyc_group", 0, std::numeric_limits<std::uint32_t>::max());
  if (group && !asset.permissioned)
    t.fail("kyc_group", "applies only to a permissioned asset (set permissioned = true, or remove it)");
  asset.kyc_group = asset.permissioned ? static_cast<std::uint32_t>(group.value_or(1)) : 0;
  return asset;
}

Access parse_access(Table& t, Access fallback) {
  const auto text = t.string("access");
  if (!text) return fallback;
  if (*text == "open") return Access::open;
  if (*text == "permissionless") return Access::permissionless;
  if (*text == "permissioned") return Access::permissioned;
  t.fail("access", "unknown access mode \"" + *text + "\"; expected \"open\", \"permissionless\" or \"permissioned\"");
}

void parse_rate_model(const Parser& parser, Table& market, RateModelParams& params) {
  const toml::table* table = market.table("rate_model");
  if (!table) return;
  Table t(parser, *table, market.path_of("rate_model"));
  if (auto kind = t.string("kind")) {
    if (*kind == "linear") {
      if (params.kind != RateModelKind::linear) {
        params.kind = RateModelKind::linear;
        params.jump_multiplier_per_year = 0;
        params.kink = 0;
      }
    } else if (*kind == "jump") {
      params.kind = RateModelKind::jump;
    } else {
      t.fail("kind", "unknown rate model \"" + *kind + "\"; expected \"jump\" or \"linear\"");
    }
  }
  if (auto v = t.decimal("base_per_year", mantissa_scale)) params.base_per_year = *v;
  if (auto v = t.decimal("multiplier_per_year", mantissa_scale)) params.multiplier_per_year = *v;
  for (std::string_view key : {"jump_multiplier_per_year", "kink"}) {
    auto v = t.decimal(key, mantissa_scale);
    if (!v) continue;
    if (params.kind != RateModelKind::jump) t.fail(key, "applies only to a \"jump\" rate model");
    (key == "kink" ? params.kink : params.jump_multiplier_per_year) = *v;
  }
  if (params.kind == RateModelKind::jump && params.kink.is_zero())
    parser.fail(t.location_of("kink"), "a jump rate model needs a non-zero kink");
  t.done();
}

MarketSpec parse_market(const Parser& parser, Table& t, const std::vector<AssetSpec>& assets) {
  const std::string symbol = t.required_string("symbol");
  const std::string asset_symbol = t.required_string("asset");
  const AssetSpec* asset = nullptr;
  std::vector<std::string> known;
  for (const auto& a : assets) {
    if (a.symbol == asset_symbol) asset = &a;
    known.push_back(a.symbol);
  }
  if (!asset)
    t.fail("asset", "unknown asset \"" + asset_symbol +
                        "\"; the [[assets]] symbols are: " + (known.empty() ? std::string("(none)") : join(known)));
  const std::string template_name = t.required_string("template");
  const auto& names = template_names();
  if (std::find(names.begin(), names.end(), template_name) == names.end())
    t.fail("template", "unknown template \"" + template_name + "\"; expected one of: " + join(names));

  const unsigned decimals = asset->decimals;
  MarketSpec m = template_defaults(template_name, asset->decimals);
  m.symbol = symbol;
  m.asset = asset_symbol;
  m.where = t.here();
  if (auto v = t.decimal("collateral_factor", mantissa_scale)) m.collateral_factor = *v;
  if (auto v = t.decimal("reserve_factor", mantissa_scale)) m.reserve_factor = *v;
  if (auto v = t.decimal("protocol_seize_share", mantissa_scale)) m.protocol_seize_share = *v;
  parse_rate_model(parser, t, m.rate_model);
  m.access = parse_access(t, m.access);
  if (auto v = t.integer("kyc_group", 0, std::numeric_limits<std::uint32_t>::max()))
    m.kyc_group = static_cast<std::uint32_t>(*v);
  if (auto v = t.decimal("borrow_cap", decimals)) m.borrow_cap = *v;
  if (auto v = t.decimal("supply_cap", decimals)) m.supply_cap = *v;
  if (auto v = t.decimal("initial_exchange_rate", exchange_rate_scale(decimals))) m.initial_exchange_rate = *v;
  if (auto v = t.decimal("price", price_scale(decimals))) m.price = *v;
  if (auto v = t.decimal("price_cap", price_scale(decimals))) m.price_cap = *v;
  if (auto v = t.decimal("seed", decimals)) m.seed = *v;
  m.seed_where = t.location_of("seed");
  if (auto v = t.boolean("mint_paused")) m.mint_paused = *v;
  if (auto v = t.boolean("borrow_paused")) m.borrow_paused = *v;
  return m;
}

const AssetSpec& asset_named(Table& t, std::string_view key, const std::vector<AssetSpec>& assets) {
  const std::string symbol = t.required_string(key);
  for (const auto& a : assets)
    if (a.symbol == symbol) return a;
  std::vector<std::string> known;
  for (const auto& a : assets) known.push_back(a.symbol);
  t.fail(key, "unknown asset \"" + symbol +
                  "\"; the [[assets]] symbols are: " + (known.empty() ? std::string("(none)") : join(known)));
}

// ---- Flux Protocol ---------------------------------------------------------------

// A pool of a Flux Protocol deployment: no template and no seed (a pool starts
// empty, its fTokens at one unit of underlying each, in the underlying's decimals).
MarketSpec parse_pool(Table& t, const std::vector<AssetSpec>& assets) {
  MarketSpec m;
  m.where = t.here();
  m.symbol = t.required_string("symbol");
  const AssetSpec& asset = asset_named(t, "asset", assets);
  m.asset = asset.symbol;
  m.template_name = "flux-protocol pool";
  m.collateral_factor = 0;
  m.access = Access::open;
  m.kyc_group = 0;
  m.initial_exchange_rate = decimal_constant("1", mantissa_scale);
  m.seed = 0;
  t.required("collateral_ratio");
  Location ignored;
  m.collateral_ratio = t.decimal("collateral_ratio", mantissa_scale).value_or(0);
  if (m.collateral_ratio <= decimal_constant("1", mantissa_scale) ||
      m.collateral_ratio > decimal_constant("10", mantissa_scale))
    t.fail("collateral_ratio",
           "must be above 1 and at most 10 (the node's bounds): a ratio of 1 or less lends the whole value of the "
           "collateral or more");
  m.tax_rate = bounded_mantissa(t, "tax_rate", "0", "0", "1", ignored);
  if (auto v = t.decimal("price", price_scale(asset.decimals))) m.price = *v;
  if (auto v = t.decimal("borrow_cap", asset.decimals)) m.borrow_cap = *v;
  m.seed_where = m.where;
  return m;
}

FluxProtocolConfig parse_flux_protocol(const Parser& parser, Table& top) {
  const toml::table* table = top.table("flux_protocol");
  if (!table)
    parser.fail(Location{"flux_protocol", top.here().line},
                "is missing: protocol = \"flux-protocol\" needs a [flux_protocol] table naming the guard");
  Table t(parser, *table, "flux_protocol");
  FluxProtocolConfig c;
  c.where = t.here();
  c.guard = t.required_address("guard");
  c.team = t.address("team");
  Location ignored;
  c.tax_rate = bounded_mantissa(t, "tax_rate", "0.1", "0", "1", ignored);
  c.liquidation_fee = bounded_mantissa(t, "liquidation_fee", "0.06", "0", "0.1", ignored);
  if (const toml::table* fixes = t.table("fixes")) {
    Table f(parser, *fixes, t.path_of("fixes"));
    for (const flux_protocol::FixName& fix : flux_protocol::fix_names)
      if (auto on = f.boolean(fix.name)) c.fixes.*fix.field = *on;
    f.done();
  }
  t.done();
  return c;
}

// Compound's settings have no meaning under Flux Protocol's rules: each is an error.
void refuse_compound_keys(Table& top) {
  for (std::string_view key : {"close_factor", "liquidation_incentive", "transfer_paused", "seize_paused", "governance",
                               "delegations", "kyc", "sanctions", "blocks_per_year"})
    if (top.get(key))
      top.fail(key, "applies only to protocol = \"compound\"; a Flux Protocol deployment has no " + std::string(key));
}

// "compound" (the default) or "flux-protocol".
Protocol parse_protocol(Table& top) {
  const auto text = top.string("protocol");
  if (!text || *text == "compound") return Protocol::compound;
  if (*text == "flux-protocol") return Protocol::flux_protocol;
  top.fail("protocol", "unknown protocol \"" + *text + "\"; expected \"compound\" or \"flux-protocol\"");
}

// A whole-FLUX amount within the engine's vote bounds, as votes (1e-18 FLUX).
U256 governance_votes(Table& t, std::string_view key, const U256& fallback) {
  const U256 value = t.decimal(key, 18).value_or(fallback);
  if (value < governance_votes_min() || value > governance_votes_max())
    t.fail(key, "is outside the engine's bounds [1000, 1000000000] FLUX");
  return value;
}

std::uint64_t governance_seconds(Table& t, std::string_view key, std::uint64_t fallback, std::uint64_t min,
                                 std::uint64_t max) {
  return static_cast<std::uint64_t>(t.integer(key, static_cast<std::int64_t>(min), static_cast<std::int64_t>(max))
                                        .value_or(static_cast<std::int64_t>(fallback)));
}

GovernanceConfig parse_governance(const Parser& parser, Table& top, const std::vector<AssetSpec>& assets,
                                  const std::vector<MarketSpec>& markets) {
  Table t(parser, *top.table("governance"), "governance");
  GovernanceConfig g;
  g.where = t.here();
  const AssetSpec& token = asset_named(t, "token", assets);
  if (token.decimals != 18)
    t.fail("token",
           "the governance token must have 18 decimals; " + token.symbol + " has " + std::to_string(token.decimals));
  for (const MarketSpec& m : markets)
    if (m.asset == token.symbol)
      t.fail("token", "the governance token cannot be a market's underlying, and " + m.symbol + " (" + m.where.path +
                          ") uses " + token.symbol);
  g.token = token.symbol;
  if (auto timelock = t.address("timelock")) g.timelock = *timelock;
  const GovernorParams defaults = default_governor_params();
  g.proposal_threshold = governance_votes(t, "proposal_threshold", defaults.proposal_threshold);
  g.quorum = governance_votes(t, "quorum", defaults.quorum_votes);
  g.voting_delay = governance_seconds(t, "voting_delay", defaults.voting_delay, voting_delay_min, voting_delay_max);
  g.voting_period =
      governance_seconds(t, "voting_period", defaults.voting_period, voting_period_min, voting_period_max);
  g.timelock_delay =
      governance_seconds(t, "timelock_delay", timelock_delay_default, timelock_delay_min, timelock_delay_max);
  t.done();
  return g;
}

// Longer than most functions on purpose: the top-level keys and then each section, one
// short block each, in one place so the whole file's shape reads top to bottom.
// NOLINTNEXTLINE(readability-function-size)
GenesisConfig parse_document(const Parser& parser, const toml::table& document) {
  GenesisConfig config;
  config.source = parser.source();
  Table top(parser, document, "");

  config.protocol = parse_protocol(top);
  const bool flux_protocol = config.protocol == Protocol::flux_protocol;
  config.chain_id = static_cast<std::uint64_t>(top.required_integer("chain_id", 1, int64_max));
  if (const auto start_time = top.integer("start_time", 0, max_start_time)) {
    if (!flux_protocol) top.fail("start_time", "applies only to protocol = \"flux-protocol\" (per-second interest)");
    config.start_time = static_cast<std::uint64_t>(*start_time);
  }
  config.block_interval_ms =
      static_cast<std::uint64_t>(top.integer("block_interval_ms", min_block_interval_ms, max_block_interval_ms)
                                     .value_or(default_block_interval_ms));
  config.blocks_per_year =
      static_cast<std::uint64_t>(top.integer("blocks_per_year", 1, int64_max).value_or(default_blocks_per_year));
  config.rule_version =
      static_cast<std::uint32_t>(top.integer("rule_version", rule_version_initial, rule_version_supported).value_or(1));
  config.start_block = static_cast<std::uint64_t>(top.integer("start_block", 0, int64_max).value_or(0));
  if (flux_protocol) {
    refuse_compound_keys(top);
    config.flux_protocol = parse_flux_protocol(parser, top);
  } else if (top.table("flux_protocol")) {
    top.fail("flux_protocol", "applies only to protocol = \"flux-protocol\"");
  }
  config.close_factor = bounded_mantissa(top, "close_factor", default_close_factor, min_close_factor, max_close_factor,
                                         config.close_factor_where);
  config.liquidation_incentive =
      bounded_mantissa(top, "liquidation_incentive", default_liquidation_incentive, min_liquidation_incentive,
                       max_liquidation_incentive, config.liquidation_incentive_where);
  config.transfer_paused = top.boolean("transfer_paused").value_or(false);
  config.transfer_paused_where = top.location_of("transfer_paused");
  config.seize_paused = top.boolean("seize_paused").value_or(false);
  config.seize_paused_where = top.location_of("seize_paused");

  config.roles = parse_roles(parser, top, flux_protocol);
  if (flux_protocol) {
    // The Guard takes over positions nobody liquidates and is never liquidated itself:
    // an account with another part to play would mix its own funds into that book.
    const FluxProtocolConfig& fp = *config.flux_protocol;
    if (fp.guard == config.roles.admin || fp.guard == config.roles.oracle || fp.guard == fp.team)
      parser.fail(Location{"flux_protocol.guard", fp.where.line},
                  "the Guard must be an account of its own, not the admin, the oracle or the team");
  }

  for_each_table(parser, top.array("assets"), "assets", [&](Table& t) {
    AssetSpec asset = parse_asset(t);
    for (const auto& other : config.assets)
      if (other.symbol == asset.symbol)
        t.fail("symbol", "duplicate asset symbol \"" + asset.symbol + "\" (also " + other.where.path + ")");
    if (config.assets.size() == max_assets)
      parser.fail(asset.where, "too many assets: the engine holds at most " + std::to_string(max_assets));
    if (flux_protocol && asset.permissioned)
      parser.fail(Location{asset.where.path + ".permissioned", asset.where.line},
                  "applies only to protocol = \"compound\" (KYC groups)");
    config.assets.push_back(std::move(asset));
  });

  for_each_table(parser, top.array("markets"), "markets", [&](Table& t) {
    MarketSpec market = flux_protocol ? parse_pool(t, config.assets) : parse_market(parser, t, config.assets);
    for (const auto& other : config.markets)
      if (other.symbol == market.symbol)
        t.fail("symbol", "duplicate market symbol \"" + market.symbol + "\" (also " + other.where.path + ")");
    config.markets.push_back(std::move(market));
  });

  for_each_table(parser, top.array("balances"), "balances", [&](Table& t) {
    BalanceSpec balance;
    balance.where = t.here();
    balance.account = t.required_address("account");
    const AssetSpec& asset = asset_named(t, "asset", config.assets);
    balance.asset = asset.symbol;
    t.required("amount");
    balance.amount = *t.decimal("amount", asset.decimals);
    config.balances.push_back(std::move(balance));
  });

  for_each_table(parser, top.array("kyc"), "kyc", [&](Table& t) {
    KycGrant grant;
    grant.where = t.here();
    grant.account = t.required_address("account");
    grant.group = static_cast<std::uint32_t>(t.required_integer("group", 0, std::numeric_limits<std::uint32_t>::max()));
    config.kyc.push_back(std::move(grant));
  });

  if (top.table("governance")) {
    config.governance = parse_governance(parser, top, config.assets, config.markets);
    if (config.governance->timelock == config.roles.locked_supply_holder)
      parser.fail(Location{"governance.timelock", config.governance->where.line},
                  "the timelock cannot be the locked supply holder");
  }
  for_each_table(parser, top.array("delegations"), "delegations", [&](Table& t) {
    DelegationSpec d;
    d.where = t.here();
    if (!config.governance) parser.fail(d.where, "delegations need a [governance] section");
    d.account = t.required_address("account");
    d.delegatee = t.required_address("delegatee");
    config.delegations.push_back(std::move(d));
  });

  if (const toml::array* list = top.array("sanctions")) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      const toml::node& node = *list->get(i);
      const std::string path = "sanctions[" + std::to_string(i) + "]";
      config.sanctions.push_back(Sanction{Table::address_value(parser, node, path), Parser::at(path, &node)});
    }
  }

  top.done();
  return config;
}

}  // namespace

GenesisError::GenesisError(const std::string& source, Location where, std::string problem,
                           std::optional<Error> engine_error)
    : std::runtime_error(where_text(source, where, problem)),
      where_(std::move(where)),
      problem_(std::move(problem)),
      engine_error_(engine_error) {}

const std::vector<std::string>& template_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& t : templates) out.emplace_back(t.name);
    return out;
  }();
  return names;
}

MarketSpec template_defaults(std::string_view template_name, std::uint8_t decimals) {
  for (const auto& t : templates) {
    if (t.name != template_name) continue;
    MarketSpec m;
    m.template_name = std::string(t.name);
    m.collateral_factor = decimal_constant(t.collateral_factor, mantissa_scale);
    m.reserve_factor = decimal_constant(t.reserve_factor, mantissa_scale);
    m.protocol_seize_share = decimal_constant(t.protocol_seize_share, mantissa_scale);
    m.rate_model.kind = RateModelKind::jump;
    m.rate_model.base_per_year = decimal_constant(t.base, mantissa_scale);
    m.rate_model.multiplier_per_year = decimal_constant(t.multiplier, mantissa_scale);
    m.rate_model.jump_multiplier_per_year = decimal_constant(t.jump, mantissa_scale);
    m.rate_model.kink = decimal_constant(t.kink, mantissa_scale);
    m.access = t.access;
    m.kyc_group = t.kyc_group;
    m.borrow_paused = t.borrow_paused;
    m.initial_exchange_rate = decimal_constant(default_initial_exchange_rate, exchange_rate_scale(decimals));
    m.seed = decimal_constant(default_seed, decimals);
    return m;
  }
  throw std::invalid_argument("unknown market template \"" + std::string(template_name) + "\"");
}

std::optional<std::string> normalise_address(std::string_view text) {
  if (text.size() != 42 || text[0] != '0' || text[1] != 'x') return std::nullopt;
  std::string out = "0x";
  for (char c : text.substr(2)) {
    if (c >= '0' && c <= '9') out += c;
    else if (c >= 'a' && c <= 'f') out += c;
    else if (c >= 'A' && c <= 'F') out += static_cast<char>(c - 'A' + 'a');
    else return std::nullopt;
  }
  return out;
}

GenesisConfig parse_genesis_config(std::string_view toml_text, std::string source_name, const ParseOptions& options) {
  const Parser parser(std::move(source_name), options);
  toml::table document;
  try {
    document = toml::parse(toml_text, std::string_view(parser.source()));
  } catch (const toml::parse_error& e) {
    parser.fail(
        Location{"", e.source().begin.line},
        "TOML syntax error at column " + std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
  return parse_document(parser, document);
}

GenesisConfig load_genesis_config(const std::string& path, const ParseOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw GenesisError(path, Location{}, std::string("cannot read the file: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw GenesisError(path, Location{}, "cannot read the file");
  return parse_genesis_config(text.str(), path, options);
}

}  // namespace flux::genesis
