// flux::apply failures: every reachable error of every operation, each checked for
// atomicity — the state is exactly as before (operator== and the state hash), no
// event is reported, and an accrual the operation started at a later block is gone.
// Plus the order of checks (docs/protocol.md#order-of-checks) where it fixes which error wins.
#include "engine/engine.hpp"
#include "engine/request.hpp"
#include "engine/state_hash.hpp"
#include "engine_fixture.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace flux {
namespace {

using test::e18;
using test::frac;
using test::Scene;
using test::u;

// Blocks: the Scene is set up at 100; fETH has borrows, so anything at 150 that
// accrued fETH would change its book.
constexpr std::uint64_t now = 100;
constexpr std::uint64_t later = 150;
constexpr MarketId unlisted = 40;

struct Case {
  const char* name;
  std::uint64_t block;
  Error expected;
  // Prepares the Scene (setup steps that must succeed) and returns the request.
  std::function<Request(Scene&)> prepare;
};

// Setup helpers used by several cases.
void shortfall(Scene& w) { w.must(SetPrice{w.oracle, w.f_eth, e18(6)}); }  // alice: 50 vs 60
void rate_freeze(Scene& w) {
  // 1e25 per year / 1e6 = 1e19 per block > 0.0005e16: every later accrual fails. Set
  // directly: set_rate_model refuses such a model (rate_model.hpp).
  w.s.markets[w.f_eth].config.rate_model =
      make_rate_model(test::linear(u("10000000000000000000000000"), 0), w.s.blocks_per_year);
}
void alice_in_pl(Scene& w) { w.must(Mint{w.alice, w.f_pl, e18(10)}); }

std::vector<Case> cases() {
  using S = Scene;
  // One case per line or block reads as a table: not reflowed.
  // clang-format off
  return {
      // --- engine boundary ---------------------------------------------------------
      {"block_in_past", now - 1, Error::block_in_past, [](S& w) -> Request { return Accrue{w.alice, w.f_eth}; }},
      {"unknown_sender", later, Error::unknown_account, [](S& w) -> Request { return Mint{999, w.f_eth, 1}; }},
      {"unknown_borrower", later, Error::unknown_account,
       [](S& w) -> Request { return Repay{w.bob, 999, w.f_eth, 1}; }},
      {"unknown_to", later, Error::unknown_account, [](S& w) -> Request { return Transfer{w.bob, 999, w.f_eth, 1}; }},
      {"unknown_faucet_account", later, Error::unknown_account,
       [](S& w) -> Request { return Faucet{w.admin, 999, w.usd, 1}; }},
      // --- mint ----------------------------------------------------------------------
      {"mint_not_listed", later, Error::market_not_listed, [](S& w) -> Request { return Mint{w.alice, unlisted, 1}; }},
      {"mint_paused", later, Error::paused,
       [](S& w) -> Request {
         w.must(SetPaused{w.guardian, w.f_eth, PauseAction::mint, true});
         return Mint{w.bob, w.f_eth, e18(1)};
       }},
      {"mint_supply_cap", later, Error::supply_cap_reached,
       [](S& w) -> Request {
         w.must(SetSupplyCap{w.admin, w.f_eth, e18(21)});  // 20e18 * rate(>1) + 1e18 > 21e18
         return Mint{w.bob, w.f_eth, e18(1)};
       }},
      {"mint_wallet", later, Error::insufficient_balance,
       [](S& w) -> Request { return Mint{w.bob, w.f_eth, e18(10) + 1}; }},
      {"mint_zero", later, Error::invalid_amount, [](S& w) -> Request { return Mint{w.bob, w.f_eth, 0}; }},
      {"mint_dust", later, Error::invalid_amount,  // 1 * 1e18 / rate(>1e18) = 0 fTokens (fix 2)
       [](S& w) -> Request { return Mint{w.bob, w.f_eth, 1}; }},
      {"mint_kyc", later, Error::kyc_required, [](S& w) -> Request { return Mint{w.carol, w.f_fund, 0}; }},
      {"mint_sanctioned", later, Error::sanctioned, [](S& w) -> Request { return Mint{w.carol, w.f_pl, 0}; }},
      {"mint_rate_too_high", later, Error::rate_too_high,
       [](S& w) -> Request {
         rate_freeze(w);
         return Mint{w.bob, w.f_eth, e18(1)};
       }},
      {"mint_overflow", later, Error::math_error,
       [](S& w) -> Request {
         w.must(Faucet{w.admin, w.carol, w.usd, U256(1) << 250});
         return Mint{w.carol, w.f_usd, U256(1) << 250};  // amount * 1e18 overflows
       }},
      // --- redeem / redeem_underlying -------------------------------------------------
      {"redeem_not_listed", later, Error::market_not_listed,
       [](S& w) -> Request { return Redeem{w.alice, unlisted, 0}; }},
      {"redeem_liquidity", later, Error::insufficient_liquidity,
       [](S& w) -> Request { return Redeem{w.alice, w.f_usd, e18(61)}; }},  // 39 * 0.5 < 20
      {"redeem_cash", later, Error::insufficient_cash,
       [](S& w) -> Request { return Redeem{w.bob, w.f_eth, e18(20)}; }},  // > 20e18 underlying, cash 10e18
      {"redeem_balance", later, Error::insufficient_balance,
       [](S& w) -> Request { return Redeem{w.bob, w.f_usd, 1}; }},
      {"redeem_pays_zero", later, Error::invalid_amount,
       [](S& w) -> Request {
         // A market at rate 0.5: minting 1 gives 2 fTokens; 1 fToken is worth 0 (fix 3).
         MarketConfig c = w.config("fHALF", w.usd, 0, 0, Access::open);
         c.initial_exchange_rate = frac(5, 1);
         const MarketId m = w.s.add_market(c, now);
         w.must(Mint{w.alice, m, 1});
         return Redeem{w.alice, m, 1};
       }},
      {"redeem_kyc", later, Error::kyc_required, [](S& w) -> Request { return Redeem{w.dave, w.f_fund, 0}; }},
      {"redeem_sanctioned", later, Error::sanctioned, [](S& w) -> Request { return Redeem{w.carol, w.f_pl, 0}; }},
      {"redeem_rate_too_high", later, Error::rate_too_high,
       [](S& w) -> Request {
         rate_freeze(w);
         return Redeem{w.bob, w.f_eth, 1};
       }},
      {"redeem_underlying_liquidity", later, Error::insufficient_liquidity,
       [](S& w) -> Request { return RedeemUnderlying{w.alice, w.f_usd, e18(61)}; }},
      {"redeem_underlying_cash", later, Error::insufficient_cash,
       [](S& w) -> Request { return RedeemUnderlying{w.bob, w.f_eth, e18(10) + 1}; }},
      {"redeem_underlying_balance", later, Error::insufficient_balance,
       [](S& w) -> Request { return RedeemUnderlying{w.bob, w.f_usd, 1}; }},
      {"redeem_underlying_overflow", later, Error::math_error,
       [](S& w) -> Request { return RedeemUnderlying{w.bob, w.f_eth, U256(1) << 250}; }},
      // --- borrow ----------------------------------------------------------------------
      {"borrow_not_listed", later, Error::market_not_listed,
       [](S& w) -> Request { return Borrow{w.alice, unlisted, 0}; }},
      {"borrow_paused", later, Error::paused,
       [](S& w) -> Request {
         w.must(SetPaused{w.guardian, w.f_eth, PauseAction::borrow, true});
         return Borrow{w.alice, w.f_eth, 0};
       }},
      {"borrow_price", later, Error::price_error,
       [](S& w) -> Request {
         w.must(SetPrice{w.oracle, w.f_usd, 0});
         return Borrow{w.bob, w.f_usd, 0};  // bob would enter fUSD: it must not stick
       }},
      {"borrow_cap", now, Error::borrow_cap_reached,
       [](S& w) -> Request {
         w.must(SetBorrowCap{w.admin, w.f_eth, e18(11)});
         return Borrow{w.alice, w.f_eth, e18(1)};
       }},
      {"borrow_liquidity", later, Error::insufficient_liquidity,
       [](S& w) -> Request { return Borrow{w.alice, w.f_eth, e18(16)}; }},  // 20 + 32 > 50
      {"borrow_liquidity_new_market", later, Error::insufficient_liquidity,
       [](S& w) -> Request { return Borrow{w.carol, w.f_eth, 1}; }},  // carol has no collateral
      {"borrow_cash", later, Error::insufficient_cash,
       [](S& w) -> Request { return Borrow{w.alice, w.f_eth, e18(12)}; }},  // 20 + 24 <= 50, cash 10
      {"borrow_kyc", later, Error::kyc_required, [](S& w) -> Request { return Borrow{w.dave, w.f_pl, 0}; }},
      {"borrow_rate_too_high", later, Error::rate_too_high,
       [](S& w) -> Request {
         rate_freeze(w);
         return Borrow{w.alice, w.f_eth, 0};
       }},
      // --- repay ----------------------------------------------------------------------
      {"repay_not_listed", later, Error::market_not_listed,
       [](S& w) -> Request { return Repay{w.alice, w.alice, unlisted, 0}; }},
      {"repay_wallet", later, Error::insufficient_balance,
       [](S& w) -> Request { return Repay{w.carol, w.alice, w.f_eth, 1}; }},
      {"repay_exceeds_debt", now, Error::repay_exceeds_debt,
       [](S& w) -> Request {
         w.must(Faucet{w.admin, w.alice, w.eth, e18(5)});
         return Repay{w.alice, w.alice, w.f_eth, e18(10) + 1};
       }},
      {"repay_kyc_payer", later, Error::kyc_required,
       [](S& w) -> Request { return Repay{w.dave, w.alice, w.f_pl, 0}; }},
      {"repay_kyc_borrower", later, Error::kyc_required,
       [](S& w) -> Request { return Repay{w.alice, w.dave, w.f_pl, 0}; }},
      {"repay_rate_too_high", later, Error::rate_too_high,
       [](S& w) -> Request {
         rate_freeze(w);
         return Repay{w.alice, w.alice, w.f_eth, u256_max()};
       }},
      // --- transfer -------------------------------------------------------------------
      {"transfer_not_listed", later, Error::market_not_listed,
       [](S& w) -> Request { return Transfer{w.alice, w.bob, unlisted, 0}; }},
      {"transfer_paused", later, Error::paused,
       [](S& w) -> Request {
         w.must(SetPaused{w.guardian, 0, PauseAction::transfer, true});
         return Transfer{w.bob, w.alice, w.f_eth, 1};
       }},
      {"transfer_liquidity", later, Error::insufficient_liquidity,
       [](S& w) -> Request { return Transfer{w.alice, w.bob, w.f_usd, e18(60) + 2}; }},
      {"transfer_self", later, Error::self_transfer,
       [](S& w) -> Request { return Transfer{w.bob, w.bob, w.f_eth, 0}; }},
      {"transfer_balance", later, Error::insufficient_balance,
       [](S& w) -> Request { return Transfer{w.bob, w.alice, w.f_usd, 1}; }},
      {"transfer_sanctioned_source", later, Error::sanctioned,
       [](S& w) -> Request { return Transfer{w.carol, w.bob, w.f_pl, 0}; }},
      {"transfer_sanctioned_destination", later, Error::sanctioned,
       [](S& w) -> Request { return Transfer{w.bob, w.carol, w.f_pl, 0}; }},
      {"transfer_kyc_destination", later, Error::kyc_required,
       [](S& w) -> Request { return Transfer{w.alice, w.dave, w.f_fund, 0}; }},
      // --- liquidate -----------------------------------------------------------------
      {"liquidate_not_listed", later, Error::market_not_listed,
       [](S& w) -> Request { return Liquidate{w.bob, w.alice, w.f_eth, 1, unlisted}; }},
      {"liquidate_healthy", later, Error::insufficient_shortfall,
       [](S& w) -> Request { return Liquidate{w.bob, w.alice, w.f_eth, e18(1), w.f_usd}; }},
      {"liquidate_too_much", now, Error::too_much_repay,
       [](S& w) -> Request {
         shortfall(w);
         return Liquidate{w.bob, w.alice, w.f_eth, e18(5) + 1, w.f_usd};  // close factor 0.5 of 10e18
       }},
      {"liquidate_max", now, Error::too_much_repay,
       [](S& w) -> Request {
         shortfall(w);
         return Liquidate{w.bob, w.alice, w.f_eth, u256_max(), w.f_usd};
       }},
      {"liquidate_self", now, Error::liquidate_self,
       [](S& w) -> Request {
         shortfall(w);
         return Liquidate{w.alice, w.alice, w.f_eth, e18(1), w.f_usd};
       }},
      {"liquidate_zero", now, Error::invalid_amount,
       [](S& w) -> Request {
         shortfall(w);
         return Liquidate{w.bob, w.alice, w.f_eth, 0, w.f_usd};
       }},
      {"liquidate_wallet", now, Error::insufficient_balance,
       [](S& w) -> Request {
         shortfall(w);
         return Liquidate{w.carol, w.alice, w.f_eth, e18(1), w.f_usd};
       }},
      {"liquidate_price", now, Error::price_error,
       [](S& w) -> Request {
         shortfall(w);
         w.must(SetPrice{w.oracle, w.f_fund, 0});  // alice did not enter fFUND
         return Liquidate{w.bob, w.alice, w.f_eth, e18(1), w.f_fund};
       }},
      {"liquidate_seize_too_much", now, Error::seize_too_much,
       [](S& w) -> Request {
         shortfall(w);
         return Liquidate{w.bob, w.alice, w.f_eth, e18(1), w.f_eth};  // alice holds no fETH
       }},
      {"liquidate_seize_sanctioned", now, Error::sanctioned,
       [](S& w) -> Request {
         alice_in_pl(w);
         shortfall(w);
         w.must(SetSanctioned{w.compliance, w.bob, true});
         return Liquidate{w.bob, w.alice, w.f_eth, e18(1), w.f_pl};  // seize 6.6e18 of 10e18 fPL
       }},
      {"liquidate_seize_paused", now, Error::paused,
       [](S& w) -> Request {
         shortfall(w);
         w.must(SetPaused{w.guardian, 0, PauseAction::seize, true});
         return Liquidate{w.bob, w.alice, w.f_eth, e18(1), w.f_usd};
       }},
      {"liquidate_rate_too_high", later, Error::rate_too_high,
       [](S& w) -> Request {
         rate_freeze(w);
         shortfall(w);
         return Liquidate{w.bob, w.alice, w.f_eth, e18(1), w.f_usd};
       }},
      // --- membership -----------------------------------------------------------------
      {"enter_not_listed", later, Error::market_not_listed,
       [](S& w) -> Request { return EnterMarkets{w.bob, {w.f_eth, unlisted}}; }},
      {"exit_not_listed", later, Error::market_not_listed,
       [](S& w) -> Request { return ExitMarket{w.alice, unlisted}; }},
      {"exit_with_debt", later, Error::nonzero_borrow_balance,
       [](S& w) -> Request { return ExitMarket{w.alice, w.f_eth}; }},
      {"exit_liquidity", later, Error::insufficient_liquidity,
       [](S& w) -> Request { return ExitMarket{w.alice, w.f_usd}; }},
      {"exit_price", later, Error::price_error,
       [](S& w) -> Request {
         w.must(SetPrice{w.oracle, w.f_usd, 0});
         return ExitMarket{w.alice, w.f_usd};
       }},
      // --- accrue and reserves ------------------------------------------------------
      {"accrue_not_listed", later, Error::market_not_listed,
       [](S& w) -> Request { return Accrue{w.alice, unlisted}; }},
      {"accrue_rate_too_high", later, Error::rate_too_high,
       [](S& w) -> Request {
         rate_freeze(w);
         return Accrue{w.alice, w.f_eth};
       }},
      {"reduce_reserves_cash", later, Error::insufficient_cash,
       [](S& w) -> Request { return ReduceReserves{w.admin, w.f_eth, e18(10) + 1}; }},
      {"reduce_reserves_reserves", later, Error::insufficient_reserves,  // reserves at 150: 1e14
       [](S& w) -> Request { return ReduceReserves{w.admin, w.f_eth, u("100000000000001")}; }},
      {"add_reserves_not_listed", later, Error::market_not_listed,
       [](S& w) -> Request { return AddReserves{w.admin, unlisted, 1}; }},
      // --- admin parameter checks -----------------------------------------------------
      {"collateral_factor_not_listed", later, Error::market_not_listed,
       [](S& w) -> Request { return SetCollateralFactor{w.admin, unlisted, 0}; }},
      {"collateral_factor_above_098", later, Error::invalid_parameter,
       [](S& w) -> Request { return SetCollateralFactor{w.admin, w.f_eth, u("980000000000000001")}; }},
      {"collateral_factor_without_price", later, Error::price_error,
       [](S& w) -> Request {
         w.must(SetPrice{w.oracle, w.f_eth, 0});
         return SetCollateralFactor{w.admin, w.f_eth, 1};
       }},
      {"reserve_factor_above_one", later, Error::invalid_parameter,
       [](S& w) -> Request { return SetReserveFactor{w.admin, w.f_eth, e18(1) + 1}; }},
      {"seize_share_above_one", later, Error::invalid_parameter,
       [](S& w) -> Request { return SetProtocolSeizeShare{w.admin, w.f_eth, e18(1) + 1}; }},
      {"rate_model_kink_zero", later, Error::invalid_parameter,
       [](S& w) -> Request {
         RateModelParams p = test::linear(0, e18(1));
         p.kind = RateModelKind::jump;  // kink 0
         return SetRateModel{w.admin, w.f_eth, p};
       }},
      {"rate_model_frozen", later, Error::rate_too_high,
       [](S& w) -> Request {
         // A frozen market takes a new model (accruing at the maximum rate first), but
         // not one above the maximum: the rescue accrual is undone with it.
         rate_freeze(w);
         return SetRateModel{w.admin, w.f_eth, test::linear(u("10000000000000000000000000"), 0)};
       }},
      {"pause_not_listed", later, Error::market_not_listed,
       [](S& w) -> Request { return SetPaused{w.guardian, unlisted, PauseAction::mint, true}; }},
      {"price_not_listed", later, Error::market_not_listed,
       [](S& w) -> Request { return SetPrice{w.oracle, unlisted, 1}; }},
      {"faucet_unknown_asset", later, Error::unknown_asset,
       [](S& w) -> Request { return Faucet{w.admin, w.alice, 9, 1}; }},
      {"faucet_overflow", later, Error::math_error,
       [](S& w) -> Request {
         w.must(Faucet{w.admin, w.carol, w.fund, u256_max()});
         return Faucet{w.admin, w.dave, w.fund, 1};  // issued would pass 2^256 - 1
       }},
      // --- roles: every admin operation with a sender lacking the role ----------------
      {"unauthorized_faucet", later, Error::unauthorized,
       [](S& w) -> Request { return Faucet{w.alice, w.alice, w.usd, 1}; }},
      {"unauthorized_set_price", later, Error::unauthorized,
       [](S& w) -> Request { return SetPrice{w.admin, w.f_eth, 1}; }},
      {"unauthorized_set_price_cap", later, Error::unauthorized,
       [](S& w) -> Request { return SetPriceCap{w.oracle, w.f_eth, 1}; }},
      {"unauthorized_collateral_factor", later, Error::unauthorized,
       [](S& w) -> Request { return SetCollateralFactor{w.guardian, w.f_eth, 0}; }},
      {"unauthorized_reserve_factor", later, Error::unauthorized,
       [](S& w) -> Request { return SetReserveFactor{w.alice, w.f_eth, 0}; }},
      {"unauthorized_seize_share", later, Error::unauthorized,
       [](S& w) -> Request { return SetProtocolSeizeShare{w.compliance, w.f_eth, 0}; }},
      {"unauthorized_rate_model", later, Error::unauthorized,
       [](S& w) -> Request { return SetRateModel{w.alice, w.f_eth, test::linear(0, 0)}; }},
      {"unauthorized_close_factor", later, Error::unauthorized,
       [](S& w) -> Request { return SetCloseFactor{w.alice, 0}; }},
      {"unauthorized_incentive", later, Error::unauthorized,
       [](S& w) -> Request { return SetLiquidationIncentive{w.guardian, 0}; }},
      {"unauthorized_borrow_cap", later, Error::unauthorized,
       [](S& w) -> Request { return SetBorrowCap{w.alice, w.f_eth, 1}; }},
      {"unauthorized_supply_cap", later, Error::unauthorized,
       [](S& w) -> Request { return SetSupplyCap{w.alice, w.f_eth, 1}; }},
      {"unauthorized_pause", later, Error::unauthorized,
       [](S& w) -> Request { return SetPaused{w.alice, w.f_eth, PauseAction::mint, true}; }},
      {"unauthorized_guardian_unpause", later, Error::unauthorized,
       [](S& w) -> Request {
         w.must(SetPaused{w.guardian, w.f_eth, PauseAction::mint, true});
         return SetPaused{w.guardian, w.f_eth, PauseAction::mint, false};
       }},
      {"unauthorized_kyc", later, Error::unauthorized,
       [](S& w) -> Request { return SetKyc{w.admin, w.carol, 1, true}; }},
      {"unauthorized_sanction", later, Error::unauthorized,
       [](S& w) -> Request { return SetSanctioned{w.alice, w.bob, true}; }},
      {"unauthorized_add_reserves", later, Error::unauthorized,
       [](S& w) -> Request { return AddReserves{w.alice, w.f_eth, 1}; }},
      {"unauthorized_reduce_reserves", later, Error::unauthorized,
       [](S& w) -> Request { return ReduceReserves{w.bob, w.f_eth, 0}; }},
      // clang-format on
  };
}

// gtest prints parameters in test listings: the name, not the bytes.
void PrintTo(const Case& c, std::ostream* out) { *out << c.name; }

class FailingRequest : public ::testing::TestWithParam<Case> {};

TEST_P(FailingRequest, FailsWithItsErrorAndChangesNothing) {
  const Case& c = GetParam();
  Scene w;
  const Request request = c.prepare(w);
  const State before = w.s;
  const StateHash hash_before = state_hash(before);
  const Outcome o = apply(w.s, c.block, request);
  EXPECT_EQ(error_name(o.error), error_name(c.expected));
  EXPECT_TRUE(o.events.empty());
  EXPECT_TRUE(w.s == before);
  EXPECT_EQ(to_hex(state_hash(w.s)), to_hex(hash_before));
  EXPECT_EQ(w.s.markets[w.f_eth].book.accrual_block, now);  // no accrual remains
}

std::string case_name(const ::testing::TestParamInfo<Case>& param) { return param.param.name; }
INSTANTIATE_TEST_SUITE_P(Engine, FailingRequest, ::testing::ValuesIn(cases()), case_name);

// The later block really would accrue fETH: a successful request there changes its book.
TEST(EngineAtomicity, TheLaterBlockAccrues) {
  Scene w;
  w.must(Borrow{w.alice, w.f_eth, 0}, later);
  EXPECT_EQ(w.s.markets[w.f_eth].book.accrual_block, later);
  EXPECT_GT(w.s.markets[w.f_eth].book.total_borrows, e18(10));
}

// A failed request does not move the engine's block either: an earlier block still works.
TEST(EngineAtomicity, FailureDoesNotAdvanceTheBlock) {
  Scene w;
  EXPECT_EQ(apply(w.s, later, Borrow{w.alice, w.f_eth, e18(16)}).error, Error::insufficient_liquidity);
  EXPECT_EQ(w.s.block, now);
  w.must(Accrue{w.alice, w.f_eth}, later - 1);
}

// --- which error wins when several checks would fail (docs/protocol.md#order-of-checks) ---

TEST(EngineCheckOrder, MintAccessBeforePauseBeforeWallet) {
  Scene w;
  w.must(SetPaused{w.guardian, w.f_pl, PauseAction::mint, true});
  EXPECT_EQ(apply(w.s, now, Mint{w.carol, w.f_pl, 1}).error, Error::sanctioned);
  EXPECT_EQ(apply(w.s, now, Mint{w.dave, w.f_pl, 1}).error, Error::paused);  // no wallet either
}

TEST(EngineCheckOrder, MintSupplyCapBeforeWallet) {
  Scene w;
  w.must(SetSupplyCap{w.admin, w.f_usd, e18(100)});
  EXPECT_EQ(apply(w.s, now, Mint{w.carol, w.f_usd, 1}).error, Error::supply_cap_reached);
}

TEST(EngineCheckOrder, RedeemLiquidityBeforeCashBeforeBalance) {
  Scene w;
  // alice redeeming 200e18 fUSD: short on liquidity, cash (100e18) and balance.
  EXPECT_EQ(apply(w.s, now, Redeem{w.alice, w.f_usd, e18(200)}).error, Error::insufficient_liquidity);
  // bob has not entered fUSD: no liquidity check, cash comes first.
  EXPECT_EQ(apply(w.s, now, Redeem{w.bob, w.f_usd, e18(200)}).error, Error::insufficient_cash);
}

TEST(EngineCheckOrder, BorrowKycBeforePausedAndPriceBeforeCap) {
  Scene w;
  w.must(SetPaused{w.guardian, w.f_pl, PauseAction::borrow, true});
  EXPECT_EQ(apply(w.s, now, Borrow{w.dave, w.f_pl, 0}).error, Error::kyc_required);
  w.must(SetBorrowCap{w.admin, w.f_eth, 1});
  w.must(SetPrice{w.oracle, w.f_eth, 0});
  EXPECT_EQ(apply(w.s, now, Borrow{w.alice, w.f_eth, e18(1)}).error, Error::price_error);
}

TEST(EngineCheckOrder, SanctionedAccountAtAKycPointGetsKycRequired) {
  Scene w;
  w.must(SetKyc{w.compliance, w.carol, 1, true});  // KYC'd but sanctioned
  EXPECT_EQ(apply(w.s, now, Borrow{w.carol, w.f_pl, 0}).error, Error::kyc_required);
  EXPECT_EQ(apply(w.s, now, Mint{w.carol, w.f_fund, 0}).error, Error::kyc_required);
  EXPECT_EQ(apply(w.s, now, Mint{w.carol, w.f_pl, 0}).error, Error::sanctioned);
}

TEST(EngineCheckOrder, RepayWalletBeforeDebt) {
  Scene w;
  EXPECT_EQ(apply(w.s, now, Repay{w.alice, w.alice, w.f_eth, e18(11)}).error, Error::insufficient_balance);
}

TEST(EngineCheckOrder, TransferLiquidityBeforeSelfTransfer) {
  Scene w;
  EXPECT_EQ(apply(w.s, now, Transfer{w.alice, w.alice, w.f_usd, e18(100)}).error, Error::insufficient_liquidity);
  EXPECT_EQ(apply(w.s, now, Transfer{w.alice, w.alice, w.f_usd, 0}).error, Error::self_transfer);
}

TEST(EngineCheckOrder, LiquidationRiskChecksComeBeforeAccess) {
  Scene w;
  alice_in_pl(w);
  w.must(SetSanctioned{w.compliance, w.bob, true});
  // Healthy borrower: the risk check fails first even though bob could not seize.
  EXPECT_EQ(apply(w.s, now, Liquidate{w.bob, w.alice, w.f_eth, e18(1), w.f_pl}).error, Error::insufficient_shortfall);
  shortfall(w);
  EXPECT_EQ(apply(w.s, now, Liquidate{w.bob, w.alice, w.f_eth, e18(6), w.f_pl}).error, Error::too_much_repay);
  // Seize too much beats the sanction: 1.1 * 6 * 2e18 = 13.2e18 > 10e18 fPL.
  EXPECT_EQ(apply(w.s, now, Liquidate{w.bob, w.alice, w.f_eth, e18(2), w.f_pl}).error, Error::seize_too_much);
}

TEST(EngineCheckOrder, ExitDebtBeforeLiquidity) {
  Scene w;
  shortfall(w);
  EXPECT_EQ(apply(w.s, now, ExitMarket{w.alice, w.f_eth}).error, Error::nonzero_borrow_balance);
}

TEST(EngineCheckOrder, ReduceReservesCashBeforeReserves) {
  Scene w;
  EXPECT_EQ(apply(w.s, now, ReduceReserves{w.admin, w.f_eth, e18(11)}).error, Error::insufficient_cash);
}

TEST(EngineCheckOrder, RoleBeforeEverythingElse) {
  Scene w;
  EXPECT_EQ(apply(w.s, now, SetCollateralFactor{w.alice, unlisted, e18(1)}).error, Error::unauthorized);
}

}  // namespace
}  // namespace flux
