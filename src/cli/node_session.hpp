// The node connection the node commands share (node_commands.cpp, gov_commands.cpp),
// and how a command sends one transaction.
#pragma once

#include "cli/command.hpp"
#include "cli/errors.hpp"
#include "cli/identity.hpp"
#include "cli/market_directory.hpp"
#include "cli/rpc_client.hpp"
#include "cli/tx_builder.hpp"
#include "cli/views.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace flux::cli {

using namespace std::chrono_literals;

// The node connection and what a command learns from it, fetched once.
class Session {
 public:
  explicit Session(const GlobalOptions& g) : g_(g) {}

  // Transport failures become exit 3; the node's JSON-RPC errors are left to the caller.
  nlohmann::json call_raw(const std::string& method, const nlohmann::json& params = nullptr,
                          std::chrono::milliseconds timeout = 15s) {
    try {
      return client().call(method, params, timeout);
    } catch (const TransportError& e) {
      throw CliError(exit_unreachable, e.what());
    }
  }
  // ...and the node's errors exit 1 with their code, name and detail.
  nlohmann::json call(const std::string& method, const nlohmann::json& params = nullptr,
                      std::chrono::milliseconds timeout = 15s) {
    try {
      return call_raw(method, params, timeout);
    } catch (const RpcError& e) {
      throw failed(describe(e));
    }
  }

  const nlohmann::json& markets_json() {
    if (!markets_json_) markets_json_ = call("flux_getMarkets");
    return *markets_json_;
  }
  const MarketDirectory& markets() {
    if (!markets_) {
      MarketDirectory directory = MarketDirectory::from_json(markets_json());
      // Assets without a market (FLUX) too; a node without flux_getAssets just lacks them.
      try {
        directory.add_assets(call_raw("flux_getAssets"));
      } catch (const RpcError&) {
      }
      markets_ = std::move(directory);
    }
    return *markets_;
  }
  std::uint64_t chain_id() {
    if (!chain_id_) {
      const nlohmann::json id = call("flux_chainId");
      if (!id.is_number_unsigned())
        throw CliError(exit_unreachable, "flux_chainId: the node did not answer an integer");
      chain_id_ = id.get<std::uint64_t>();
    }
    return *chain_id_;
  }
  Labels labels() { return make_labels(g_.keys, chain_id() == dev_chain_id); }

 private:
  RpcClient& client() {
    if (!client_) client_ = std::make_unique<RpcClient>(parse_rpc_url(g_.rpc));
    return *client_;
  }
  const GlobalOptions& g_;
  std::unique_ptr<RpcClient> client_;
  std::optional<nlohmann::json> markets_json_;
  std::optional<MarketDirectory> markets_;
  std::optional<std::uint64_t> chain_id_;
};

// The options every sending command has: who signs, --raw, --no-wait, --wait-ms.
struct SendOptions {
  SignerChoice signer;
  bool raw = false;
  bool no_wait = false;
  std::uint64_t wait_ms = 30000;
};

void add_signer_options(CLI::App* sub, SendOptions& options, bool amounts = true);

using DraftFn = std::function<TxDraft(const TxBuilder&, const SignerRef&, Session&)>;

// Builds the draft, signs it with the signer's next nonce, sends it, waits for its
// receipt and prints the outcome (a table, or the receipt with --json). Exit 0 when
// the transaction succeeded in its block, 1 when it failed or was rejected.
int send_transaction(const GlobalOptions& g, const SendOptions& options, const DraftFn& make);

}  // namespace flux::cli
