// Transactions a running fluxd must turn away at admission, through
// flux_sendTransaction: each gets its rejection code (-32010 malformed ...
// -32017 out_of_bounds, docs/rpc.md) with data.rejection naming it, the node counts
// it in flux_node_rejections_total{reason}, and nothing is written (state hash,
// nonces, mempool). Table-driven: one row per bad transaction.
//
// Also: a well-formed transaction the engine refuses (an unknown market) is
// admitted, committed with its engine error code, and moves only its sender's nonce.
#include "fluxd_process.hpp"

#include "crypto/address.hpp"
#include "crypto/secp256k1.hpp"
#include "engine/error.hpp"
#include "node/transaction.hpp"

#include <gtest/gtest.h>

#include <map>

namespace flux::fluxd::test {
namespace {

const std::string k2to256 = "115792089237316195423570985008687907853269984665640564039457584007913129639936";

struct Rejection {
  const char* name;
  int code;
};
constexpr Rejection kMalformed{"malformed", -32010};
constexpr Rejection kUnknownType{"unknown_type", -32011};
constexpr Rejection kBadSignature{"bad_signature", -32012};
constexpr Rejection kWrongSigner{"wrong_signer", -32013};
constexpr Rejection kNonceUsed{"nonce_used", -32014};
constexpr Rejection kNonceSkipped{"nonce_skipped", -32015};
constexpr Rejection kUnauthorized{"unauthorized", -32016};
constexpr Rejection kOutOfBounds{"out_of_bounds", -32017};
const std::vector<Rejection> kAll = {kMalformed, kUnknownType,  kBadSignature, kWrongSigner,
                                     kNonceUsed, kNonceSkipped, kUnauthorized, kOutOfBounds};

// ---- Signature surgery (r || s || v, big-endian) ----

crypto::Signature signature_of(const json& wire) {
  return crypto::Signature::from_hex(wire["signature"].get<std::string>(), crypto::HexPrefix::required).value();
}

json with_signature(json wire, const crypto::Signature& sig) {
  wire["signature"] = sig.hex();
  return wire;
}

// s' = n - s and v flipped: the malleable twin of a valid signature (same signer).
json high_s_twin(const json& wire) {
  crypto::Signature sig = signature_of(wire);
  const auto& n = crypto::secp256k1_order();
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    int d = static_cast<int>(n[static_cast<std::size_t>(i)]) - static_cast<int>(sig[32 + static_cast<std::size_t>(i)]) -
            borrow;
    borrow = d < 0 ? 1 : 0;
    sig[32 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(d + (borrow ? 256 : 0));
  }
  sig[64] = sig[64] == 27 ? 28 : 27;
  return with_signature(wire, sig);
}

json with_r_zero(const json& wire) {
  crypto::Signature sig = signature_of(wire);
  for (std::size_t i = 0; i < 32; ++i) sig[i] = 0;
  return with_signature(wire, sig);
}

json with_s_order(const json& wire) {  // s = n: out of range
  crypto::Signature sig = signature_of(wire);
  for (std::size_t i = 0; i < 32; ++i) sig[32 + i] = crypto::secp256k1_order()[i];
  return with_signature(wire, sig);
}

json with_v(const json& wire, std::uint8_t v) {
  crypto::Signature sig = signature_of(wire);
  sig[64] = v;
  return with_signature(wire, sig);
}

json with_signature_text(json wire, const std::string& text) {
  wire["signature"] = text;
  return wire;
}

// A signed wire transaction whose message is then changed (the signature no longer
// matters: parsing fails first).
json altered(json wire, const std::string& field, const json& value) {
  wire["message"][field] = value;
  return wire;
}

json without_field(json wire, const std::string& field) {
  wire["message"].erase(field);
  return wire;
}

// The params as JSON text with a message field set to `digits` as written (nlohmann
// would turn 2^256 into a double when dumping).
struct RawText {
  std::string text;
};
RawText with_raw_number(const json& wire, const std::string& field, const std::string& digits) {
  json w = wire;
  w["message"][field] = "@@";
  std::string text = w.dump();
  text.replace(text.find("\"@@\""), 4, digits);
  return RawText{text};
}

// Not an admission rejection: the body does not parse (a number beyond double).
constexpr Rejection kParseError{"", -32700};

struct Row {
  Row(std::string what_, const json& wire, Rejection expected_, std::string detail_ = {})
      : what(std::move(what_)), params(wire.dump()), expected(expected_), detail(std::move(detail_)) {}
  Row(std::string what_, RawText raw, Rejection expected_, std::string detail_ = {})
      : what(std::move(what_)), params(std::move(raw.text)), expected(expected_), detail(std::move(detail_)) {}
  std::string what;
  std::string params;  // flux_sendTransaction's params, as JSON text
  Rejection expected;
  std::string detail;  // a substring of data.detail, when it matters
};

class TransactionAdmission : public ::testing::Test {
 protected:
  void SetUp() override {
    node_ = std::make_unique<FluxdProcess>(dir_.data(), dir_.path());
    ASSERT_TRUE(node_->started()) << node_->output();
    port_ = node_->port();
    // alice's nonce 0 is committed, so 0 is used and 1 is next.
    const json first = mint("alice", 0, "1000");
    const std::string hash = rpc_result(port_, "flux_sendTransaction", first)["hash"].get<std::string>();
    const json receipt = rpc_result(port_, "flux_waitForReceipt", {{"hash", hash}});
    ASSERT_EQ(receipt["ok"], true) << receipt;
    wait_for_block(port_, receipt["block_number"].get<std::uint64_t>() + 1);
    before_ = head(port_);
    for (const DevAccount& a : dev_accounts())
      nonces_before_[a.name] = rpc_result(port_, "flux_getNonce", {{"address", a.address}});
  }

