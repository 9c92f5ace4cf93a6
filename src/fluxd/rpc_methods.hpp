// The node's JSON-RPC methods (docs/rpc.md), registered on a generic rpc::Server.
// Every handler reads the chain under the NodeService lock and never changes it,
// except flux_sendTransaction, which goes through admission like any transaction.
#pragma once

#include "fluxd/node_metrics.hpp"
#include "fluxd/node_service.hpp"
#include "rpc/server.hpp"

namespace flux::fluxd {

// `dev`: also the dev chain's methods (flux_mineBlocks); without it they do not exist
// (-32601, method not found).
void register_rpc_methods(rpc::Server& server, NodeService& node, NodeMetrics& metrics, bool dev = false);

// The JSON forms the methods return, exposed for the SSE stream and tests.
nlohmann::json market_json(const State& state, MarketId market);
nlohmann::json account_json(const State& state, AccountId account, const crypto::Address20& address,
                            std::uint64_t nonce);
// A stored receipt (receipt_json's form) as the RPC returns it: "error" becomes
// {code, name, message}.
nlohmann::json rpc_receipt(nlohmann::json stored);

}  // namespace flux::fluxd
