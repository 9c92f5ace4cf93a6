#include "cli/gov_commands.hpp"

#include "cli/amounts.hpp"
#include "cli/errors.hpp"
#include "cli/node_session.hpp"
#include "cli/tx_builder.hpp"
#include "cli/voting_window.hpp"
#include "crypto/address.hpp"
#include "engine/governor.hpp"
#include "node/genesis/config.hpp"
#include "node/genesis/decimal.hpp"
#include "node/transaction.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <initializer_list>
#include <iostream>
#include <memory>
#include <optional>

namespace flux::cli {
namespace {

using json = nlohmann::json;

// --- Action specs ------------------------------------------------------------------

const std::vector<std::string>& spec_names() {
  static const std::vector<std::string> names = {"list-market",    "set-collateral-factor", "set-reserve-factor",
                                                 "set-borrow-cap", "set-supply-cap",        "set-governance-parameter"};
  return names;
}
bool is_spec_name(const std::string& word) {
  return std::find(spec_names().begin(), spec_names().end(), word) != spec_names().end();
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// A human decimal scaled by 10^scale exactly as the genesis converts it, or a raw
// integer with --raw.
U256 scaled(const std::string& text, unsigned scale, bool raw, const std::string& what) {
  if (raw) {
    std::string error;
    const auto v = parse_raw(text, error);
    if (!v) throw usage_error(fmt::format("bad {}: {}", what, error));
    return *v;
  }
  const genesis::DecimalResult r = genesis::parse_scaled_decimal(text, scale);
  if (const auto* e = std::get_if<genesis::DecimalError>(&r))
    throw usage_error(fmt::format("bad {}: {}", what, e->message));
  return std::get<U256>(r);
}

bool boolean(const std::string& text, const std::string& what) {
  if (text == "true") return true;
  if (text == "false") return false;
  throw usage_error(fmt::format("bad {}: expected true or false, got \"{}\"", what, text));
}

const char* access_name(Access a) {
  switch (a) {
    case Access::open: return "open";
    case Access::permissionless: return "permissionless";
    case Access::permissioned: return "permissioned";
  }
  return "open";
}

// Longer than most functions on purpose: every option of `flux gov list-market`, parsed
// and checked in the order its help lists them.
// NOLINTNEXTLINE(readability-function-size)
json list_market(const std::vector<std::string>& words, const std::map<std::string, unsigned>& asset_decimals,
                 bool raw) {
  if (words.size() < 2 || words[1].rfind("--", 0) == 0) throw usage_error("list-market: name the new market (fWETH)");
  const std::string& symbol = words[1];
  std::map<std::string, std::string> options;
  for (std::size_t i = 2; i < words.size(); i += 2) {
    if (words[i].rfind("--", 0) != 0)
      throw usage_error(fmt::format("list-market {}: expected an option, got \"{}\"", symbol, words[i]));
    if (i + 1 >= words.size()) throw usage_error(fmt::format("list-market {}: {} needs a value", symbol, words[i]));
    if (!options.emplace(words[i].substr(2), words[i + 1]).second)
      throw usage_error(fmt::format("list-market {}: {} given twice", symbol, words[i]));
  }
  const auto take = [&options](const std::string& name) -> std::optional<std::string> {
    const auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    std::string value = it->second;
    options.erase(it);
    return value;
  };
  const auto asset = take("asset");
  const auto template_name = take("template");
  if (!asset || !template_name)
    throw usage_error(fmt::format("list-market {}: --asset and --template are required", symbol));
  const auto decimals_it = asset_decimals.find(*asset);
  if (decimals_it == asset_decimals.end())
    throw usage_error(fmt::format("list-market {}: the node has no asset \"{}\"", symbol, *asset));
  const unsigned decimals = decimals_it->second;
  genesis::MarketSpec m;
  try {
    m = genesis::template_defaults(*template_name, static_cast<std::uint8_t>(decimals));
  } catch (const std::invalid_argument&) {
    throw usage_error(fmt::format("list-market {}: unknown template \"{}\"; expected one of: {}", symbol,
                                  *template_name, joined(genesis::template_names())));
  }
  // The genesis's scales (config.hpp): mantissas 1e18, amounts 10^decimals, prices
  // 10^(36 - decimals), the initial exchange rate 10^(10 + decimals).
  const std::string what = "list-market " + symbol + " ";
  if (auto v = take("collateral-factor")) m.collateral_factor = scaled(*v, 18, raw, what + "--collateral-factor");
  if (auto v = take("reserve-factor")) m.reserve_factor = scaled(*v, 18, raw, what + "--reserve-factor");
  if (auto v = take("seize-share")) m.protocol_seize_share = scaled(*v, 18, raw, what + "--seize-share");
  if (auto v = take("price")) m.price = scaled(*v, 36 - decimals, raw, what + "--price");
  if (auto v = take("price-cap")) m.price_cap = scaled(*v, 36 - decimals, raw, what + "--price-cap");
  if (auto v = take("seed")) m.seed = scaled(*v, decimals, raw, what + "--seed");
  if (auto v = take("borrow-cap")) m.borrow_cap = scaled(*v, decimals, raw, what + "--borrow-cap");
  if (auto v = take("supply-cap")) m.supply_cap = scaled(*v, decimals, raw, what + "--supply-cap");
  if (auto v = take("initial-exchange-rate"))
    m.initial_exchange_rate = scaled(*v, 10 + decimals, raw, what + "--initial-exchange-rate");
  if (auto v = take("kyc-group")) {
    const U256 group = scaled(*v, 0, true, what + "--kyc-group");
    if (group > U256(0xFFFFFFFFu)) throw usage_error(what + "--kyc-group: must be below 2^32");
    m.kyc_group = static_cast<std::uint32_t>(low_u64(group));
  }
  if (auto v = take("access")) {
    if (*v == "open") m.access = Access::open;
    else if (*v == "permissionless") m.access = Access::permissionless;
    else if (*v == "permissioned") m.access = Access::permissioned;
    else throw usage_error(what + "--access: expected open, permissionless or permissioned");
  }
  if (auto v = take("mint-paused")) m.mint_paused = boolean(*v, what + "--mint-paused");
  if (auto v = take("borrow-paused")) m.borrow_paused = boolean(*v, what + "--borrow-paused");
  if (!options.empty())
    throw usage_error(fmt::format("{}: unknown option --{} (propose's own options go before the first action)",
                                  what.substr(0, what.size() - 1), options.begin()->first));
  const RateModelParams& r = m.rate_model;
  return {{"type", "ListMarket"},
          {"symbol", symbol},
          {"asset", *asset},
          {"collateralFactor", m.collateral_factor.str()},
          {"reserveFactor", m.reserve_factor.str()},
          {"protocolSeizeShare", m.protocol_seize_share.str()},
          {"initialExchangeRate", m.initial_exchange_rate.str()},
          {"kind", r.kind == RateModelKind::jump ? "jump" : "linear"},
          {"basePerYear", r.base_per_year.str()},
          {"multiplierPerYear", r.multiplier_per_year.str()},
          {"jumpMultiplierPerYear", r.jump_multiplier_per_year.str()},
          {"kink", r.kink.str()},
          {"access", access_name(m.access)},
          {"kycGroup", std::to_string(m.kyc_group)},
          {"borrowCap", m.borrow_cap.str()},
          {"supplyCap", m.supply_cap.str()},
          {"price", m.price.str()},
          {"priceCap", m.price_cap.str()},
          {"mintPaused", m.mint_paused},
          {"borrowPaused", m.borrow_paused},
          {"seedAmount", m.seed.str()}};
}

json one_spec(const std::vector<std::string>& words, const MarketDirectory& markets,
              const std::map<std::string, unsigned>& asset_decimals, bool raw) {
  const std::string& name = words.front();
  if (name == "list-market") return list_market(words, asset_decimals, raw);
  const auto expect = [&](std::size_t n, const char* usage) {
    if (words.size() != n + 1) throw usage_error(fmt::format("{}: expected {}", name, usage));
  };
  const TxBuilder builder(markets, raw);
  TxDraft draft;
  if (name == "set-collateral-factor") {
    expect(2, "MARKET FACTOR");
    draft = builder.set_collateral_factor(words[1], words[2]);
  } else if (name == "set-reserve-factor") {
    expect(2, "MARKET FACTOR");
    draft = builder.set_reserve_factor(words[1], words[2]);
  } else if (name == "set-borrow-cap") {
    expect(2, "MARKET AMOUNT");
    draft = builder.set_borrow_cap(words[1], words[2]);
  } else if (name == "set-supply-cap") {
    expect(2, "MARKET AMOUNT");
    draft = builder.set_supply_cap(words[1], words[2]);
  } else {  // set-governance-parameter
    expect(2, "NAME VALUE");
    const auto parameter = node::governance_parameter_from_name(words[1]);
    if (!parameter)
      throw usage_error(
          fmt::format("{}: unknown parameter \"{}\"; expected proposal_threshold, voting_delay, "
                      "voting_period, quorum_votes or timelock_delay",
                      name, words[1]));
    const bool votes =
        *parameter == GovernanceParameter::proposal_threshold || *parameter == GovernanceParameter::quorum_votes;
    const U256 value = scaled(words[2], votes ? 18 : 0, raw, name + " " + words[1]);
    draft = TxDraft{"SetGovernanceParameter", {{"parameter", words[1]}, {"value", value.str()}}};
  }
  json action = draft.fields;
  action["type"] = draft.type;
  return action;
}

}  // namespace

std::vector<std::string> parse_action_specs(const std::vector<std::string>& words, const MarketDirectory& markets,
                                            const std::map<std::string, unsigned>& asset_decimals, bool raw) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < words.size()) {
    if (!is_spec_name(words[i])) {
      if (words[i].rfind("--", 0) == 0)
        throw usage_error(fmt::format("{}: propose's own options go before the first action", words[i]));
      throw usage_error(fmt::format("\"{}\" is not an action; the actions are {} (or --action JSON)", words[i],
                                    joined(spec_names())));
    }
    std::size_t end = i + 1;
    while (end < words.size() && !is_spec_name(words[end])) ++end;
    const std::vector<std::string> spec(words.begin() + static_cast<std::ptrdiff_t>(i),
                                        words.begin() + static_cast<std::ptrdiff_t>(end));
    out.push_back(one_spec(spec, markets, asset_decimals, raw).dump());
    i = end;
  }
  return out;
}

