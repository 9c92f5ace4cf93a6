// Bad input at every JSON-RPC method of a running fluxd process (docs/rpc.md): each
// malformed call gets its documented error code, the node keeps serving (a valid
// call succeeds after every case), and nothing is written — the state hash of the
// latest block stays what it was while empty blocks keep coming, no block since
// holds a transaction, every nonce is unchanged and the mempool stays empty.
//
// The matrix is table-driven: kMethods has one row per method (its fields, each of a
// Kind, and the calls particular to it); every generic case (params as an array, a
// missing field, an extra field, each field of the wrong type, each malformed value
// of its kind, negative, fractional, 2^64, 2^256 and larger numbers, oversize body,
// overlong batch, deep nesting, broken JSON) is derived from those rows. A method
// added to docs/rpc.md without a row fails EveryDocumentedMethodHasARow.
//
// Transaction-level rejections (what is inside a transaction) are in
// transaction_admission_test.cpp.
#include "fluxd_process.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>

#ifndef FLUX_RPC_DOC
#error "FLUX_RPC_DOC must name docs/rpc.md"
#endif

namespace flux::fluxd::test {
namespace {

constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kNotFound = -32001;
constexpr int kNonceSkipped = -32015;
constexpr int kResult = 0;  // a result, no error

// Numbers as raw JSON text: nlohmann would turn 2^256 into a double when dumping.
const std::string k2to64 = "18446744073709551616";
const std::string k2to64minus1 = "18446744073709551615";
const std::string k2to256 = "115792089237316195423570985008687907853269984665640564039457584007913129639936";
const std::string k2to256times10 = k2to256 + "0";
// An integer beyond double's range: nlohmann cannot hold it, and the dispatcher answers
// -32700 for it as for 1e400 (rpc/dispatcher.cpp), whatever the field.
const std::string kHugeDigits = std::string(400, '9');

std::string quoted(const std::string& s) { return json(s).dump(); }

// ---- The method table ----

enum class Kind {
  address,  // "0x" + 40 hex digits
  hash,     // "0x" + 64 hex digits
  market,   // a market symbol
  text,     // any other string (filters, the transaction type, the signature)
  uint,     // a non-negative JSON integer
  block,    // a non-negative JSON integer or "latest"
  boolean,
  object,
};

struct Field {
  std::string name;
  Kind kind;
  bool required = true;
};

// Raw params: (name, JSON text) in order, so that any number can be sent as written.
using RawParams = std::vector<std::pair<std::string, std::string>>;

struct Specific {
  Specific(std::string what_, RawParams params_, int code_, std::string field_ = {},
           std::function<void(const json&)> check_ = {})
      : what(std::move(what_)),
        params(std::move(params_)),
        code(code_),
        field(std::move(field_)),
        check(std::move(check_)) {}
  std::string what;
  RawParams params;
  int code;           // kResult: a result is expected
  std::string field;  // for -32602: the error's data.field
  std::function<void(const json& result)> check;
};

// What a row may use that exists only once the node runs.
struct Known {
  std::string tx_hash;  // a committed transaction
  std::uint64_t tx_block = 0;
  std::string alice, bob, never_seen;
  json tx_skipped_nonce;  // a well-formed transaction the node refuses (nonce skipped)
};

struct MethodRow {
  std::string method;
  std::vector<Field> fields;
  // Valid params (every field, optional ones included) and what they answer.
  std::function<RawParams(const Known&)> valid;
  int valid_code = kResult;
  std::function<std::vector<Specific>(const Known&)> specific = {};
};

RawParams raw(const json& object) {
  RawParams out;
  for (const auto& item : object.items()) out.emplace_back(item.key(), item.value().dump());
  return out;
}

std::vector<Specific> none(const Known&) { return {}; }

const std::vector<MethodRow>& methods() {
  static const std::vector<MethodRow> rows = {
      {"flux_chainId",
       {},
       [](const Known&) { return RawParams{}; },
       kResult,
       [](const Known&) {
         return std::vector<Specific>{{"answers 31337", {}, kResult, "", [](const json& r) { EXPECT_EQ(r, 31337); }}};
       }},
      {"flux_blockNumber", {}, [](const Known&) { return RawParams{}; }, kResult, none},
      {"flux_getTransactionTypes", {}, [](const Known&) { return RawParams{}; }, kResult, none},
      {"flux_getMarkets", {}, [](const Known&) { return RawParams{}; }, kResult, none},
      {"flux_sendTransaction",
       {{"type", Kind::text}, {"message", Kind::object}, {"signature", Kind::text}},
       [](const Known& k) { return raw(k.tx_skipped_nonce); },
       kNonceSkipped,
       none},
      {"flux_getTransactionReceipt",
       {{"hash", Kind::hash}},
       [](const Known& k) {
         return RawParams{{"hash", quoted(k.tx_hash)}};
       },
       kResult,
       [](const Known&) {
         return std::vector<Specific>{{"an unknown hash answers null",
                                       {{"hash", quoted("0x" + std::string(64, '7'))}},
                                       kResult,
                                       "",
                                       [](const json& r) { EXPECT_TRUE(r.is_null()) << r; }}};
       }},
      {"flux_waitForReceipt",
       {{"hash", Kind::hash}, {"timeout_ms", Kind::uint, false}},
       [](const Known& k) {
         return RawParams{{"hash", quoted(k.tx_hash)}, {"timeout_ms", "1000"}};
       },
       kResult,
       [](const Known& k) {
         const std::string h = quoted(k.tx_hash);
         const std::string unknown = quoted("0x" + std::string(64, '7'));
         return std::vector<Specific>{
             {"an unknown hash is -32001 at once", {{"hash", unknown}}, kNotFound},
             {"an unknown hash with timeout 0", {{"hash", unknown}, {"timeout_ms", "0"}}, kNotFound},
             {"timeout 30001 (over the maximum)", {{"hash", h}, {"timeout_ms", "30001"}}, kInvalidParams, "timeout_ms"},
             {"timeout 2^64-1", {{"hash", h}, {"timeout_ms", k2to64minus1}}, kInvalidParams, "timeout_ms"},
             {"timeout 30000 is allowed", {{"hash", h}, {"timeout_ms", "30000"}}, kResult},
         };
       }},
      {"flux_getBlock",
       {{"number", Kind::block}, {"transactions", Kind::boolean, false}},
       [](const Known& k) {
         return RawParams{{"number", std::to_string(k.tx_block)}, {"transactions", "true"}};
       },
       kResult,
       [](const Known&) {
         return std::vector<Specific>{
             {"block 10^12 does not exist", {{"number", "1000000000000"}}, kNotFound},
             {"block 2^64-1 does not exist", {{"number", k2to64minus1}}, kNotFound},
             {"\"latest\"", {{"number", quoted("latest")}}, kResult},
             {"block 0", {{"number", "0"}, {"transactions", "false"}}, kResult},
         };
       }},
      {"flux_getMarket",
       {{"market", Kind::market}},
       [](const Known&) {
         return RawParams{{"market", quoted("fUSDC")}};
       },
       kResult,
       [](const Known&) {
         return std::vector<Specific>{
             {"unknown market", {{"market", quoted("fNOPE")}}, kNotFound},
             {"empty symbol", {{"market", quoted("")}}, kNotFound},
             {"symbols are case-sensitive", {{"market", quoted("fusdc")}}, kNotFound},
             {"an asset is not a market", {{"market", quoted("USDC")}}, kNotFound},
             {"a 100000-character symbol", {{"market", quoted(std::string(100000, 'f'))}}, kNotFound},
             {"a symbol with a NUL", {{"market", R"("fUSDC\u0000")"}}, kNotFound},
         };
       }},
      {"flux_getAccount",
       {{"address", Kind::address}},
       [](const Known& k) {
         return RawParams{{"address", quoted(k.alice)}};
       },
       kResult,
       [](const Known& k) {
         return std::vector<Specific>{
             {"an address never seen", {{"address", quoted(k.never_seen)}}, kNotFound},
             {"the zero address", {{"address", quoted("0x" + std::string(40, '0'))}}, kNotFound},
             {"uppercase hex digits (all caps is not mixed case)",
              {{"address", quoted("0x" + std::string("15D34AAF54267DB7D7C367839AAF71A00A2C6A65"))}},
              kResult},
         };
       }},
      {"flux_getCompliance",
       {{"address", Kind::address}},
       [](const Known& k) {
         return RawParams{{"address", quoted(k.alice)}};
       },
       kResult,
       [](const Known& k) {
         return std::vector<Specific>{{"an address never seen: no groups, not sanctioned",
                                       {{"address", quoted(k.never_seen)}},
                                       kResult,
                                       "",
                                       [](const json& r) {
                                         EXPECT_EQ(r["kyc_groups"], json::array());
                                         EXPECT_EQ(r["sanctioned"], false);
                                       }}};
       }},
      {"flux_getNonce",
       {{"address", Kind::address}},
       [](const Known& k) {
         return RawParams{{"address", quoted(k.alice)}};
       },
       kResult,
       [](const Known& k) {
         return std::vector<Specific>{
             {"an address never seen: 0 and 0", {{"address", quoted(k.never_seen)}}, kResult, "", [](const json& r) {
                EXPECT_EQ(r["confirmed"], 0);
                EXPECT_EQ(r["next"], 0);
              }}};
       }},
      {"flux_getEvents",
       {{"from_block", Kind::uint},
        {"to_block", Kind::uint},
        {"market", Kind::market, false},
        {"account", Kind::address, false},
        {"event", Kind::text, false}},
       [](const Known& k) {
         return RawParams{{"from_block", "0"},
                          {"to_block", std::to_string(k.tx_block)},
                          {"market", quoted("fUSDC")},
                          {"account", quoted(k.alice)},
                          {"event", quoted("minted")}};
       },
       kResult,
       [](const Known& k) {
         auto empty = [](const json& r) { EXPECT_EQ(r, json::array()); };
         return std::vector<Specific>{
             {"to before from", {{"from_block", "5"}, {"to_block", "4"}}, kInvalidParams, "to_block"},
             {"a span of 1001 blocks", {{"from_block", "0"}, {"to_block", "1000"}}, kInvalidParams, "to_block"},
             {"a span of 1000 blocks is allowed", {{"from_block", "0"}, {"to_block", "999"}}, kResult},
             {"from = to = 2^64-1 (beyond the head: nothing)",
              {{"from_block", k2to64minus1}, {"to_block", k2to64minus1}},
              kResult,
              "",
              empty},
             {"from 0 to 2^64-1 spans too much",
              {{"from_block", "0"}, {"to_block", k2to64minus1}},
              kInvalidParams,
              "to_block"},
             // A market filter naming no market or asset is a typo, not "no events";
             // an event name outside the engine's list likewise. An account that did
             // nothing simply has no events.
             {"an unknown market filter is not found",
              {{"from_block", "0"}, {"to_block", std::to_string(k.tx_block)}, {"market", quoted("fNOPE")}},
              kNotFound},
             // An empty name is a name no market has, not "no filter" (issue 9).
             {"an empty market filter is not found",
              {{"from_block", "0"}, {"to_block", std::to_string(k.tx_block)}, {"market", quoted("")}},
              kNotFound},
             {"an asset symbol filters too",
              {{"from_block", "0"}, {"to_block", std::to_string(k.tx_block)}, {"market", quoted("USDC")}},
              kResult},
             {"an unknown account filter matches nothing",
              {{"from_block", "0"}, {"to_block", std::to_string(k.tx_block)}, {"account", quoted(k.never_seen)}},
              kResult,
              "",
              empty},
             {"an unknown event name is invalid",
              {{"from_block", "0"}, {"to_block", std::to_string(k.tx_block)}, {"event", quoted("Steal")}},
              kInvalidParams,
              "event"},
             {"an empty event name is invalid",
              {{"from_block", "0"}, {"to_block", std::to_string(k.tx_block)}, {"event", quoted("")}},
              kInvalidParams,
              "event"},
             {"the committed Mint is found",
              {{"from_block", "0"}, {"to_block", std::to_string(k.tx_block)}, {"event", quoted("minted")}},
              kResult,
              "",
              [](const json& r) { EXPECT_EQ(r.size(), 1u) << r; }},
         };
       }},
      // Governance (the dev chain has it: FLUX, the timelock, alice self-delegated).
      {"flux_getAssets",
       {},
       [](const Known&) { return RawParams{}; },
       kResult,
       [](const Known&) {
         return std::vector<Specific>{{"FLUX is the governance token", {}, kResult, "", [](const json& r) {
                                         bool found = false;
                                         for (const json& a : r)
                                           if (a["symbol"] == "FLUX") found = a["governance_token"] == true;
                                         EXPECT_TRUE(found) << r;
                                       }}};
       }},
      {"flux_getGovernance",
       {},
       [](const Known&) { return RawParams{}; },
       kResult,
       [](const Known&) {
         return std::vector<Specific>{{"the timelock is the admin", {}, kResult, "", [](const json& r) {
                                         EXPECT_EQ(r["enabled"], true);
                                         EXPECT_EQ(r["token"], "FLUX");
                                         EXPECT_EQ(r["admin"], r["timelock"]);
                                         // The dev chain: a day, in seconds, and as its 1 s blocks
                                         // (86,400 s x 1000 / 1000 ms); the grace period 14 days.
                                         EXPECT_EQ(r["parameters"]["voting_period"], 86400);
                                         EXPECT_EQ(r["block_interval_ms"], 1000);
                                         EXPECT_EQ(r["blocks"]["voting_period"], 86400);
                                         EXPECT_EQ(r["blocks"]["timelock_delay"], 86400);
                                         EXPECT_EQ(r["parameters"]["grace_period"], 14 * 86400);
                                         EXPECT_EQ(r["blocks"]["grace_period"], 14 * 86400);
                                       }}};
       }},
      {"flux_getProposals",
       {{"state", Kind::text, false}, {"offset", Kind::uint, false}, {"limit", Kind::uint, false}},
       [](const Known&) {
         return RawParams{{"state", quoted("active")}, {"offset", "0"}, {"limit", "100"}};
       },
       kResult,
       [](const Known&) {
         return std::vector<Specific>{
             {"no proposals yet", {}, kResult, "", [](const json& r) { EXPECT_EQ(r["proposals"], json::array()); }},
             {"limit 0", {{"limit", "0"}}, kInvalidParams, "limit"},
             {"limit 101", {{"limit", "101"}}, kInvalidParams, "limit"},
             {"an unknown state", {{"state", quoted("won")}}, kInvalidParams, "state"},
             {"offset 2^64-1", {{"offset", k2to64minus1}}, kResult},
         };
       }},
      {"flux_getProposal",
       {{"id", Kind::uint}},
       [](const Known&) {
         return RawParams{{"id", "1"}};
       },
       kNotFound,
       [](const Known&) {
         return std::vector<Specific>{
             {"proposal 0 never exists", {{"id", "0"}}, kNotFound},
             {"proposal 2^64-1", {{"id", k2to64minus1}}, kNotFound},
         };
       }},
      {"flux_getVotes",
       {{"account", Kind::address}, {"block", Kind::uint, false}},
       [](const Known& k) {
         return RawParams{{"account", quoted(k.alice)}, {"block", "0"}};
       },
       kResult,
       [](const Known& k) {
         return std::vector<Specific>{
             {"alice's votes at genesis",
              {{"account", quoted(k.alice)}, {"block", "0"}},
              kResult,
              "",
              [](const json& r) {
                EXPECT_EQ(r["votes_at_block"], "500000000000000000000000") << r;
                EXPECT_EQ(r["delegate"], r["account"]) << r;
              }},
             {"an account never seen has none",
              {{"account", quoted(k.never_seen)}},
              kResult,
              "",
              [](const json& r) {
                EXPECT_EQ(r["current_votes"], "0");
                EXPECT_TRUE(r["delegate"].is_null());
              }},
             {"a block not produced yet",
              {{"account", quoted(k.alice)}, {"block", k2to64minus1}},
              kInvalidParams,
              "block"},
         };
       }},
      {"flux_mineBlocks",
       {{"blocks", Kind::uint}},
       [](const Known&) {
         return RawParams{{"blocks", "1"}};
       },
       kResult,
       [](const Known&) {
         return std::vector<Specific>{
             {"0 blocks", {{"blocks", "0"}}, kInvalidParams, "blocks"},
             {"100001 blocks", {{"blocks", "100001"}}, kInvalidParams, "blocks"},
             {"2^64-1 blocks", {{"blocks", k2to64minus1}}, kInvalidParams, "blocks"},
             {"3 blocks", {{"blocks", "3"}}, kResult, "", [](const json& r) { EXPECT_EQ(r["mined"], 3); }},
         };
       }},
  };
  return rows;
}

// ---- Values that are wrong for a kind ----

struct BadValue {
  BadValue(std::string what_, std::string text_, int code_ = kInvalidParams)
      : what(std::move(what_)), text(std::move(text_)), code(code_) {}
  std::string what;
  std::string text;  // raw JSON
  int code;
};

// Values of another JSON type than the kind's.
std::vector<BadValue> wrong_types(Kind kind) {
  const std::vector<BadValue> non_strings = {
      {"integer", "1"},
      {"negative integer", "-1"},
      {"fraction", "1.5"},
      {"exponent", "1e3"},
      {"true", "true"},
      {"null", "null"},
      {"object", "{}"},
      {"array", "[]"},
      {"2^256 as a number", k2to256},
      {"10 * 2^256 as a number", k2to256times10},
      {"400 digits", kHugeDigits, kParseError},
  };
  const std::vector<BadValue> non_numbers = {
      {"decimal string", quoted("1")},
      {"negative integer", "-1"},
      {"negative string", quoted("-1")},
      {"fraction", "1.5"},
      {"fraction string", quoted("1.5")},
      {"exponent", "1e3"},
      {"negative zero point", "-0.0"},
      {"hex string", quoted("0x10")},
      {"2^64", k2to64},
      {"2^256", k2to256},
      {"2^256 as a string", quoted(k2to256)},
      {"10 * 2^256", k2to256times10},
      {"400 digits", kHugeDigits, kParseError},
      {"true", "true"},
      {"null", "null"},
      {"object", "{}"},
      {"array", "[1]"},
  };
  switch (kind) {
    case Kind::address:
    case Kind::hash:
    case Kind::market:
    case Kind::text: return non_strings;
    case Kind::uint: return non_numbers;
    case Kind::block: {
      std::vector<BadValue> v = non_numbers;
      for (const char* s : {"Latest", "latest ", "earliest", "pending", ""})
        v.push_back({"string " + quoted(s), quoted(s)});
      return v;
    }
    case Kind::boolean:
      return {{"string", quoted("true")}, {"integer 1", "1"}, {"integer 0", "0"}, {"null", "null"}, {"object", "{}"}};
    case Kind::object:
      return {{"string", quoted("{}")}, {"array", "[]"}, {"integer", "1"}, {"null", "null"}, {"true", "true"}};
  }
  return {};
}

// Strings of the right type but malformed for the kind.
std::vector<BadValue> malformed_values(Kind kind) {
  const std::string alice_hex = "15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
  switch (kind) {
    case Kind::address:
      return {
          {"empty", quoted("")},
          {"0x only", quoted("0x")},
          {"no 0x prefix", quoted(alice_hex)},
          {"39 hex digits", quoted("0x" + alice_hex.substr(1))},
          {"41 hex digits", quoted("0x" + alice_hex + "5")},
          {"a non-hex digit", quoted("0x" + alice_hex.substr(0, 39) + "g")},
          {"bad EIP-55 checksum", quoted("0x15d34AAf54267DB7D7c367839AAf71A00a2C6A6A")},
          {"one letter's case flipped", quoted("0x15D34AAf54267DB7D7c367839AAf71A00a2C6A65")},
          {"leading space", quoted(" 0x" + alice_hex)},
          {"trailing space", quoted("0x" + alice_hex + " ")},
          {"a 32-byte hash", quoted("0x" + std::string(64, 'a'))},
          {"a decimal number", quoted(k2to256)},
      };
    case Kind::hash:
      return {
          {"empty", quoted("")},
          {"0x only", quoted("0x")},
          {"no 0x prefix", quoted(std::string(64, 'a'))},
          {"63 hex digits", quoted("0x" + std::string(63, 'a'))},
          {"65 hex digits", quoted("0x" + std::string(65, 'a'))},
          {"66 hex digits", quoted("0x" + std::string(66, 'a'))},
          {"a non-hex digit", quoted("0x" + std::string(63, 'a') + "z")},
          {"an address", quoted("0x" + std::string(40, 'a'))},
          {"trailing space", quoted("0x" + std::string(64, 'a') + " ")},
          {"a decimal number", quoted(k2to256)},
      };
    default: return {};
  }
}

// ---- Cases ----

struct Case {
  Case(std::string what_, std::string method_, std::string body_, int http_status_, int code_, std::string field_ = {},
       std::function<void(const json&)> check_ = {})
      : what(std::move(what_)),
        method(std::move(method_)),
        body(std::move(body_)),
        http_status(http_status_),
        code(code_),
        field(std::move(field_)),
        check(std::move(check_)) {}
  std::string what;
  std::string method;
  std::string body;
  int http_status;
  int code;           // kResult: a result is expected
  std::string field;  // for -32602: the error's data.field
  std::function<void(const json&)> check;
};

std::string render_params(const RawParams& p) {
  std::string out = "{";
  for (std::size_t i = 0; i < p.size(); ++i) out += (i ? "," : "") + quoted(p[i].first) + ":" + p[i].second;
  return out + "}";
}

std::string request_body(const std::string& method, const std::optional<std::string>& params_text) {
  std::string body = R"({"jsonrpc":"2.0","id":7,"method":)" + quoted(method);
  if (params_text) body += ",\"params\":" + *params_text;
  return body + "}";
}

RawParams replaced(RawParams p, const std::string& name, const std::string& text) {
  for (auto& item : p)
    if (item.first == name) item.second = text;
  return p;
}

RawParams without(RawParams p, const std::string& name) {
  std::erase_if(p, [&name](const auto& item) { return item.first == name; });
  return p;
}

std::vector<Case> cases_for(const MethodRow& row, const Known& known) {
  std::vector<Case> out;
  const std::string& m = row.method;
  const RawParams valid = row.valid(known);
  auto add = [&](std::string what, const std::optional<std::string>& params_text, int code, std::string field = {},
                 std::function<void(const json&)> check = {}) {
    out.push_back(
        Case{std::move(what), m, request_body(m, params_text), 200, code, std::move(field), std::move(check)});
  };

  // The valid call itself: every derived case differs from it in one thing only.
  add("valid params", render_params(valid), row.valid_code);
  if (row.fields.empty()) add("params left out", std::nullopt, kResult);

  // The shape of params.
  add("params as an empty array", "[]", kInvalidParams);
  {
    std::string positional = "[";
    for (std::size_t i = 0; i < valid.size(); ++i) positional += (i ? "," : "") + valid[i].second;
    add("params as an array of the valid values", positional + "]", kInvalidParams);
  }
  add("params null", "null", kInvalidRequest);
  add("params a string", quoted("x"), kInvalidRequest);
  add("params a number", "1", kInvalidRequest);
  add("params true", "true", kInvalidRequest);
  {
    RawParams extra = valid;
    extra.emplace_back("extra", "1");
    add("an extra field", render_params(extra), kInvalidParams, "extra");
    RawParams unknown_case = valid;
    unknown_case.emplace_back("Market", quoted("fUSDC"));
    add("an unknown field (case differs from a known one)", render_params(unknown_case), kInvalidParams, "Market");
  }
  // A duplicated key: nlohmann keeps the last; still one valid call, never a crash.
  if (!valid.empty()) {
    RawParams dup = valid;
    dup.insert(dup.begin(), valid.front());
    add("a key given twice", render_params(dup), row.valid_code);
  }

  for (const Field& f : row.fields) {
    if (f.required) {
      add("missing \"" + f.name + "\"", render_params(without(valid, f.name)), kInvalidParams, f.name);
    } else {
      add("without optional \"" + f.name + "\"", render_params(without(valid, f.name)), row.valid_code);
    }
    for (const BadValue& v : wrong_types(f.kind))
      add("\"" + f.name + "\" " + v.what, render_params(replaced(valid, f.name, v.text)), v.code,
          v.code == kInvalidParams ? f.name : "");
    for (const BadValue& v : malformed_values(f.kind))
      add("\"" + f.name + "\" " + v.what, render_params(replaced(valid, f.name, v.text)), v.code, f.name);
  }

  for (Specific& s : row.specific(known)) add(s.what, render_params(s.params), s.code, s.field, s.check);

  // Around the call.
  const std::string good = request_body(m, render_params(valid));
  out.push_back(Case{"wrong jsonrpc version", m,
                     R"({"jsonrpc":"1.0","id":7,"method":)" + quoted(m) + ",\"params\":" + render_params(valid) + "}",
                     200, kInvalidRequest});
  out.push_back(Case{"jsonrpc left out", m, R"({"id":7,"method":)" + quoted(m) + "}", 200, kInvalidRequest});
  out.push_back(
      Case{"an object as id", m, R"({"jsonrpc":"2.0","id":{},"method":)" + quoted(m) + "}", 200, kInvalidRequest});
  std::string upper = m;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  out.push_back(Case{"method name in capitals", m, request_body(upper, render_params(valid)), 200, kMethodNotFound});
  out.push_back(Case{"truncated JSON", m, good.substr(0, good.size() - 2), 200, kParseError});
  out.push_back(Case{"a trailing comma", m, good.substr(0, good.size() - 1) + ",}", 200, kParseError});
  out.push_back(Case{"single quotes", m, "{'jsonrpc':'2.0','id':7,'method':'" + m + "'}", 200, kParseError});
  out.push_back(Case{"invalid UTF-8 in a string", m, R"({"jsonrpc":"2.0","id":7,"method":")" + m + "\xff\xfe\"}", 200,
                     kParseError});
  out.push_back(
      Case{"a number beyond double (1e400) in params", m, request_body(m, "{\"x\":1e400}"), 200, kParseError});
  out.push_back(Case{"two requests back to back", m, good + good, 200, kParseError});
  {
    // Deeper than json_depth_max (64): refused before parsing.
    std::string deep = std::string(70, '[') + std::string(70, ']');
    out.push_back(Case{"params nested 71 deep", m, request_body(m, "{\"x\":" + deep + "}"), 200, kInvalidRequest});
  }
  {
    std::string batch = "[";
    for (int i = 0; i < 101; ++i) batch += (i ? "," : "") + good;
    out.push_back(Case{"a batch of 101 calls", m, batch + "]", 200, kInvalidRequest});
  }
  {
    // Over 1 MiB: 413 with a JSON-RPC body, whatever the method.
    RawParams padded = valid;
    padded.emplace_back("padding", quoted(std::string(1024 * 1024, 'p')));
    out.push_back(Case{"a body over 1 MiB", m, request_body(m, render_params(padded)), 413, kInvalidRequest});
  }
  return out;
}

// ---- The fixture: one node, one committed transaction, then only bad input ----

class RpcBadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    node_ = std::make_unique<FluxdProcess>(dir_.data(), dir_.path());
    ASSERT_TRUE(node_->started()) << node_->output();
    port_ = node_->port();
    known_.alice = dev("alice").lower();
    known_.bob = dev("bob").lower();
    known_.never_seen = "0x" + std::string(38, '0') + "42";
    // One committed transaction, so that receipts, blocks and events have something.
    const json tx = signed_transaction(
        "Mint", {{"sender", dev("alice").address}, {"nonce", "0"}, {"market", "fUSDC"}, {"amount", "1000"}},
        dev("alice").private_key());
    known_.tx_hash = rpc_result(port_, "flux_sendTransaction", tx)["hash"].get<std::string>();
    const json receipt = rpc_result(port_, "flux_waitForReceipt", {{"hash", known_.tx_hash}});
    ASSERT_EQ(receipt["ok"], true) << receipt;
    known_.tx_block = receipt["block_number"].get<std::uint64_t>();
    known_.tx_skipped_nonce = signed_transaction(
        "Mint", {{"sender", dev("bob").address}, {"nonce", "1000"}, {"market", "fUSDC"}, {"amount", "1"}},
        dev("bob").private_key());
    // Settle: the block after the transaction's is empty; from here nothing may change.
    wait_for_block(port_, known_.tx_block + 1);
    before_ = head(port_);
    for (const DevAccount& a : dev_accounts())
      nonces_before_[a.name] = rpc_result(port_, "flux_getNonce", {{"address", a.address}});
  }

  void TearDown() override {
    if (node_ && node_->running() && HasFailure()) std::printf("%s\n", node_->output().c_str());
  }

  // Sends one case, checks the answer, then that the node still serves and nothing
  // was written.
  void run(const Case& c) {
    SCOPED_TRACE(c.method + ": " + c.what);
    rpc::test::Response res;
    try {
      res = post_raw(port_, c.body);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "no answer: " << e.what();
      return;
    }
    EXPECT_EQ(res.result_int(), static_cast<unsigned>(c.http_status)) << res.body();
    json answer;
    try {
      answer = json::parse(res.body());
    } catch (const std::exception&) {
      ADD_FAILURE() << "the answer is not JSON: " << res.body().substr(0, 300);
      return;
    }
    if (answer.is_array()) {  // a refused batch would be one error, never an array
      ADD_FAILURE() << "expected one response, got " << answer.size();
      return;
    }
    EXPECT_EQ(answer["jsonrpc"], "2.0");
    if (c.code == kResult) {
      EXPECT_TRUE(answer.contains("result")) << answer.dump().substr(0, 500);
      if (answer.contains("result") && c.check) c.check(answer["result"]);
    } else {
      EXPECT_EQ(error_code(answer), c.code) << answer.dump().substr(0, 500);
      EXPECT_TRUE(answer["error"]["message"].is_string());
      if (!c.field.empty()) {
        EXPECT_EQ(answer["error"]["data"]["field"], c.field) << answer.dump().substr(0, 500);
      }
    }
    // Still serving, and the state is the state before.
    const Head now = head(port_);
    EXPECT_EQ(now.state_hash, before_.state_hash) << "the state changed, at block " << now.number;
  }

  // After all cases: empty blocks kept coming, none holds a transaction, no nonce
  // moved, nothing is pending.
  void expect_nothing_written() {
    wait_for_block(port_, before_.number + 2);  // at least two empty blocks since
    const Head now = head(port_);
    EXPECT_EQ(now.state_hash, before_.state_hash);
    for (std::uint64_t n = before_.number; n <= now.number; ++n) {
      const json block = rpc_result(port_, "flux_getBlock", {{"number", n}});
      EXPECT_EQ(block["transaction_hashes"], json::array()) << "block " << n;
      EXPECT_EQ(block["header"]["state_hash"], before_.state_hash) << "block " << n;
    }
    for (const DevAccount& a : dev_accounts())
      EXPECT_EQ(rpc_result(port_, "flux_getNonce", {{"address", a.address}}), nonces_before_[a.name]) << a.name;
    rpc::test::Client client(port_);
    const json health = json::parse(client.get("/health").body());
    EXPECT_EQ(health["pending"], 0) << health;
  }

  TempDir dir_;
  std::unique_ptr<FluxdProcess> node_;
  std::uint16_t port_ = 0;
  Known known_;
  Head before_;
  std::map<std::string, json> nonces_before_;
};

