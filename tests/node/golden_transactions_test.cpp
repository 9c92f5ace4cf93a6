// Golden transaction types: every type the node accepts, in its fixed order, with its
// EIP-712 type string (what wallets hash and show), who may send it, and the signing
// hash of one transaction of that type (transaction.hpp: the hash is also the
// transaction's id).
//
// The expected digest is computed here from hand-assembled bytes with the project's
// Keccak-256, following EIP-712 (eip712.hpp) independently of src/crypto/eip712.cpp:
//   domain    = keccak(keccak("EIP712Domain(string name,string version,uint256 chainId)")
//                      || keccak("Flux") || keccak("1") || uint256(31337))
//   struct    = keccak(keccak(type string) || one 32-byte word per field)
//   digest    = keccak(0x19 0x01 || domain || struct)
// and it is also pinned, per type, to the digest ethers v6 computes for the same
// message (TypedDataEncoder.hash): a pin of consensus encoding, whose purpose is to
// detect change. Cross-checked with ethers 6 (tests/interop's pinned npm project, node
// 20) by tests/interop/golden_digests.mjs, which reads this file's type strings and
// applies message_for()'s value rule; ethers, the hand-assembled bytes and the node
// agree on every type.
#include "golden_scene.hpp"

#include "crypto/keccak.hpp"
#include "node/transaction.hpp"

#include <gtest/gtest.h>

