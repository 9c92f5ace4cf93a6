// A Flux Protocol genesis (protocol = "flux-protocol"): the deployment's settings and
// pools, the shipped dev file config/dev-flux.toml, and an error naming its TOML path
// for each bad input.
#include "genesis_test_support.hpp"

#include "crypto/address.hpp"
#include "engine/engine.hpp"
#include "engine/flux_protocol/fix_names.hpp"
#include "engine/numbers/mantissa.hpp"
#include "node/genesis/dev_config.hpp"
#include "node/genesis/genesis.hpp"

#include <fstream>
#include <sstream>

namespace flux::genesis {
namespace {

using test::parse_error;
using test::with;

U256 e18(std::uint64_t n) { return U256(n) * mantissa_one(); }

const std::string pools_toml = R"(protocol = "flux-protocol"
chain_id = 9
start_time = 1600000000

[roles]
admin = "0x1000000000000000000000000000000000000001"
oracle = "0x2000000000000000000000000000000000000002"

[flux_protocol]
guard = "0x6000000000000000000000000000000000000006"
team = "0x7000000000000000000000000000000000000007"
liquidation_fee = "0.05"

[[assets]]
symbol = "USDT"
decimals = 18

[[assets]]
symbol = "WBTC"
decimals = 8

[[markets]]
symbol = "fUSDT"
asset = "USDT"
collateral_ratio = "1.25"
price = "1"

[[markets]]
symbol = "fWBTC"
asset = "WBTC"
collateral_ratio = "1.5"
tax_rate = "0.2"
price = "30000"

[[balances]]
account = "0x5000000000000000000000000000000000000005"
asset = "WBTC"
amount = "2.5"
)";

TEST(GenesisFluxProtocol, BuildsTheDeploymentAndItsPools) {
  const Genesis g = build_genesis(parse_genesis_config(pools_toml, "test.toml"));
  const State& s = g.state;
  EXPECT_EQ(s.protocol, Protocol::flux_protocol);
  EXPECT_EQ(s.time, 1'600'000'000U);
  const flux_protocol::Settings& p = s.protocol_settings;
  EXPECT_EQ(p.tax_rate, e18(1) / 10);               // the default, the reference's 10%
  EXPECT_EQ(p.liquidation_fee_rate, e18(5) / 100);  // the file's 5%
  EXPECT_EQ(s.account_names[p.guard], "0x6000000000000000000000000000000000000006");
  EXPECT_EQ(s.account_names[p.team], "0x7000000000000000000000000000000000000007");
  EXPECT_EQ(p.fixes, flux_protocol::Fixes{});  // every fix on
  // The pause guardian and compliance default to the admin.
  EXPECT_EQ(s.roles.pause_guardian, s.roles.admin);
  EXPECT_EQ(s.roles.compliance, s.roles.admin);
  ASSERT_EQ(s.markets.size(), 2U);
  const Market& usdt = s.markets[0];
  const Market& wbtc = s.markets[1];
  EXPECT_EQ(usdt.pool.collateral_ratio, e18(125) / 100);
  EXPECT_EQ(usdt.pool.tax_rate, U256(0));  // the deployment's
  EXPECT_EQ(wbtc.pool.tax_rate, e18(2) / 10);
  // An empty pool accruing from the genesis's time, one underlying unit per fToken.
  EXPECT_EQ(wbtc.book.total_supply, U256(0));
  EXPECT_EQ(wbtc.book.accrual_block, 1'600'000'000U);
  EXPECT_EQ(wbtc.config.initial_exchange_rate, mantissa_one());
  // Prices in Compound's oracle unit: 30,000 USD for 10^8 units is 30,000 x 10^28.
  EXPECT_EQ(wbtc.config.price, U256(30'000) * pow10(28));
  // 2.5 WBTC, from the admin's faucet.
  const AccountId holder = *s.find_account("0x5000000000000000000000000000000000000005");
  EXPECT_EQ(s.accounts[holder].wallet_balance(1), U256(250'000'000));
}

TEST(GenesisFluxProtocol, AFixCanBeSwitchedOff) {
  const std::string text = with(pools_toml, "liquidation_fee = \"0.05\"",
                                "liquidation_fee = \"0.05\"\n[flux_protocol.fixes]\nredeem_rounds_up = false");
  const GenesisConfig c = parse_genesis_config(text, "test.toml");
  flux_protocol::Fixes expected;
  expected.redeem_rounds_up = false;
  EXPECT_EQ(c.flux_protocol->fixes, expected);
  parse_error(with(pools_toml, "liquidation_fee = \"0.05\"", "[flux_protocol.fixes]\nrounds_up = false"),
              "flux_protocol.fixes.rounds_up", "unknown key");
}

TEST(GenesisFluxProtocol, EveryFixHasAName) {
  flux_protocol::Fixes all_off = flux_protocol::reference_rules();
  for (const auto& fix : flux_protocol::fix_names) all_off.*fix.field = true;
  EXPECT_EQ(all_off, flux_protocol::Fixes{});  // switching each named one on gives every fix
}

TEST(GenesisFluxProtocolErrors, EachNamesItsPath) {
  parse_error(with(pools_toml, "protocol = \"flux-protocol\"", "protocol = \"aave\""), "protocol",
              "expected \"compound\" or \"flux-protocol\"");
  parse_error(with(pools_toml, "[flux_protocol]\nguard = \"0x6000000000000000000000000000000000000006\"\n", ""),
              "flux_protocol", "needs a [flux_protocol] table");
  parse_error(with(pools_toml, "guard = \"0x6000000000000000000000000000000000000006\"\n", ""), "flux_protocol.guard",
              "is missing");
  parse_error(with(pools_toml, "liquidation_fee = \"0.05\"", "liquidation_fee = \"0.11\""),
              "flux_protocol.liquidation_fee", "outside the node's bounds [0, 0.1]");
  parse_error(with(pools_toml, "liquidation_fee = \"0.05\"", "tax_rate = \"1.5\""), "flux_protocol.tax_rate",
              "outside the node's bounds [0, 1]");
  parse_error(with(pools_toml, "collateral_ratio = \"1.25\"", "collateral_ratio = \"1\""),
              "markets[0].collateral_ratio", "must be above 1 and at most 10");
  parse_error(with(pools_toml, "collateral_ratio = \"1.25\"", "collateral_ratio = \"0.8\""),
              "markets[0].collateral_ratio", "must be above 1 and at most 10");
  parse_error(with(pools_toml, "collateral_ratio = \"1.25\"", "collateral_ratio = \"10.5\""),
              "markets[0].collateral_ratio", "must be above 1 and at most 10");
  parse_error(with(pools_toml, "collateral_ratio = \"1.25\"", "collateral_ratio = \"1.25\"\nprice_cap = \"2\""),
              "markets[0].price_cap", "unknown key");
  parse_error(with(pools_toml, "guard = \"0x6000000000000000000000000000000000000006\"",
                   "guard = \"0x2000000000000000000000000000000000000002\""),
              "flux_protocol.guard", "an account of its own");
  parse_error(with(pools_toml, "guard = \"0x6000000000000000000000000000000000000006\"",
                   "guard = \"0x7000000000000000000000000000000000000007\""),
              "flux_protocol.guard", "an account of its own");
  parse_error(with(pools_toml, "chain_id = 9", "chain_id = 9\nblocks_per_year = 100"), "blocks_per_year",
              "applies only to protocol = \"compound\"");
  parse_error(with(pools_toml, "oracle = \"0x2000000000000000000000000000000000000002\"",
                   "oracle = \"0x2000000000000000000000000000000000000002\"\nsanctions_admin = "
                   "\"0x3000000000000000000000000000000000000003\""),
              "roles.sanctions_admin", "applies only to protocol = \"compound\"");
  parse_error(with(pools_toml, "collateral_ratio = \"1.25\"\n", ""), "markets[0].collateral_ratio", "is missing");
  parse_error(with(pools_toml, "tax_rate = \"0.2\"", "tax_rate = \"1.2\""), "markets[1].tax_rate",
              "outside the node's bounds [0, 1]");
  // Compound's market fields and settings are no part of a pool or of the deployment.
  parse_error(with(pools_toml, "tax_rate = \"0.2\"", "template = \"volatile\""), "markets[1].template", "unknown key");
  parse_error(with(pools_toml, "chain_id = 9", "chain_id = 9\nclose_factor = \"0.5\""), "close_factor",
              "applies only to protocol = \"compound\"");
  parse_error(with(pools_toml, "chain_id = 9", "chain_id = 9\nsanctions = []"), "sanctions",
              "applies only to protocol = \"compound\"");
  parse_error(with(pools_toml, "start_time = 1600000000", "start_time = -1"), "start_time", "outside the allowed");
  parse_error(
      with(pools_toml, "symbol = \"WBTC\"\ndecimals = 8", "symbol = \"WBTC\"\ndecimals = 8\npermissioned = true"),
      "assets[1].permissioned", "applies only to protocol = \"compound\"");
}

TEST(GenesisFluxProtocolErrors, CompoundFilesRefuseFluxProtocolsKeys) {
  parse_error(with(test::minimal_toml, "chain_id = 7", "chain_id = 7\nstart_time = 5"), "start_time",
              "applies only to protocol = \"flux-protocol\"");
  parse_error(test::minimal_toml + "\n[flux_protocol]\nguard = \"0x6000000000000000000000000000000000000006\"\n",
              "flux_protocol", "applies only to protocol = \"flux-protocol\"");
}

TEST(GenesisFluxProtocolDevConfig, EmbeddedTextEqualsTheFileAndBuilds) {
  std::ifstream in(FLUX_DEV_FLUX_TOML, std::ios::binary);
  ASSERT_TRUE(in) << FLUX_DEV_FLUX_TOML;
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_EQ(dev_flux_config_toml(), text.str());
  std::size_t asked = 0;
  ParseOptions options;
  options.checksum_valid = [&asked](std::string_view address) {
    ++asked;
    return crypto::parse_address(address).ok();
  };
  const GenesisConfig config = dev_flux_genesis_config(options);
  EXPECT_GE(asked, 6U);  // the dev accounts are written in EIP-55 form
  const Genesis g = build_genesis(config);
  EXPECT_EQ(g.state.protocol, Protocol::flux_protocol);
  EXPECT_EQ(g.state.markets.size(), 3U);
  EXPECT_EQ(g.state.protocol_settings.liquidation_fee_rate, e18(6) / 100);
  EXPECT_NE(g.state.protocol_settings.team, no_account);
}

}  // namespace
}  // namespace flux::genesis
