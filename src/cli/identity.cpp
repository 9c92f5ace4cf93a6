#include "cli/identity.hpp"

#include "cli/dev_accounts.hpp"
#include "cli/errors.hpp"
#include "cli/password.hpp"
#include "crypto/address.hpp"

#include <fmt/core.h>

namespace flux::cli {

KeystoreDir KeyOptions::dir() const {
  return KeystoreDir(keystore.empty() ? default_keystore_dir() : std::filesystem::path(keystore));
}

SignerRef resolve_signer(const SignerChoice& choice, const KeyOptions& keys) {
  if (!choice.from.empty() && !choice.dev_account.empty())
    throw usage_error("give either --from or --dev-account, not both");
  if (!choice.dev_account.empty()) {
    const DevAccount* dev = find_dev_account(choice.dev_account);
    if (dev == nullptr)
      throw usage_error(
          fmt::format("unknown dev account \"{}\"; the dev accounts are {}", choice.dev_account, dev_account_names()));
    const crypto::PrivateKey key = dev_account_key(*dev);
    return SignerRef{crypto::address_of(key), std::string(dev->name), [key] { return key; }};
  }
  if (choice.from.empty())
    throw usage_error(
        "who signs? give --from NAME|ADDRESS (a key of the keystore) or --dev-account NAME "
        "(the dev chain's public keys)");
  const KeystoreDir dir = keys.dir();
  const auto stored = dir.find(choice.from);
  if (!stored) {
    std::string hint;
    if (find_dev_account(choice.from) != nullptr)
      hint = fmt::format(" (for the dev account use --dev-account {})", choice.from);
    throw usage_error(fmt::format("no key \"{}\" in the keystore {}{}", choice.from, dir.dir().string(), hint));
  }
  const std::string label = stored->name.empty() ? crypto::to_checksum_address(stored->address) : stored->name;
  const std::optional<std::string> password_file = keys.password_file;
  return SignerRef{stored->address, label, [dir, entry = *stored, password_file, label] {
                     return dir.unlock(entry, read_password(password_file, "Password for key " + label, false));
                   }};
}

crypto::Address20 resolve_account(const std::string& text, const KeyOptions& keys) {
  if (text.rfind("0x", 0) == 0 || text.rfind("0X", 0) == 0) {
    auto parsed = crypto::parse_address(text);
    if (!parsed) throw usage_error(fmt::format("bad address \"{}\": {}", text, parsed.error().message()));
    return *parsed;
  }
  if (text.rfind("dev:", 0) == 0) {
    const DevAccount* dev = find_dev_account(text.substr(4));
    if (dev == nullptr)
      throw usage_error(
          fmt::format("unknown dev account \"{}\"; the dev accounts are {}", text.substr(4), dev_account_names()));
    return crypto::parse_address(dev->address).value();
  }
  if (const std::string problem = check_key_name(text); !problem.empty())
    throw usage_error(fmt::format("\"{}\" is neither an address (0x + 40 hex digits), a key name nor dev:NAME", text));
  const KeystoreDir dir = keys.dir();
  if (const auto stored = dir.find(text)) return stored->address;
  std::string hint;
  if (find_dev_account(text) != nullptr) hint = fmt::format(" (for the dev account write dev:{})", text);
  throw usage_error(fmt::format("no key \"{}\" in the keystore {}{}", text, dir.dir().string(), hint));
}

Labels make_labels(const KeyOptions& keys, bool dev_chain) {
  Labels labels;
  try {
    for (const StoredKey& k : keys.dir().list())
      if (!k.name.empty()) labels.add(k.address.hex(), k.name);
  } catch (const std::exception&) {
    // no keystore: no names from it
  }
  if (dev_chain)
    for (const DevAccount& a : dev_accounts()) labels.add(std::string(a.address), std::string(a.name));
  return labels;
}

}  // namespace flux::cli
