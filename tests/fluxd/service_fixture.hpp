// What the NodeService tests of upgrades share: the one-market genesis at block 0
// with key 1 as every role, signed transactions by small keys, a scratch directory.
#pragma once

#include "fluxd/node_service.hpp"

#include "crypto/secp256k1.hpp"
#include "engine/numbers/mantissa.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace flux::fluxd::test {

inline constexpr std::uint64_t kServiceChain = 31337;

inline crypto::PrivateKey service_key(unsigned n) {
  std::array<std::uint8_t, 32> bytes{};
  bytes[31] = static_cast<std::uint8_t>(n);
  return crypto::PrivateKey::from_bytes(crypto::ByteView(bytes.data(), bytes.size())).value();
}

inline State service_genesis() {
  State s;
  s.blocks_per_year = 1'000'000;
  s.risk.close_factor = mantissa_one() / 2;
  s.risk.liquidation_incentive = mantissa_one();
  const AccountId admin = s.account_id(node::account_name(crypto::address_of(service_key(1))));
  s.roles.admin = s.roles.oracle = s.roles.pause_guardian = s.roles.compliance = admin;
  MarketConfig c;
  c.symbol = "fUSD";
  c.asset = s.add_asset("USD", 18);
  c.initial_exchange_rate = mantissa_one();
  RateModelParams linear;
  linear.base_per_year = mantissa_one() / 10;  // accrual moves the state every block
  c.rate_model = make_rate_model(linear, s.blocks_per_year);
  s.add_market(std::move(c), 0);
  return s;
}

inline node::Transaction service_tx(const char* type, unsigned signer, std::uint64_t nonce,
                                    std::vector<crypto::Field> own) {
  crypto::TypedStruct m;
  m.primary_type = type;
  m.fields.push_back({"sender", "address", crypto::address_of(service_key(signer))});
  m.fields.push_back({"nonce", "uint64", U256(nonce)});
  for (auto& f : own) m.fields.push_back(std::move(f));
  return node::sign_transaction(std::move(m), kServiceChain, service_key(signer));
}

struct ServiceDir {
  std::filesystem::path path;
  ServiceDir() {
    path = std::filesystem::temp_directory_path() / ("flux-upgrade-" + std::to_string(::getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path);
  }
  ~ServiceDir() { std::filesystem::remove_all(path); }
  ServiceDir(const ServiceDir&) = delete;
  ServiceDir& operator=(const ServiceDir&) = delete;
};

}  // namespace flux::fluxd::test
