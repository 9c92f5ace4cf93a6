// Every string field of every transaction type has a length limit, checked when the
// transaction is parsed (transaction.hpp, max_string_bytes): one byte more is
// malformed, naming the field; exactly the limit is read.
#include "node/transaction.hpp"

#include <gtest/gtest.h>

namespace flux::node {
namespace {

using json = nlohmann::json;

// The documented limits (docs/rpc.md), written out here rather than read from the code.
std::size_t documented_limit(const std::string& field) {
  if (field == "description") return 16'384;
  if (field == "reason") return 1'024;
  if (field == "actions") return 4'096;
  return 32;  // symbols and the words of closed lists
}

// A wire transaction of `type` with every field at a harmless value.
json wire_of(const TransactionType& type) {
  json message = json::object();
  for (const FieldSpec& f : type.fields) {
    if (f.type == "address") message[f.name] = "0x" + std::string(40, '1');
    else if (f.type == "bool") message[f.name] = false;
    else if (f.type == "string") message[f.name] = "x";
    else if (f.type == "string[]") message[f.name] = json::array();
    else message[f.name] = "0";
  }
  return {{"type", type.name}, {"message", message}, {"signature", "0x" + std::string(130, '1')}};
}

std::string detail_of(const json& wire) {
  const auto parsed = parse_transaction(wire);
  if (parsed.ok()) return "parsed";
  return std::string(rejection_name(parsed.error().kind)) + ": " + parsed.error().detail;
}

TEST(TransactionLimits, EveryStringFieldOfEveryTypeIsBounded) {
  std::size_t checked = 0;
  for (const TransactionType& type : transaction_types()) {
    for (const FieldSpec& f : type.fields) {
      if (f.type != "string" && f.type != "string[]") continue;
      SCOPED_TRACE(type.name + "." + f.name);
      const std::size_t limit = documented_limit(f.name);
      EXPECT_EQ(max_string_bytes(f.name), limit);
      json wire = wire_of(type);
      const std::string overlong(limit + 1, 'x');
      wire["message"][f.name] = f.type == "string" ? json(overlong) : json::array({overlong});
      const std::string detail = detail_of(wire);
      EXPECT_EQ(detail.rfind("malformed: ", 0), 0u) << detail;
      EXPECT_NE(detail.find("\"" + f.name + "\""), std::string::npos) << detail;
      EXPECT_NE(detail.find("longer than " + std::to_string(limit) + " bytes"), std::string::npos) << detail;
      ++checked;
    }
  }
  // market (on most types), collateralMarket, asset, symbol, kind, access, action,
  // parameter, description, reason, actions, markets: the 56 string and string[] fields
  // of the 73 types (their type strings: tests/node/golden_transactions_test.cpp; Flux
  // Protocol's types brought 11 market fields and an asset field).
  EXPECT_EQ(checked, 56u);
}

TEST(TransactionLimits, AMarketNameOf900000CharactersIsRefusedAndOneAtTheLimitIsRead) {
  const json mint = wire_of(*find_transaction_type("Mint"));
  json huge = mint;
  huge["message"]["market"] = std::string(900'000, 'f');
  EXPECT_EQ(detail_of(huge), "malformed: message field \"market\": is longer than 32 bytes");
  json at_limit = mint;
  at_limit["message"]["market"] = std::string(32, 'f');
  EXPECT_EQ(detail_of(at_limit), "parsed");
  json one_more = mint;
  one_more["message"]["market"] = std::string(33, 'f');
  EXPECT_EQ(detail_of(one_more), "malformed: message field \"market\": is longer than 32 bytes");
}

TEST(TransactionLimits, TheLongerLimitsAreReadUpToTheirLastByte) {
  json vote = wire_of(*find_transaction_type("CastVote"));
  vote["message"]["reason"] = std::string(1'024, 'r');
  EXPECT_EQ(detail_of(vote), "parsed");
  vote["message"]["reason"] = std::string(1'025, 'r');
  EXPECT_NE(detail_of(vote).find("longer than 1024 bytes"), std::string::npos);

  json propose = wire_of(*find_transaction_type("Propose"));
  propose["message"]["actions"] = json::array({R"({"type":"SetCloseFactor","value":"500000000000000000"})"});
  propose["message"]["description"] = std::string(16'384, 'd');
  EXPECT_EQ(detail_of(propose), "parsed");
  propose["message"]["description"] = std::string(16'385, 'd');
  EXPECT_NE(detail_of(propose).find("longer than 16384 bytes"), std::string::npos);

  // Each item of a list: a market symbol in EnterMarkets.
  json enter = wire_of(*find_transaction_type("EnterMarkets"));
  enter["message"]["markets"] = json::array({"fUSDC", std::string(32, 'm')});
  EXPECT_EQ(detail_of(enter), "parsed");
  enter["message"]["markets"] = json::array({"fUSDC", std::string(33, 'm')});
  EXPECT_EQ(detail_of(enter), "malformed: message field \"markets\": item 1 is longer than 32 bytes");

  // Inside a proposal's action: the same limits, since an action is read like a
  // transaction.
  propose["message"]["description"] = "";
  propose["message"]["actions"] =
      json::array({json({{"type", "SetSupplyCap"}, {"market", std::string(33, 'm')}, {"value", "1"}}).dump()});
  EXPECT_NE(detail_of(propose).find("field \"market\": is longer than 32 bytes"), std::string::npos)
      << detail_of(propose);
}

}  // namespace
}  // namespace flux::node