TEST_F(RpcBadInput, EveryDocumentedMethodHasARow) {
  std::ifstream in(FLUX_RPC_DOC);
  ASSERT_TRUE(in) << FLUX_RPC_DOC;
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  static const std::regex row(R"(\n\| `(flux_[A-Za-z]+)` \|)");
  std::set<std::string> documented;
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), row); it != std::sregex_iterator(); ++it)
    documented.insert((*it)[1].str());
  std::set<std::string> covered;
  for (const MethodRow& r : methods()) covered.insert(r.method);
  EXPECT_EQ(documented.size(), 19u);  // the method rows of docs/rpc.md's tables
  EXPECT_EQ(documented, covered) << "docs/rpc.md and the matrix name different methods";
  // And the node serves each.
  for (const std::string& m : documented)
    EXPECT_NE(error_code(rpc_call(port_, m, json::object())), kMethodNotFound) << m;
}

TEST_F(RpcBadInput, EveryMethodRefusesEveryBadInput) {
  std::size_t total = 0;
  for (const MethodRow& row : methods()) {
    for (const Case& c : cases_for(row, known_)) {
      run(c);
      ++total;
    }
  }
  std::printf("%zu cases over %zu methods\n", total, methods().size());
  expect_nothing_written();
}

// Without --dev there is no flux_mineBlocks at all, and a chain without [governance]
// says so instead of inventing votes.
TEST(RpcDevOnly, MineBlocksIsDevOnlyAndGovernanceMayBeAbsent) {
  TempDir dir;
  const std::filesystem::path genesis = dir.path() / "plain.toml";
  std::ofstream(genesis) << R"(chain_id = 99
[roles]
admin = "0x1000000000000000000000000000000000000001"
oracle = "0x2000000000000000000000000000000000000002"
pause_guardian = "0x3000000000000000000000000000000000000003"
compliance = "0x4000000000000000000000000000000000000004"
)";
  NodeOptions options;
  options.genesis_file = genesis.string();
  FluxdProcess node(dir.data(), dir.path(), options);
  ASSERT_TRUE(node.started()) << node.output();
  EXPECT_EQ(error_code(rpc_call(node.port(), "flux_mineBlocks", {{"blocks", 1}})), kMethodNotFound);
  EXPECT_EQ(rpc_result(node.port(), "flux_getGovernance", json::object()), json({{"enabled", false}}));
  EXPECT_EQ(rpc_result(node.port(), "flux_getProposals", json::object())["proposals"], json::array());
  EXPECT_EQ(error_code(rpc_call(node.port(), "flux_getVotes", {{"account", dev("alice").address}})), kInvalidParams);
}

