// Parsing: defaults, templates and overrides, and an error naming the TOML path for
// every kind of bad input.
#include "genesis_test_support.hpp"

#include "node/genesis/decimal.hpp"

namespace flux::genesis {
namespace {

using test::line_of;
using test::minimal_toml;
using test::parse_error;
using test::with;

U256 mantissa(std::string_view text) { return std::get<U256>(parse_scaled_decimal(text, 18)); }
U256 u(std::string_view digits) { return *parse_u256(digits); }

GenesisConfig parse(const std::string& text) { return parse_genesis_config(text, "test.toml"); }

TEST(GenesisConfigParse, DefaultsOfTheTopLevel) {
  const GenesisConfig c = parse(minimal_toml);
  EXPECT_EQ(c.chain_id, 7U);
  EXPECT_EQ(c.block_interval_ms, 1000U);
  EXPECT_EQ(c.blocks_per_year, 2'628'000U);
  EXPECT_EQ(c.rule_version, 1U);  // a file that does not say starts under the rules chains always had
  EXPECT_EQ(c.start_block, 0U);
  EXPECT_EQ(c.close_factor, U256(500'000'000'000'000'000ULL));
  EXPECT_EQ(c.liquidation_incentive, U256(1'050'000'000'000'000'000ULL));
  EXPECT_FALSE(c.transfer_paused);
  EXPECT_FALSE(c.seize_paused);
  EXPECT_EQ(c.roles.locked_supply_holder, "0x000000000000000000000000000000000000dead");
  EXPECT_FALSE(c.roles.sanctions_admin);
  EXPECT_TRUE(c.roles.kyc_group_admins.empty());
  EXPECT_TRUE(c.kyc.empty());
  EXPECT_TRUE(c.sanctions.empty());
  ASSERT_EQ(c.assets.size(), 2U);
  EXPECT_FALSE(c.assets[0].permissioned);
  EXPECT_FALSE(c.assets[0].issuer);
  ASSERT_EQ(c.balances.size(), 1U);
  EXPECT_EQ(c.balances[0].amount, U256(1'000'000'000ULL));  // 1000 USDC
  EXPECT_EQ(c.markets[1].where.path, "markets[1]");
  EXPECT_EQ(c.markets[1].where.line, line_of(minimal_toml, "[[markets]]\nsymbol = \"fWETH\""));
}

TEST(GenesisConfigParse, StablecoinTemplateIsFluxFinanceProduction) {
  const MarketSpec m = template_defaults("stablecoin", 6);
  EXPECT_EQ(m.collateral_factor, mantissa("0.85"));
  EXPECT_EQ(m.reserve_factor, U256(0));
  EXPECT_EQ(m.protocol_seize_share, U256(17'500'000'000'000'000ULL));  // 1.75%
  EXPECT_EQ(m.rate_model.kind, RateModelKind::jump);
  EXPECT_EQ(m.rate_model.base_per_year, U256(0));
  EXPECT_EQ(m.rate_model.multiplier_per_year, U256(38'300'000'000'000'000ULL));
  EXPECT_EQ(m.rate_model.jump_multiplier_per_year, U256(350'000'000'000'000'000ULL));
  EXPECT_EQ(m.rate_model.kink, U256(900'000'000'000'000'000ULL));
  EXPECT_EQ(m.access, Access::permissionless);
  EXPECT_EQ(m.kyc_group, 1U);
  EXPECT_FALSE(m.borrow_paused);
  EXPECT_FALSE(m.mint_paused);
  EXPECT_EQ(m.initial_exchange_rate, U256(200'000'000'000'000ULL));  // 2e14 for 6 decimals
  EXPECT_EQ(m.seed, U256(1'000'000));                                // 1 USDC
  EXPECT_EQ(m.price, U256(0));
  EXPECT_EQ(m.borrow_cap, U256(0));
  EXPECT_EQ(m.supply_cap, U256(0));
  EXPECT_EQ(template_defaults("stablecoin", 18).initial_exchange_rate, u("200000000000000000000000000"));  // 2e26
}

TEST(GenesisConfigParse, PermissionedFundTemplateIsFluxFinanceOusg) {
  const MarketSpec m = template_defaults("permissioned-fund", 18);
  EXPECT_EQ(m.collateral_factor, mantissa("0.92"));
  EXPECT_EQ(m.reserve_factor, U256(0));
  EXPECT_EQ(m.protocol_seize_share, U256(0));
  EXPECT_EQ(m.access, Access::permissioned);
  EXPECT_EQ(m.kyc_group, 1U);
  EXPECT_TRUE(m.borrow_paused);  // collateral only
  EXPECT_FALSE(m.mint_paused);
  EXPECT_EQ(m.rate_model, template_defaults("stablecoin", 18).rate_model);  // one model for all markets
  EXPECT_EQ(m.initial_exchange_rate, u("200000000000000000000000000"));
  EXPECT_EQ(m.seed, mantissa("1"));
}

TEST(GenesisConfigParse, VolatileTemplateIsCompoundLike) {
  const MarketSpec m = template_defaults("volatile", 8);
  EXPECT_EQ(m.collateral_factor, mantissa("0.7"));
  EXPECT_EQ(m.reserve_factor, mantissa("0.2"));
  EXPECT_EQ(m.protocol_seize_share, mantissa("0.028"));
  EXPECT_EQ(m.rate_model.kind, RateModelKind::jump);
  EXPECT_EQ(m.rate_model.base_per_year, mantissa("0.02"));
  EXPECT_EQ(m.rate_model.multiplier_per_year, mantissa("0.23"));
  EXPECT_EQ(m.rate_model.jump_multiplier_per_year, mantissa("1"));
  EXPECT_EQ(m.rate_model.kink, mantissa("0.8"));
  EXPECT_EQ(m.access, Access::permissionless);
  EXPECT_FALSE(m.borrow_paused);
  EXPECT_EQ(m.initial_exchange_rate, U256(20'000'000'000'000'000ULL));  // 2e16 = 2 * 10^(8 + 8)
  EXPECT_EQ(m.seed, U256(100'000'000));
  EXPECT_THROW(template_defaults("nope", 18), std::invalid_argument);
  EXPECT_EQ(template_names(), (std::vector<std::string>{"stablecoin", "volatile", "permissioned-fund"}));
}

TEST(GenesisConfigParse, EveryTemplateFieldCanBeOverridden) {
  const std::string text =
      with(minimal_toml, "template = \"volatile\"\nprice = \"2000\"\ncollateral_factor = \"0.75\"\n",
           R"(template = "permissioned-fund"
collateral_factor = "0.5"
reserve_factor = "0.1"
protocol_seize_share = "0.03"
access = "open"
kyc_group = 7
borrow_cap = "500000"
supply_cap = "1000000.5"
initial_exchange_rate = "0.5"
price = "2000.123456"
price_cap = "2500"
seed = "0.25"
mint_paused = true
borrow_paused = false
rate_model = { kind = "linear", base_per_year = "0.01", multiplier_per_year = "0.2" }
)");
  const MarketSpec m = parse(text).markets[1];
  EXPECT_EQ(m.template_name, "permissioned-fund");
  EXPECT_EQ(m.collateral_factor, mantissa("0.5"));
  EXPECT_EQ(m.reserve_factor, mantissa("0.1"));
  EXPECT_EQ(m.protocol_seize_share, mantissa("0.03"));
  EXPECT_EQ(m.access, Access::open);
  EXPECT_EQ(m.kyc_group, 7U);
  EXPECT_EQ(m.borrow_cap, u("500000000000000000000000"));             // 5e5 * 1e18
  EXPECT_EQ(m.supply_cap, u("1000000500000000000000000"));            // 1000000.5 * 1e18
  EXPECT_EQ(m.initial_exchange_rate, u("5" + std::string(27, '0')));  // 0.5 * 10^28
  EXPECT_EQ(m.price, u("2000123456000000000000"));                    // 2000.123456 * 1e18
  EXPECT_EQ(m.price_cap, u("2500000000000000000000"));
  EXPECT_EQ(m.seed, U256(250'000'000'000'000'000ULL));
  EXPECT_TRUE(m.mint_paused);
  EXPECT_FALSE(m.borrow_paused);
  EXPECT_EQ(m.rate_model.kind, RateModelKind::linear);
  EXPECT_EQ(m.rate_model.base_per_year, mantissa("0.01"));
  EXPECT_EQ(m.rate_model.multiplier_per_year, mantissa("0.2"));
  EXPECT_EQ(m.rate_model.jump_multiplier_per_year, U256(0));  // dropped with the jump kind
  EXPECT_EQ(m.rate_model.kink, U256(0));
}

TEST(GenesisConfigParse, ARateModelOverrideKeepsTheTemplatesOtherFields) {
  const std::string text = with(minimal_toml, "collateral_factor = \"0.75\"\n",
                                "collateral_factor = \"0.75\"\n[markets.rate_model]\nkink = \"0.85\"\n");
  const MarketSpec m = parse(text).markets[1];
  RateModelParams expected = template_defaults("volatile", 18).rate_model;
  expected.kink = mantissa("0.85");
  EXPECT_EQ(m.rate_model, expected);
}

TEST(GenesisConfigParse, TomlIntegersAreAcceptedForDecimals) {
  const std::string text = with(minimal_toml, "amount = \"1000\"", "amount = 1000");
  EXPECT_EQ(parse(text).balances[0].amount, U256(1'000'000'000ULL));
}

TEST(GenesisConfigParse, PricesAreConvertedToCompoundsOracleUnit) {
  const GenesisConfig c = parse(minimal_toml);
  EXPECT_EQ(c.markets[0].price, u("1" + std::string(30, '0')));     // USDC: 1 * 10^(36-6)
  EXPECT_EQ(c.markets[1].price, u("2000" + std::string(18, '0')));  // WETH: 2000 * 10^(36-18)
  // A price may have up to 36 - decimals places: 30 for USDC.
  EXPECT_EQ(parse(with(minimal_toml, "price = \"1\"", "price = \"0.000000000000000000000000000001\"")).markets[0].price,
            U256(1));
  parse_error(with(minimal_toml, "price = \"1\"", "price = \"0.0000000000000000000000000000001\""), "markets[0].price",
              "at most 30");
}

TEST(GenesisConfigParse, AddressesAreNormalisedToLowercase) {
  const std::string text =
      with(minimal_toml, "0x5000000000000000000000000000000000000005", "0xABCDEF0000000000000000000000000000000005");
  EXPECT_EQ(parse(text).balances[0].account, "0xabcdef0000000000000000000000000000000005");
  EXPECT_EQ(normalise_address("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
            "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
  EXPECT_FALSE(normalise_address("0Xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
  EXPECT_FALSE(normalise_address("f39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
}

TEST(GenesisConfigParse, TheChecksumHookIsAskedAboutMixedCaseOnly) {
  std::vector<std::string> asked;
  ParseOptions options;
  options.checksum_valid = [&asked](std::string_view a) {
    asked.emplace_back(a);
    return a != "0xaBcdef0000000000000000000000000000000005";
  };
  parse_genesis_config(minimal_toml, "test.toml", options);  // all lowercase: nothing to ask
  EXPECT_TRUE(asked.empty());
  parse_genesis_config(
      with(minimal_toml, "0x5000000000000000000000000000000000000005", "0xABCDEF0000000000000000000000000000000005"),
      "test.toml", options);  // all uppercase: no checksum either
  EXPECT_TRUE(asked.empty());
  parse_genesis_config(
      with(minimal_toml, "0x5000000000000000000000000000000000000005", "0xAbcdef0000000000000000000000000000000005"),
      "test.toml", options);
  EXPECT_EQ(asked, std::vector<std::string>{"0xAbcdef0000000000000000000000000000000005"});
  parse_error(
      with(minimal_toml, "0x5000000000000000000000000000000000000005", "0xaBcdef0000000000000000000000000000000005"),
      "balances[0].account", "not a valid EIP-55 checksum", options);
}

// ---- Errors, each naming its TOML path -----------------------------------------------

TEST(GenesisConfigErrors, NamesThePathAndLineOfABadDecimal) {
  const std::string text = with(minimal_toml, "collateral_factor = \"0.75\"", "collateral_factor = \"0.7.5\"");
  const GenesisError e = parse_error(text, "markets[1].collateral_factor", "not a decimal number (\"0.7.5\")");
  EXPECT_EQ(e.where().line, line_of(text, "collateral_factor"));
  EXPECT_EQ(std::string(e.what()).rfind(
                "test.toml:" + std::to_string(e.where().line) + ": markets[1].collateral_factor: ", 0),
            0U)
      << e.what();
  EXPECT_FALSE(e.engine_error());
}

TEST(GenesisConfigErrors, EveryKindOfBadDecimal) {
  const std::string path = "markets[1].collateral_factor";
  auto cf = [](std::string_view value) {
    return with(minimal_toml, "collateral_factor = \"0.75\"", "collateral_factor = " + std::string(value));
  };
  parse_error(cf("\"\""), path, "is empty");
  parse_error(cf("\"-0.5\""), path, "negative");
  parse_error(cf("-1"), path, "negative");
  parse_error(cf("\"1e-1\""), path, "exponent");
  parse_error(cf("\"abc\""), path, "not a decimal number");
  parse_error(cf("\"0.1234567890123456789\""), path, "at most 18");
  parse_error(cf("\"1" + std::string(60, '0') + "\""), path, "256 bits");
  parse_error(cf("0.75"), path, "TOML float");
  parse_error(cf("true"), path, "got a boolean");
  parse_error(with(minimal_toml, "amount = \"1000\"", "amount = \"0.0000001\""), "balances[0].amount", "at most 6");
  parse_error(with(minimal_toml, "price = \"2000\"", "price = \"2000\"\nseed = \"1.5e3\""), "markets[1].seed",
              "exponent");
}

TEST(GenesisConfigErrors, BadAddresses) {
  parse_error(with(minimal_toml, "0x5000000000000000000000000000000000000005", "0x50"), "balances[0].account",
              "not an address");
  parse_error(
      with(minimal_toml, "0x5000000000000000000000000000000000000005", "0xg000000000000000000000000000000000000005"),
      "balances[0].account", "40 hex digits");
  parse_error(with(minimal_toml, "\"0x1000000000000000000000000000000000000001\"",
                   "\"1000000000000000000000000000000000000001\""),
              "roles.admin", "not an address");
  parse_error(with(minimal_toml, "\"0x1000000000000000000000000000000000000001\"", "1"), "roles.admin",
              "got an integer");
  parse_error(with(minimal_toml, "chain_id = 7", "chain_id = 7\nsanctions = [\"0x12\"]"), "sanctions[0]",
              "not an address");
}

TEST(GenesisConfigErrors, NodeBoundsOnCloseFactorAndIncentive) {
  auto top = [](std::string_view line) {
    return with(minimal_toml, "chain_id = 7", "chain_id = 7\n" + std::string(line));
  };
  parse_error(top("close_factor = \"0.95\""), "close_factor", "is \"0.95\", outside the node's bounds [0.05, 0.9]");
  parse_error(top("close_factor = 1"), "close_factor", "is 1, outside");
  parse_error(top("close_factor = \"0.049999\""), "close_factor", "bounds");
  parse_error(top("liquidation_incentive = \"1.6\""), "liquidation_incentive", "outside the node's bounds [1.0, 1.5]");
  parse_error(top("liquidation_incentive = \"0.99\""), "liquidation_incentive", "bounds");
  // The bounds are inclusive.
  EXPECT_EQ(parse(top("close_factor = \"0.05\"")).close_factor, mantissa("0.05"));
  EXPECT_EQ(parse(top("close_factor = \"0.9\"")).close_factor, mantissa("0.9"));
  EXPECT_EQ(parse(top("liquidation_incentive = \"1\"")).liquidation_incentive, mantissa("1"));
  EXPECT_EQ(parse(top("liquidation_incentive = \"1.5\"")).liquidation_incentive, mantissa("1.5"));
}

TEST(GenesisConfigErrors, IntegerFields) {
  auto top = [](std::string_view line) {
    return with(minimal_toml, "chain_id = 7", "chain_id = 7\n" + std::string(line));
  };
  parse_error(top("block_interval_ms = 5"), "block_interval_ms", "outside the allowed range [10, 60000]");
  parse_error(top("block_interval_ms = 60001"), "block_interval_ms", "range");
  parse_error(top("block_interval_ms = \"1000\""), "block_interval_ms", "expected an integer, got a string");
  parse_error(top("blocks_per_year = 0"), "blocks_per_year", "range");
  parse_error(top("start_block = -1"), "start_block", "range");
  parse_error(with(minimal_toml, "chain_id = 7", "chain_id = 0"), "chain_id", "range");
  parse_error(with(minimal_toml, "chain_id = 7", "chain_id = 7.0"), "chain_id", "got a float");
  parse_error(with(minimal_toml, "decimals = 6", "decimals = 37"), "assets[0].decimals", "[0, 36]");
  EXPECT_EQ(parse(top("start_block = 1")).start_block, 1U);
  // rule_version: 1 (flat state hash) or 2 (state root); nothing this build does not implement.
  EXPECT_EQ(parse(top("rule_version = 2")).rule_version, 2U);
  parse_error(top("rule_version = 0"), "rule_version", "outside the allowed range [1, 2]");
  parse_error(top("rule_version = 3"), "rule_version", "outside the allowed range [1, 2]");
}

TEST(GenesisConfigErrors, MissingRequiredFields) {
  parse_error(with(minimal_toml, "chain_id = 7\n", ""), "chain_id", "is missing");
  parse_error(with(minimal_toml, "admin = \"0x1000000000000000000000000000000000000001\"\n", ""), "roles.admin",
              "is missing");
  parse_error(with(minimal_toml, "template = \"volatile\"\n", ""), "markets[1].template", "is missing");
  parse_error(with(minimal_toml, "symbol = \"fUSDC\"", "symbol = \"\""), "markets[0].symbol", "is empty");
  const std::string no_roles =
      minimal_toml.substr(0, minimal_toml.find("[roles]")) + minimal_toml.substr(minimal_toml.find("[[assets]]"));
  parse_error(no_roles, "roles", "is missing");
}

TEST(GenesisConfigErrors, UnknownTemplateAssetAndKeys) {
  parse_error(with(minimal_toml, "template = \"volatile\"", "template = \"meme\""), "markets[1].template",
              "unknown template \"meme\"; expected one of: stablecoin, volatile, permissioned-fund");
  parse_error(with(minimal_toml, "asset = \"WETH\"", "asset = \"WBTC\""), "markets[1].asset",
              "unknown asset \"WBTC\"; the [[assets]] symbols are: USDC, WETH");
  parse_error(with(minimal_toml, "asset = \"USDC\"\namount", "asset = \"EURC\"\namount"), "balances[0].asset",
              "unknown asset \"EURC\"");
  parse_error(with(minimal_toml, "collateral_factor = \"0.75\"", "colateral_factor = \"0.75\""),
              "markets[1].colateral_factor", "unknown key \"colateral_factor\"");
  parse_error(with(minimal_toml, "chain_id = 7", "chain_id = 7\nchainid = 8"), "chainid", "unknown key");
  parse_error(with(minimal_toml, "[roles]\n", "[roles]\nowner = \"0x1000000000000000000000000000000000000001\"\n"),
              "roles.owner", "unknown key");
  parse_error(
      with(minimal_toml, "price = \"2000\"", "price = \"2000\"\nrate_model = { kink = \"0.8\", slope = \"1\" }"),
      "markets[1].rate_model.slope", "unknown key");
}

TEST(GenesisConfigErrors, DuplicateSymbols) {
  parse_error(with(minimal_toml, "symbol = \"WETH\"", "symbol = \"USDC\""), "assets[1].symbol",
              "duplicate asset symbol \"USDC\" (also assets[0])");
  parse_error(with(minimal_toml, "symbol = \"fWETH\"", "symbol = \"fUSDC\""), "markets[1].symbol",
              "duplicate market symbol \"fUSDC\" (also markets[0])");
}

TEST(GenesisConfigErrors, RateModelAccessAndKycGroup) {
  auto market = [](std::string_view lines) {
    return with(minimal_toml, "price = \"2000\"", "price = \"2000\"\n" + std::string(lines));
  };
  parse_error(market("rate_model = { kind = \"cubic\" }"), "markets[1].rate_model.kind",
              "unknown rate model \"cubic\"");
  parse_error(market("rate_model = { kind = \"linear\", kink = \"0.8\" }"), "markets[1].rate_model.kink",
              "only to a \"jump\"");
  parse_error(market("rate_model = { kink = \"0\" }"), "markets[1].rate_model.kink", "non-zero kink");
  parse_error(market("rate_model = \"jump\""), "markets[1].rate_model", "expected a table");
  parse_error(market("access = \"private\""), "markets[1].access", "unknown access mode \"private\"");
  parse_error(market("kyc_group = -1"), "markets[1].kyc_group", "range");
  parse_error(with(minimal_toml, "decimals = 6", "decimals = 6\nkyc_group = 2"), "assets[0].kyc_group",
              "only to a permissioned asset");
  const GenesisConfig c = parse(with(minimal_toml, "decimals = 6", "decimals = 6\npermissioned = true"));
  EXPECT_TRUE(c.assets[0].permissioned);
  EXPECT_EQ(c.assets[0].kyc_group, 1U);  // the default group of a permissioned asset
}

TEST(GenesisConfigErrors, KycAdminsAndGrants) {
  const std::string admins = with(minimal_toml, "[[assets]]\nsymbol = \"USDC\"",
                                  "[roles.kyc_group_admins]\n1 = \"0x6000000000000000000000000000000000000006\"\n"
                                  "\n[[assets]]\nsymbol = \"USDC\"");
  EXPECT_EQ(parse(admins).roles.kyc_group_admins.at(1), "0x6000000000000000000000000000000000000006");
  parse_error(with(admins, "1 = \"0x6", "one = \"0x6"), "roles.kyc_group_admins.one", "KYC group number");
  parse_error(with(admins, "1 = \"0x6", "4294967296 = \"0x6"), "roles.kyc_group_admins.4294967296", "KYC group number");
  parse_error(minimal_toml + "\n[[kyc]]\naccount = \"0x5000000000000000000000000000000000000005\"\n", "kyc[0].group",
              "is missing");
  parse_error(minimal_toml + "\n[[kyc]]\naccount = \"0x5000000000000000000000000000000000000005\"\ngroup = \"1\"\n",
              "kyc[0].group", "expected an integer");
}

TEST(GenesisConfigErrors, TomlSyntaxErrorsNameTheLine) {
  const std::string text = with(minimal_toml, "price = \"1\"", "price = \"1");
  const GenesisError e = parse_error(text, "", "TOML syntax error");
  EXPECT_EQ(e.where().line, line_of(text, "price = \"1\n"));
  EXPECT_EQ(std::string(e.what()).rfind("test.toml:" + std::to_string(e.where().line) + ": TOML syntax error", 0), 0U)
      << e.what();
}

TEST(GenesisConfigErrors, AMissingFileNamesIt) {
  try {
    load_genesis_config("/nonexistent/flux-genesis.toml");
    FAIL() << "no error";
  } catch (const GenesisError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/flux-genesis.toml: cannot read the file"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace flux::genesis
