#include "node/action_codec.hpp"

#include "engine/operation_registry.hpp"

#include <array>
#include <concepts>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace flux::node::records {
namespace {

// Writing: each method takes a field's value.
struct Out {
  Writer& w;
  const State& s;
  void market(MarketId m) { w.u16(m); }
  void asset(AssetId a) { w.u16(a); }
  void u256(const U256& v) { w.u256(v); }
  void u32(std::uint32_t v) { w.u32(v); }
  void u64(std::uint64_t v) { w.u64(v); }
  void flag(bool v) { w.u8(v ? 1 : 0); }
  void text(const std::string& v) { w.str(v); }
  void account(AccountId a) { w.str(name_of(s, a)); }
  void access(Access a) { w.u8(static_cast<std::uint8_t>(a)); }
  void pause_action(PauseAction a) { w.u8(static_cast<std::uint8_t>(a)); }
  void parameter(GovernanceParameter p) { w.u8(static_cast<std::uint8_t>(p)); }
  void rate_model(const RateModelParams& p) { write_rate_model(w, p); }
  void markets(const std::vector<MarketId>& list) {
    w.u32(static_cast<std::uint32_t>(list.size()));
    for (MarketId m : list) w.u16(m);
  }
};

// Reading: the same methods fill the field, checking what only some values mean.
struct In {
  Reader& r;
  State& s;
  void market(MarketId& m) { m = r.u16(); }
  void asset(AssetId& a) { a = r.u16(); }
  void u256(U256& v) { v = r.u256(); }
  void u32(std::uint32_t& v) { v = r.u32(); }
  void u64(std::uint64_t& v) { v = r.u64(); }
  void flag(bool& v) { v = r.flag(); }
  void text(std::string& v) { v = r.str(); }
  void account(AccountId& a) {
    const std::string name = r.str();
    a = name.empty() ? no_account : s.account_id(name);
  }
  void access(Access& a) {
    const std::uint8_t v = r.u8();
    if (v > 2) throw Malformed("unknown access mode");
    a = static_cast<Access>(v);
  }
  void pause_action(PauseAction& a) {
    const std::uint8_t v = r.u8();
    if (v > static_cast<std::uint8_t>(PauseAction::seize)) throw Malformed("unknown pause action");
    a = static_cast<PauseAction>(v);
  }
  void parameter(GovernanceParameter& p) {
    const std::uint8_t v = r.u8();
    if (v > static_cast<std::uint8_t>(GovernanceParameter::timelock_delay))
      throw Malformed("unknown governance parameter");
    p = static_cast<GovernanceParameter>(v);
  }
  void rate_model(RateModelParams& p) { p = read_rate_model(r); }
  void markets(std::vector<MarketId>& list) {
    const std::uint32_t count = r.u32();
    if (count > max_markets) throw Malformed("more markets than a state can hold");
    for (std::uint32_t i = 0; i < count; ++i) list.push_back(r.u16());
  }
};

// An action described by its fields alone (operation_registry.hpp): its bound fields
// in their order, each by its kind.
template <class IO, class Value>
void bound_fields(IO& io, const std::vector<Value>& values) {
  for (const Value& v : values) {
    switch (v.field->binding.kind) {
      case FieldKind::account: io.account(bound_value<FieldKind::account>(v)); break;
      case FieldKind::market: io.market(bound_value<FieldKind::market>(v)); break;
      case FieldKind::asset: io.asset(bound_value<FieldKind::asset>(v)); break;
      case FieldKind::amount: io.u256(bound_value<FieldKind::amount>(v)); break;
      case FieldKind::u32: io.u32(bound_value<FieldKind::u32>(v)); break;
      case FieldKind::u64: io.u64(bound_value<FieldKind::u64>(v)); break;
      case FieldKind::flag: io.flag(bound_value<FieldKind::flag>(v)); break;
      case FieldKind::text: io.text(bound_value<FieldKind::text>(v)); break;
      case FieldKind::markets: io.markets(bound_value<FieldKind::markets>(v)); break;
    }
  }
}

// Each action's stored fields, in order, once for both directions (A is the action,
// const when writing). The order is the format: never change it.
template <class A, class T>
concept Is = std::same_as<std::remove_const_t<A>, T>;

template <class IO, Is<ListMarket> A>
void fields(IO& io, A& a) {
  auto& c = a.config;
  io.text(c.symbol);
  io.asset(c.asset);
  io.u256(c.initial_exchange_rate);
  io.u256(c.reserve_factor);
  io.u256(c.protocol_seize_share);
  io.u256(c.collateral_factor);
  io.access(c.access);
  io.u32(c.kyc_group);
  io.u256(c.borrow_cap);
  io.u256(c.supply_cap);
  io.flag(c.mint_paused);
  io.flag(c.borrow_paused);
  io.u256(c.price);
  io.u256(c.price_cap);
  io.rate_model(a.rate_model);  // config.rate_model is not stored: see state_codec.hpp
  io.u256(a.seed_amount);
}
// A market and a value.
template <class IO, class A>
requires Is<A, SetCollateralFactor> || Is<A, SetReserveFactor> || Is<A, SetProtocolSeizeShare> || Is<A, SetBorrowCap> ||
    Is<A, SetSupplyCap>
void fields(IO& io, A& a) {
  io.market(a.market);
  io.u256(a.value);
}
template <class IO, Is<SetPriceCap> A>
void fields(IO& io, A& a) {
  io.market(a.market);
  io.u256(a.cap);
}
template <class IO, Is<SetRateModel> A>
void fields(IO& io, A& a) {
  io.market(a.market);
  io.rate_model(a.params);
}
template <class IO, class A>
requires Is<A, SetCloseFactor> || Is<A, SetLiquidationIncentive>
void fields(IO& io, A& a) { io.u256(a.value); }
template <class IO, Is<SetPaused> A>
void fields(IO& io, A& a) {
  io.market(a.market);
  io.pause_action(a.action);
  io.flag(a.paused);
}
template <class IO, class A>
requires Is<A, SetPauseGuardian>
void fields(IO& io, A& a) { io.account(a.account); }
template <class IO, Is<SetMarketAccess> A>
void fields(IO& io, A& a) {
  io.market(a.market);
  io.access(a.access);
  io.u32(a.kyc_group);
}
template <class IO, Is<ReduceReservesTo> A>
void fields(IO& io, A& a) {
  io.market(a.market);
  io.u256(a.amount);
  io.account(a.to);
}
template <class IO, Is<SetKycGroupAdmin> A>
void fields(IO& io, A& a) {
  io.u32(a.group);
  io.account(a.account);
  io.flag(a.granted);
}
template <class IO, Is<SetSanctionsAdmin> A>
void fields(IO& io, A& a) {
  io.account(a.account);
  io.flag(a.granted);
}
template <class IO, Is<SetGovernanceParameter> A>
void fields(IO& io, A& a) {
  io.parameter(a.parameter);
  io.u256(a.value);
}
template <class IO, Is<SetRewardSpeeds> A>
void fields(IO& io, A& a) {
  io.market(a.market);
  io.u256(a.supply_speed);
  io.u256(a.borrow_speed);
}
template <class IO, Is<FundRewards> A>
void fields(IO& io, A& a) {
  io.u256(a.amount);
}

// Any other action is described by its fields alone: write_action and read_action
// take it by its descriptor and never come here.
template <class IO, class A>
void fields(IO&, A&) {
  throw std::logic_error("a governance action neither described by its fields nor given a stored form");
}

// Readers by GovernanceAction index: the alternative at I, sent by the timelock.
template <std::size_t I>
GovernanceAction read_alternative(In& in, AccountId timelock) {
  GovernanceAction action{std::in_place_index<I>};
  std::get<I>(action).sender = timelock;
  if (is_generic(descriptor(action))) bound_fields(in, bound_values(action));
  else fields(in, std::get<I>(action));
  return action;
}
using ActionReader = GovernanceAction (*)(In&, AccountId);
template <std::size_t... I>
constexpr std::array<ActionReader, sizeof...(I)> readers(std::index_sequence<I...>) {
  return {&read_alternative<I>...};
}

}  // namespace

void write_action(Writer& w, const State& s, const GovernanceAction& action) {
  w.u8(*descriptor(action).action_tag);
  Out out{w, s};
  if (is_generic(descriptor(action))) bound_fields(out, bound_values(action));
  else std::visit([&out](const auto& a) { fields(out, a); }, action);
}

GovernanceAction read_action(Reader& r, State& s, AccountId timelock) {
  static constexpr auto by_index = readers(std::make_index_sequence<std::variant_size_v<GovernanceAction>>{});
  const std::uint8_t tag = r.u8();
  const std::optional<std::size_t> index = action_index_by_tag(tag);
  if (!index) throw Malformed("unknown governance action tag " + std::to_string(tag));
  In in{r, s};
  return by_index[*index](in, timelock);
}

}  // namespace flux::node::records
