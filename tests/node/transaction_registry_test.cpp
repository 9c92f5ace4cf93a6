// The node's transaction type table and docs/rpc.md against the registry of
// operations (engine/operation_registry.hpp).
#include "engine/operation_registry.hpp"
#include "node/transaction.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace flux::node {
namespace {

std::size_t registry_type_count() {
  std::size_t n = 0;
  for (const OperationDescriptor* d : operation_descriptors()) n += d->transactions.size();
  return n;
}

TEST(TransactionRegistry, EveryTypeOfTheRegistryIsInTheTableWithItsFields) {
  EXPECT_EQ(transaction_types().size(), registry_type_count());
  for (const OperationDescriptor* d : operation_descriptors()) {
    for (const TransactionDescriptor& wire : d->transactions) {
      const TransactionType* t = find_transaction_type(wire.name);
      ASSERT_NE(t, nullptr) << wire.name << " has no converter in node/transaction_types.cpp";
      ASSERT_EQ(t->fields.size(), wire.fields.size() + 2) << wire.name;
      EXPECT_EQ(t->fields[0].name, "sender");
      EXPECT_EQ(t->fields[1].name, "nonce");
      for (std::size_t i = 0; i < wire.fields.size(); ++i) {
        EXPECT_EQ(t->fields[i + 2].name, wire.fields[i].name) << wire.name;
        EXPECT_EQ(t->fields[i + 2].type, wire.fields[i].type) << wire.name;
      }
      EXPECT_EQ(t->role_operation, d->role != Role::anyone) << wire.name;
      EXPECT_EQ(t->governance_action, d->action_tag.has_value()) << wire.name;
    }
  }
}

TEST(TransactionRegistry, TypeStringsAreTheOnesClientsSign) {
  // Two EIP-712 type strings written out by hand (docs/rpc.md, step 1): a change to a
  // descriptor's field order or names changes every signature of the type.
  const auto type_string = [](const std::string& name) {
    const TransactionType* t = find_transaction_type(name);
    std::string out = name + "(";
    for (std::size_t i = 0; t != nullptr && i < t->fields.size(); ++i)
      out += (i ? "," : "") + t->fields[i].type + " " + t->fields[i].name;
    return out + ")";
  };
  EXPECT_EQ(type_string("Mint"), "Mint(address sender,uint64 nonce,string market,uint256 amount)");
  EXPECT_EQ(type_string("Liquidate"),
            "Liquidate(address sender,uint64 nonce,address borrower,string market,uint256 amount,"
            "string collateralMarket)");
  EXPECT_EQ(type_string("SetKycGroupAdmin"),
            "SetKycGroupAdmin(address sender,uint64 nonce,uint32 group,address account,bool granted)");
}

// docs/rpc.md's table of transaction types, as the registry gives it.
std::string expected_table() {
  std::ostringstream out;
  out << "| Type | Fields after `sender`, `nonce` | Sender | Proposal action |\n";
  out << "|---|---|---|---|\n";
  for (const TransactionType& t : transaction_types()) {
    const OperationDescriptor* d = descriptor_by_transaction(t.name);
    const TransactionDescriptor* wire = transaction_descriptor(t.name);
    out << "| `" << t.name << "` | ";
    if (wire->fields.empty()) out << "none";
    for (std::size_t i = 0; i < wire->fields.size(); ++i)
      out << (i ? "; " : "") << "`" << wire->fields[i].name << "` " << wire->fields[i].type << " — "
          << wire->fields[i].unit;
    out << " | " << role_name(d->role) << " | " << (d->action_tag ? "yes" : "") << " |\n";
  }
  return out.str();
}

TEST(RpcReference, TransactionTypeTableIsTheRegistrys) {
  std::ifstream in(FLUX_SOURCE_DIR "/docs/rpc.md");
  ASSERT_TRUE(in) << "cannot read docs/rpc.md";
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const std::string begin = "<!-- transaction-types:begin -->\n", end = "<!-- transaction-types:end -->";
  const auto from = doc.find(begin), to = doc.find(end);
  ASSERT_NE(from, std::string::npos) << "docs/rpc.md has no " << begin;
  ASSERT_NE(to, std::string::npos);
  const std::string table = doc.substr(from + begin.size(), to - from - begin.size());
  EXPECT_EQ(table, expected_table()) << "docs/rpc.md's transaction types differ from the registry; the table "
                                        "should read:\n"
                                     << expected_table();
}

}  // namespace
}  // namespace flux::node

namespace flux::node {
namespace {

// An executed proposal's receipt names its parameter_changed events with its actions'
// parameter names, in order (block_json.cpp), so an action that emits no
// parameter_changed must have no name. SetRewardSpeeds, FundRewards and
// ScheduleUpgrade had one ("reward_speeds", ...): a proposal [SetRewardSpeeds,
// SetCollateralFactor] labelled its one parameter_changed event "reward_speeds".
TEST(ActionParameterName, OnlyActionsThatEmitParameterChangedHaveOne) {
  EXPECT_EQ(action_parameter_name(SetRewardSpeeds{}), "");
  EXPECT_EQ(action_parameter_name(FundRewards{}), "");
  EXPECT_EQ(action_parameter_name(ScheduleUpgrade{}), "");
  EXPECT_EQ(action_parameter_name(ListMarket{}), "");
  EXPECT_EQ(action_parameter_name(SetOracle{}), "");
  EXPECT_EQ(action_parameter_name(SetCollateralFactor{}), "collateral_factor");
  EXPECT_EQ(action_parameter_name(SetPriceCap{}), "price_cap");
  EXPECT_EQ(action_parameter_name(SetMarketAccess{}), "market_access");
  EXPECT_EQ(action_parameter_name(SetPaused{0, 0, PauseAction::borrow, true}), "borrow_paused");
  EXPECT_EQ(action_parameter_name(SetGovernanceParameter{0, GovernanceParameter::quorum_votes, 1}), "quorum_votes");
}

}  // namespace
}  // namespace flux::node