  void TearDown() override {
    if (node_ && node_->running() && HasFailure()) std::printf("%s\n", node_->output().c_str());
  }

  static json tx(const std::string& type, const std::string& signer, std::uint64_t nonce, json own,
                 std::uint64_t chain_id = kDevChainId, const std::string& key_of = "") {
    json message = {{"sender", dev(signer).address}, {"nonce", std::to_string(nonce)}};
    for (const auto& item : own.items()) message[item.key()] = item.value();
    return signed_transaction(type, message, dev(key_of.empty() ? signer : key_of).private_key(), chain_id);
  }
  // A Propose carrying one action (a JSON object, as text).
  static json propose(const std::string& signer, std::uint64_t nonce, const json& action) {
    return tx("Propose", signer, nonce, {{"actions", json::array({action.dump()})}, {"description", "test"}});
  }
  static json mint(const std::string& signer, std::uint64_t nonce, const std::string& amount) {
    return tx("Mint", signer, nonce, {{"market", "fUSDC"}, {"amount", amount}});
  }
  // A Mint signed as it is, whatever its market's length (signed_transaction parses
  // first, so it would refuse to sign what the node must refuse).
  static json mint_of_market(const std::string& signer, std::uint64_t nonce, const std::string& market) {
    crypto::TypedStruct m;
    m.primary_type = "Mint";
    m.fields = {{"sender", "address", crypto::parse_address(dev(signer).address).value()},
                {"nonce", "uint64", U256(nonce)},
                {"market", "string", market},
                {"amount", "uint256", U256(1000)}};
    return node::to_json(node::sign_transaction(m, kDevChainId, dev(signer).private_key()));
  }
  // Keys and addresses the dev chain has never seen.
  static crypto::PrivateKey stranger_key() {
    std::array<std::uint8_t, 32> bytes{};
    bytes[0] = 0x5a;
    bytes[31] = 0x17;
    return crypto::PrivateKey::from_bytes(crypto::ByteView(bytes.data(), bytes.size())).value();
  }
  static std::string stranger() { return crypto::to_checksum_address(crypto::address_of(stranger_key())); }
  static std::string never_seen() { return "0x" + std::string(38, '4') + "21"; }

