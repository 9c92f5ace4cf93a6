#include "golden_scene.hpp"

#include "engine/numbers/mantissa.hpp"

#include <stdexcept>

namespace flux::node::golden {

State scene() {
  State s;
  s.blocks_per_year = 1000;
  s.block = 5;
  s.risk.close_factor = 0x33;
  s.risk.liquidation_incentive = 0x44;
  s.risk.transfer_paused = true;
  s.risk.seize_paused = false;
  // Created in the order a decoded state creates them (the meta record's roles first),
  // so that a state read back from the records compares equal, ids included.
  const AccountId tl = s.account_id("tl");
  const AccountId admin = s.account_id("admin");
  const AccountId al = s.account_id("al");
  const AccountId bo = s.account_id("bo");
  const AccountId lk = s.account_id("lk");
  s.roles.admin = tl;
  s.roles.pause_guardian = admin;
  s.roles.oracle = al;
  s.roles.compliance = bo;
  s.roles.sanctions_admin = no_account;
  s.roles.locked_supply_holder = lk;
  s.roles.kyc_group_admins.at_or_insert(7) = bo;

  const AssetId usd = s.add_asset("USD", 6);
  s.assets[usd].issued = 1500;
  s.assets[usd].issuer = admin;
  s.assets[usd].permissioned = true;
  s.assets[usd].kyc_group = 7;
  const AssetId flux = s.add_asset("FLUX", 18);
  s.assets[flux].issued = 1000;

  MarketConfig c;
  c.symbol = "fUSD";
  c.asset = usd;
  c.initial_exchange_rate = 2;
  c.reserve_factor = 3;
  c.protocol_seize_share = 4;
  c.collateral_factor = 5;
  c.rate_model = make_rate_model(RateModelParams{RateModelKind::jump, 6, 7, 8, 9}, s.blocks_per_year);
  c.access = Access::permissioned;
  c.kyc_group = 7;
  c.borrow_cap = 0x100;
  c.supply_cap = 0x200;
  c.mint_paused = true;
  c.borrow_paused = false;
  c.price = 0x0a;
  c.price_cap = 0x0b;
  const MarketId f_usd = s.add_market(std::move(c), 5);
  MarketBook& b = s.markets[f_usd].book;
  b.cash = 1000;
  b.total_borrows = 200;
  b.total_reserves = 10;
  b.total_supply = 4000;
  b.borrow_index = mantissa_one();
  b.accrual_block = 5;

  Account& alice = s.accounts[al];
  alice.wallet.at_or_insert(usd) = 500;
  alice.wallet.at_or_insert(flux) = 600;
  Position& p = alice.positions.at_or_insert(f_usd);
  p.tokens = 4000;
  p.principal = 0x11;
  p.interest_index = 0x12;
  alice.entered_markets = 1;
  alice.kyc_groups = {7, 9};
  s.accounts[bo].sanctioned = true;

  Governance& g = s.governance;
  g.token = flux;
  g.timelock = tl;
  g.params.proposal_threshold = 100;
  g.params.voting_delay = 10;
  g.params.voting_period = 20;
  g.params.quorum_votes = 300;
  g.timelock_delay = 30;
  g.block_interval_ms = 1000;
  g.voters[al] = Voter{al, {Checkpoint{3, U256(600)}}};
  g.voters[bo] = Voter{al, {}};
  Proposal proposal;
  proposal.id = 1;
  proposal.proposer = al;
  proposal.actions = {SetCloseFactor{tl, U256(0x55)}};
  proposal.description = "up";
  proposal.start_block = 15;
  proposal.end_block = 35;
  proposal.quorum_votes = 300;
  proposal.eta = 0x40;
  proposal.for_votes = 600;
  proposal.against_votes = 2;
  proposal.abstain_votes = 3;
  proposal.canceled = false;
  proposal.executed = true;
  proposal.receipts[al] = VoteReceipt{vote_for, U256(600)};
  g.proposals.push_back(std::move(proposal));
  g.latest_proposal[al] = 1;

  Rewards& r = s.rewards;
  r.pool = RewardsPool{U256(100), U256(80), U256(60), U256(40)};
  MarketRewards& mr = r.markets[f_usd];
  mr.supply_speed = 2;
  mr.borrow_speed = 3;
  mr.supply_index = reward_initial_index() + 1;
  mr.borrow_index = reward_initial_index() + 2;
  mr.supply_block = 4;
  mr.borrow_block = 5;
  AccountRewards& ar = r.accounts[al];
  ar.accrued = 20;
  ar.markets.at_or_insert(f_usd).supplier_index = reward_initial_index() + 7;

  s.rule_version = 1;
  s.scheduled_upgrade = ScheduledUpgrade{2, 100};
  return s;
}

std::string bytes(std::string_view hex_text) {
  std::string digits;
  for (char ch : hex_text)
    if (ch != ' ') digits.push_back(ch);
  const auto decoded = crypto::from_hex(digits, crypto::HexPrefix::forbidden);
  if (!decoded) throw std::invalid_argument("golden::bytes: not hex: " + std::string(hex_text));
  return std::string(decoded->begin(), decoded->end());
}

std::string bytes(std::initializer_list<std::string_view> hex_fragments) {
  std::string out;
  for (std::string_view fragment : hex_fragments) out += bytes(fragment);
  return out;
}

std::string hex(std::string_view raw) {
  return crypto::to_hex(crypto::ByteView(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()), false);
}

}  // namespace flux::node::golden