namespace flux::node {
namespace {

using crypto::Bytes;
using crypto::Hash32;

struct GoldenType {
  std::string type;    // the EIP-712 type string, sender and nonce first
  std::string sender;  // "user", "role" (needs a role), "action" (role, and a proposal's action),
                       // "user+action" (anyone, and a proposal's action)
  std::string digest;  // ethers' TypedDataEncoder.hash of message_for(type), chain 31337
};

// In transaction_types() order: clients may rely on it, so new types are appended.
const std::vector<GoldenType>& golden_types() {
  static const std::vector<GoldenType> all = {
      {"Mint(address sender,uint64 nonce,string market,uint256 amount)", "user",
       "0x4592a3682a7f9b53f0ce5772b908f4e51a2c28a85a8afa5f772c74b75710b884"},
      {"Redeem(address sender,uint64 nonce,string market,uint256 tokens)", "user",
       "0x43906840408659b616a0460bad5a7be91ea42de8463dc7c8d89cdd3f44bd65e0"},
      {"RedeemUnderlying(address sender,uint64 nonce,string market,uint256 amount)", "user",
       "0xb935eb963ddb68cf60615725902b29459145aa11a7a2369ba38aa38b1add3bc2"},
      {"Borrow(address sender,uint64 nonce,string market,uint256 amount)", "user",
       "0x77c3a1da33335079884d3fac203e7b37d2cdc89b027aa9dc897d12c4a554d2f1"},
      {"Repay(address sender,uint64 nonce,string market,address borrower,uint256 amount)", "user",
       "0x998278c08f568e10a6a4023ba46b53dfffe4c08f5c8d323ce42af60a02a7c32d"},
      {"Transfer(address sender,uint64 nonce,string market,address to,uint256 tokens)", "user",
       "0xaa0712fed1f56435c07684be33722e246c3512974be20101bc6cbb7a50857f20"},
      {"Liquidate(address sender,uint64 nonce,address borrower,string market,uint256 amount,string collateralMarket)",
       "user", "0x21dd55a9a9573759a40956820e4895935de110e1db1ff9135c17e44a0398591a"},
      {"EnterMarkets(address sender,uint64 nonce,string[] markets)", "user",
       "0xaa628f3543b3788bc4a34a4ac558852f7390edbe68ad9eed4c144c153902f055"},
      {"ExitMarket(address sender,uint64 nonce,string market)", "user",
       "0xd077713baf6e947b05b1d7643be7215eb46a883425a1686d2d8f1eb8d451d096"},
      {"Accrue(address sender,uint64 nonce,string market)", "user",
       "0x29523111ef18fe71315253321463dc37aea1a3c3a01e6bf51dfedd81900ac940"},
      {"TransferAsset(address sender,uint64 nonce,string asset,address to,uint256 amount)", "user",
       "0x62a2fb93d214032cc65dccf1fa88e38bc007cb21dbbc5ca84eac7a0397baa09a"},
      {"IssueAsset(address sender,uint64 nonce,string asset,address to,uint256 amount)", "role",
       "0x03e6de0a3aae36f2947a9706e9c5e4a744596b49859c615ab40d0c060d58179a"},
      {"BurnAsset(address sender,uint64 nonce,string asset,uint256 amount)", "role",
       "0xfebf36e6a06708b8f281f176438c872bfae992a52e9008bb6a3883b5083a74e0"},
      {"SetPrice(address sender,uint64 nonce,string market,uint256 price)", "role",
       "0x576ddcea15401fcfb53a174a218284ebc9bf6098c21edfd14779e123f436ffdd"},
      {"SetPriceCap(address sender,uint64 nonce,string market,uint256 cap)", "action",
       "0xd2d57defb5b8ca328c8d4f3797f3344430b3934177d5009a2e01abb77d6574eb"},
      {"SetCollateralFactor(address sender,uint64 nonce,string market,uint256 value)", "action",
       "0xb6f78f56d76576af9a6a60e3c84e7b0e970a8fcde94ffc45b06f7dbac047837c"},
      {"SetReserveFactor(address sender,uint64 nonce,string market,uint256 value)", "action",
       "0xecff278a994b004a05d6319df0b0440f357da82754d1a3d4876985a8bd7cc8f3"},
      {"SetProtocolSeizeShare(address sender,uint64 nonce,string market,uint256 value)", "action",
       "0xc0dd486aceb44a0687c293db94a5ce9ec66fc6ff2cb562eccdaa9747e9322e64"},
      {"SetRateModel(address sender,uint64 nonce,string market,string kind,uint256 basePerYear,"
       "uint256 multiplierPerYear,uint256 jumpMultiplierPerYear,uint256 kink)",
       "action", "0x386619722e616c0b0721de1fac4f5d75452611f1dc0397f160124b42681b91ed"},
      {"SetCloseFactor(address sender,uint64 nonce,uint256 value)", "action",
       "0x65d70fdff465073311faf71c9d7faff69a1969e1dfcf13b642a9ea3945a34675"},
      {"SetLiquidationIncentive(address sender,uint64 nonce,uint256 value)", "action",
       "0xb1538bc6167d93460bb7c10c02ade996a55522b993a3c77589473f8b619b6f2f"},
      {"SetBorrowCap(address sender,uint64 nonce,string market,uint256 value)", "action",
       "0x919630dcc59543a24900e5fa9439d38b947ca3674b88ac458daf584141fd7d82"},
      {"SetSupplyCap(address sender,uint64 nonce,string market,uint256 value)", "action",
       "0xf01e734f2a890bc543ff16b8b6941b8f738abbac2d833e8e63ee95f4cd18597c"},
      {"Pause(address sender,uint64 nonce,string market,string action)", "action",
       "0x1eb72457c304508c2bb1247a7bd00f4cdb3f6b8fff8a3a868dfcffa03eac7ebb"},
      {"Unpause(address sender,uint64 nonce,string market,string action)", "action",
       "0xde72556160c7c628845f6d9e2246016260651935b90954e82cae4b5a1a7ae88c"},
      {"GrantKyc(address sender,uint64 nonce,address account,uint32 group)", "role",
       "0xdaa9b9433641e9a6a8286424ab9d4b17f29c4c41681ab8ef3b18a8d96ff95330"},
      {"RevokeKyc(address sender,uint64 nonce,address account,uint32 group)", "role",
       "0x921d1595f43a1cc7227fecdcc74ae483aab4392752866bd6e8a64d49c898531d"},
      {"Sanction(address sender,uint64 nonce,address account)", "role",
       "0xf8a84da7dd3d4aa8fa580fb9d4f76ce08b7bd09c2620391954dadcb483d08040"},
      {"Unsanction(address sender,uint64 nonce,address account)", "role",
       "0xd6df9ea68780edd4f9d6f8126ee580ecefade7e9a6c47dd3f0c3c99ef964deb3"},
      {"AddReserves(address sender,uint64 nonce,string market,uint256 amount)", "role",
       "0xec0a083a9d37188963bf221245a3eff8059350079123337636c53dd5de0c1931"},
      {"ReduceReserves(address sender,uint64 nonce,string market,uint256 amount)", "role",
       "0x459b31ce3494237ed5dc999ff08be5509045a0b78dc4194c9f36d5f769b87586"},
      {"Faucet(address sender,uint64 nonce,address account,string asset,uint256 amount)", "role",
       "0xce172ddaceccb429a80055f1d8edcc36c207282912f6a1c95b38919a1bdaa21b"},
      {"Delegate(address sender,uint64 nonce,address delegatee)", "user",
       "0x7a36393d3d8774b297cb698f4048f4c8ab1be8690373e58f5286013846d5ed55"},
      {"Propose(address sender,uint64 nonce,string[] actions,string description)", "user",
       "0x34f552b1c0ccc1410e32ccb993df31e625e3f5ebf9a88610c235fc6fdd855638"},
      {"CastVote(address sender,uint64 nonce,uint64 proposal,uint8 support,string reason)", "user",
       "0x9da139e76548400918c2c44c9016f2dc846259f85b28511ce37a69463f1f9aaa"},
      {"Cancel(address sender,uint64 nonce,uint64 proposal)", "user",
       "0xc9a4495da4e777788c8e8f6462180b75191b6f9641945cf82f277dc9107986c3"},
      {"Queue(address sender,uint64 nonce,uint64 proposal)", "user",
       "0xa416607f60b014b0f5c1619dfb2dbb2e688dfd1399204287c261ddc9e9d10019"},
      {"Execute(address sender,uint64 nonce,uint64 proposal)", "user",
       "0x39cd109859b3f56a72c4d90ae21b5945cea6641aac010fc75de4ede7d552148c"},
      {"ListMarket(address sender,uint64 nonce,string symbol,string asset,uint256 collateralFactor,"
       "uint256 reserveFactor,uint256 protocolSeizeShare,uint256 initialExchangeRate,string kind,"
       "uint256 basePerYear,uint256 multiplierPerYear,uint256 jumpMultiplierPerYear,uint256 kink,"
       "string access,uint32 kycGroup,uint256 borrowCap,uint256 supplyCap,uint256 price,uint256 priceCap,"
       "bool mintPaused,bool borrowPaused,uint256 seedAmount)",
       "action", "0x419a15a9fdb38d1414f66d3c40d6e01ab5b937098a0a9c3648ceb5b7bcfc5169"},
      {"SetPauseGuardian(address sender,uint64 nonce,address account)", "action",
       "0x19dab4b5fbd64f7989eaa83a51d2c8ed159312e6974af737e0ec6fea6e4ec060"},
      {"SetMarketAccess(address sender,uint64 nonce,string market,string access,uint32 kycGroup)", "action",
       "0x55dd484f683f6cbeab30b256c485b635892244aab7b9e8a2402cf5bf70424648"},
      {"ReduceReservesTo(address sender,uint64 nonce,string market,uint256 amount,address to)", "action",
       "0xfd2cf80798d4ee4ff1460a2adc356252099f9df510987ddff56d624b57e1e2af"},
      {"SetKycGroupAdmin(address sender,uint64 nonce,uint32 group,address account,bool granted)", "action",
       "0xa23cd860afa50aba8fca3e140f18497f1f988893e282d55494e3aaaaa38923e8"},
      {"SetSanctionsAdmin(address sender,uint64 nonce,address account,bool granted)", "action",
       "0xd618bf596b756e9fa8f6be983a12487e64b61b8bba0c12cbadd0797d819550dd"},
      {"SetGovernanceParameter(address sender,uint64 nonce,string parameter,uint256 value)", "action",
       "0x3b92dd474860052c4c883bad8aacbe838d84d493e0a40ace2275c73bf041abef"},
      {"TransferAdminToTimelock(address sender,uint64 nonce)", "role",
       "0xba09b33a6e681df303bc4cc251eee0f6addd2cc767184e8e138420f4a2eb44a7"},
      {"SetRewardSpeeds(address sender,uint64 nonce,string market,uint256 supplySpeed,uint256 borrowSpeed)", "action",
       "0x3126c387d82b3ca803f5dde0659b4ffb1aed60af21292b746c03d7c59cbe4701"},
      {"FundRewards(address sender,uint64 nonce,uint256 amount)", "user+action",
       "0xae76bac1defbe9c59add48c8ac3ddc95ba8243ee063531f7f104e13a5d983bcf"},
      {"ClaimRewards(address sender,uint64 nonce,string[] markets)", "user",
       "0x3bb72c8334dc513a4308417f9bcc06b213087d725499cd6513a2b715402a00a9"},
      {"ScheduleUpgrade(address sender,uint64 nonce,uint32 version,uint64 activationBlock)", "action",
       "0x24115dee6d2c2cd91042d109133e238e8dc21849aae117e2236d5451f018f13f"},
      {"SetOracle(address sender,uint64 nonce,address account)", "action",
       "0x1267d1145ca3a960aacec06cef42a21c2708949060c1d7a481edc967b959e2a0"},
      {"ClaimRewardsFor(address sender,uint64 nonce,address holder,string[] markets)", "user",
       "0x92a73d4017e412e3a736e7f84ece46a332563b6d2c3ccfb291a190a1df9978ce"},
      // Flux Protocol (issue 11)
      {"SupplyFor(address sender,uint64 nonce,address receiver,string market,uint256 amount)", "user",
       "0x843e0046a386a55661f29e733561f3803be66d2cd02d48ecbbba6abb3e7f4a25"},
      {"Withdraw(address sender,uint64 nonce,address to,string market,uint256 amount)", "user",
       "0x54009ec93b66cae0b0622708f359bc602d02281bacbc1545f4dc13a2200e59be"},
      {"Approve(address sender,uint64 nonce,address spender,string market,uint256 tokens)", "user",
       "0xa79e2b53fa72d84547ae9e1419ca09fc2e939b51a146bd76c001d85e1f03cf6d"},
      {"TransferFrom(address sender,uint64 nonce,address from,address to,string market,uint256 tokens)", "user",
       "0x27a7d0999e3c785ebf77c8a21f8b343be4717d425b1c6d6630173c7d278390d3"},
      {"AccrueAll(address sender,uint64 nonce)", "user",
       "0xd6d96f4473834388bc88891167484caf14f67ea5d9eced6cb90b90611e8f0b90"},
      {"WithdrawReserves(address sender,uint64 nonce,string market)", "user",
       "0x911d1e22ee2383be033a4abad44417a3fc2166a19e4f6464497177e095a45a03"},
      {"LiquidatePosition(address sender,uint64 nonce,address borrower)", "user",
       "0x666768d2e3cce91f8ac8600423f0a0a59e42213ad22b6cafe39fd3766dcf7994"},
      {"MarginCall(address sender,uint64 nonce,address borrower)", "user",
       "0xf82b511779492a5ef3f3341977b4527542ed7195ca400a7737cbec166a3a90c2"},
      {"GuardRepay(address sender,uint64 nonce,string market)", "user",
       "0x0562d2334dcba95bcb9292558c5905a52b090f0e6c1a86eec9bab173c07986ca"},
      {"GuardWithdraw(address sender,uint64 nonce,string asset,uint256 amount)", "role",
       "0x916580aa0c3d220349f37d7e8dab3d0bad37b47880a49a239dc0548a9db95051"},
      {"Donate(address sender,uint64 nonce,string market,uint256 amount)", "user",
       "0x0621ed40da6fbb48038010b893a6ad53ecfb9da0c1d154afb8e780332a1870fd"},
      {"SetCollateralRatio(address sender,uint64 nonce,string market,uint256 ratio)", "role",
       "0x27db20fd70941af33bc30f64d8e1f88520e610e58dc3d8ce669ed771dff2f811"},
      {"SetMarketStatus(address sender,uint64 nonce,string market,bool stopped)", "role",
       "0xac1819b05279298aad87a922f899f29b42c061ea22e868e3fcfaf94fc827fb62"},
      {"SetActionDisabled(address sender,uint64 nonce,uint32 operation,bool disabled)", "role",
       "0x29ebbf770e8224b2e3022a2ef520d77dee40bef03a83f4aae2a31771237b735f"},
      {"SetTaxRate(address sender,uint64 nonce,string market,uint256 rate)", "role",
       "0x0feef6047b6086393177f965c1afb3135abf1bd6d72761801c9af6dec430adec"},
      {"SetDefaultTaxRate(address sender,uint64 nonce,uint256 rate)", "role",
       "0x694597916b9803ab53a4fde1bae9761f3c6e960b9e0ac05e05917a805b563937"},
      {"SetLiquidationFee(address sender,uint64 nonce,uint256 rate)", "role",
       "0x14c209eacc0a854cd0db2e5beadf7f8e823534e0f45634b72b468cdf8984630f"},
      {"SetTeamAccount(address sender,uint64 nonce,address account)", "role",
       "0xbb6d9f83f5eb7a33f575761d204be485a0653e43862c49bc9e7507520fb7c881"},
      {"ClearTeamAccount(address sender,uint64 nonce)", "role",
       "0x695556d557bcc3e74f67b1abbfbd2e56480c362898abd755efaf5f84558e2601"},
      {"SetCreditBorrower(address sender,uint64 nonce,address borrower,bool enabled)", "role",
       "0x3b5762fbacd48ff9cafba4caa420dad2273333da837b7f9f0418df49ac49ed64"},
      {"SetCreditLimit(address sender,uint64 nonce,address borrower,string market,uint256 limit)", "role",
       "0xce46e212342e112d68cbca00e56b46107ba2eadda9b871f9588da26573ffb15c"},
  };
  return all;
}

// "Mint(address sender,uint64 nonce,...)" -> "Mint" and its (type, name) pairs.
std::string type_name(const std::string& type) { return type.substr(0, type.find('(')); }
std::vector<std::pair<std::string, std::string>> type_fields(const std::string& type) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string inside = type.substr(type.find('(') + 1, type.size() - type.find('(') - 2);
  std::size_t at = 0;
  while (at < inside.size()) {
    std::size_t end = inside.find(',', at);
    if (end == std::string::npos) end = inside.size();
    const std::string field = inside.substr(at, end - at);
    out.emplace_back(field.substr(0, field.find(' ')), field.substr(field.find(' ') + 1));
    at = end + 1;
  }
  return out;
}

// The message of a golden transaction: field i (0 = sender, 1 = nonce) of type
//   address   20 bytes of 0x10 + i        uintN     i + 1
//   string    "s" + i                      bool      i is odd
//   string[]  {"a" + i, "b" + i}
crypto::TypedStruct message_for(const std::string& type) {
  crypto::TypedStruct m;
  m.primary_type = type_name(type);
  const auto fields = type_fields(type);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto& [solidity, name] = fields[i];
    const std::string n = std::to_string(i);
    crypto::FieldValue v;
    if (solidity == "address") {
      crypto::Address20 a;
      a.bytes.fill(static_cast<std::uint8_t>(0x10 + i));
      v = a;
    } else if (solidity == "string") {
      v = "s" + n;
    } else if (solidity == "bool") {
      v = i % 2 == 1;
    } else if (solidity == "string[]") {
      v = std::vector<std::string>{"a" + n, "b" + n};
    } else {
      v = crypto::Uint256(i + 1);
    }
    m.fields.push_back(crypto::Field{name, solidity, std::move(v)});
  }
  return m;
}

