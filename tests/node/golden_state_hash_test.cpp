// Golden state hashes of the fixed scene (golden_scene.hpp): the engine's state_hash
// (state_hash.hpp) and the node's node_state_hash (chain.hpp), and a block header's
// hash.
//
// Each expected hash is Keccak-256 of bytes assembled here by hand from the format in
// state_hash.hpp, field by field: u64 8 bytes and U256 32 bytes big-endian, a string
// as a u64 length and its bytes, a flag as one byte. Each is also pinned as a value: a
// pin of consensus encoding, whose purpose is to detect change (a stored chain's
// block headers carry these hashes). The pins were cross-checked with ethers v6's
// keccak256 over the same hand-assembled bytes (tests/interop's npm project), which
// agrees with the project's Keccak-256 (itself checked against known vectors in
// tests/crypto/keccak_test.cpp).
#include "golden_scene.hpp"

#include "crypto/keccak.hpp"
#include "engine/state_hash.hpp"
#include "node/chain.hpp"
#include "node/state_codec.hpp"

#include <gtest/gtest.h>

namespace flux::node {
namespace {

using golden::bytes;
using golden::hex;

// The state hash's primitives, written out.
struct HashBytes {
  std::string out;
  HashBytes& u64(std::uint64_t v) {
    for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    return *this;
  }
  HashBytes& u256(std::uint64_t v) { return u64(0).u64(0).u64(0).u64(v); }
  HashBytes& u256_hex(std::string_view hex32) {  // a U256 above 2^64: 64 hex digits
    out += bytes(hex32);
    return *this;
  }
  HashBytes& str(std::string_view s) {
    u64(s.size());
    out += s;
    return *this;
  }
  HashBytes& flag(bool b) {
    out.push_back(b ? '\1' : '\0');
    return *this;
  }
};

constexpr std::uint64_t all_ones = ~std::uint64_t{0};

// Everything before governance: version tag, settings, roles, assets, markets.
void settings_assets_markets(HashBytes& e) {
  e.str("flux-state-v1");
  e.u256(1000).u64(5);                 // blocks per year, block
  e.u256(0x33).u256(0x44);             // close factor, liquidation incentive
  e.flag(true).flag(false);            // transfer paused, seize not paused
  e.str("tl").str("admin").str("al");  // admin, pause guardian, oracle
  e.str("bo").str("").str("lk");       // compliance, sanctions admin (none), locked supply holder
  e.u64(1).u64(7).str("bo");           // one KYC group admin: group 7, "bo"
  e.u64(2);                            // 2 assets
  // symbol, decimals, issued, issuer, permissioned, KYC group
  e.str("USD").u64(6).u256(1500).str("admin").flag(true).u64(7);
  e.str("FLUX").u64(18).u256(1000).str("").flag(false).u64(0);
  e.u64(1);                                  // 1 market: its configuration,
  e.str("fUSD").u64(0);                      //   symbol, asset
  e.u256(2).u256(3).u256(4).u256(5);         //   initial exchange rate, reserve factor, seize share, collateral factor
  e.u64(1).u256(6).u256(7).u256(8).u256(9);  // rate model: jump, base, multiplier, jump multiplier, kink
  e.u64(2).u64(7);                           //   access permissioned, KYC group 7
  e.u256(0x100).u256(0x200);                 //   borrow cap, supply cap
  e.flag(true).flag(false);                  //   mint paused, borrow not paused
  e.u256(0x0a).u256(0x0b);                   //   price, price cap
  e.u256(1000).u256(200).u256(10).u256(4000);  // book: cash, borrows, reserves, supply,
  e.u256_hex("0000000000000000000000000000000000000000000000000de0b6b3a7640000");  // borrow index 1e18
  e.u64(5);                                                                        //   accrual block
}

// Governance counting 1-second blocks: behind 2^64 - 2, durations in seconds.
void governance(HashBytes& e) {
  e.u64(all_ones - 1);
  e.u64(1).str("tl").u256(100);                   // token asset 1, timelock, proposal threshold
  e.u64(10).u64(20).u256(300).u64(30);            // voting delay, voting period, quorum, timelock delay
  e.u64(1000);                                    // block interval (ms)
  e.u64(2);                                       // 2 voters, by name:
  e.str("al").str("al").u64(1).u64(3).u256(600);  //   "al": delegate "al", 1 checkpoint (block 3, 600)
  e.str("bo").str("al").u64(0);                   //   "bo": delegate "al", none
  e.u64(1);                                       // 1 proposal:
  e.u64(1).str("al");                             //   id 1, proposer "al"
  e.u64(1).u64(5).str("tl").u256(0x55);           //   1 action: index 5 (SetCloseFactor), sender "tl", value
  e.str("up").u64(15).u64(35);                    //   description, start, end block
  e.u256(300).u64(0x40);                          //   quorum, eta
  e.u256(600).u256(2).u256(3);                    //   for, against, abstain
  e.flag(false).flag(true);                       //   not canceled, executed
  e.u64(1).str("al").u64(1).u256(600);            //   1 receipt: "al" for, 600
  e.u64(1).str("al").u64(1);                      // latest proposals: "al" -> 1
}

// 1e36 (Compound's initial reward index) = 0xc097ce7bc90715b34b9f1000000000.
void rewards(HashBytes& e) {
  e.u64(all_ones - 1);
  e.u256(100).u256(80).u256(60).u256(40);  // funded, allocated, distributed, paid
  e.u64(1).u64(0).u256(2).u256(3);         // 1 market: fUSD, supply speed, borrow speed
  e.u256_hex("00000000000000000000000000000000 00c097ce7bc90715b34b9f1000000001");  // supply index
  e.u256_hex("00000000000000000000000000000000 00c097ce7bc90715b34b9f1000000002");  // borrow index
  e.u64(4).u64(5);                                                                  // supply block, borrow block
  e.u64(1).str("al").u256(20);                                                      // 1 account: "al", accrued 20,
  e.u64(1).u64(0);                                                                  //   1 market: fUSD
  e.u256_hex("00000000000000000000000000000000 00c097ce7bc90715b34b9f1000000007");  // supplier index
  e.u256(0);                                                                        //   borrower index
}

// Accounts in name order, those holding nothing left out ("admin", "lk", "tl").
void accounts(HashBytes& e) {
  e.str("al");
  e.u64(2).u64(0).u256(500).u64(1).u256(600);          // wallet: USD 500, FLUX 600
  e.u64(1).u64(0).u256(4000).u256(0x11).u256(0x12);    // position in fUSD: tokens, principal, index
  e.u64(1);                                            // entered markets
  e.u64(2).u64(7).u64(9);                              // KYC groups 7, 9
  e.flag(false);                                       // not sanctioned
  e.str("bo").u64(0).u64(0).u64(0).u64(0).flag(true);  // only sanctioned
}

std::string scene_bytes() {
  HashBytes e;
  settings_assets_markets(e);
  governance(e);
  rewards(e);
  accounts(e);
  e.u64(all_ones).u64(1).flag(true).u64(2).u64(100);  // rules: version 1, scheduled: version 2 at block 100
  return e.out;
}

crypto::Hash32 keccak(const std::string& s) { return crypto::keccak256(std::string_view(s)); }

TEST(GoldenStateHash, EngineStateHashOfTheScene) {
  const std::string expected = keccak(scene_bytes()).hex(false);
  EXPECT_EQ(to_hex(state_hash(golden::scene())), expected);
  // Pin (see the top of the file).
  EXPECT_EQ(expected, "d9b7e6129364a24a01fe034c559045c6997002ee545fee9564925a9c39cfac32");
}

TEST(GoldenStateHash, EngineStateHashWithoutGovernanceRewardsOrUpgrades) {
  // The form every state had before those existed: nothing of them is written.
  State s = golden::scene();
  s.governance = Governance{};
  s.rewards = Rewards{};
  s.scheduled_upgrade.reset();
  HashBytes e;
  settings_assets_markets(e);
  accounts(e);
  const std::string expected = keccak(e.out).hex(false);
  EXPECT_EQ(to_hex(state_hash(s)), expected);
  EXPECT_EQ(expected, "302cc4595b2e7f6c519bed591c8404740521be996e7955c4c0e14ee5ad21391a");  // pin
}

TEST(GoldenStateHash, GovernanceCountingTwelveSecondBlocks) {
  // Whole 12-second blocks: behind 2^64 - 1, durations in blocks, no interval.
  State s = golden::scene();
  s.rewards = Rewards{};
  s.scheduled_upgrade.reset();
  s.governance.block_interval_ms = 12'000;
  s.governance.params.voting_delay = 24;
  s.governance.params.voting_period = 36;
  s.governance.timelock_delay = 48;
  HashBytes g;
  governance(g);
  HashBytes twelve;
  twelve.u64(all_ones).u64(1).str("tl").u256(100);  // token, timelock, threshold
  twelve.u64(2).u64(3).u256(300).u64(4);            // delay 2, period 3 blocks, quorum, timelock delay 4 blocks
  // The rest (voters, proposals, latest) as in the 1-second scene: skip its 8-byte
  // tag, token (8), timelock (8 + 2), threshold (32), four durations (8 each) and
  // quorum (32).
  twelve.out += g.out.substr(8 + 8 + 10 + 32 + 8 + 8 + 32 + 8 + 8);
  HashBytes e;
  settings_assets_markets(e);
  e.out += twelve.out;
  accounts(e);
  EXPECT_EQ(to_hex(state_hash(s)), keccak(e.out).hex(false));
}

// The node's hash: keccak("flux-node-state-v1" || engine hash || for each address in
// order: its 20 bytes || its next nonce as u64).
TEST(GoldenStateHash, NodeStateHashWithNonces) {
  const std::string engine(reinterpret_cast<const char*>(state_hash(golden::scene()).data()), 32);
  const std::string alice = bytes("1111111111111111111111111111111111111111");
  const std::string bob = bytes("2222222222222222222222222222222222222222");
  const std::string hashed = "flux-node-state-v1" + bytes(std::string(keccak(scene_bytes()).hex(false))) + alice +
                             bytes("0000000000000003") + bob + bytes("0000000000000102");
  const crypto::Hash32 expected = keccak(hashed);
  EXPECT_EQ(hashed.substr(18, 32), engine);
  EXPECT_EQ(expected.hex(false), "d324a1513aefd41c9305f38591b4282e0ec36db23613f89db623821d1f9984fe");  // pin

  // The nonce records: "nonce/" + 20 address bytes -> the next nonce as a bare u64
  // big-endian (no version byte), written by the chain.
  const auto encoded = encode_state(golden::scene());
  std::map<std::string, std::string> records(encoded.begin(), encoded.end());
  records["nonce/" + alice] = bytes("0000000000000003");
  records["nonce/" + bob] = bytes("0000000000000102");
  BlockHeader head;
  head.number = 5;
  head.state_hash = expected;
  std::string error;
  // resume() refuses records whose node state hash is not the head's.
  const auto chain = Chain::resume(31337, records, head, ChainLimits{}, error);
  ASSERT_TRUE(chain) << error;
  EXPECT_EQ(chain->node_state_hash(), expected);
  std::map<std::string, std::string> written;
  for (const auto& [key, value] : chain->all_records()) written[key] = value;
  EXPECT_EQ(written, records);  // the 16 records of the scene and the 2 nonces, byte for byte
}

TEST(GoldenStateHash, NodeStateHashWithoutNonces) {
  const Chain chain(31337, golden::scene());
  const std::string engine = bytes(std::string(keccak(scene_bytes()).hex(false)));
  EXPECT_EQ(chain.node_state_hash(), keccak("flux-node-state-v1" + engine));
}

// keccak(u64 number || u64 time || parent hash || transactions root || state hash).
TEST(GoldenStateHash, BlockHeaderHash) {
  BlockHeader h;
  h.number = 0x0102;
  h.time_ms = 0x0304;
  h.parent_hash.bytes.fill(0xaa);
  h.transactions_root.bytes.fill(0xbb);
  h.state_hash.bytes.fill(0xcc);
  const std::string hashed =
      bytes({"0000000000000102", "0000000000000304", std::string(64, 'a'), std::string(64, 'b'), std::string(64, 'c')});
  EXPECT_EQ(h.hash(), keccak(hashed));
}

}  // namespace
}  // namespace flux::node
