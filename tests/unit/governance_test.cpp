// Governance (engine/governor.hpp): FLUX votes and their checkpoints, delegation, the
// Bravo-style governor, the timelock, and every attack of issue 4 failing. Every
// request goes through `run`, which checks all invariants and that a failed request
// changed nothing, as replay does.
// The Gov world and its timeline: governance_fixture.hpp.
#include "governance_fixture.hpp"

#include <set>

namespace flux {
namespace {

using namespace flux::test_governance;  // the Gov world and its timeline

// --- Votes and delegation ------------------------------------------------------------

TEST(GovernanceVotes, DelegatedBalancesBecomeVotesWithACheckpointPerBlock) {
  Gov w;
  // Block 100: each issue and each self-delegation wrote a checkpoint at block 100; the
  // delegation moved the whole balance, so the votes are the balances.
  EXPECT_EQ(w.votes(w.alice), flux_units(150'000'000));
  EXPECT_EQ(w.votes(w.bob), flux_units(2'000'000));
  EXPECT_EQ(w.votes(w.dave), flux_units(500'000));
  ASSERT_EQ(w.s.governance.voters.at(w.alice).checkpoints.size(), 1u);  // one per block, the last kept
  EXPECT_EQ(w.s.governance.voters.at(w.alice).checkpoints[0].from_block, 100u);
  // Before block 100 nobody had votes.
  EXPECT_EQ(w.votes_at_block(w.alice, 99), U256(0));

  // Block 110: alice sends bob 10,000,000: alice 140,000,000 votes, bob 12,000,000.
  Gov::expect_ok(w.run(TransferAsset{w.alice, w.bob, w.flux, flux_units(10'000'000)}, 110));
  // Block 120: bob sends dave 1,000,000 twice in the same block: one checkpoint each,
  // holding the block's final value: bob 10,000,000, dave 2,500,000.
  Gov::expect_ok(w.run(TransferAsset{w.bob, w.dave, w.flux, flux_units(1'000'000)}, 120));
  Gov::expect_ok(w.run(TransferAsset{w.bob, w.dave, w.flux, flux_units(1'000'000)}, 120));
  // Block 130: the treasury burns nothing of theirs; bob burns nothing either (no
  // issuer); the treasury issues dave 500,000 more: 3,000,000.
  Gov::expect_ok(w.run(IssueAsset{w.treasury, w.dave, w.flux, flux_units(500'000)}, 130));

  const auto& bob_cps = w.s.governance.voters.at(w.bob).checkpoints;
  ASSERT_EQ(bob_cps.size(), 3u);  // blocks 100, 110, 120
  EXPECT_EQ(bob_cps[2].votes, flux_units(10'000'000));
  // votes_at reads the end of a block, by binary search over the checkpoints.
  EXPECT_EQ(w.votes_at_block(w.bob, 100), flux_units(2'000'000));
  EXPECT_EQ(w.votes_at_block(w.bob, 109), flux_units(2'000'000));
  EXPECT_EQ(w.votes_at_block(w.bob, 110), flux_units(12'000'000));
  EXPECT_EQ(w.votes_at_block(w.bob, 119), flux_units(12'000'000));
  EXPECT_EQ(w.votes_at_block(w.bob, 120), flux_units(10'000'000));
  EXPECT_EQ(w.votes_at_block(w.bob, 1'000'000), flux_units(10'000'000));
  EXPECT_EQ(w.votes_at_block(w.dave, 120), flux_units(2'500'000));
  EXPECT_EQ(w.votes_at_block(w.dave, 130), flux_units(3'000'000));
  EXPECT_EQ(w.votes_at_block(w.alice, 110), flux_units(140'000'000));
}

TEST(GovernanceVotes, UndelegatedFluxCountsForNobodyUntilDelegated) {
  Gov w;
  // eve receives 7,000,000 without delegating: no votes anywhere; alice's drop.
  Gov::expect_ok(w.run(TransferAsset{w.alice, w.eve, w.flux, flux_units(7'000'000)}, 105));
  EXPECT_EQ(w.votes(w.eve), U256(0));
  EXPECT_EQ(w.votes(w.alice), flux_units(143'000'000));
  // eve delegates to bob: bob 2,000,000 + 7,000,000.
  const Outcome o = w.run(Delegate{w.eve, w.bob}, 106);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(w.votes(w.bob), flux_units(9'000'000));
  EXPECT_EQ(w.votes(w.eve), U256(0));
  ASSERT_EQ(o.events.size(), 2u);
  EXPECT_EQ(kind_of(o.events[0]), EventKind::delegate_changed);
  EXPECT_EQ(kind_of(o.events[1]), EventKind::votes_changed);
  EXPECT_EQ(std::get<VotesChanged>(o.events[1]).before, flux_units(2'000'000));
  EXPECT_EQ(std::get<VotesChanged>(o.events[1]).after, flux_units(9'000'000));
  // Moving to herself moves all 7,000,000 from bob to eve.
  Gov::expect_ok(w.run(Delegate{w.eve, w.eve}, 107));
  EXPECT_EQ(w.votes(w.bob), flux_units(2'000'000));
  EXPECT_EQ(w.votes(w.eve), flux_units(7'000'000));
  // Delegating to nobody takes them away; her entry keeps its checkpoint history.
  Gov::expect_ok(w.run(Delegate{w.eve, no_account}, 108));
  EXPECT_EQ(w.votes(w.eve), U256(0));
  EXPECT_EQ(w.votes_at_block(w.eve, 107), flux_units(7'000'000));
  EXPECT_EQ(w.s.governance.delegate_of(w.eve), no_account);
  // A transfer between two accounts with the same delegate moves no votes.
  Gov::expect_ok(w.run(Delegate{w.eve, w.alice}, 109));
  EXPECT_EQ(w.votes(w.alice), flux_units(150'000'000));  // 143,000,000 + eve's 7,000,000
  const Outcome same = w.run(TransferAsset{w.eve, w.alice, w.flux, flux_units(1)}, 110);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same.events.size(), 1u);  // asset_transferred only
  EXPECT_EQ(w.votes(w.alice), flux_units(150'000'000));
}

TEST(GovernanceVotes, BurnAndFaucetMoveVotesToo) {
  Gov w(false);  // the old admin keeps its role, so its faucet still runs
  Gov::expect_ok(w.run(Faucet{w.admin, w.bob, w.flux, flux_units(3)}, 105));
  EXPECT_EQ(w.votes(w.bob), flux_units(2'000'003));
  Gov::expect_ok(w.run(IssueAsset{w.treasury, w.treasury, w.flux, flux_units(9)}, 105));
  Gov::expect_ok(w.run(Delegate{w.treasury, w.bob}, 105));
  EXPECT_EQ(w.votes(w.bob), flux_units(2'000'012));
  Gov::expect_ok(w.run(BurnAsset{w.treasury, w.flux, flux_units(4)}, 106));
  EXPECT_EQ(w.votes(w.bob), flux_units(2'000'008));
}

TEST(GovernanceVotes, DelegationNeedsGovernanceAndKnownAccounts) {
  World plain;  // no governance installed
  EXPECT_EQ(apply(plain.s, World::start, Delegate{plain.alice, plain.alice}).error, Error::governance_disabled);
  EXPECT_EQ(apply(plain.s, World::start, Propose{plain.alice, {SetCloseFactor{0, 1}}, ""}).error,
            Error::governance_disabled);
  EXPECT_EQ(apply(plain.s, World::start, Execute{plain.alice, 1}).error, Error::governance_disabled);
  EXPECT_EQ(apply(plain.s, World::start, TransferAdminToTimelock{plain.admin}).error, Error::governance_disabled);
  Gov w;
  EXPECT_EQ(w.error_of(Delegate{w.alice, 999}, 105), Error::unknown_account);
  EXPECT_EQ(w.error_of(Propose{w.alice, {SetPauseGuardian{0, 999}}, ""}, 105), Error::unknown_account);
}

TEST(GovernanceVotes, FluxIsNeverAMarketsUnderlying) {
  Gov w;
  MarketConfig c = w.config("fFLUX", w.flux, 0, 0, Access::open);
  EXPECT_THROW(w.s.add_market(c, 100), Failure);
  c.collateral_factor = 0;
  // Listing it through a proposal fails at the listing's asset check, when the
  // proposal is made (proposal_checks.hpp: it could only fail at execution).
  const Outcome o = w.run(Propose{w.alice, {ListMarket{0, c, test::linear(0, 0), 1}}, "list FLUX"}, P);
  EXPECT_EQ(o.error, Error::action_failed);
  EXPECT_EQ(o.failed_action, 0u);
  EXPECT_EQ(o.action_error, Error::invalid_parameter);
  EXPECT_TRUE(w.s.governance.proposals.empty());
}

// --- The full lifecycle --------------------------------------------------------------

TEST(GovernanceLifecycle, ProposeVoteQueueExecute) {
  Gov w;
  // alice, 150,000,000 votes at block 100 > 100,000,000: she proposes at block 101 to
  // set fUSD's collateral factor to 0.6 and then fETH's borrow cap to 1,000.
  const Outcome proposed =
      w.run(Propose{w.alice,
                    {w.collateral_factor(w.f_usd, frac(6, 1)), SetBorrowCap{w.alice, w.f_eth, e18(1000)}},
                    "raise fUSD's collateral factor"},
            P);
  ASSERT_TRUE(proposed.ok()) << error_name(proposed.error);
  ASSERT_EQ(proposed.events.size(), 1u);
  EXPECT_EQ(kind_of(proposed.events[0]), EventKind::proposal_created);
  const auto& created = std::get<ProposalCreated>(proposed.events[0]);
  EXPECT_EQ(created.proposal, 1u);
  EXPECT_EQ(created.start_block, START);
  EXPECT_EQ(created.end_block, END);
  EXPECT_EQ(created.description, "raise fUSD's collateral factor");
  const Proposal& p = w.proposal(1);
  EXPECT_EQ(p.start_block, START);
  EXPECT_EQ(p.end_block, END);
  EXPECT_EQ(p.quorum_votes, flux_units(1'000'000));
  // Stored actions are sent by the timelock, whatever sender they came with.
  EXPECT_EQ(std::get<SetBorrowCap>(p.actions[1]).sender, w.timelock);

  // Pending through its start block, active from START + 1 to END.
  EXPECT_EQ(w.state_of(1, P), ProposalState::pending);
  EXPECT_EQ(w.state_of(1, START), ProposalState::pending);
  EXPECT_EQ(w.state_of(1, START + 1), ProposalState::active);
  EXPECT_EQ(w.state_of(1, END), ProposalState::active);

  // Votes as of the end of block 102: bob for 2,000,000, dave against 500,000, alice
  // abstains with 150,000,000.
  const Outcome vote = w.run(CastVote{w.bob, 1, vote_for, "good for lenders"}, START + 1);
  ASSERT_TRUE(vote.ok());
  EXPECT_EQ(kind_of(vote.events[0]), EventKind::vote_cast);
  const auto& cast = std::get<VoteCast>(vote.events[0]);
  EXPECT_EQ(cast.votes, flux_units(2'000'000));
  EXPECT_EQ(cast.support, vote_for);
  EXPECT_EQ(cast.reason, "good for lenders");
  Gov::expect_ok(w.run(CastVote{w.dave, 1, vote_against, ""}, START + 5));
  Gov::expect_ok(w.run(CastVote{w.alice, 1, vote_abstain, ""}, END));
  EXPECT_EQ(w.proposal(1).for_votes, flux_units(2'000'000));
  EXPECT_EQ(w.proposal(1).against_votes, flux_units(500'000));
  EXPECT_EQ(w.proposal(1).abstain_votes, flux_units(150'000'000));

  // Still active at END: it cannot be queued yet. At QUEUE: for 2,000,000 > against
  // 500,000 and >= quorum 1,000,000: succeeded; queued with eta 21,703 + 7,200.
  EXPECT_EQ(w.error_of(Queue{w.dave, 1}, END), Error::proposal_not_succeeded);
  EXPECT_EQ(w.state_of(1, QUEUE), ProposalState::succeeded);
  const Outcome queued = w.run(Queue{w.dave, 1}, QUEUE);
  ASSERT_TRUE(queued.ok());
  EXPECT_EQ(std::get<ProposalQueued>(queued.events[0]).eta, ETA);
  EXPECT_EQ(w.proposal(1).eta, ETA);
  EXPECT_EQ(w.state_of(1, QUEUE), ProposalState::queued);
  EXPECT_EQ(w.error_of(Queue{w.dave, 1}, QUEUE), Error::proposal_not_succeeded);  // only once

  // Anyone executes at eta: the actions' events in order, then proposal_executed.
  const Outcome executed = w.run(Execute{w.eve, 1}, ETA);
  ASSERT_TRUE(executed.ok()) << error_name(executed.error) << " " << error_name(executed.action_error);
  ASSERT_EQ(executed.events.size(), 3u);
  EXPECT_EQ(kind_of(executed.events[0]), EventKind::parameter_changed);
  EXPECT_EQ(std::get<ParameterChanged>(executed.events[0]).value, frac(6, 1));
  EXPECT_EQ(kind_of(executed.events[1]), EventKind::parameter_changed);
  EXPECT_EQ(std::get<ParameterChanged>(executed.events[1]).value, e18(1000));
  EXPECT_EQ(kind_of(executed.events[2]), EventKind::proposal_executed);
  EXPECT_EQ(w.s.markets[w.f_usd].config.collateral_factor, frac(6, 1));
  EXPECT_EQ(w.s.markets[w.f_eth].config.borrow_cap, e18(1000));
  EXPECT_EQ(w.state_of(1, ETA), ProposalState::executed);
  EXPECT_EQ(w.state_of(1, STALE + 1'000'000), ProposalState::executed);       // never expires once executed
  EXPECT_EQ(w.error_of(Execute{w.eve, 1}, ETA), Error::proposal_not_queued);  // only once
}

TEST(GovernanceLifecycle, ListsAMarketThroughTheTimelockWithItsSeed) {
  Gov w;
  // The timelock holds 10 USD (paid before the hand-over). A listing of fNEW at an
  // initial rate of 0.02 with a seed of 1,000 units mints 1,000 * 1e18 / 2e16 = 50,000
  // fTokens to the locked holder, configured, priced and seeded in one action.
  ListMarket listing{0, w.config("fNEW", w.usd, frac(1, 1), frac(2, 2), Access::open), test::linear(0, e18(1)), 1000};
  listing.config.price = e18(1);
  listing.config.initial_exchange_rate = frac(2, 2);
  const std::uint64_t id = w.queued({listing, SetSupplyCap{0, 4, e18(50)}});  // fNEW will be market 4
  Gov::expect_ok(w.run(Execute{w.bob, id}, ETA));
  const auto market = w.s.market_by_symbol("fNEW");
  ASSERT_TRUE(market);
  EXPECT_EQ(*market, 4);
  EXPECT_EQ(w.book(*market).total_supply, U256(50'000));
  EXPECT_EQ(w.book(*market).accrual_block, ETA);
  EXPECT_EQ(w.pos(w.locked, *market).tokens, U256(50'000));
  EXPECT_EQ(w.wallet(w.timelock, w.usd), e18(10) - 1000);
  EXPECT_EQ(w.s.markets[*market].config.supply_cap, e18(50));
}

// --- Attacks: each fails and changes nothing -------------------------------------------

TEST(GovernanceAttacks, ProposingAtOrUnderTheThreshold) {
  Gov w;
  // dave: 500,000 votes. Even with alice's whole balance arriving in block 101, his
  // votes as of block 100 are what count.
  EXPECT_EQ(w.error_of(Propose{w.dave, {SetCloseFactor{0, frac(5, 1)}}, ""}, P), Error::below_proposal_threshold);
  Gov::expect_ok(w.run(TransferAsset{w.alice, w.dave, w.flux, flux_units(150'000'000)}, P));
  EXPECT_EQ(w.error_of(Propose{w.dave, {SetCloseFactor{0, frac(5, 1)}}, ""}, P), Error::below_proposal_threshold);
  // alice now holds 0 and dave 150,500,000: one block later he may propose, she may not.
  EXPECT_EQ(w.error_of(Propose{w.alice, {SetCloseFactor{0, frac(5, 1)}}, ""}, P + 1), Error::below_proposal_threshold);
  Gov::expect_ok(w.run(Propose{w.dave, {SetCloseFactor{0, frac(5, 1)}}, ""}, P + 1));
  // Exactly the threshold is not enough (votes must exceed it). The threshold in force
  // is min(100,000,000, 10% of the voting supply of 152,500,000) = 15,250,000
  // (governor.hpp): bob gets 13,250,000 for 15,250,000 in all, then one unit more.
  Gov::expect_ok(w.run(TransferAsset{w.dave, w.bob, w.flux, flux_units(13'250'000)}, P + 2));
  EXPECT_EQ(w.error_of(Propose{w.bob, {SetCloseFactor{0, frac(5, 1)}}, ""}, P + 3), Error::below_proposal_threshold);
  Gov::expect_ok(w.run(TransferAsset{w.dave, w.bob, w.flux, 1}, P + 3));
  Gov::expect_ok(w.run(Propose{w.bob, {SetCloseFactor{0, frac(5, 1)}}, ""}, P + 4));
}

TEST(GovernanceAttacks, ProposalShapeAndOneLiveProposalPerProposer) {
  Gov w;
  EXPECT_EQ(w.error_of(Propose{w.alice, {}, ""}, P), Error::invalid_actions);
  std::vector<GovernanceAction> eleven(11, SetCloseFactor{0, frac(5, 1)});
  EXPECT_EQ(w.error_of(Propose{w.alice, eleven, ""}, P), Error::invalid_actions);
  eleven.pop_back();
  EXPECT_EQ(w.error_of(Propose{w.alice, eleven, std::string(max_description_bytes + 1, 'x')}, P),
            Error::invalid_parameter);
  Gov::expect_ok(w.run(Propose{w.alice, eleven, std::string(max_description_bytes, 'x')}, P));  // 10 actions
  // Pending, then active: no second proposal from alice.
  EXPECT_EQ(w.error_of(Propose{w.alice, {SetCloseFactor{0, 1}}, ""}, P), Error::live_proposal_exists);
  EXPECT_EQ(w.error_of(Propose{w.alice, {SetCloseFactor{0, 1}}, ""}, END), Error::live_proposal_exists);
  // Once voting is over (defeated: nobody voted) she may propose again.
  Gov::expect_ok(w.run(Propose{w.alice, {SetCloseFactor{0, 1}}, ""}, QUEUE));
  EXPECT_EQ(w.s.governance.latest_proposal.at(w.alice), 2u);
}

TEST(GovernanceAttacks, VotingTwiceOrOutsideTheVotingPeriod) {
  Gov w;
  Gov::expect_ok(w.run(Propose{w.alice, {SetCloseFactor{0, frac(5, 1)}}, ""}, P));
  EXPECT_EQ(w.error_of(CastVote{w.bob, 1, vote_for, ""}, P), Error::voting_closed);      // pending
  EXPECT_EQ(w.error_of(CastVote{w.bob, 1, vote_for, ""}, START), Error::voting_closed);  // still pending
  EXPECT_EQ(w.error_of(CastVote{w.bob, 1, 3, ""}, START + 1), Error::invalid_parameter);
  EXPECT_EQ(w.error_of(CastVote{w.bob, 1, vote_for, std::string(max_reason_bytes + 1, 'r')}, START + 1),
            Error::invalid_parameter);
  EXPECT_EQ(w.error_of(CastVote{w.bob, 2, vote_for, ""}, START + 1), Error::unknown_proposal);
  Gov::expect_ok(w.run(CastVote{w.bob, 1, vote_for, ""}, START + 1));
  EXPECT_EQ(w.error_of(CastVote{w.bob, 1, vote_for, ""}, START + 2), Error::already_voted);
  EXPECT_EQ(w.error_of(CastVote{w.bob, 1, vote_against, ""}, END), Error::already_voted);
  EXPECT_EQ(w.error_of(CastVote{w.dave, 1, vote_against, ""}, END + 1), Error::voting_closed);  // over
  EXPECT_EQ(w.proposal(1).for_votes, flux_units(2'000'000));                                    // counted once
}

TEST(GovernanceAttacks, VotesBoughtAfterTheStartBlockCountNothing) {
  Gov w;
  Gov::expect_ok(w.run(Propose{w.alice, {SetCloseFactor{0, frac(5, 1)}}, ""}, P));
  // In the start block itself dave receives 1,000,000 more: that still counts (votes
  // are read as of the end of block 102): 500,000 + 1,000,000.
  Gov::expect_ok(w.run(TransferAsset{w.alice, w.dave, w.flux, flux_units(1'000'000)}, START));
  // One block later eve buys 60,000,000 and delegates to herself, then passes 1 FLUX
  // to bob: neither changes what either can vote with on this proposal.
  Gov::expect_ok(w.run(TransferAsset{w.alice, w.eve, w.flux, flux_units(60'000'000)}, START + 1));
  Gov::expect_ok(w.run(Delegate{w.eve, w.eve}, START + 1));
  Gov::expect_ok(w.run(TransferAsset{w.eve, w.bob, w.flux, flux_units(1)}, START + 1));
  EXPECT_EQ(w.votes(w.eve), flux_units(59'999'999));  // real votes now, for later proposals
  Gov::expect_ok(w.run(CastVote{w.eve, 1, vote_against, ""}, START + 2));
  Gov::expect_ok(w.run(CastVote{w.bob, 1, vote_for, ""}, START + 2));
  Gov::expect_ok(w.run(CastVote{w.dave, 1, vote_against, ""}, START + 2));
  EXPECT_EQ(w.proposal(1).receipts.at(w.eve).votes, U256(0));
  EXPECT_EQ(w.proposal(1).for_votes, flux_units(2'000'000));      // bob's 1 FLUX came too late
  EXPECT_EQ(w.proposal(1).against_votes, flux_units(1'500'000));  // dave only; eve's count 0
  // And alice, who sent 60,000,000 away after the start block, still votes her
  // 149,000,000 as of block 102 (150,000,000 - 1,000,000 sent in the start block).
  Gov::expect_ok(w.run(CastVote{w.alice, 1, vote_for, ""}, START + 3));
  EXPECT_EQ(w.proposal(1).for_votes, flux_units(151'000'000));
}

TEST(GovernanceAttacks, ExecutingBeforeEtaOrAfterTheGracePeriod) {
  Gov w;
  const std::uint64_t id = w.queued({SetCloseFactor{0, frac(4, 1)}});
  EXPECT_EQ(w.error_of(Execute{w.bob, id}, QUEUE), Error::timelock_not_ready);
  EXPECT_EQ(w.error_of(Execute{w.bob, id}, ETA - 1), Error::timelock_not_ready);
  EXPECT_EQ(w.state_of(id, STALE - 1), ProposalState::queued);
  EXPECT_EQ(w.state_of(id, STALE), ProposalState::expired);
  EXPECT_EQ(w.error_of(Execute{w.bob, id}, STALE), Error::proposal_expired);
  EXPECT_EQ(w.error_of(Execute{w.bob, id}, STALE + 500), Error::proposal_expired);
  EXPECT_NE(w.s.risk.close_factor, frac(4, 1));

  // A second one executes at the last block of its grace period.
  Gov w2;
  const std::uint64_t id2 = w2.queued({SetCloseFactor{0, frac(4, 1)}});
  Gov::expect_ok(w2.run(Execute{w2.bob, id2}, STALE - 1));
  EXPECT_EQ(w2.s.risk.close_factor, frac(4, 1));
}

TEST(GovernanceAttacks, ExecutingADefeatedOrCanceledProposal) {
  // Defeated: for 2,000,000 is not more than against 150,000,000.
  Gov w;
  Gov::expect_ok(w.run(Propose{w.alice, {SetCloseFactor{0, frac(4, 1)}}, ""}, P));
  Gov::expect_ok(w.run(CastVote{w.bob, 1, vote_for, ""}, START + 1));
  Gov::expect_ok(w.run(CastVote{w.alice, 1, vote_against, ""}, START + 1));
  EXPECT_EQ(w.state_of(1, QUEUE), ProposalState::defeated);
  EXPECT_EQ(w.error_of(Queue{w.bob, 1}, QUEUE), Error::proposal_not_succeeded);
  EXPECT_EQ(w.error_of(Execute{w.bob, 1}, ETA), Error::proposal_not_queued);

  // Defeated by quorum: dave's 500,000 for, nobody against: 500,000 < 1,000,000.
  Gov::expect_ok(w.run(Propose{w.alice, {SetCloseFactor{0, frac(4, 1)}}, ""}, QUEUE));
  Gov::expect_ok(w.run(CastVote{w.dave, 2, vote_for, ""}, QUEUE + 2));
  EXPECT_EQ(w.state_of(2, QUEUE + 1 + 1 + 21'600), ProposalState::defeated);
  // A tie is defeated too (for must exceed against): bob for 2,000,000, and eve,
  // given 2,000,000 before the next proposal starts, against.
  Gov::expect_ok(w.run(TransferAsset{w.alice, w.eve, w.flux, flux_units(2'000'000)}, 50'000));
  Gov::expect_ok(w.run(Delegate{w.eve, w.eve}, 50'000));
  Gov::expect_ok(w.run(Propose{w.alice, {SetCloseFactor{0, frac(4, 1)}}, ""}, 50'000));
  Gov::expect_ok(w.run(CastVote{w.bob, 3, vote_for, ""}, 50'002));
  Gov::expect_ok(w.run(CastVote{w.eve, 3, vote_against, ""}, 50'002));
  EXPECT_EQ(w.state_of(3, 50'001 + 21'600 + 1), ProposalState::defeated);

  // Canceled by its proposer while queued: it cannot execute.
  Gov c;
  const std::uint64_t id = c.queued({SetCloseFactor{0, frac(4, 1)}});
  Gov::expect_ok(c.run(Cancel{c.alice, id}, QUEUE + 1));
  EXPECT_EQ(c.state_of(id, ETA), ProposalState::canceled);
  EXPECT_EQ(c.error_of(Execute{c.bob, id}, ETA), Error::proposal_not_queued);
}

TEST(GovernanceAttacks, CancelRules) {
  Gov w;
  Gov::expect_ok(w.run(Propose{w.alice, {SetCloseFactor{0, frac(4, 1)}}, ""}, P));
  // bob cannot cancel while alice's votes (as of the previous block) stay at or above
  // the threshold: cancel_not_allowed, which says who may cancel (unauthorized would
  // say bob lacks a role, and no role lets anyone cancel).
  EXPECT_EQ(w.error_of(Cancel{w.bob, 1}, START), Error::cancel_not_allowed);
  // alice sends 50,000,001 away at block 200: from block 201 on, her votes as of the
  // previous block are 99,999,999 < 100,000,000, and anyone may cancel.
  Gov::expect_ok(w.run(TransferAsset{w.alice, w.eve, w.flux, flux_units(50'000'001)}, 200));
  EXPECT_EQ(w.error_of(Cancel{w.bob, 1}, 200), Error::cancel_not_allowed);
  const Outcome o = w.run(Cancel{w.bob, 1}, 201);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(kind_of(o.events[0]), EventKind::proposal_canceled);
  EXPECT_EQ(w.state_of(1, 201), ProposalState::canceled);
  EXPECT_EQ(w.error_of(CastVote{w.bob, 1, vote_for, ""}, 202), Error::voting_closed);
  EXPECT_EQ(w.error_of(Cancel{w.bob, 7}, 202), Error::unknown_proposal);

  // An executed proposal cannot be canceled, not even by its proposer.
  Gov x;
  const std::uint64_t id = x.queued({SetCloseFactor{0, frac(4, 1)}});
  Gov::expect_ok(x.run(Execute{x.bob, id}, ETA));
  EXPECT_EQ(x.error_of(Cancel{x.alice, id}, ETA), Error::proposal_executed);
}

TEST(GovernanceAttacks, AdminActionsSentDirectlyInsteadOfThroughTheTimelock) {
  Gov w;
  // The old admin key, a big holder, and the guardian: each refused.
  for (AccountId sender : {w.admin, w.alice, w.guardian}) {
    EXPECT_EQ(w.error_of(SetCollateralFactor{sender, w.f_usd, frac(6, 1)}, 105), Error::unauthorized);
    EXPECT_EQ(w.error_of(SetCloseFactor{sender, frac(4, 1)}, 105), Error::unauthorized);
    EXPECT_EQ(w.error_of(ReduceReservesTo{sender, w.f_usd, 1, sender}, 105), Error::unauthorized);
    EXPECT_EQ(w.error_of(SetPauseGuardian{sender, sender}, 105), Error::unauthorized);
    EXPECT_EQ(w.error_of(SetOracle{sender, sender}, 105), Error::unauthorized);
    EXPECT_EQ(w.error_of(SetGovernanceParameter{sender, GovernanceParameter::quorum_votes, flux_units(1'000)}, 105),
              Error::unauthorized);
    EXPECT_EQ(w.error_of(SetKycGroupAdmin{sender, 1, sender, true}, 105), Error::unauthorized);
    EXPECT_EQ(w.error_of(SetMarketAccess{sender, w.f_usd, Access::permissioned, 1}, 105), Error::unauthorized);
  }
  // Nor can anything be sent as the timelock itself: it holds no key.
  EXPECT_EQ(w.error_of(SetCloseFactor{w.timelock, frac(4, 1)}, 105), Error::unauthorized);
  EXPECT_EQ(w.error_of(TransferAsset{w.timelock, w.alice, w.usd, 1}, 105), Error::unauthorized);
  EXPECT_EQ(w.error_of(Delegate{w.timelock, w.timelock}, 105), Error::unauthorized);
  EXPECT_EQ(w.s.roles.admin, w.timelock);
}

TEST(GovernanceAttacks, ThePauseGuardianOnlyPauses) {
  Gov w;
  Gov::expect_ok(w.run(SetPaused{w.guardian, w.f_usd, PauseAction::mint, true}, 100));
  Gov::expect_ok(w.run(SetPaused{w.guardian, 0, PauseAction::seize, true}, 100));
  EXPECT_EQ(w.error_of(SetPaused{w.guardian, w.f_usd, PauseAction::mint, false}, 100), Error::unauthorized);
  EXPECT_EQ(w.error_of(SetPaused{w.guardian, 0, PauseAction::seize, false}, 100), Error::unauthorized);
  EXPECT_EQ(w.error_of(SetPaused{w.admin, w.f_usd, PauseAction::mint, false}, 100), Error::unauthorized);  // old admin
  // Unpausing takes a proposal.
  const std::uint64_t id = w.queued({SetPaused{0, w.f_usd, PauseAction::mint, false}});
  Gov::expect_ok(w.run(Execute{w.eve, id}, ETA));
  EXPECT_FALSE(w.s.markets[w.f_usd].config.mint_paused);
  EXPECT_TRUE(w.s.risk.seize_paused);
}

TEST(GovernanceAttacks, AHalfAppliedProposalRollsBackEverything) {
  Gov w;
  // Five actions, each of which changes state; the fifth fails: fUSD held 5 USD of
  // cash and reserves, the third action paid 2 out, and 3 < 4.
  ListMarket listing{0, w.config("fNEW", w.usd, frac(1, 1), frac(2, 2), Access::open), test::linear(0, e18(1)), 1000};
  listing.config.price = e18(1);
  listing.config.initial_exchange_rate = frac(2, 2);
  const std::uint64_t id =
      w.queued({w.collateral_factor(w.f_usd, frac(6, 1)), listing, ReduceReservesTo{0, w.f_usd, e18(2), w.bob},
                SetGovernanceParameter{0, GovernanceParameter::quorum_votes, flux_units(2'000)},
                ReduceReservesTo{0, w.f_usd, e18(4), w.bob}});
  const State before = w.s;
  const Outcome o = w.run(Execute{w.eve, id}, ETA);
  EXPECT_EQ(o.error, Error::action_failed);
  EXPECT_EQ(o.failed_action, 4u);
  EXPECT_EQ(o.action_error, Error::insufficient_cash);
  // Nothing of the first four remains (run() also compared the whole state and its hash).
  EXPECT_TRUE(before == w.s);
  EXPECT_EQ(w.s.markets.size(), 4u);
  EXPECT_EQ(w.s.markets[w.f_usd].config.collateral_factor, frac(5, 1));
  EXPECT_EQ(w.wallet(w.bob, w.usd), U256(0));
  EXPECT_EQ(w.wallet(w.timelock, w.usd), e18(10));
  EXPECT_EQ(w.s.governance.params.quorum_votes, flux_units(1'000'000));
  EXPECT_EQ(w.state_of(id, ETA), ProposalState::queued);  // still queued, still all-or-nothing

  // A failure in the last action undoes the pause before it (6 USD of reserves from 5
  // of cash; a parameter out of bounds, such as a factor of 0.99, is refused when
  // proposed now: governance_bounds_test.cpp).
  Gov w2;
  const std::uint64_t id2 =
      w2.queued({w2.collateral_factor(w2.f_usd, frac(6, 1)), SetPaused{0, w2.f_usd, PauseAction::borrow, true},
                 ReduceReservesTo{0, w2.f_usd, e18(6), w2.bob}});
  const Outcome o2 = w2.run(Execute{w2.eve, id2}, ETA);
  EXPECT_EQ(o2.error, Error::action_failed);
  EXPECT_EQ(o2.failed_action, 2u);
  EXPECT_EQ(o2.action_error, Error::insufficient_cash);
  EXPECT_FALSE(w2.s.markets[w2.f_usd].config.borrow_paused);
}

// --- What only governance can do ------------------------------------------------------

TEST(GovernanceActions, RolesReservesAccessAndItsOwnParameters) {
  Gov w;
  const AccountId group_admin = w.s.account_id("group-admin");
  const std::uint64_t id = w.queued({
      SetPauseGuardian{0, w.dave},
      SetOracle{0, w.eve},
      SetKycGroupAdmin{0, 1, group_admin, true},
      SetSanctionsAdmin{0, w.bob, true},
      SetMarketAccess{0, w.f_eth, Access::permissionless, 1},
      ReduceReservesTo{0, w.f_usd, e18(2), w.dave},
      SetGovernanceParameter{0, GovernanceParameter::voting_period, U256(86'400)},      // seconds: a day
      SetGovernanceParameter{0, GovernanceParameter::timelock_delay, U256(2'592'000)},  // 30 days
      SetGovernanceParameter{0, GovernanceParameter::quorum_votes, flux_units(2'500'000)},
  });
  Gov::expect_ok(w.run(Execute{w.eve, id}, ETA));
  const Roles& roles = w.s.roles;
  EXPECT_EQ(roles.pause_guardian, w.dave);
  EXPECT_EQ(roles.oracle, w.eve);
  EXPECT_EQ(*roles.kyc_group_admins.find(1), group_admin);
  EXPECT_EQ(roles.sanctions_admin, w.bob);
  EXPECT_EQ(w.s.markets[w.f_eth].config.access, Access::permissionless);
  EXPECT_EQ(w.s.markets[w.f_eth].config.kyc_group, 1u);
  // 2 USD of fUSD's 5 of reserves to dave's wallet: cash and reserves 3; the units
  // stay in the system (issued unchanged: 10 to the timelock + 5 of reserves).
  EXPECT_EQ(w.book(w.f_usd).total_reserves, e18(3));
  EXPECT_EQ(w.book(w.f_usd).cash, e18(3));
  EXPECT_EQ(w.wallet(w.dave, w.usd), e18(2));
  EXPECT_EQ(w.s.assets[w.usd].issued, e18(15));
  EXPECT_EQ(w.s.governance.params.voting_period, 86'400u);
  EXPECT_EQ(w.s.governance.timelock_delay, 2'592'000u);
  // The new roles work at once; the old guardian no longer pauses.
  Gov::expect_ok(w.run(SetKyc{group_admin, w.eve, 1, true}, ETA));
  Gov::expect_ok(w.run(SetSanctioned{w.bob, w.eve, true}, ETA));
  EXPECT_EQ(w.error_of(SetPaused{w.guardian, w.f_usd, PauseAction::mint, true}, ETA), Error::unauthorized);
  // The price source moved: the old oracle's price is refused, the new one's taken.
  const U256 price_before = w.s.markets[w.f_usd].config.price;
  EXPECT_EQ(w.error_of(SetPrice{w.oracle, w.f_usd, price_before + 1}, ETA), Error::unauthorized);
  Gov::expect_ok(w.run(SetPrice{w.eve, w.f_usd, price_before + 1}, ETA));
  EXPECT_EQ(w.s.markets[w.f_usd].config.price, price_before + 1);
  Gov::expect_ok(w.run(SetPaused{w.dave, w.f_usd, PauseAction::mint, true}, ETA));

  // The next proposal (by alice at ETA) votes for a day, 86,400 s / 12 s = 7,200 blocks
  // (the Gov fixture counts 12-second blocks), and the quorum it
  // keeps is 2,500,000: bob's 2,000,000 alone no longer carries it.
  Gov::expect_ok(w.run(Propose{w.alice, {SetCloseFactor{0, frac(4, 1)}}, ""}, ETA));
  EXPECT_EQ(w.proposal(2).end_block, ETA + 1 + 7'200);
  EXPECT_EQ(w.proposal(2).quorum_votes, flux_units(2'500'000));
  Gov::expect_ok(w.run(CastVote{w.bob, 2, vote_for, ""}, ETA + 2));
  EXPECT_EQ(w.state_of(2, ETA + 1 + 7'200 + 1), ProposalState::defeated);
}

TEST(GovernanceActions, AProposalKeepsTheQuorumItWasMadeWith) {
  Gov w(false);  // the old admin still holds the role here: it sets the parameter directly
  Gov::expect_ok(w.run(Propose{w.alice, {SetCloseFactor{0, frac(4, 1)}}, ""}, P));
  Gov::expect_ok(w.run(CastVote{w.bob, 1, vote_for, ""}, START + 1));
  // Raising the quorum to 3,000,000 after the vote does not defeat proposal 1 (quorum
  // 1,000,000 when it was made; Bravo's quorum would have moved under it).
  Gov::expect_ok(
      w.run(SetGovernanceParameter{w.admin, GovernanceParameter::quorum_votes, flux_units(3'000'000)}, START + 2));
  EXPECT_EQ(w.state_of(1, QUEUE), ProposalState::succeeded);
}

// --- Durations: seconds, counted in blocks of the chain's interval ---------------------

TEST(GovernanceTime, SecondsBecomeBlocksRoundedUp) {
  // ceil(seconds * 1000 / interval_ms), by hand:
  EXPECT_EQ(blocks_for_seconds(86'400, 1'000), 86'400U);  // a day of 1 s blocks
  EXPECT_EQ(blocks_for_seconds(86'400, 12'000), 7'200U);  // a day of 12 s blocks
  EXPECT_EQ(blocks_for_seconds(86'400, 100), 864'000U);   // 86,400,000 ms / 100 ms
  EXPECT_EQ(blocks_for_seconds(13, 12'000), 2U);          // 13 / 12 = 1.08: rounded up
  EXPECT_EQ(blocks_for_seconds(12, 12'000), 1U);          // exact
  EXPECT_EQ(blocks_for_seconds(1, 12'000), 1U);           // never less than it says
  EXPECT_EQ(blocks_for_seconds(7, 3'000), 3U);            // 7,000 / 3,000 = 2.33
  EXPECT_EQ(blocks_for_seconds(90'001, 7'000), 12'858U);  // 12,857 x 7,000 = 89,999,000 < 90,001,000
  EXPECT_EQ(blocks_for_seconds(0, 1'000), 0U);
  // Past 2^64 - 1 blocks: saturates instead of wrapping (1 ms blocks, 2^64 - 1 s).
  EXPECT_EQ(blocks_for_seconds(~std::uint64_t{0}, 1), ~std::uint64_t{0});
}

TEST(GovernanceTime, AOneSecondChainsDaysAreDaysOfItsBlocks) {
  Governance g;
  g.block_interval_ms = 1'000;
  g.params = default_governor_params();
  g.timelock_delay = timelock_delay_default;
  // Delay 1 s, period 3 days, timelock 1 day, grace 14 days: at 1 s blocks, 1, 259,200,
  // 86,400 and 1,209,600 blocks (counted as 12 s blocks, the "day" was 7,200 blocks:
  // two hours of this chain).
  EXPECT_EQ(g.voting_delay_blocks(), 1U);
  EXPECT_EQ(g.voting_period_blocks(), 259'200U);
  EXPECT_EQ(g.timelock_delay_blocks(), 86'400U);
  EXPECT_EQ(g.grace_period_blocks(), 1'209'600U);
  // A queued proposal expires 14 days of these blocks after its eta.
  Proposal p;
  p.start_block = 10;
  p.end_block = 20;
  p.for_votes = 2;
  p.quorum_votes = 1;
  p.eta = 100;
  EXPECT_EQ(proposal_state(p, 100 + 1'209'599, g.grace_period_blocks()), ProposalState::queued);
  EXPECT_EQ(proposal_state(p, 100 + 1'209'600, g.grace_period_blocks()), ProposalState::expired);
}

TEST(GovernanceActions, ParameterBoundsAndRoleRevocations) {
  Gov w(false);
  using GP = GovernanceParameter;
  const auto set = [&w](GP p, const U256& v) { return w.error_of(SetGovernanceParameter{w.admin, p, v}, 105); };
  // Durations are seconds. Timelock delay: 1 to 30 days, 86,400 to 30 x 86,400 =
  // 2,592,000 s (in blocks it was 7,200 to 216,000: those numbers are now refused or
  // mean two hours).
  EXPECT_EQ(set(GP::timelock_delay, 7'200), Error::invalid_parameter);
  EXPECT_EQ(set(GP::timelock_delay, 86'399), Error::invalid_parameter);
  EXPECT_EQ(set(GP::timelock_delay, 86'400), Error::ok);
  EXPECT_EQ(set(GP::timelock_delay, 2'592'000), Error::ok);
  EXPECT_EQ(set(GP::timelock_delay, 2'592'001), Error::invalid_parameter);
  // Voting delay 1 s to a week (7 x 86,400 = 604,800 s); voting period 1 to 14 days
  // (86,400 to 1,209,600 s).
  EXPECT_EQ(set(GP::voting_delay, 0), Error::invalid_parameter);
  EXPECT_EQ(set(GP::voting_delay, 1), Error::ok);
  EXPECT_EQ(set(GP::voting_delay, 604'800), Error::ok);
  EXPECT_EQ(set(GP::voting_delay, 604'801), Error::invalid_parameter);
  EXPECT_EQ(set(GP::voting_period, 86'399), Error::invalid_parameter);
  EXPECT_EQ(set(GP::voting_period, 86'400), Error::ok);
  EXPECT_EQ(set(GP::voting_period, 1'209'600), Error::ok);
  EXPECT_EQ(set(GP::voting_period, 1'209'601), Error::invalid_parameter);
  // Threshold and quorum: 1,000 to 1,000,000,000 FLUX, and at most 10% and 40% of the
  // voting supply of 152,500,000 FLUX: 15,250,000 and 61,000,000 (governor.hpp).
  EXPECT_EQ(set(GP::proposal_threshold, flux_units(1'000) - 1), Error::invalid_parameter);
  EXPECT_EQ(set(GP::proposal_threshold, flux_units(1'000)), Error::ok);
  EXPECT_EQ(set(GP::proposal_threshold, flux_units(15'250'000) + 1), Error::invalid_parameter);
  EXPECT_EQ(set(GP::quorum_votes, flux_units(1'000'000'000) + 1), Error::invalid_parameter);
  EXPECT_EQ(set(GP::quorum_votes, flux_units(1'000'000'000)), Error::invalid_parameter);
  EXPECT_EQ(set(GP::quorum_votes, flux_units(61'000'000)), Error::ok);
  EXPECT_EQ(set(GP::voting_period, u256_max()), Error::invalid_parameter);

  // Revoking a role its holder does not hold fails; revoking the holder clears it.
  EXPECT_EQ(w.error_of(SetKycGroupAdmin{w.admin, 3, w.bob, false}, 105), Error::invalid_parameter);
  Gov::expect_ok(w.run(SetKycGroupAdmin{w.admin, 3, w.bob, true}, 105));
  EXPECT_EQ(w.error_of(SetKycGroupAdmin{w.admin, 3, w.dave, false}, 105), Error::invalid_parameter);
  Gov::expect_ok(w.run(SetKycGroupAdmin{w.admin, 3, w.bob, false}, 105));
  EXPECT_EQ(w.s.roles.kyc_group_admins.find(3), nullptr);
  EXPECT_EQ(w.error_of(SetSanctionsAdmin{w.admin, w.bob, false}, 105), Error::invalid_parameter);
  Gov::expect_ok(w.run(SetSanctionsAdmin{w.admin, w.bob, true}, 105));
  Gov::expect_ok(w.run(SetSanctionsAdmin{w.admin, w.bob, false}, 105));
  EXPECT_EQ(w.s.roles.sanctions_admin, no_account);

  // Access modes: an open market has group 0; a sanctioned recipient gets no reserves.
  EXPECT_EQ(w.error_of(SetMarketAccess{w.admin, w.f_usd, Access::open, 1}, 105), Error::invalid_parameter);
  EXPECT_EQ(w.error_of(SetMarketAccess{w.admin, w.f_usd, static_cast<Access>(3), 1}, 105), Error::invalid_parameter);
  EXPECT_EQ(w.error_of(SetMarketAccess{w.admin, 40, Access::open, 0}, 105), Error::market_not_listed);
  EXPECT_EQ(w.error_of(ReduceReservesTo{w.admin, w.f_usd, 1, w.carol}, 105), Error::sanctioned);
  EXPECT_EQ(w.error_of(ReduceReservesTo{w.admin, w.f_usd, e18(5) + 1, w.bob}, 105), Error::insufficient_cash);

  // The hand-over: once, and the old admin is then an ordinary account.
  const Outcome o = w.run(TransferAdminToTimelock{w.admin}, 106);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(kind_of(o.events[0]), EventKind::role_changed);
  EXPECT_EQ(w.s.roles.admin, w.timelock);
  EXPECT_EQ(w.error_of(TransferAdminToTimelock{w.admin}, 106), Error::unauthorized);
  EXPECT_EQ(w.error_of(SetCloseFactor{w.admin, frac(4, 1)}, 106), Error::unauthorized);
}

TEST(GovernanceSetupTest, InstallRefusesAnUnusableSetup) {
  World w;
  const AssetId flux = w.s.add_asset("FLUX", 18);
  const AssetId six = w.s.add_asset("SIX", 6);
  const AccountId timelock = w.s.account_id("timelock");
  GovernanceSetup setup;
  setup.token = flux;
  setup.timelock = timelock;
  GovernanceSetup bad = setup;
  bad.token = six;  // votes are 18-decimal FLUX units
  EXPECT_THROW(install_governance(w.s, bad), Failure);
  bad = setup;
  bad.token = w.usd;  // fUSD and fPL use it
  EXPECT_THROW(install_governance(w.s, bad), Failure);
  bad = setup;
  bad.timelock = 999;
  EXPECT_THROW(install_governance(w.s, bad), Failure);
  bad = setup;
  bad.timelock_delay = 100;  // under a day
  EXPECT_THROW(install_governance(w.s, bad), Failure);
  bad = setup;
  bad.block_interval_ms = 0;  // durations could not be counted in blocks
  EXPECT_THROW(install_governance(w.s, bad), Failure);
  bad = setup;
  bad.params.quorum_votes = 0;
  EXPECT_THROW(install_governance(w.s, bad), Failure);
  EXPECT_FALSE(w.s.governance.enabled());
  install_governance(w.s, setup);
  EXPECT_EQ(w.s.roles.admin, timelock);
  EXPECT_EQ(w.s.governance.params, default_governor_params());
  EXPECT_EQ(w.s.governance.timelock_delay, 86'400u);          // a day, in seconds
  EXPECT_EQ(w.s.governance.timelock_delay_blocks(), 7'200u);  // of 12-second blocks (the setup's default)
  EXPECT_THROW(install_governance(w.s, setup), Failure);      // once
}

TEST(GovernanceRequests, NamesAndAdminClass) {
  EXPECT_STREQ(request_name(Request{Delegate{}}), "delegate");
  EXPECT_STREQ(request_name(Request{Execute{}}), "execute");
  EXPECT_STREQ(action_name(GovernanceAction{ReduceReservesTo{}}), "reduce_reserves_to");
  // Governance's user requests are not admin requests; execute is (it runs admin
  // operations as the timelock), and so is every new role operation.
  for (const Request& r :
       {Request{Delegate{}}, Request{Propose{}}, Request{CastVote{}}, Request{Cancel{}}, Request{Queue{}}})
    EXPECT_FALSE(is_admin_request(r)) << request_name(r);
  for (const Request& r : {Request{Execute{}}, Request{SetPauseGuardian{}}, Request{SetGovernanceParameter{}},
                           Request{TransferAdminToTimelock{}}, Request{ReduceReservesTo{}}})
    EXPECT_TRUE(is_admin_request(r)) << request_name(r);
  EXPECT_EQ(error_name(Error::action_failed), "action_failed");
  EXPECT_EQ(static_cast<int>(Error::governance_disabled), static_cast<int>(Error::limit_reached) + 1);
}

}  // namespace
}  // namespace flux