// --- EIP-712 by hand ----------------------------------------------------------------
void append(Bytes& out, const Hash32& h) { out.insert(out.end(), h.bytes.begin(), h.bytes.end()); }
Hash32 keccak(const Bytes& b) { return crypto::keccak256(crypto::ByteView(b)); }
Hash32 word_of(std::uint64_t v) {  // a uint as one 32-byte big-endian word
  Hash32 w;
  for (int i = 0; i < 8; ++i) w.bytes[31 - static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * i));
  return w;
}

Hash32 hand_digest(const std::string& type) {
  const auto fields = type_fields(type);
  Bytes data;
  append(data, crypto::keccak256(type));  // typeHash
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string& solidity = fields[i].first;
    const std::string n = std::to_string(i);
    if (solidity == "address") {
      Hash32 w;  // left-padded: 12 zero bytes, then the 20 bytes
      for (std::size_t b = 12; b < 32; ++b) w.bytes[b] = static_cast<std::uint8_t>(0x10 + i);
      append(data, w);
    } else if (solidity == "string") {
      append(data, crypto::keccak256("s" + n));
    } else if (solidity == "bool") {
      append(data, word_of(i % 2));
    } else if (solidity == "string[]") {
      Bytes items;  // keccak of the items' encodings, concatenated
      append(items, crypto::keccak256("a" + n));
      append(items, crypto::keccak256("b" + n));
      append(data, keccak(items));
    } else {
      append(data, word_of(i + 1));
    }
  }
  Bytes domain;
  append(domain, crypto::keccak256(std::string_view("EIP712Domain(string name,string version,uint256 chainId)")));
  append(domain, crypto::keccak256(std::string_view("Flux")));
  append(domain, crypto::keccak256(std::string_view("1")));
  append(domain, word_of(31337));
  Bytes digest{0x19, 0x01};
  append(digest, keccak(domain));
  append(digest, keccak(data));
  return keccak(digest);
}