namespace {

struct GovArgs : SendOptions {
  std::string who, description, support, reason, state;
  std::vector<std::string> actions;  // --action JSON
  std::uint64_t id = 0;
  std::optional<std::uint64_t> block, offset, limit;
  std::optional<std::uint64_t> blocks, seconds;  // dev mine: N blocks, or as many as S seconds last
};

void print_json(const json& j) { std::cout << j.dump(2) << "\n"; }

std::string votes_text(const json& raw) {
  if (!raw.is_string()) return "?";
  const auto v = parse_u256(raw.get<std::string>());
  return v ? group_thousands(format_units(*v, 18)) : raw.get<std::string>();
}

std::string text_of(const json& j, const char* key) {
  if (!j.contains(key)) return "";
  if (j[key].is_string()) return j[key].get<std::string>();
  if (j[key].is_null()) return "-";
  return j[key].dump();
}

std::map<std::string, unsigned> asset_decimals(Session& s) {
  std::map<std::string, unsigned> out;
  for (const json& a : s.call("flux_getAssets"))
    out[a.at("symbol").get<std::string>()] = a.at("decimals").get<unsigned>();
  return out;
}

std::uint8_t support_of(const std::string& text) {
  if (text == "against") return vote_against;
  if (text == "for") return vote_for;
  if (text == "abstain") return vote_abstain;
  throw usage_error(fmt::format("vote: expected for, against or abstain, got \"{}\"", text));
}

CLI::App* sender(CLI::App& parent, Commands& commands, const GlobalOptions& g, const std::shared_ptr<GovArgs>& a,
                 const std::string& name, const std::string& help, DraftFn make) {
  CLI::App* sub = parent.add_subcommand(name, help);
  add_signer_options(sub, *a, true);
  commands.push_back({sub, [&g, a, make = std::move(make)] { return send_transaction(g, *a, make); }});
  return sub;
}

std::uint64_t u64_of(const json& j, const char* key) {
  return j.contains(key) && j[key].is_number_unsigned() ? j[key].get<std::uint64_t>() : 0;
}

void print_proposal(const json& p, const Labels& labels, std::uint64_t block_interval_ms) {
  const std::uint64_t now = u64_of(p, "block");
  std::cout << fmt::format("proposal {}: {}\n", text_of(p, "id"), text_of(p, "state"));
  std::cout << fmt::format("  proposer     {}\n", labels.name(text_of(p, "proposer")));
  std::cout << fmt::format("  voting       {}\n", voting_window_text(p, block_interval_ms));
  const std::uint64_t eta = u64_of(p, "eta");
  std::cout << fmt::format(
      "  eta          {}\n",
      eta == 0 ? std::string("not queued") : fmt::format("block {} ({})", eta, when(eta, now, block_interval_ms)));
  std::cout << fmt::format("  for          {}\n", votes_text(p.value("for_votes", json())));
  std::cout << fmt::format("  against      {}\n", votes_text(p.value("against_votes", json())));
  std::cout << fmt::format("  abstain      {}\n", votes_text(p.value("abstain_votes", json())));
  std::cout << fmt::format("  quorum       {}\n", votes_text(p.value("quorum_votes", json())));
  std::cout << "  description  " << text_of(p, "description") << "\n";
  if (p.contains("actions") && p["actions"].is_array()) {
    std::size_t i = 0;
    for (const json& action : p["actions"]) std::cout << fmt::format("  action {}     {}\n", ++i, action.dump());
  }
  if (p.contains("receipts") && p["receipts"].is_array())
    for (const json& r : p["receipts"])
      std::cout << fmt::format("  vote         {} {} with {}\n", labels.name(text_of(r, "voter")),
                               text_of(r, "support"), votes_text(r.value("votes", json())));
}

void add_delegate_command(CLI::App& gov, const GlobalOptions& g, Commands& commands,
                          const std::shared_ptr<GovArgs>& a) {
  CLI::App* sub = sender(gov, commands, g, a, "delegate",
                         "Delegate your FLUX votes: self (your own votes count), none, or an account",
                         [a, &g](const TxBuilder&, const SignerRef& signer, Session&) {
                           crypto::Address20 to{};
                           if (a->who == "self") to = signer.address;
                           else if (a->who != "none") to = resolve_account(a->who, g.keys);
                           return TxDraft{"Delegate", {{"delegatee", crypto::to_checksum_address(to)}}};
                         });
  sub->add_option("delegatee", a->who, "self, none, or an address, key name or dev:NAME")->required();
}

void add_propose_command(CLI::App& gov, const GlobalOptions& g, Commands& commands, const std::shared_ptr<GovArgs>& a) {
  CLI::App* propose = sender(gov, commands, g, a, "propose",
                             "Propose actions for the timelock to run: options first, then the actions "
                             "(list-market SYMBOL --asset A --template T [...], set-collateral-factor MARKET F, "
                             "set-reserve-factor MARKET F, set-borrow-cap MARKET N, set-supply-cap MARKET N, "
                             "set-governance-parameter NAME VALUE; see flux gov propose --help)",
                             [](const TxBuilder&, const SignerRef&, Session&) {
                               return TxDraft{};  // replaced below, once the subcommand exists
                             });
  // Every word from the first action on is left to parse_action_specs. Without
  // fallthrough: CLI11 would otherwise hand the first action's name to `gov`. So
  // global options (--rpc, --json) go before `gov` here.
  propose->prefix_command();
  propose->fallthrough(false);
  propose->add_option("--description", a->description, "What the proposal does and why (first line: its title)")
      ->required();
  propose->add_option("--action", a->actions, "An action as JSON: {\"type\": \"SetCloseFactor\", \"value\": \"...\"}");
  propose->footer(
      "Actions, after the options, each starting with its name:\n"
      "  list-market SYMBOL --asset A --template stablecoin|volatile|permissioned-fund\n"
      "      [--price USD] [--price-cap USD] [--collateral-factor F] [--reserve-factor F] [--seize-share F]\n"
      "      [--seed N] [--borrow-cap N] [--supply-cap N] [--access open|permissionless|permissioned]\n"
      "      [--kyc-group G] [--initial-exchange-rate R] [--mint-paused true|false] [--borrow-paused true|false]\n"
      "      (the template fills every other field, in the genesis's units; the timelock pays the seed)\n"
      "  set-collateral-factor MARKET F    set-reserve-factor MARKET F\n"
      "  set-borrow-cap MARKET AMOUNT      set-supply-cap MARKET AMOUNT      (0: no cap)\n"
      "  set-governance-parameter NAME VALUE  (proposal_threshold, quorum_votes in FLUX; the others in seconds)\n"
      "Example: flux gov propose --description \"List WETH\" --dev-account alice \\\n"
      "           list-market fWETH --asset WETH --template volatile --price 3000 --collateral-factor 0.75");
  // The draft needs the words CLI11 leaves over: registered here, with the subcommand at hand.
  commands.back().run = [&g, a, propose] {
    const std::vector<std::string> words = propose->remaining();
    return send_transaction(g, *a, [a, words](const TxBuilder&, const SignerRef&, Session& s) {
      std::vector<std::string> actions;
      for (const std::string& text : a->actions) {
        const json parsed = json::parse(text, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_object())
          throw usage_error(fmt::format("--action {}: not a JSON object", text));
        actions.push_back(parsed.dump());
      }
      if (!words.empty()) {
        const auto more = parse_action_specs(words, s.markets(), asset_decimals(s), a->raw);
        actions.insert(actions.end(), more.begin(), more.end());
      }
      if (actions.empty()) throw usage_error("propose: give at least one action");
      return TxDraft{"Propose", {{"actions", actions}, {"description", a->description}}};
    });
  };
}

void add_vote_command(CLI::App& gov, const GlobalOptions& g, Commands& commands, const std::shared_ptr<GovArgs>& a) {
  CLI::App* sub = sender(gov, commands, g, a, "vote", "Vote on an active proposal: for, against or abstain",
                         [a](const TxBuilder&, const SignerRef&, Session&) {
                           return TxDraft{"CastVote",
                                          {{"proposal", std::to_string(a->id)},
                                           {"support", std::to_string(support_of(a->support))},
                                           {"reason", a->reason}}};
                         });
  sub->add_option("id", a->id, "The proposal's id")->required();
  sub->add_option("support", a->support, "for, against or abstain")->required();
  sub->add_option("--reason", a->reason, "Why (kept with the vote)");
}

// flux gov queue, execute and cancel: one proposal id each.
void add_proposal_step_commands(CLI::App& gov, const GlobalOptions& g, Commands& commands,
                                const std::shared_ptr<GovArgs>& a) {
  for (const char* type : {"Queue", "Execute", "Cancel"}) {
    const std::string name = type == std::string("Queue")     ? "queue"
                             : type == std::string("Execute") ? "execute"
                                                              : "cancel";
    const std::string help = name == "queue"     ? "Queue a succeeded proposal in the timelock"
                             : name == "execute" ? "Execute a queued proposal once its eta is reached"
                                                 : "Cancel a proposal (its proposer, or anyone once the proposer "
                                                   "is below the threshold)";
    CLI::App* sub = sender(gov, commands, g, a, name, help, [a, type](const TxBuilder&, const SignerRef&, Session&) {
      return TxDraft{type, {{"proposal", std::to_string(a->id)}}};
    });
    sub->add_option("id", a->id, "The proposal's id")->required();
  }
}

void add_show_command(CLI::App& gov, const GlobalOptions& g, Commands& commands, const std::shared_ptr<GovArgs>& a) {
  CLI::App* show = gov.add_subcommand("show", "A proposal: state, votes, actions, every vote");
  show->add_option("id", a->id, "The proposal's id")->required();
  commands.push_back({show, [&g, a] {
                        Session s(g);
                        const json p = s.call("flux_getProposal", {{"id", a->id}});
                        if (g.json) print_json(p);
                        else print_proposal(p, s.labels(), u64_of(s.call("flux_getGovernance"), "block_interval_ms"));
                        return exit_ok;
                      }});
}

void add_list_command(CLI::App& gov, const GlobalOptions& g, Commands& commands, const std::shared_ptr<GovArgs>& a) {
  CLI::App* list = gov.add_subcommand("list", "Proposals, newest first");
  list->add_option("--state", a->state, "Only proposals in this state (pending, active, succeeded, queued, ...)");
  list->add_option("--offset", a->offset, "Skip this many");
  list->add_option("--limit", a->limit, "At most this many (1 to 100)");
  commands.push_back({list, [&g, a] {
                        Session s(g);
                        json params = json::object();
                        if (!a->state.empty()) params["state"] = a->state;
                        if (a->offset) params["offset"] = *a->offset;
                        if (a->limit) params["limit"] = *a->limit;
                        const json r = s.call("flux_getProposals", params);
                        if (g.json) {
                          print_json(r);
                          return exit_ok;
                        }
                        const Labels labels = s.labels();
                        // VOTE FROM and VOTE TO: the first and last block a vote is accepted in.
                        std::cout << fmt::format("{:>4}  {:<10} {:<12} {:>9} {:>9} {:>8} {:>16} {:>16}  {}\n", "ID",
                                                 "STATE", "PROPOSER", "VOTE FROM", "VOTE TO", "ETA", "FOR", "AGAINST",
                                                 "TITLE");
                        for (const json& p : r.at("proposals"))
                          std::cout << fmt::format(
                              "{:>4}  {:<10} {:<12} {:>9} {:>9} {:>8} {:>16} {:>16}  {}\n", text_of(p, "id"),
                              text_of(p, "state"), labels.name(text_of(p, "proposer")), voting_window(p).first_block,
                              text_of(p, "end_block"), text_of(p, "eta"), votes_text(p.value("for_votes", json())),
                              votes_text(p.value("against_votes", json())), text_of(p, "title"));
                        return exit_ok;
                      }});
}

void add_votes_command(CLI::App& gov, const GlobalOptions& g, Commands& commands, const std::shared_ptr<GovArgs>& a) {
  CLI::App* votes = gov.add_subcommand("votes", "An account's delegate and votes (now, and at a block)");
  votes->add_option("who", a->who, "Address, keystore key name, or dev:NAME")->required();
  votes->add_option("--block", a->block, "Also its votes as of the end of this block");
  commands.push_back({votes, [&g, a] {
                        const crypto::Address20 address = resolve_account(a->who, g.keys);
                        Session s(g);
                        json params = {{"account", address.hex(true)}};
                        if (a->block) params["block"] = *a->block;
                        const json r = s.call("flux_getVotes", params);
                        if (g.json) {
                          print_json(r);
                          return exit_ok;
                        }
                        const Labels labels = s.labels();
                        const std::string delegate = text_of(r, "delegate");
                        std::cout << fmt::format("{}: {} FLUX, delegates to {}, {} votes now",
                                                 labels.name(address.hex()), votes_text(r.value("balance", json())),
                                                 delegate == "-" ? "no one" : labels.name(delegate),
                                                 votes_text(r.value("current_votes", json())));
                        if (r.contains("votes_at_block"))
                          std::cout << fmt::format(", {} at block {}", votes_text(r["votes_at_block"]),
                                                   text_of(r, "at_block"));
                        std::cout << "\n";
                        return exit_ok;
                      }});
}

void add_params_command(CLI::App& gov, const GlobalOptions& g, Commands& commands) {
  CLI::App* params = gov.add_subcommand("params", "The governance token, timelock and the governor's parameters");
  commands.push_back(
      {params, [&g] {
         Session s(g);
         const json r = s.call("flux_getGovernance");
         if (g.json || !r.value("enabled", false)) {
           if (!g.json) std::cout << "this chain has no governance\n";
           else print_json(r);
           return exit_ok;
         }
         const json& p = r.at("parameters");
         std::cout << fmt::format("token {}, timelock {} (admin {}), {} proposals\n", text_of(r, "token"),
                                  text_of(r, "timelock"), text_of(r, "admin"), text_of(r, "proposal_count"));
         const json& blocks = r.at("blocks");
         std::cout << fmt::format("proposal threshold {} FLUX, quorum {} FLUX\n",
                                  votes_text(p.value("proposal_threshold", json())),
                                  votes_text(p.value("quorum_votes", json())));
         // Durations are seconds; the blocks they last at the chain's block interval.
         std::cout << fmt::format("durations in seconds, as blocks of {} ms:\n", text_of(r, "block_interval_ms"));
         for (const char* name : {"voting_delay", "voting_period", "timelock_delay", "grace_period"})
           std::cout << fmt::format("  {:<15} {:>9} s  {:>9} blocks\n", name, text_of(p, name), text_of(blocks, name));
         return exit_ok;
       }});
}

// flux dev mine: the dev chain's tools.
void add_dev_commands(CLI::App& app, const GlobalOptions& g, Commands& commands, const std::shared_ptr<GovArgs>& a) {
  CLI::App* dev = app.add_subcommand("dev", "Dev chain tools (fluxd --dev only)");
  dev->require_subcommand(1);
  CLI::App* mine = dev->add_subcommand("mine", "Produce N empty blocks at once (like Hardhat's hardhat_mine)");
  CLI::Option* mine_blocks =
      mine->add_option("blocks", a->blocks, "How many blocks (1 to 100000)")->check(CLI::Range(1, 100'000));
  mine->add_option("--seconds", a->seconds,
                   "Instead of N: as many blocks as governance counts in this many seconds (a governance "
                   "duration, e.g. 86400 for the dev chain's timelock delay)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100'000'000}))
      ->excludes(mine_blocks);
  mine->require_option(1);
  commands.push_back({mine, [&g, a] {
                        Session s(g);
                        std::uint64_t blocks = a->blocks.value_or(0);
                        if (a->seconds) {
                          // The engine's own conversion (Governance::blocks), at the interval it records.
                          const json governance = s.call("flux_getGovernance");
                          if (!governance.value("enabled", false))
                            throw usage_error(
                                "dev mine --seconds: this chain has no governance to count its "
                                "blocks; give a number of blocks");
                          const std::uint64_t interval = u64_of(governance, "block_interval_ms");
                          if (interval == 0)
                            throw usage_error("dev mine --seconds: the node reports no block interval");
                          blocks = blocks_for_seconds(*a->seconds, interval);
                        }
                        // In calls of at most 10,000 blocks, each well within its timeout even
                        // for a debug build on a busy machine (a day of the dev chain's 1 s
                        // blocks is 86,400).
                        constexpr std::uint64_t per_call = 10'000;
                        json r;
                        std::uint64_t mined = 0;
                        double seconds = 0;
                        for (std::uint64_t left = blocks; left > 0;) {
                          const std::uint64_t n = std::min(left, per_call);
                          r = s.call("flux_mineBlocks", {{"blocks", n}}, 600s);
                          mined += u64_of(r, "mined");
                          seconds += r.value("seconds", 0.0);
                          left -= n;
                        }
                        r["mined"] = mined;
                        r["seconds"] = seconds;
                        if (g.json) print_json(r);
                        else
                          std::cout << fmt::format("mined {} blocks: the chain is at block {} ({:.2f} s)\n", mined,
                                                   text_of(r, "block"), seconds);
                        return exit_ok;
                      }});
}

}  // namespace

// In the order `flux --help` lists them.
void add_gov_commands(CLI::App& app, GlobalOptions& globals, Commands& commands) {
  auto a = std::make_shared<GovArgs>();
  const GlobalOptions& g = globals;
  CLI::App* gov = app.add_subcommand("gov", "Governance: delegate FLUX votes, propose, vote, queue, execute");
  gov->require_subcommand(1);
  for (const auto add : {add_delegate_command, add_propose_command, add_vote_command, add_proposal_step_commands,
                         add_show_command, add_list_command, add_votes_command})
    add(*gov, g, commands, a);
  add_params_command(*gov, g, commands);
  add_dev_commands(app, g, commands, a);
}

}  // namespace flux::cli
