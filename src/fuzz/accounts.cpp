#include "fuzz/accounts.hpp"

#include "cli/dev_accounts.hpp"
#include "crypto/keccak.hpp"
#include "node/transaction.hpp"

namespace flux::fuzz {

std::vector<FuzzAccount> fuzz_accounts(unsigned fresh) {
  std::vector<FuzzAccount> out;
  auto add = [&out](std::string name, crypto::PrivateKey key) {
    const crypto::Address20 address = crypto::address_of(key);
    out.push_back(FuzzAccount{std::move(name), key, address, node::account_name(address)});
  };
  for (const cli::DevAccount& a : cli::dev_accounts()) add(std::string(a.name), cli::dev_account_key(a));
  for (unsigned i = 1; i <= fresh; ++i) {
    const std::string label = "flux fuzz account " + std::to_string(i);
    const crypto::Hash32 h =
        crypto::keccak256(crypto::ByteView(reinterpret_cast<const std::uint8_t*>(label.data()), label.size()));
    add("fresh" + std::to_string(i), crypto::PrivateKey::from_bytes(h.view()).value());
  }
  return out;
}

}  // namespace flux::fuzz