std::string sender_kind(const TransactionType& t) {
  if (t.governance_action) return t.role_operation ? "action" : "user+action";
  return t.role_operation ? "role" : "user";
}

TEST(GoldenTransactions, EveryTypeInItsOrderWithItsTypeString) {
  const auto& types = transaction_types();
  ASSERT_EQ(golden_types().size(), 73u);
  ASSERT_EQ(types.size(), golden_types().size()) << "a type added or removed: add it to golden_transaction_types.inc";
  for (std::size_t i = 0; i < types.size(); ++i) {
    const GoldenType& g = golden_types()[i];
    SCOPED_TRACE(g.type);
    EXPECT_EQ(types[i].name, type_name(g.type)) << "position " << i;
    const auto fields = type_fields(g.type);
    ASSERT_EQ(types[i].fields.size(), fields.size());
    for (std::size_t f = 0; f < fields.size(); ++f) {
      EXPECT_EQ(types[i].fields[f].type, fields[f].first);
      EXPECT_EQ(types[i].fields[f].name, fields[f].second);
    }
    EXPECT_EQ(sender_kind(types[i]), g.sender);
    EXPECT_EQ(crypto::encode_type(message_for(g.type)).value(), g.type);
  }
}

TEST(GoldenTransactions, DomainSeparator) {
  // Pin (see the top of the file): ethers' TypedDataEncoder.hashDomain({name: "Flux",
  // version: "1", chainId: 31337}).
  const Hash32 pinned = Hash32::from_hex("0xe47d015bcadceaa34c08a067ffc0ca2a45a6ccf79a9394bcbfe343d76afc3724").value();
  EXPECT_EQ(crypto::domain_separator(flux_domain(31337)), pinned);
  Bytes domain;
  append(domain, crypto::keccak256(std::string_view("EIP712Domain(string name,string version,uint256 chainId)")));
  append(domain, crypto::keccak256(std::string_view("Flux")));
  append(domain, crypto::keccak256(std::string_view("1")));
  append(domain, word_of(31337));
  EXPECT_EQ(keccak(domain), pinned);
}

TEST(GoldenTransactions, SigningHashOfOneTransactionPerType) {
  for (const GoldenType& g : golden_types()) {
    SCOPED_TRACE(g.type);
    Transaction tx;
    tx.message = message_for(g.type);
    const Hash32 hash = transaction_hash(tx, 31337);
    EXPECT_EQ(hash, hand_digest(g.type));
    EXPECT_EQ(hash.hex(), g.digest);
  }
}

}  // namespace
}  // namespace flux::node
