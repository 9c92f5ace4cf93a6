// The dev chain's accounts (config/dev.toml): the Hardhat / Anvil default accounts
// #0-#8, derived from the public mnemonic "test test ... junk". Their private keys
// are PUBLIC: anyone can sign with them, so they are for a local dev chain only.
#pragma once

#include "crypto/secp256k1.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flux::cli {

struct DevAccount {
  std::string_view name;         // admin, oracle, guardian, compliance, alice, bob, carol, liquidator, issuer
  std::string_view address;      // EIP-55
  std::string_view private_key;  // 0x + 64 hex digits, public
};

const std::vector<DevAccount>& dev_accounts();
const DevAccount* find_dev_account(std::string_view name);
// "admin, oracle, ..." for help texts and errors.
std::string dev_account_names();
crypto::PrivateKey dev_account_key(const DevAccount& account);

}  // namespace flux::cli