TEST_F(RpcBadInput, RequestsOutsideAnyMethod) {
  const std::string good = request_body("flux_blockNumber", std::nullopt);
  const std::vector<Case> cases = {
      {"an empty body", "-", "", 200, kParseError},
      {"whitespace only", "-", " \n\t ", 200, kParseError},
      {"not JSON at all", "-", "hello", 200, kParseError},
      {"a bare number 1e400", "-", "1e400", 200, kParseError},
      {"NUL bytes", "-", std::string("\0\0\0", 3), 200, kParseError},
      {"an empty batch", "-", "[]", 200, kInvalidRequest},
      {"a bare string", "-", quoted("flux_chainId"), 200, kInvalidRequest},
      {"a bare number", "-", "1", 200, kInvalidRequest},
      {"null", "-", "null", 200, kInvalidRequest},
      {"an empty object", "-", "{}", 200, kInvalidRequest},
      {"method not a string", "-", R"({"jsonrpc":"2.0","id":1,"method":1})", 200, kInvalidRequest},
      {"unknown method", "-", request_body("flux_steal", std::nullopt), 200, kMethodNotFound},
      {"an eth_ method", "-", request_body("eth_sendRawTransaction", "{}"), 200, kMethodNotFound},
      {"a reserved rpc. method", "-", request_body("rpc.discover", std::nullopt), 200, kMethodNotFound},
      {"an object nested 10000 deep", "-", std::string(10000, '[') + std::string(10000, ']'), 200, kInvalidRequest},
      {"an unbalanced 100000 deep opening", "-", std::string(100000, '{'), 200, kInvalidRequest},
      {"a body of exactly 1 MiB + 1 of spaces", "-", std::string(1024 * 1024 + 1, ' '), 413, kInvalidRequest},
      {"a 3 MiB body", "-", std::string(3 * 1024 * 1024, '['), 413, kInvalidRequest},
  };
  for (const Case& c : cases) run(c);

  // A batch of exactly 100 is served, each call on its own: good and bad mixed.
  {
    std::string batch = "[";
    for (int i = 0; i < 100; ++i)
      batch += std::string(i ? "," : "") + (i % 2 ? good : request_body("flux_getNonce", R"({"address":"0xnope"})"));
    const json out = json::parse(post_raw(port_, batch + "]").body());
    ASSERT_TRUE(out.is_array());
    ASSERT_EQ(out.size(), 100u);
    for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(error_code(out[i]), i % 2 ? 0 : kInvalidParams) << out[i];
  }
  // The wrong media type and HTTP methods.
  {
    rpc::test::Client client(port_);
    EXPECT_EQ(client.post(good, "text/plain").result_int(), 415u);
    EXPECT_EQ(client.get("/").result_int(), 405u);
    EXPECT_EQ(client.get("/nope").result_int(), 404u);
  }
  expect_nothing_written();
}

}  // namespace
}  // namespace flux::fluxd::test