  std::vector<Row> rows() const {
    const json good = mint("alice", 1, "1000");  // would be admitted as it is
    const std::string alice = dev("alice").address;
    const json enter = tx("EnterMarkets", "alice", 1, {{"markets", json::array({"fUSDC"})}});
    std::vector<Row> r = {
        // The signature.
        {"high-s twin of a valid signature", high_s_twin(good), kBadSignature, "s"},
        {"r = 0", with_r_zero(good), kBadSignature},
        {"s = n", with_s_order(good), kBadSignature},
        {"v = 29", with_v(good, 29), kBadSignature},
        {"v = 0 (a raw recovery id)", with_v(good, 0), kBadSignature},
        {"v = 1", with_v(good, 1), kBadSignature},
        {"64-byte signature", with_signature_text(good, good["signature"].get<std::string>().substr(0, 130)),
         kBadSignature},
        {"66-byte signature", with_signature_text(good, good["signature"].get<std::string>() + "00"), kBadSignature},
        {"signature without 0x", with_signature_text(good, good["signature"].get<std::string>().substr(2)),
         kBadSignature},
        {"signature not hex", with_signature_text(good, "0x" + std::string(130, 'z')), kBadSignature},
        {"empty signature", with_signature_text(good, ""), kBadSignature},
        {"all-zero signature", with_signature_text(good, "0x" + std::string(130, '0')), kBadSignature},
        // Whose signature.
        {"signed by bob, sender alice", tx("Mint", "alice", 1, {{"market", "fUSDC"}, {"amount", "1000"}}, kDevChainId,
                                           "bob"),
         kWrongSigner},
        {"signed for chain 1", tx("Mint", "alice", 1, {{"market", "fUSDC"}, {"amount", "1000"}}, 1), kWrongSigner},
        {"signed for chain 31338", tx("Mint", "alice", 1, {{"market", "fUSDC"}, {"amount", "1000"}}, 31338),
         kWrongSigner},
        {"a valid signature over another message", with_signature(good, signature_of(mint("alice", 1, "999"))),
         kWrongSigner},
        // Nonces: alice's next is 1.
        {"used nonce 0", mint("alice", 0, "1000"), kNonceUsed},
        {"the committed transaction again", mint("alice", 0, "1000"), kNonceUsed},
        {"skipped nonce 2", mint("alice", 2, "1000"), kNonceSkipped},
        {"nonce 2^64-1", mint("alice", 18446744073709551615ull, "1000"), kNonceSkipped},
        {"carol's first transaction with nonce 1", mint("carol", 1, "1000"), kNonceSkipped},
        // Roles.
        {"bob sends SetPrice", tx("SetPrice", "bob", 0, {{"market", "fUSDC"}, {"price", "1"}}), kUnauthorized},
        {"alice sends SetCloseFactor", tx("SetCloseFactor", "alice", 1, {{"value", "500000000000000000"}}),
         kUnauthorized},
        {"the oracle sends SetCollateralFactor",
         tx("SetCollateralFactor", "oracle", 0, {{"market", "fUSDC"}, {"value", "1"}}), kUnauthorized},
        {"carol sends Faucet", tx("Faucet", "carol", 0, {{"account", alice}, {"asset", "USDC"}, {"amount", "1"}}),
         kUnauthorized},
        // Refused ones naming addresses never seen leave no account behind (checked
        // after the table with flux_getAccount).
        {"carol sends Faucet to an address never seen",
         tx("Faucet", "carol", 0, {{"account", never_seen()}, {"asset", "USDC"}, {"amount", "1"}}), kUnauthorized},
        {"a key never seen sends SetPrice",
         signed_transaction("SetPrice",
                            {{"sender", stranger()}, {"nonce", "0"}, {"market", "fUSDC"}, {"price", "1"}},
                            stranger_key()),
         kUnauthorized},
        {"bob issues OUSG", tx("IssueAsset", "bob", 0, {{"asset", "OUSG"}, {"to", alice}, {"amount", "1"}}),
         kUnauthorized},
        {"alice grants KYC", tx("GrantKyc", "alice", 1, {{"account", alice}, {"group", "2"}}), kUnauthorized},
        {"alice sanctions bob", tx("Sanction", "alice", 1, {{"account", dev("bob").address}}), kUnauthorized},
        // The dev chain's admin is the timelock: the old admin key is refused, even
        // with a value the node's bounds allow.
        {"the old admin sends SetCloseFactor directly",
         tx("SetCloseFactor", "admin", 0, {{"value", "400000000000000000"}}), kUnauthorized},
        {"the old admin sends SetSupplyCap directly",
         tx("SetSupplyCap", "admin", 0, {{"market", "fUSDC"}, {"value", "1"}}), kUnauthorized},
        // The node's bounds, on the actions of a proposal (the only way to change them).
        {"close factor 0.95", propose("alice", 1, {{"type", "SetCloseFactor"}, {"value", "950000000000000000"}}),
         kOutOfBounds},
        {"close factor 0.01", propose("alice", 1, {{"type", "SetCloseFactor"}, {"value", "10000000000000000"}}),
         kOutOfBounds},
        {"liquidation incentive 2.0",
         propose("alice", 1, {{"type", "SetLiquidationIncentive"}, {"value", "2000000000000000000"}}), kOutOfBounds},
        {"liquidation incentive 0.9",
         propose("alice", 1, {{"type", "SetLiquidationIncentive"}, {"value", "900000000000000000"}}), kOutOfBounds},
        // A proposal's actions (changed after signing: a wallet could sign anything, and
        // the shape is checked before the signature).
        {"a proposal to Mint",
         altered(propose("alice", 1, {{"type", "SetCloseFactor"}, {"value", "400000000000000000"}}), "actions",
                 json::array({json({{"type", "Mint"}, {"market", "fUSDC"}, {"amount", "1"}}).dump()})),
         kMalformed, "Mint is not a governance action"},
        {"a proposal with an unknown action",
         altered(propose("alice", 1, {{"type", "SetCloseFactor"}, {"value", "400000000000000000"}}), "actions",
                 json::array({R"({"type":"Steal"})"})),
         kMalformed, "no transaction type \"Steal\""},
        {"a proposal's action with an extra field",
         altered(propose("alice", 1, {{"type", "SetCloseFactor"}, {"value", "400000000000000000"}}), "actions",
                 json::array({R"({"type":"SetCloseFactor","value":"400000000000000000","memo":"x"})"})),
         kMalformed, "memo"},
        {"CastVote support 3",
         altered(tx("CastVote", "alice", 1, {{"proposal", "1"}, {"support", "2"}, {"reason", ""}}), "support", "3"),
         kMalformed, "support"},
        // The type.
        {"unknown type Steal", [&] { json w = good; w["type"] = "Steal"; return w; }(), kUnknownType},
        {"type in lowercase", [&] { json w = good; w["type"] = "mint"; return w; }(), kUnknownType},
        {"empty type", [&] { json w = good; w["type"] = ""; return w; }(), kUnknownType},
        // The message's fields.
        {"missing amount", without_field(good, "amount"), kMalformed, "amount"},
        {"missing sender", without_field(good, "sender"), kMalformed, "sender"},
        {"missing nonce", without_field(good, "nonce"), kMalformed, "nonce"},
        {"empty message", [&] { json w = good; w["message"] = json::object(); return w; }(), kMalformed},
        {"extra field memo", altered(good, "memo", "hi"), kMalformed, "memo"},
        {"a field of another type (tokens on Mint)", altered(good, "tokens", "1"), kMalformed, "tokens"},
        // Amounts: decimal strings (or JSON integers) below 2^256.
        {"amount \"-1\"", altered(good, "amount", "-1"), kMalformed, "amount"},
        {"amount \"1.5\"", altered(good, "amount", "1.5"), kMalformed, "amount"},
        {"amount \"2^256\"", altered(good, "amount", k2to256), kMalformed, "amount"},
        {"amount \"10 * 2^256\"", altered(good, "amount", k2to256 + "0"), kMalformed, "amount"},
        {"amount 2^256 as a JSON number", with_raw_number(good, "amount", k2to256), kMalformed, "amount"},
        {"amount 400 digits as a JSON number (beyond double: the body does not parse)",
         with_raw_number(good, "amount", std::string(400, '9')), kParseError},
        {"amount -1 as a JSON number", altered(good, "amount", -1), kMalformed, "amount"},
        {"amount 1.5 as a JSON number", altered(good, "amount", 1.5), kMalformed, "amount"},
        {"amount \"1e6\"", altered(good, "amount", "1e6"), kMalformed, "amount"},
        {"amount \"0x10\"", altered(good, "amount", "0x10"), kMalformed, "amount"},
        {"amount \"+1\"", altered(good, "amount", "+1"), kMalformed, "amount"},
        {"amount \" 1\"", altered(good, "amount", " 1"), kMalformed, "amount"},
        {"amount \"\"", altered(good, "amount", ""), kMalformed, "amount"},
        {"amount true", altered(good, "amount", true), kMalformed, "amount"},
        {"amount null", altered(good, "amount", nullptr), kMalformed, "amount"},
        {"amount [1]", altered(good, "amount", json::array({1})), kMalformed, "amount"},
        {"nonce \"2^64\"", altered(good, "nonce", "18446744073709551616"), kMalformed, "nonce"},
        {"nonce \"-1\"", altered(good, "nonce", "-1"), kMalformed, "nonce"},
        {"group 2^32 (uint32)",
         altered(tx("GrantKyc", "compliance", 0, {{"account", alice}, {"group", "2"}}), "group", "4294967296"),
         kMalformed, "group"},
        // Addresses and strings in the message.
        {"sender with a bad checksum", altered(good, "sender", "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A6A"),
         kMalformed, "sender"},
        {"sender too short", altered(good, "sender", "0x15d34a"), kMalformed, "sender"},
        {"sender a number", altered(good, "sender", 5), kMalformed, "sender"},
        {"market a number", altered(good, "market", 1), kMalformed, "market"},
        // Every string has a length limit (docs/rpc.md): a signed Mint whose market
        // name has 900,000 characters was once admitted and stored as a 901 KB block.
        {"a signed Mint with a 900,000-character market name", mint_of_market("alice", 1, std::string(900'000, 'f')),
         kMalformed, "field \"market\": is longer than 32 bytes"},
        {"a market name of 33 bytes", mint_of_market("alice", 1, std::string(33, 'f')), kMalformed,
         "longer than 32 bytes"},
        {"a CastVote reason of 1025 bytes",
         altered(tx("CastVote", "alice", 1, {{"proposal", "1"}, {"support", "2"}, {"reason", ""}}), "reason",
                 std::string(1025, 'r')),
         kMalformed, "longer than 1024 bytes"},
        // Rows built by changing a validly signed message after signing.
        {"Transfer to a malformed address",
         altered(tx("Transfer", "alice", 1, {{"market", "fUSDC"}, {"to", dev("bob").address}, {"tokens", "1"}}), "to",
                 "0x9965507D1a55"),
         kMalformed, "to"},
        {"Pause action explode",
         altered(tx("Pause", "guardian", 0, {{"market", "fUSDC"}, {"action", "mint"}}), "action", "explode"),
         kMalformed, "action"},
        {"SetRateModel kind cubic",
         altered(tx("SetRateModel", "admin", 0,
                    {{"market", "fUSDC"}, {"kind", "jump"}, {"basePerYear", "0"}, {"multiplierPerYear", "0"},
                     {"jumpMultiplierPerYear", "0"}, {"kink", "0"}}),
                 "kind", "cubic"),
         kMalformed, "kind"},
        {"EnterMarkets markets a string", altered(enter, "markets", "fUSDC"), kMalformed, "markets"},
        {"EnterMarkets with a number in the list", altered(enter, "markets", json::array({"fUSDC", 1})), kMalformed,
         "markets"},
        {"EnterMarkets with 1000 markets", altered(enter, "markets", json(std::vector<std::string>(1000, "fUSDC"))),
         kMalformed, "markets"},
    };
    return r;
  }

  std::map<std::string, double> rejection_counts() const {
    const std::string text = metrics_text(port_);
    std::map<std::string, double> out;
    for (const Rejection& k : kAll)
      out[k.name] = metric(text, std::string("flux_node_rejections_total{reason=\"") + k.name + "\"}");
    return out;
  }

  TempDir dir_;
  std::unique_ptr<FluxdProcess> node_;
  std::uint16_t port_ = 0;
  Head before_;
  std::map<std::string, json> nonces_before_;
};

TEST_F(TransactionAdmission, EveryBadTransactionGetsItsRejection) {
  const auto counts_before = rejection_counts();
  std::map<std::string, double> sent;
  const std::vector<Row> table = rows();
  for (const Row& row : table) {
    SCOPED_TRACE(row.what);
    const auto res =
        post_raw(port_, R"({"jsonrpc":"2.0","id":1,"method":"flux_sendTransaction","params":)" + row.params + "}");
    ASSERT_EQ(res.result_int(), 200u) << res.body();
    const json answer = json::parse(res.body());
    EXPECT_EQ(error_code(answer), row.expected.code) << answer;
    if (answer.contains("error") && *row.expected.name != '\0') {
      const json& data = answer["error"]["data"];
      EXPECT_EQ(data["rejection"], row.expected.name) << answer;
      EXPECT_TRUE(data["detail"].is_string()) << answer;
      if (!row.detail.empty() && data["detail"].is_string()) {
        EXPECT_NE(data["detail"].get<std::string>().find(row.detail), std::string::npos) << answer;
      }
      if (data["rejection"] == row.expected.name) sent[row.expected.name] += 1;
    }
    // Still serving; nothing written.
    EXPECT_EQ(head(port_).state_hash, before_.state_hash);
  }
  std::printf("%zu bad transactions\n", table.size());

  // Every rejection was counted under its reason, and only those.
  const auto counts_after = rejection_counts();
  for (const Rejection& k : kAll) {
    EXPECT_EQ(counts_after.at(k.name) - counts_before.at(k.name), sent[k.name]) << k.name;
    EXPECT_GT(sent[k.name], 0) << "no row for " << k.name;
  }

  wait_for_block(port_, before_.number + 2);  // at least two empty blocks since
  const Head now = head(port_);
  EXPECT_EQ(now.state_hash, before_.state_hash);
  for (std::uint64_t n = before_.number + 1; n <= now.number; ++n)
    EXPECT_EQ(rpc_result(port_, "flux_getBlock", {{"number", n}})["transaction_hashes"], json::array()) << n;
  for (const DevAccount& a : dev_accounts())
    EXPECT_EQ(rpc_result(port_, "flux_getNonce", {{"address", a.address}}), nonces_before_[a.name]) << a.name;
  // The addresses the refused transactions named are still unknown (they were kept
  // as empty accounts before issue 9).
  for (const std::string& address : {never_seen(), stranger()})
    EXPECT_EQ(error_code(rpc_call(port_, "flux_getAccount", {{"address", address}})), -32001) << address;

  // And the transaction the table varied is good: admitted now, it commits.
  const auto hash = rpc_result(port_, "flux_sendTransaction", mint("alice", 1, "1000"))["hash"].get<std::string>();
  EXPECT_EQ(rpc_result(port_, "flux_waitForReceipt", {{"hash", hash}})["ok"], true);
}

TEST_F(TransactionAdmission, PendingDuplicateIsRefusedAndEngineErrorsAreCommitted) {
  // An unknown market passes admission (the engine decides: market_not_listed), and
  // the same transaction sent again while pending or after is nonce_used.
  const json bad_market = tx("Mint", "alice", 1, {{"market", "fNOPE"}, {"amount", "1"}});
  const auto hash = rpc_result(port_, "flux_sendTransaction", bad_market)["hash"].get<std::string>();
  const json again = rpc_call(port_, "flux_sendTransaction", bad_market);
  EXPECT_EQ(error_code(again), kNonceUsed.code) << again;
  const json receipt = rpc_result(port_, "flux_waitForReceipt", {{"hash", hash}});
  EXPECT_EQ(receipt["ok"], false) << receipt;
  EXPECT_EQ(receipt["error"]["name"], "market_not_listed") << receipt;
  EXPECT_EQ(receipt["error"]["code"], 1000 + static_cast<int>(Error::market_not_listed)) << receipt;
  EXPECT_EQ(receipt["events"], json::array());
  EXPECT_EQ(error_code(rpc_call(port_, "flux_sendTransaction", bad_market)), kNonceUsed.code);
  // Only alice's nonce moved, by one.
  for (const DevAccount& a : dev_accounts()) {
    json expected = nonces_before_[a.name];
    if (std::string(a.name) == "alice") expected = {{"confirmed", 2}, {"next", 2}};
    EXPECT_EQ(rpc_result(port_, "flux_getNonce", {{"address", a.address}}), expected) << a.name;
  }
  // The market itself is untouched: fUSDC's figures are those of before.
  EXPECT_EQ(error_code(rpc_call(port_, "flux_getMarket", {{"market", "fNOPE"}})), -32001);
}

// A string exactly at its limit is admitted: a Mint naming a 32-byte market the node
// does not list commits with the engine's market_not_listed, like any unknown market.
TEST_F(TransactionAdmission, AStringAtItsLimitIsAdmitted) {
  const auto hash = rpc_result(port_, "flux_sendTransaction", mint_of_market("alice", 1, std::string(32, 'f')))["hash"];
  const json receipt = rpc_result(port_, "flux_waitForReceipt", {{"hash", hash}});
  EXPECT_EQ(receipt["ok"], false) << receipt;
  EXPECT_EQ(receipt["error"]["name"], "market_not_listed") << receipt;
}

// A full mempool: with room for two pending transactions and a block a minute away,
// the third is refused with mempool_full (-32018), counted under its reason, and
// neither written nor held; the two admitted ones are still pending.
TEST(MempoolLimit, TheTransactionBeyondTheLimitIsRefused) {
  TempDir dir;
  NodeOptions options;
  options.block_interval_ms = 60'000;
  options.extra_args = {"--mempool-transactions-max", "2"};
  FluxdProcess node(dir.data(), dir.path(), options);
  ASSERT_TRUE(node.started()) << node.output();
  const std::uint16_t port = node.port();
  const auto mint = [](const std::string& signer, std::uint64_t nonce) {
    const json message = {
        {"sender", dev(signer).address}, {"nonce", std::to_string(nonce)}, {"market", "fUSDC"}, {"amount", "1000"}};
    return signed_transaction("Mint", message, dev(signer).private_key());
  };
  const Head before = head(port);
  ASSERT_EQ(error_code(rpc_call(port, "flux_sendTransaction", mint("alice", 0))), 0);
  ASSERT_EQ(error_code(rpc_call(port, "flux_sendTransaction", mint("bob", 0))), 0);
  for (const std::string who : {"alice", "carol"}) {
    const json answer = rpc_call(port, "flux_sendTransaction", mint(who, who == "alice" ? 1 : 0));
    EXPECT_EQ(error_code(answer), -32018) << who << ": " << answer;
    if (answer.contains("error")) {
      EXPECT_EQ(answer["error"]["data"]["rejection"], "mempool_full") << answer;
    }
  }
  EXPECT_EQ(metric(metrics_text(port), "flux_node_rejections_total{reason=\"mempool_full\"}"), 2.0);
  EXPECT_EQ(rpc_result(port, "flux_getNonce", {{"address", dev("alice").address}})["next"], 1);
  EXPECT_EQ(rpc_result(port, "flux_getNonce", {{"address", dev("carol").address}})["next"], 0);
  EXPECT_EQ(head(port).state_hash, before.state_hash);
  EXPECT_EQ(node.stop(SIGTERM).code, 0) << node.output();
}

}  // namespace
}  // namespace flux::fluxd::test
