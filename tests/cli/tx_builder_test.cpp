#include "cli/tx_builder.hpp"
#include "cli/dev_accounts.hpp"
#include "cli/errors.hpp"
#include "crypto/address.hpp"
#include "crypto/eip712.hpp"
#include "node/transaction.hpp"

#include <gtest/gtest.h>

namespace flux::cli {
namespace {

using json = nlohmann::json;

const MarketDirectory& directory() {
  static const MarketDirectory d = MarketDirectory::from_json(json::parse(R"([
    {"symbol": "fUSDC", "asset": "USDC", "decimals": 6},
    {"symbol": "fDAI", "asset": "DAI", "decimals": 18},
    {"symbol": "fOUSG", "asset": "OUSG", "decimals": 18}])"));
  return d;
}

crypto::Address20 addr(const char* name) { return crypto::parse_address(find_dev_account(name)->address).value(); }

// The usage error a call throws, or "" if it throws none.
template <class F>
std::string usage_message(F&& f) {
  try {
    f();
  } catch (const CliError& e) {
    EXPECT_EQ(e.exit_code, exit_usage) << e.what();
    return e.what();
  }
  return "";
}

// Finalizes, signs as alice, and checks the type string, that the node's own parser
// takes the signed wire form, and that the signature recovers to alice.
std::string finalized_type(const TxDraft& draft) {
  const crypto::TypedStruct m = finalize(draft, addr("alice"), 7);
  const node::Transaction tx = node::sign_transaction(m, 31337, dev_account_key(*find_dev_account("alice")));
  const json wire = node::to_json(tx);
  EXPECT_EQ(wire["message"]["sender"], "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65");
  EXPECT_EQ(wire["message"]["nonce"], "7");
  const auto parsed = node::parse_transaction(wire);
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().detail);
  if (parsed) {
    const auto signer = crypto::recover_address(node::transaction_hash(*parsed, 31337), parsed->signature.view());
    EXPECT_TRUE(signer && *signer == addr("alice"));
  }
  return crypto::encode_type(m).value();
}

TEST(CliTxBuilder, UserCommands) {
  const TxBuilder b(directory(), false);

  TxDraft d = b.supply("fUSDC", "1000.5");
  EXPECT_EQ(d.type, "Mint");
  EXPECT_EQ(d.fields, json({{"market", "fUSDC"}, {"amount", "1000500000"}}));
  EXPECT_EQ(finalized_type(d), "Mint(address sender,uint64 nonce,string market,uint256 amount)");

  d = b.supply("usdc", "1");  // by asset, any case
  EXPECT_EQ(d.fields["market"], "fUSDC");
  EXPECT_EQ(b.supply("fousg", "1").fields["market"], "fOUSG");

  d = b.withdraw("fDAI", "2.5", std::nullopt);
  EXPECT_EQ(d.type, "RedeemUnderlying");
  EXPECT_EQ(d.fields, json({{"market", "fDAI"}, {"amount", "2500000000000000000"}}));
  EXPECT_EQ(finalized_type(d), "RedeemUnderlying(address sender,uint64 nonce,string market,uint256 amount)");

  d = b.withdraw("fDAI", "all", U256(123456789u));
  EXPECT_EQ(d.type, "Redeem");
  EXPECT_EQ(d.fields, json({{"market", "fDAI"}, {"tokens", "123456789"}}));
  EXPECT_EQ(finalized_type(d), "Redeem(address sender,uint64 nonce,string market,uint256 tokens)");
  try {
    b.withdraw("fDAI", "all", std::nullopt);
    FAIL();
  } catch (const CliError& e) {
    EXPECT_EQ(e.exit_code, exit_failed);
    EXPECT_NE(std::string(e.what()).find("nothing to withdraw"), std::string::npos);
  }

  d = b.borrow("fUSDC", "90000");
  EXPECT_EQ(d.type, "Borrow");
  EXPECT_EQ(d.fields, json({{"market", "fUSDC"}, {"amount", "90000000000"}}));
  EXPECT_EQ(finalized_type(d), "Borrow(address sender,uint64 nonce,string market,uint256 amount)");

  d = b.repay("fUSDC", "all", addr("alice"));
  EXPECT_EQ(d.type, "Repay");
  EXPECT_EQ(d.fields["amount"], u256_max().str());
  EXPECT_EQ(d.fields["borrower"], "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65");
  EXPECT_EQ(finalized_type(d), "Repay(address sender,uint64 nonce,string market,address borrower,uint256 amount)");
  EXPECT_EQ(b.repay("fUSDC", "10", addr("bob")).fields["amount"], "10000000");

  d = b.liquidate(addr("alice"), "fUSDC", "20000", "fOUSG");
  EXPECT_EQ(d.type, "Liquidate");
  EXPECT_EQ(d.fields, json({{"borrower", "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65"},
                            {"market", "fUSDC"},
                            {"amount", "20000000000"},
                            {"collateralMarket", "fOUSG"}}));
  EXPECT_EQ(
      finalized_type(d),
      "Liquidate(address sender,uint64 nonce,address borrower,string market,uint256 amount,string collateralMarket)");

  d = b.transfer("fOUSG", addr("bob"), "1.5");
  EXPECT_EQ(d.type, "Transfer");
  EXPECT_EQ(d.fields["tokens"], "150000000");  // fTokens: 8 decimals
  EXPECT_EQ(finalized_type(d), "Transfer(address sender,uint64 nonce,string market,address to,uint256 tokens)");

  d = b.send_asset("usdc", addr("bob"), "5");
  EXPECT_EQ(d.type, "TransferAsset");
  EXPECT_EQ(d.fields,
            json({{"asset", "USDC"}, {"to", "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"}, {"amount", "5000000"}}));
  EXPECT_EQ(finalized_type(d), "TransferAsset(address sender,uint64 nonce,string asset,address to,uint256 amount)");

  d = b.enter({"fOUSG", "usdc"});
  EXPECT_EQ(d.type, "EnterMarkets");
  EXPECT_EQ(d.fields, json({{"markets", {"fOUSG", "fUSDC"}}}));
  EXPECT_EQ(finalized_type(d), "EnterMarkets(address sender,uint64 nonce,string[] markets)");

  d = b.exit("fOUSG");
  EXPECT_EQ(d.type, "ExitMarket");
  EXPECT_EQ(finalized_type(d), "ExitMarket(address sender,uint64 nonce,string market)");
}

TEST(CliTxBuilder, ClaimRewards) {
  const TxBuilder b(directory(), false);
  TxDraft d = b.claim_rewards({"usdc", "fOUSG"});  // an asset names its market
  EXPECT_EQ(d.type, "ClaimRewards");
  EXPECT_EQ(d.fields, json({{"markets", {"fUSDC", "fOUSG"}}}));
  EXPECT_EQ(finalized_type(d), "ClaimRewards(address sender,uint64 nonce,string[] markets)");
  EXPECT_EQ(b.claim_rewards({}).fields, json({{"markets", json::array()}}));  // every market
}

TEST(CliTxBuilder, RoleCommands) {
  const TxBuilder b(directory(), false);

  TxDraft d = b.set_price("fOUSG", "95");
  EXPECT_EQ(d.type, "SetPrice");
  EXPECT_EQ(d.fields["price"], "95000000000000000000");  // 95 * 10^(36-18)
  EXPECT_EQ(finalized_type(d), "SetPrice(address sender,uint64 nonce,string market,uint256 price)");
  EXPECT_EQ(b.set_price("fUSDC", "1").fields["price"], "1000000000000000000000000000000");  // 10^30
  EXPECT_EQ(b.set_price("fUSDC", "0.999").fields["price"], "999000000000000000000000000000");

  d = b.set_collateral_factor("fUSDC", "0.8");
  EXPECT_EQ(d.type, "SetCollateralFactor");
  EXPECT_EQ(d.fields["value"], "800000000000000000");
  EXPECT_EQ(finalized_type(d), "SetCollateralFactor(address sender,uint64 nonce,string market,uint256 value)");

  d = b.set_reserve_factor("fDAI", "0.1");
  EXPECT_EQ(d.type, "SetReserveFactor");
  EXPECT_EQ(d.fields["value"], "100000000000000000");
  EXPECT_EQ(finalized_type(d), "SetReserveFactor(address sender,uint64 nonce,string market,uint256 value)");

  d = b.set_borrow_cap("fUSDC", "5000000");
  EXPECT_EQ(d.type, "SetBorrowCap");
  EXPECT_EQ(d.fields["value"], "5000000000000");
  EXPECT_EQ(finalized_type(d), "SetBorrowCap(address sender,uint64 nonce,string market,uint256 value)");

  d = b.set_supply_cap("fDAI", "0");
  EXPECT_EQ(d.type, "SetSupplyCap");
  EXPECT_EQ(d.fields["value"], "0");
  EXPECT_EQ(finalized_type(d), "SetSupplyCap(address sender,uint64 nonce,string market,uint256 value)");

  d = b.pause(true, "mint", std::string("fUSDC"));
  EXPECT_EQ(d.type, "Pause");
  EXPECT_EQ(d.fields, json({{"market", "fUSDC"}, {"action", "mint"}}));
  EXPECT_EQ(finalized_type(d), "Pause(address sender,uint64 nonce,string market,string action)");
  d = b.pause(false, "seize", std::nullopt);
  EXPECT_EQ(d.type, "Unpause");
  EXPECT_EQ(d.fields, json({{"market", ""}, {"action", "seize"}}));
  EXPECT_EQ(finalized_type(d), "Unpause(address sender,uint64 nonce,string market,string action)");

  d = b.kyc(true, addr("carol"), "1");
  EXPECT_EQ(d.type, "GrantKyc");
  EXPECT_EQ(d.fields, json({{"account", "0x976EA74026E726554dB657fA54763abd0C3a0aa9"}, {"group", "1"}}));
  EXPECT_EQ(finalized_type(d), "GrantKyc(address sender,uint64 nonce,address account,uint32 group)");
  EXPECT_EQ(b.kyc(false, addr("carol"), "4294967295").type, "RevokeKyc");

  d = b.sanction(true, addr("carol"));
  EXPECT_EQ(d.type, "Sanction");
  EXPECT_EQ(finalized_type(d), "Sanction(address sender,uint64 nonce,address account)");
  EXPECT_EQ(b.sanction(false, addr("carol")).type, "Unsanction");

  d = b.issue("OUSG", addr("bob"), "10.25");
  EXPECT_EQ(d.type, "IssueAsset");
  EXPECT_EQ(d.fields["amount"], "10250000000000000000");
  EXPECT_EQ(finalized_type(d), "IssueAsset(address sender,uint64 nonce,string asset,address to,uint256 amount)");
}

TEST(CliTxBuilder, RawAmounts) {
  const TxBuilder raw(directory(), true);
  EXPECT_EQ(raw.supply("fUSDC", "1000500000").fields["amount"], "1000500000");
  EXPECT_EQ(raw.set_price("fOUSG", "95000000000000000000").fields["price"], "95000000000000000000");
  EXPECT_EQ(raw.set_collateral_factor("fUSDC", "800000000000000000").fields["value"], "800000000000000000");
  EXPECT_EQ(raw.transfer("fUSDC", addr("bob"), "42").fields["tokens"], "42");
  EXPECT_NE(usage_message([&] { raw.supply("fUSDC", "1.5"); }).find("raw integer"), std::string::npos);
  // An asset no market lists needs --raw.
  const TxBuilder human(directory(), false);
  EXPECT_NE(usage_message([&] { human.send_asset("WBTC", addr("bob"), "1"); }).find("--raw"), std::string::npos);
  EXPECT_EQ(raw.send_asset("WBTC", addr("bob"), "100").fields["asset"], "WBTC");
}

TEST(CliTxBuilder, BadInputIsAUsageError) {
  const TxBuilder b(directory(), false);
  EXPECT_NE(
      usage_message([&] { b.supply("fXYZ", "1"); }).find("unknown market \"fXYZ\"; the node lists fUSDC, fDAI, fOUSG"),
      std::string::npos);
  EXPECT_NE(usage_message([&] { b.supply("fUSDC", "-1"); }).find("negative"), std::string::npos);
  EXPECT_NE(usage_message([&] { b.supply("fUSDC", "1.0000001"); }).find("USDC has 6 decimals"), std::string::npos);
  EXPECT_NE(usage_message([&] { b.borrow("fUSDC", "lots"); }).find("not a decimal number"), std::string::npos);
  EXPECT_NE(usage_message([&] { b.repay("fUSDC", "ALL", addr("bob")); }).find("not a decimal number"),
            std::string::npos);
  EXPECT_NE(usage_message([&] { b.transfer("fUSDC", addr("bob"), "0.000000001"); }).find("8 decimals"),
            std::string::npos);
  EXPECT_NE(usage_message([&] { b.set_collateral_factor("fUSDC", "80"); }).find("fraction"), std::string::npos);
  EXPECT_NE(usage_message([&] { b.set_reserve_factor("fUSDC", "1.5"); }).find("fraction"), std::string::npos);
  EXPECT_NE(usage_message([&] { b.set_price("fUSDC", "1e3"); }).find("exponent"), std::string::npos);
  EXPECT_NE(usage_message([&] { b.pause(true, "mint", std::nullopt); }).find("name the market"), std::string::npos);
  EXPECT_NE(usage_message([&] { b.pause(true, "dance", std::nullopt); }).find("unknown action"), std::string::npos);
  EXPECT_NE(usage_message([&] { b.kyc(true, addr("bob"), "4294967296"); }).find("KYC group"), std::string::npos);
  EXPECT_NE(usage_message([&] { b.kyc(true, addr("bob"), "-1"); }).find("KYC group"), std::string::npos);
  EXPECT_NE(usage_message([&] { b.enter({}); }).find("at least one"), std::string::npos);
  EXPECT_NE(usage_message([&] { b.liquidate(addr("alice"), "fUSDC", "1", "fNOPE"); }).find("fNOPE"), std::string::npos);
}

TEST(CliTxBuilder, GenericTransactions) {
  TxDraft d = generic_draft("SetCloseFactor", {"value=500000000000000000"});
  EXPECT_EQ(d.type, "SetCloseFactor");
  EXPECT_EQ(d.fields, json({{"value", "500000000000000000"}}));
  EXPECT_EQ(finalized_type(d), "SetCloseFactor(address sender,uint64 nonce,uint256 value)");

  d = generic_draft("EnterMarkets", {"markets=fUSDC,fOUSG"});
  EXPECT_EQ(d.fields, json({{"markets", {"fUSDC", "fOUSG"}}}));
  EXPECT_EQ(generic_draft("EnterMarkets", {"markets="}).fields, json({{"markets", json::array()}}));

  d = generic_draft("SetRateModel", {"market=fUSDC", "kind=jump", "basePerYear=0", "multiplierPerYear=1",
                                     "jumpMultiplierPerYear=2", "kink=900000000000000000"});
  EXPECT_EQ(finalized_type(d),
            "SetRateModel(address sender,uint64 nonce,string market,string kind,uint256 basePerYear,"
            "uint256 multiplierPerYear,uint256 jumpMultiplierPerYear,uint256 kink)");

  EXPECT_NE(usage_message([] { generic_draft("Mintt", {}); }).find("unknown transaction type"), std::string::npos);
  EXPECT_NE(usage_message([] { generic_draft("Mint", {"market=fUSDC"}); }).find("also needs amount uint256"),
            std::string::npos);
  EXPECT_NE(usage_message([] {
              generic_draft("Mint", {"market=fUSDC", "amount=1", "price=2"});
            }).find("has no field \"price\""),
            std::string::npos);
  EXPECT_NE(usage_message([] {
              generic_draft("Mint", {"nonce=3", "market=fUSDC", "amount=1"});
            }).find("filled in"),
            std::string::npos);
  EXPECT_NE(usage_message([] {
              generic_draft("Mint", {"market", "amount=1"});
            }).find("field=value"),
            std::string::npos);
  EXPECT_NE(usage_message([] {
              generic_draft("Mint", {"market=a", "market=b", "amount=1"});
            }).find("twice"),
            std::string::npos);
  // Values are checked by the node's own parser when the message is finalized.
  EXPECT_NE(usage_message([] {
              finalize(generic_draft("Mint", {"market=fUSDC", "amount=1.5"}), addr("bob"), 0);
            }).find("amount"),
            std::string::npos);
  EXPECT_NE(usage_message([] {
              finalize(generic_draft("GrantKyc", {"account=0x12", "group=1"}), addr("bob"), 0);
            }).find("account"),
            std::string::npos);
  EXPECT_NE(usage_message([] {
              finalize(generic_draft("Pause", {"market=fUSDC", "action=dance"}), addr("bob"), 0);
            }).find("action"),
            std::string::npos);
  EXPECT_EQ(describe_fields("Repay"), "market string, borrower address, amount uint256");
  // With units, from the registry (engine/descriptors/market_users.cpp).
  EXPECT_EQ(describe_fields_with_units("Repay"),
            "market string (market symbol), borrower address (account), amount uint256 (underlying units; "
            "2^256 - 1 repays the whole borrow)");
  EXPECT_EQ(describe_fields_with_units("TransferAdminToTimelock"), "no fields");
}

// A bool field is a JSON boolean in the signed message: `granted=true` was sent as the
// string "true", which the node's type table refuses ("expected true or false").
TEST(CliTxBuilder, GenericBooleanFields) {
  const std::string account = "account=" + std::string(addr("bob").hex());
  for (const auto& [text, value] :
       std::vector<std::pair<std::string, bool>>{{"true", true}, {"1", true}, {"false", false}, {"0", false}}) {
    SCOPED_TRACE(text);
    const TxDraft d = generic_draft("SetSanctionsAdmin", {account, "granted=" + text});
    EXPECT_EQ(d.fields["granted"], json(value));
    const crypto::TypedStruct m = finalize(d, addr("alice"), 0);
    ASSERT_EQ(m.fields.size(), 4u);  // sender, nonce, account, granted
    EXPECT_EQ(m.fields[3].name, "granted");
    EXPECT_EQ(std::get<bool>(m.fields[3].value), value);
  }
  // Every bool field of ListMarket and SetKycGroupAdmin takes them too.
  const TxDraft kyc = generic_draft("SetKycGroupAdmin", {"group=2", account, "granted=false"});
  EXPECT_EQ(std::get<bool>(finalize(kyc, addr("alice"), 0).fields.back().value), false);
  for (const char* wrong : {"True", "yes", "2", "", "truee"}) {
    SCOPED_TRACE(wrong);
    const std::string message = usage_message([&] {
      generic_draft("SetSanctionsAdmin", {account, std::string("granted=") + wrong});
    });
    EXPECT_NE(message.find("field \"granted\" is a bool: expected true or false"), std::string::npos) << message;
  }
}

TEST(CliMarketDirectory, Lookups) {
  const MarketDirectory& d = directory();
  EXPECT_EQ(d.market("fUSDC").decimals, 6u);
  EXPECT_EQ(d.market("FUSDC").symbol, "fUSDC");
  EXPECT_EQ(d.market("dai").symbol, "fDAI");
  EXPECT_EQ(d.find_market("fNOPE"), nullptr);
  EXPECT_EQ(d.asset_decimals("usdc"), 6u);
  EXPECT_FALSE(d.asset_decimals("WBTC"));
  EXPECT_EQ(d.symbols(), "fUSDC, fDAI, fOUSG");
  // Two markets of one asset: the asset no longer names a market.
  const MarketDirectory two(std::vector<MarketInfo>{{"fUSDC", "USDC", 6}, {"fUSDC2", "USDC", 6}});
  EXPECT_EQ(two.find_market("USDC"), nullptr);
  EXPECT_EQ(two.find_market("fUSDC2")->symbol, "fUSDC2");
  EXPECT_THROW(MarketDirectory::from_json(json::parse(R"([{"symbol": "fX"}])")), CliError);
  EXPECT_THROW(MarketDirectory::from_json(json::object()), CliError);
}

}  // namespace
}  // namespace flux::cli
