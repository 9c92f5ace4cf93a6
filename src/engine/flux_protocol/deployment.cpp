#include "engine/flux_protocol/deployment.hpp"

#include <algorithm>

namespace flux {

const char* protocol_name(Protocol p) { return p == Protocol::flux_protocol ? "flux-protocol" : "compound"; }

}  // namespace flux

namespace flux::flux_protocol {
namespace {

// The entry for `key` in a vector sorted by key, or where it would go.
template <class Entry, class Key, class KeyOf>
auto find_sorted(std::vector<Entry>& v, const Key& key, KeyOf key_of) {
  return std::lower_bound(v.begin(), v.end(), key, [&](const Entry& e, const Key& k) { return key_of(e) < k; });
}

// Sets (or, for zero, removes) the value at `key`, keeping the vector sorted.
template <class Entry, class Key, class KeyOf, class Make>
void put_sorted(std::vector<Entry>& v, const Key& key, const U256& value, KeyOf key_of, Make make) {
  auto it = find_sorted(v, key, key_of);
  const bool found = it != v.end() && key_of(*it) == key;
  if (value.is_zero()) {
    if (found) v.erase(it);
  } else if (found) {
    *it = make(value);
  } else {
    v.insert(it, make(value));
  }
}

}  // namespace

U256 ProtocolAccount::allowance(std::uint16_t market, std::uint32_t spender) const {
  for (const Allowance& a : allowances)
    if (a.market == market && a.spender == spender) return a.amount;
  return U256(0);
}

void ProtocolAccount::set_allowance(std::uint16_t market, std::uint32_t spender, const U256& amount) {
  const auto key_of = [](const Allowance& a) { return std::pair{a.market, a.spender}; };
  put_sorted(allowances, std::pair{market, spender}, amount, key_of, [&](const U256& v) {
    return Allowance{market, spender, v};
  });
}

U256 ProtocolAccount::credit_limit(std::uint16_t market) const {
  for (const CreditLimit& c : credit_limits)
    if (c.market == market) return c.limit;
  return U256(0);
}

void ProtocolAccount::set_credit_limit(std::uint16_t market, const U256& limit) {
  put_sorted(
      credit_limits, market, limit, [](const CreditLimit& c) { return c.market; },
      [&](const U256& v) {
        return CreditLimit{market, v};
      });
}

}  // namespace flux::flux_protocol
