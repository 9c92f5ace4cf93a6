// Building the state: the shipped dev config's numbers derived by hand, engine
// refusals reported with their TOML location, invariants over every genesis step, and
// determinism.
#include "genesis_test_support.hpp"

#include "engine/engine.hpp"
#include "engine/invariants.hpp"
#include "engine/state_hash.hpp"
#include "node/genesis/dev_config.hpp"
#include "node/genesis/genesis.hpp"

namespace flux::genesis {
namespace {

using test::line_of;
using test::minimal_toml;
using test::with;

U256 e(unsigned zeros, std::uint64_t times = 1) { return U256(times) * *parse_u256("1" + std::string(zeros, '0')); }

constexpr const char* admin = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
constexpr const char* oracle = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
constexpr const char* guardian = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
constexpr const char* compliance = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
constexpr const char* alice = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";
constexpr const char* bob = "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc";
constexpr const char* carol = "0x976ea74026e726554db657fa54763abd0c3a0aa9";
constexpr const char* liquidator = "0x14dc79964da2c08b23698b3d3cc7ca32193d9955";
constexpr const char* issuer = "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f";
constexpr const char* dead = "0x000000000000000000000000000000000000dead";

const Account& account(const State& s, const char* name) {
  const auto id = s.find_account(name);
  EXPECT_TRUE(id) << name;
  return s.accounts.at(id.value_or(0));
}

Genesis build(const std::string& text) { return build_genesis(parse_genesis_config(text, "test.toml")); }

// Expects build_genesis to fail at `path` with the engine error `error`.
void expect_engine_error(const std::string& text, std::string_view path, Error error) {
  try {
    build(text);
    ADD_FAILURE() << "no error; expected " << error_name(error) << " at " << path;
  } catch (const GenesisError& ex) {
    EXPECT_EQ(ex.where().path, path) << ex.what();
    EXPECT_EQ(ex.engine_error(), error) << ex.what();
    EXPECT_NE(std::string(ex.what()).find(std::string(path) + ": the engine refused "), std::string::npos) << ex.what();
    EXPECT_NE(std::string(ex.what()).find(std::string(error_name(error))), std::string::npos) << ex.what();
  }
}

TEST(GenesisDevConfig, BuildsWithFluxFinanceNumbers) {
  const Genesis g = build_genesis(dev_genesis_config());
  const State& s = g.state;
  EXPECT_EQ(g.chain_id, 31337U);
  EXPECT_EQ(g.block_interval_ms, 1000U);
  EXPECT_EQ(s.block, 0U);
  EXPECT_EQ(s.blocks_per_year, U256(2'628'000));
  EXPECT_EQ(s.rule_version, 2U);                        // config/dev.toml: the state root is each block's state hash
  EXPECT_EQ(s.risk.close_factor, e(17, 5));             // 0.5
  EXPECT_EQ(s.risk.liquidation_incentive, e(16, 105));  // 1.05
  EXPECT_FALSE(s.risk.transfer_paused);
  EXPECT_FALSE(s.risk.seize_paused);

  // Roles, as lowercase addresses.
  // The genesis ran with the admin key, then made the timelock (no key) the admin.
  EXPECT_EQ(s.account_names.at(s.roles.admin), "0x000000000000000000000000000000000000f10c");
  EXPECT_EQ(s.roles.admin, s.governance.timelock);
  EXPECT_EQ(s.account_names.at(s.roles.oracle), oracle);
  EXPECT_EQ(s.account_names.at(s.roles.pause_guardian), guardian);
  EXPECT_EQ(s.account_names.at(s.roles.compliance), compliance);
  EXPECT_EQ(s.account_names.at(s.roles.locked_supply_holder), dead);
  EXPECT_EQ(s.roles.sanctions_admin, no_account);
  EXPECT_EQ(s.accounts.size(), 11U);  // the nine dev accounts, 0x…dEaD and the timelock

  // Assets: the three of the markets, then FLUX (governance) and WETH (no market yet).
  ASSERT_EQ(s.assets.size(), 5U);
  EXPECT_EQ(s.assets[3].symbol, "FLUX");
  EXPECT_EQ(s.assets[4].symbol, "WETH");
  EXPECT_EQ(s.assets[0].symbol, "USDC");
  EXPECT_EQ(s.assets[0].decimals, 6);
  EXPECT_EQ(s.assets[0].issuer, no_account);
  EXPECT_EQ(s.assets[1].symbol, "DAI");
  EXPECT_EQ(s.assets[1].decimals, 18);
  EXPECT_EQ(s.assets[2].symbol, "OUSG");
  EXPECT_TRUE(s.assets[2].permissioned);
  EXPECT_EQ(s.assets[2].kyc_group, 1U);
  EXPECT_EQ(s.account_names.at(s.assets[2].issuer), issuer);
  // Units ever issued: seeds + balances.
  EXPECT_EQ(s.assets[0].issued, e(6) + e(6, 100'000) + e(6, 1'000'000) * 2 + e(6, 10'000'000));
  EXPECT_EQ(s.assets[0].issued, U256(12'100'001'000'000ULL));
  EXPECT_EQ(s.assets[1].issued, e(18) + e(24) * 2 + e(25));
  EXPECT_EQ(s.assets[2].issued, e(18) + e(18, 10'000) + e(18, 5'000));

  // Markets.
  ASSERT_EQ(s.markets.size(), 3U);
  const MarketConfig& usdc = s.markets[0].config;
  const MarketConfig& dai = s.markets[1].config;
  const MarketConfig& ousg = s.markets[2].config;
  EXPECT_EQ(usdc.symbol, "fUSDC");
  EXPECT_EQ(dai.symbol, "fDAI");
  EXPECT_EQ(ousg.symbol, "fOUSG");
  EXPECT_EQ(usdc.asset, 0);
  EXPECT_EQ(dai.asset, 1);
  EXPECT_EQ(ousg.asset, 2);
  EXPECT_EQ(usdc.price, e(30));       // "1" USD per USDC * 10^(36-6)
  EXPECT_EQ(dai.price, e(18));        // "1" * 10^(36-18)
  EXPECT_EQ(ousg.price, e(18, 100));  // "100" * 10^18
  EXPECT_EQ(usdc.price_cap, U256(0));
  EXPECT_EQ(usdc.collateral_factor, e(16, 85));
  EXPECT_EQ(dai.collateral_factor, e(16, 83));
  EXPECT_EQ(ousg.collateral_factor, e(16, 92));
  EXPECT_EQ(usdc.reserve_factor, U256(0));
  EXPECT_EQ(ousg.reserve_factor, U256(0));
  EXPECT_EQ(usdc.protocol_seize_share, e(14, 175));  // 1.75%
  EXPECT_EQ(dai.protocol_seize_share, e(14, 175));
  EXPECT_EQ(ousg.protocol_seize_share, U256(0));
  EXPECT_EQ(usdc.initial_exchange_rate, e(14, 2));  // 2e14 for 6 decimals
  EXPECT_EQ(dai.initial_exchange_rate, e(26, 2));   // 2e26 for 18 decimals
  EXPECT_EQ(ousg.initial_exchange_rate, e(26, 2));
  EXPECT_EQ(usdc.access, Access::permissionless);
  EXPECT_EQ(dai.access, Access::permissionless);
  EXPECT_EQ(ousg.access, Access::permissioned);
  EXPECT_EQ(usdc.kyc_group, 1U);
  EXPECT_EQ(ousg.kyc_group, 1U);
  EXPECT_FALSE(usdc.borrow_paused);
  EXPECT_FALSE(dai.borrow_paused);
  EXPECT_TRUE(ousg.borrow_paused);  // collateral only
  EXPECT_FALSE(ousg.mint_paused);
  EXPECT_EQ(usdc.borrow_cap, U256(0));
  EXPECT_EQ(usdc.supply_cap, U256(0));

  // Rate model: base 0, 3.83%/yr at the 0.9 kink, 35%/yr jump; per block with
  // 2,628,000 blocks a year: 0.0383e18 * 1e18 / (2628000 * 0.9e18) and 0.35e18 / 2628000.
  for (const Market& m : s.markets) {
    EXPECT_EQ(m.config.rate_model.params.kind, RateModelKind::jump);
    EXPECT_EQ(m.config.rate_model.base_per_block, U256(0));
    EXPECT_EQ(m.config.rate_model.multiplier_per_block, U256(16'193'133'773ULL));
    EXPECT_EQ(m.config.rate_model.jump_multiplier_per_block, U256(133'181'126'331ULL));
    EXPECT_EQ(m.config.rate_model.kink, e(17, 9));
  }

  // Seeds: 1 USDC = 1e6 units mints 1e6 * 1e18 / 2e14 = 5e9 fTokens (50.00000000);
  // 1 DAI = 1e18 units mints 1e18 * 1e18 / 2e26 = 5e9 too. All locked in 0x...dEaD.
  const Account& locked = account(s, dead);
  for (MarketId id = 0; id < 3; ++id) {
    const MarketBook& book = s.markets[id].book;
    EXPECT_EQ(book.cash, id == 0 ? e(6) : e(18));
    EXPECT_EQ(book.total_supply, U256(5'000'000'000ULL));
    EXPECT_EQ(book.total_borrows, U256(0));
    EXPECT_EQ(book.total_reserves, U256(0));
    EXPECT_EQ(book.borrow_index, e(18));
    EXPECT_EQ(book.accrual_block, 0U);
    ASSERT_TRUE(locked.position(id));
    EXPECT_EQ(locked.position(id)->tokens, U256(5'000'000'000ULL));
  }

  // The admin paid every seed out of what the faucet gave it: nothing left over.
  for (AssetId a = 0; a < 3; ++a) EXPECT_EQ(account(s, admin).wallet_balance(a), U256(0));
  // Dev balances.
  EXPECT_EQ(account(s, alice).wallet_balance(2), e(18, 10'000));
  EXPECT_EQ(account(s, alice).wallet_balance(0), e(6, 100'000));
  EXPECT_EQ(account(s, bob).wallet_balance(2), e(18, 5'000));
  EXPECT_EQ(account(s, bob).wallet_balance(0), e(6, 1'000'000));
  EXPECT_EQ(account(s, bob).wallet_balance(1), e(24));
  EXPECT_EQ(account(s, carol).wallet_balance(0), e(6, 1'000'000));
  EXPECT_EQ(account(s, carol).wallet_balance(2), U256(0));
  EXPECT_EQ(account(s, liquidator).wallet_balance(1), e(25));
  EXPECT_EQ(account(s, issuer).wallet_balance(2), U256(0));

  // KYC: alice, bob and the liquidator in group 1; carol not; nobody sanctioned.
  EXPECT_EQ(account(s, alice).kyc_groups, std::vector<std::uint32_t>{1});
  EXPECT_EQ(account(s, bob).kyc_groups, std::vector<std::uint32_t>{1});
  EXPECT_EQ(account(s, liquidator).kyc_groups, std::vector<std::uint32_t>{1});
  EXPECT_TRUE(account(s, carol).kyc_groups.empty());
  // The seed of the fund market passed through the admin and sits with the locked
  // holder: both are KYC'd in the fund's group so that they may hold it.
  EXPECT_EQ(account(s, admin).kyc_groups, std::vector<std::uint32_t>{1});
  EXPECT_EQ(account(s, dead).kyc_groups, std::vector<std::uint32_t>{1});
  EXPECT_TRUE(account(s, oracle).kyc_groups.empty());
  for (const Account& a : s.accounts) EXPECT_FALSE(a.sanctioned);
}

TEST(GenesisDevConfig, EveryGenesisStepKeepsTheEngineInvariants) {
  const GenesisPlan plan = plan_genesis(dev_genesis_config());
  State state = plan.base;
  // risk; kyc; the fund market's grants to the admin and the locked holder; faucet +
  // list per market; balances (9 of the markets' assets, 4 of FLUX, 2 of WETH); then
  // governance and three delegations
  EXPECT_EQ(plan.steps.size(), 2U + 3U + 2U + 2U * 3U + 15U);
  ASSERT_TRUE(plan.governance);
  EXPECT_EQ(plan.governed_steps.size(), 3U);
  const auto run = [&state, &plan](const std::vector<GenesisStep>& steps) {
    for (const GenesisStep& step : steps) {
      const State before = state;
      const Outcome outcome = apply(state, plan.block, step.request);
      EXPECT_TRUE(outcome.ok()) << step.where.path << ": " << error_name(outcome.error);
      for (const Violation& v : check_invariants(before, state, step.request, outcome))
        ADD_FAILURE() << step.where.path << ": " << v.invariant << ": " << v.detail;
    }
  };
  run(plan.steps);
  install_governance(state, *plan.governance);
  run(plan.governed_steps);
  EXPECT_EQ(state, build_genesis(dev_genesis_config()).state);
}

TEST(GenesisDevConfig, TheSeedSupplyCanNeverMove) {
  Genesis g = build_genesis(dev_genesis_config());
  const AccountId locked = g.state.roles.locked_supply_holder;
  const Outcome outcome = apply(g.state, 1, Redeem{locked, 0, U256(1)});
  EXPECT_EQ(outcome.error, Error::unauthorized);
}

TEST(GenesisDevConfig, KycdAccountsCanUseTheFundMarketAndOthersCannot) {
  Genesis g = build_genesis(dev_genesis_config());
  State& s = g.state;
  const AccountId a = *s.find_account(alice);
  const AccountId c = *s.find_account(carol);
  EXPECT_TRUE(apply(s, 1, Mint{a, 2, e(18, 100)}).ok());
  EXPECT_TRUE(apply(s, 1, EnterMarkets{a, {2}}).ok());
  EXPECT_EQ(apply(s, 1, Borrow{a, 0, e(6, 1'000)}).error, Error::insufficient_cash);  // only the seed
  EXPECT_TRUE(apply(s, 1, Mint{c, 0, e(6, 10'000)}).ok());                            // carol lends USDC
  EXPECT_TRUE(apply(s, 2, Borrow{a, 0, e(6, 1'000)}).ok());                           // alice borrows against OUSG
  EXPECT_EQ(apply(s, 2, Borrow{c, 1, e(18)}).error, Error::kyc_required);
  EXPECT_EQ(apply(s, 2, Borrow{a, 2, e(18)}).error, Error::paused);  // the fund is collateral only
}

// ---- Engine refusals, with the TOML location -------------------------------------

TEST(GenesisBuildErrors, ACollateralFactorWithoutAPriceIsTheEnginesPriceError) {
  const std::string text = with(minimal_toml, "price = \"2000\"\n", "");
  expect_engine_error(text, "markets[1]", Error::price_error);
  try {
    build(text);
  } catch (const GenesisError& ex) {
    EXPECT_EQ(ex.where().line, line_of(text, "[[markets]]\nsymbol = \"fWETH\""));
    EXPECT_NE(std::string(ex.what()).find("list_market: price_error (a market the operation needs has no price)"),
              std::string::npos)
        << ex.what();
  }
  // Without a collateral factor the market may be listed without a price.
  const Genesis g = build(with(text, "collateral_factor = \"0.75\"", "collateral_factor = \"0\""));
  EXPECT_EQ(g.state.markets[1].config.price, U256(0));
}

TEST(GenesisBuildErrors, OtherEngineRefusals) {
  // The engine's own limit on collateral factors (0.98): not re-checked by the parser.
  expect_engine_error(with(minimal_toml, "collateral_factor = \"0.75\"", "collateral_factor = \"0.99\""), "markets[1]",
                      Error::invalid_parameter);
  // 0.98 is within it, but under the incentive 1.05 it leaves no liquidation margin
  // (0.98 * 1.05 = 1.029 > 0.99: engine/risk.hpp); 0.94 (0.987) does.
  expect_engine_error(with(minimal_toml, "collateral_factor = \"0.75\"", "collateral_factor = \"0.98\""), "markets[1]",
                      Error::liquidation_margin_too_small);
  EXPECT_EQ(build(with(minimal_toml, "collateral_factor = \"0.75\"", "collateral_factor = \"0.94\""))
                .state.markets[1]
                .config.collateral_factor,
            e(16, 94));
  // A seed too small to mint one fToken unit.
  expect_engine_error(with(minimal_toml, "price = \"1\"", "price = \"1\"\nseed = \"0\""), "markets[0]",
                      Error::invalid_amount);
  // A permissioned asset issued to an account without KYC.
  const std::string fund =
      with(minimal_toml, "decimals = 18",
           "decimals = 18\npermissioned = true\nissuer = \"0x6000000000000000000000000000000000000006\"");
  const std::string issued = with(fund, "asset = \"USDC\"\namount = \"1000\"", "asset = \"WETH\"\namount = \"1000\"");
  expect_engine_error(issued, "balances[0]", Error::kyc_required);
  const std::string granted =
      issued + "\n[[kyc]]\naccount = \"0x5000000000000000000000000000000000000005\"\ngroup = 1\n";
  const Genesis g = build(granted);
  EXPECT_EQ(g.state.accounts[*g.state.find_account("0x5000000000000000000000000000000000000005")].wallet_balance(1),
            e(18, 1000));
  // The locked supply holder can send nothing, not even as admin.
  expect_engine_error(with(minimal_toml, "[roles]\n",
                           "[roles]\nlocked_supply_holder = \"0x1000000000000000000000000000000000000001\"\n"),
                      "close_factor", Error::unauthorized);
}

TEST(GenesisBuildErrors, TooManyMarketsIsTheEnginesLimit) {
  std::string text = minimal_toml;
  for (int i = 0; i < 63; ++i)
    text += "\n[[markets]]\nsymbol = \"m" + std::to_string(i) +
            "\"\nasset = \"USDC\"\ntemplate = \"stablecoin\"\nprice = \"1\"\n";
  expect_engine_error(text, "markets[64]", Error::limit_reached);
}

// ---- The rest of the build ------------------------------------------------------------

TEST(GenesisBuild, SanctionsPausesRolesAndStartBlock) {
  std::string text = with(minimal_toml, "chain_id = 7",
                          "chain_id = 7\nstart_block = 100\ntransfer_paused = true\nseize_paused = true\n"
                          "sanctions = [\"0x5000000000000000000000000000000000000005\"]");
  text = with(text, "[roles]\n",
              "[roles]\nsanctions_admin = \"0x7000000000000000000000000000000000000007\"\n"
              "kyc_group_admins = { 1 = \"0x8000000000000000000000000000000000000008\", 9 = "
              "\"0x9000000000000000000000000000000000000009\" }\n");
  const Genesis g = build(text);
  const State& s = g.state;
  EXPECT_EQ(s.block, 100U);
  for (const Market& m : s.markets) EXPECT_EQ(m.book.accrual_block, 100U);
  EXPECT_TRUE(s.risk.transfer_paused);
  EXPECT_TRUE(s.risk.seize_paused);
  const Account& sanctioned = account(s, "0x5000000000000000000000000000000000000005");
  EXPECT_TRUE(sanctioned.sanctioned);
  EXPECT_EQ(sanctioned.wallet_balance(0), e(6, 1000));  // balances come before sanctions
  EXPECT_EQ(s.account_names.at(s.roles.sanctions_admin), "0x7000000000000000000000000000000000000007");
  ASSERT_TRUE(s.roles.kyc_group_admins.find(9));
  EXPECT_EQ(s.account_names.at(*s.roles.kyc_group_admins.find(1)), "0x8000000000000000000000000000000000000008");
  EXPECT_EQ(s.account_names.at(*s.roles.kyc_group_admins.find(9)), "0x9000000000000000000000000000000000000009");
}

TEST(GenesisBuild, IsDeterministic) {
  const GenesisConfig config = dev_genesis_config();
  const Genesis a = build_genesis(config);
  const Genesis b = build_genesis(dev_genesis_config());
  EXPECT_EQ(state_hash(a.state), state_hash(b.state));
  EXPECT_EQ(a.state, b.state);
  // Comments and blank lines are no part of the genesis: the same state, the same hash.
  const Genesis plain = build(minimal_toml);
  const Genesis commented = build("# a comment\n\n" + std::string(minimal_toml) + "\n# another\n");
  EXPECT_TRUE(plain.state == commented.state);
  EXPECT_EQ(to_hex(state_hash(plain.state)), to_hex(state_hash(commented.state)));
  // Any change to the file changes the hash.
  const Genesis c = build_genesis(parse_genesis_config(
      with(std::string(dev_config_toml()), "collateral_factor = \"0.83\"", "collateral_factor = \"0.82\""), "x.toml"));
  EXPECT_NE(state_hash(a.state), state_hash(c.state));
}

TEST(GenesisBuild, AConfigBuiltInCodeWithAnUnknownAssetIsAnError) {
  GenesisConfig config = parse_genesis_config(minimal_toml, "test.toml");
  config.markets[1].asset = "WBTC";
  try {
    build_genesis(config);
    FAIL() << "no error";
  } catch (const GenesisError& ex) {
    EXPECT_EQ(ex.where().path, "markets[1]");
    EXPECT_NE(std::string(ex.what()).find("unknown asset \"WBTC\""), std::string::npos) << ex.what();
  }
}

}  // namespace
}  // namespace flux::genesis
