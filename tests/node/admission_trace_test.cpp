// What a transaction leaves in the node's state when it is turned away at admission
// (nothing at all) or fails in a block (only its sender's nonce): naming an address
// must not create an account, or anyone could grow the node's memory for free.
#include "node/chain.hpp"

#include "crypto/secp256k1.hpp"
#include "engine/numbers/mantissa.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>

namespace flux::node {
namespace {

using crypto::Address20;
using crypto::Field;
using crypto::PrivateKey;
using crypto::TypedStruct;

constexpr std::uint64_t kChain = 31337;

PrivateKey key(unsigned n) {
  std::array<std::uint8_t, 32> bytes{};
  bytes[30] = static_cast<std::uint8_t>(n >> 8);
  bytes[31] = static_cast<std::uint8_t>(n);
  return PrivateKey::from_bytes(crypto::ByteView(bytes.data(), bytes.size())).value();
}
Address20 addr(const PrivateKey& k) { return crypto::address_of(k); }
U256 e18(std::uint64_t n) { return U256(n) * mantissa_one(); }

// A genesis with one market (fUSD) and an admin holding every role.
struct Net {
  PrivateKey admin = key(1), alice = key(2);
  State genesis;

  Net() {
    genesis.blocks_per_year = 1'000'000;
    genesis.block = 10;
    genesis.risk.close_factor = e18(1) / 2;
    genesis.risk.liquidation_incentive = e18(11) / 10;
    const AccountId a = genesis.account_id(account_name(addr(admin)));
    genesis.roles.admin = genesis.roles.oracle = genesis.roles.pause_guardian = genesis.roles.compliance = a;
    const AssetId usd = genesis.add_asset("USD", 18);
    MarketConfig c;
    c.symbol = "fUSD";
    c.asset = usd;
    c.initial_exchange_rate = mantissa_one();
    c.collateral_factor = e18(1) / 2;
    c.price = e18(1);
    c.rate_model = make_rate_model(RateModelParams{}, genesis.blocks_per_year);
    genesis.add_market(std::move(c), genesis.block);
  }
};

TypedStruct message(const char* type, const Address20& from, std::uint64_t nonce, std::vector<Field> own) {
  TypedStruct m;
  m.primary_type = type;
  m.fields.push_back({"sender", "address", from});
  m.fields.push_back({"nonce", "uint64", U256(nonce)});
  for (auto& f : own) m.fields.push_back(std::move(f));
  return m;
}
TypedStruct faucet(const Address20& from, std::uint64_t nonce, const Address20& to, const U256& amount) {
  return message("Faucet", from, nonce,
                 {{"account", "address", to}, {"asset", "string", std::string("USD")}, {"amount", "uint256", amount}});
}

std::size_t account_count(const Chain& c) { return c.state().accounts.size(); }
bool known(const Chain& c, const PrivateKey& k) { return c.state().find_account(account_name(addr(k))).has_value(); }
bool has_record(const std::vector<std::pair<std::string, std::string>>& records, const std::string& key) {
  return std::any_of(records.begin(), records.end(), [&key](const auto& r) { return r.first == key; });
}
// take_changes() always rewrites the few protocol-wide records (meta, assets, rules);
// what a transaction could leave is an account or a nonce.
bool any_account_or_nonce(const std::vector<std::pair<std::string, std::string>>& records) {
  return std::any_of(records.begin(), records.end(), [](const auto& r) {
    return r.first.rfind("account/", 0) == 0 || r.first.rfind("nonce/", 0) == 0;
  });
}

TEST(AdmissionTrace, ARejectedTransactionCreatesNoAccount) {
  Net n;
  Chain chain(kChain, n.genesis);
  const PrivateKey stranger = key(900), fresh = key(901);
  const std::size_t accounts_before = account_count(chain);
  const crypto::Hash32 hash_before = chain.node_state_hash();
  const auto records_before = chain.all_records();

  // A stranger's Faucet (admin only) naming another address no one has seen.
  const auto refused = chain.submit(sign_transaction(faucet(addr(stranger), 0, addr(fresh), e18(1)), kChain, stranger));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, Rejection::unauthorized);
  EXPECT_EQ(account_count(chain), accounts_before);  // was + 2 (the stranger and fresh)
  EXPECT_FALSE(known(chain, stranger));
  EXPECT_FALSE(known(chain, fresh));
  EXPECT_EQ(chain.node_state_hash(), hash_before);
  EXPECT_EQ(chain.all_records(), records_before);
  EXPECT_FALSE(any_account_or_nonce(chain.take_changes()));
  EXPECT_EQ(chain.next_nonce(addr(stranger)), 0u);
  EXPECT_EQ(chain.pending(), 0u);
}

TEST(AdmissionTrace, AnAdmittedTransactionCreatesItsAccountsOnlyInTheBlock) {
  Net n;
  Chain chain(kChain, n.genesis);
  const PrivateKey fresh = key(902);
  const std::size_t accounts_before = account_count(chain);
  ASSERT_TRUE(chain.submit(sign_transaction(faucet(addr(n.admin), 0, addr(fresh), e18(3)), kChain, n.admin)).ok());
  EXPECT_EQ(account_count(chain), accounts_before);  // pending: nothing yet
  EXPECT_FALSE(known(chain, fresh));
  const Block block = chain.produce_block(1000);
  ASSERT_EQ(block.receipts.at(0).error, Error::ok);
  ASSERT_TRUE(known(chain, fresh));
  EXPECT_EQ(account_count(chain), accounts_before + 1);
  const AccountId id = *chain.state().find_account(account_name(addr(fresh)));
  EXPECT_EQ(chain.state().accounts[id].wallet_balance(0), e18(3));
}

// Paid for by a signed transaction that uses a nonce, so not free; still, a failed
// transaction changes nothing but its sender's nonce: the accounts it named that did
// not exist before are not kept (in memory or in the records written for the block).
TEST(AdmissionTrace, AFailedTransactionInABlockKeepsOnlyItsSendersNonce) {
  Net n;
  Chain chain(kChain, n.genesis);
  const PrivateKey broke = key(903), fresh = key(904);
  // alice holds 5 USD; a fresh address has nothing.
  ASSERT_TRUE(chain.submit(sign_transaction(faucet(addr(n.admin), 0, addr(n.alice), e18(5)), kChain, n.admin)).ok());
  const Block first = chain.produce_block(1000);
  chain.take_changes();
  const std::size_t accounts_before = account_count(chain);

  // A Mint from an address with no balance, and a transfer of fTokens alice does not
  // hold to another fresh address: both admitted (user requests), both fail.
  const auto mint =
      message("Mint", addr(broke), 0, {{"market", "string", std::string("fUSD")}, {"amount", "uint256", e18(1)}});
  const auto transfer = message(
      "Transfer", addr(n.alice), 0,
      {{"market", "string", std::string("fUSD")}, {"to", "address", addr(fresh)}, {"tokens", "uint256", e18(1)}});
  ASSERT_TRUE(chain.submit(sign_transaction(mint, kChain, broke)).ok());
  ASSERT_TRUE(chain.submit(sign_transaction(transfer, kChain, n.alice)).ok());
  const Block block = chain.produce_block(2000);
  EXPECT_EQ(block.receipts.at(0).error, Error::insufficient_balance);
  EXPECT_EQ(block.receipts.at(1).error, Error::insufficient_balance);

  EXPECT_EQ(account_count(chain), accounts_before);  // was + 2
  EXPECT_FALSE(known(chain, broke));
  EXPECT_FALSE(known(chain, fresh));
  EXPECT_EQ(chain.confirmed_nonce(addr(broke)), 1u);  // the nonce is used all the same
  EXPECT_EQ(chain.confirmed_nonce(addr(n.alice)), 1u);
  const auto changes = chain.take_changes();
  EXPECT_TRUE(has_record(changes, "nonce/" + std::string(reinterpret_cast<const char*>(addr(broke).data()), 20)));
  EXPECT_FALSE(has_record(changes, "account/" + account_name(addr(broke))));
  EXPECT_FALSE(has_record(changes, "account/" + account_name(addr(fresh))));

  // A replica replaying the block agrees (receipts, state hash).
  Chain replica(kChain, n.genesis);
  ASSERT_EQ(replica.replay_block(first), std::nullopt);
  EXPECT_EQ(replica.replay_block(block), std::nullopt);
  EXPECT_EQ(replica.node_state_hash(), chain.node_state_hash());
}

// ---- Memory ----

#ifdef FLUX_SANITIZED_BUILD
// ASan's allocator and checks make each rejection some ten times slower, and it
// keeps freed memory in quarantine, so its RSS says little: fewer transactions, and
// the account count (the engine's own records) is what is checked.
constexpr std::size_t kRejected = 50'000;
constexpr bool kCheckRss = false;
#else
constexpr std::size_t kRejected = 1'000'000;
constexpr bool kCheckRss = true;
#endif

std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t total_pages = 0, resident_pages = 0;
  statm >> total_pages >> resident_pages;
  return resident_pages * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

Address20 numbered_address(std::uint64_t i, std::uint8_t tag) {
  Address20 a{};
  a.bytes[0] = tag;
  for (int b = 0; b < 8; ++b) a.bytes[19 - static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(i >> (8 * b));
  return a;
}

// A million transactions naming two fresh addresses each (a stranger's Faucet to a
// stranger), all refused as unauthorized: the node's records stay as they were and
// its memory flat. Submitted with submit_verified (the signature check, admission's
// first and stateless step, is skipped: it is what costs, not what is tested), so the
// million take seconds. Before the fix each left two accounts behind: 2,000,000
// accounts and some 300 MB.
TEST(AdmissionTrace, AMillionRejectedTransactionsLeaveMemoryFlat) {
  Net n;
  Chain chain(kChain, n.genesis);
  const crypto::Hash32 any_hash{};
  const auto reject_one = [&](std::uint64_t i) {
    Transaction tx;
    tx.message = faucet(numbered_address(i, 0xA1), 0, numbered_address(i, 0xB2), U256(1));
    const auto r = chain.submit_verified(tx, any_hash);
    return !r.ok() && r.error().kind == Rejection::unauthorized;
  };
  for (std::uint64_t i = 0; i < 10'000; ++i) ASSERT_TRUE(reject_one(i));  // the allocator's working set
  const std::size_t accounts_before = account_count(chain);
  const std::size_t rss_before = resident_bytes();
  const crypto::Hash32 hash_before = chain.node_state_hash();
  const auto start = std::chrono::steady_clock::now();
  std::size_t refused = 0;
  for (std::uint64_t i = 10'000; i < 10'000 + kRejected; ++i) refused += reject_one(i) ? 1 : 0;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::size_t rss_after = resident_bytes();
  std::printf("%zu rejected in %.2f s; accounts %zu -> %zu; RSS %.1f MB -> %.1f MB\n", refused, seconds,
              accounts_before, account_count(chain), static_cast<double>(rss_before) / 1e6,
              static_cast<double>(rss_after) / 1e6);

  EXPECT_EQ(refused, kRejected);
  EXPECT_EQ(account_count(chain), accounts_before);
  EXPECT_EQ(chain.state().account_names.size(), accounts_before);
  EXPECT_EQ(chain.node_state_hash(), hash_before);
  EXPECT_EQ(chain.pending(), 0u);
  EXPECT_FALSE(any_account_or_nonce(chain.take_changes()));
  if (kCheckRss) {
    // Generous: a leak of even 16 bytes per transaction would pass 16 MB; one account
    // per transaction costs well over 100 bytes.
    EXPECT_LT(rss_after, rss_before + 16 * 1024 * 1024) << "RSS grew by " << (rss_after - rss_before) << " bytes";
  }
}

}  // namespace
}  // namespace flux::node
