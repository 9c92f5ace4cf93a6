#include "rpc/error.hpp"

namespace flux::rpc {

const char* standard_message(int code) noexcept {
  switch (code) {
    case error_code::parse_error: return "Parse error";
    case error_code::invalid_request: return "Invalid Request";
    case error_code::method_not_found: return "Method not found";
    case error_code::invalid_params: return "Invalid params";
    case error_code::internal_error: return "Internal error";
    default: return "Server error";
  }
}

nlohmann::json error_response(const nlohmann::json& id, int code, std::string message, const nlohmann::json& data) {
  nlohmann::json error = {{"code", code}, {"message", std::move(message)}};
  if (!data.is_null()) error["data"] = data;
  return {{"jsonrpc", "2.0"}, {"error", std::move(error)}, {"id", id}};
}

std::string to_wire(const nlohmann::json& response) {
  return response.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace flux::rpc
