// Who a command acts as or asks about.
//
// A signer (every sending command) is either
//   --from NAME|ADDRESS   a key of the keystore folder, decrypted with its password
//   --dev-account NAME    one of the dev chain's accounts, whose keys are PUBLIC
// An account argument (flux account, a recipient, a borrower) is an address
// ("0x" + 40 hex digits), a keystore key's name, or dev:NAME for a dev account.
#pragma once

#include "cli/event_text.hpp"
#include "cli/keystore_dir.hpp"

#include <functional>
#include <optional>
#include <string>

namespace flux::cli {

struct KeyOptions {
  std::string keystore;                      // empty: default_keystore_dir()
  std::optional<std::string> password_file;  // see password.hpp
  KeystoreDir dir() const;
};

struct SignerChoice {
  std::string from;         // keystore name or address
  std::string dev_account;  // admin, oracle, ...
  bool given() const { return !from.empty() || !dev_account.empty(); }
};

struct SignerRef {
  crypto::Address20 address;
  std::string label;                           // key name, dev account name, or the address
  std::function<crypto::PrivateKey()> unlock;  // decrypts a keystore key (asks for the password)
};

// Throws CliError (usage) when neither or both are given, or the key is unknown.
SignerRef resolve_signer(const SignerChoice& choice, const KeyOptions& keys);

// An address, a keystore name or dev:NAME; throws CliError (usage) otherwise.
crypto::Address20 resolve_account(const std::string& text, const KeyOptions& keys);

// Names to show for addresses: keystore names and, on the dev chain (31337), the dev
// accounts. Never fails (an unreadable keystore just adds nothing).
Labels make_labels(const KeyOptions& keys, bool dev_chain);

inline constexpr std::uint64_t dev_chain_id = 31337;

}  // namespace flux::cli
