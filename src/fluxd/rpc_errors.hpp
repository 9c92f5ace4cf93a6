// The node's JSON-RPC error codes beyond the standard ones (docs/rpc.md lists them
// all): one per admission rejection and one per engine error, each carrying its name.
#pragma once

#include "engine/error.hpp"
#include "node/transaction.hpp"
#include "rpc/error.hpp"

#include <string>

namespace flux::fluxd {

namespace node_error_code {
inline constexpr int node_error = -32000;  // storage failed; the node stops producing
inline constexpr int not_found = -32001;   // unknown market, account, block or transaction
inline constexpr int timeout = -32002;     // a wait ran out
// Admission rejections: -32010 + the Rejection's number, in its declaration order.
inline constexpr int rejection_first = -32010;
// Engine errors: 1000 + the Error's number (insufficient_liquidity = 1001, ...).
inline constexpr int engine_error_base = 1000;
}  // namespace node_error_code

inline int rejection_code(node::Rejection r) { return node_error_code::rejection_first - static_cast<int>(r); }
inline int engine_error_code(Error e) { return node_error_code::engine_error_base + static_cast<int>(e); }

inline rpc::RpcError rejection_error(const node::TransactionError& e) {
  return rpc::RpcError(rejection_code(e.kind), std::string(node::rejection_name(e.kind)) + ": " + e.detail,
                       {{"rejection", std::string(node::rejection_name(e.kind))}, {"detail", e.detail}});
}

inline rpc::RpcError not_found(const std::string& what) {
  return rpc::RpcError(node_error_code::not_found, what, {{"error", "not_found"}});
}

}  // namespace flux::fluxd
