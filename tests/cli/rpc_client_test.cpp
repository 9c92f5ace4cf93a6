#include "cli/rpc_client.hpp"
#include "cli/errors.hpp"
#include "rpc/error.hpp"
#include "rpc/server.hpp"

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>

namespace flux::cli {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;
using tcp = boost::asio::ip::tcp;

std::string url_for(std::uint16_t port) { return "http://127.0.0.1:" + std::to_string(port); }

TEST(CliRpcUrl, Parses) {
  RpcUrl u = parse_rpc_url("http://127.0.0.1:8545");
  EXPECT_EQ(u.host, "127.0.0.1");
  EXPECT_EQ(u.port, "8545");
  EXPECT_EQ(u.target, "/");
  u = parse_rpc_url("http://node.example/rpc");
  EXPECT_EQ(u.host, "node.example");
  EXPECT_EQ(u.port, "80");
  EXPECT_EQ(u.target, "/rpc");
  u = parse_rpc_url("http://[::1]:9000/");
  EXPECT_EQ(u.host, "::1");
  EXPECT_EQ(u.port, "9000");
  for (const char* bad : {"https://x:1", "127.0.0.1:8545", "http://", "http://:8545", "http://h:0", "http://h:70000",
                          "http://h:abc", "http://u:p@h:1", "ftp://h"}) {
    try {
      parse_rpc_url(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const CliError& e) {
      EXPECT_EQ(e.exit_code, exit_usage) << bad;
    }
  }
}

TEST(CliRpcErrors, NamesAndDescriptions) {
  EXPECT_EQ(rpc_error_name(-32001), "not_found");
  EXPECT_EQ(rpc_error_name(-32010), "malformed");
  EXPECT_EQ(rpc_error_name(-32014), "nonce_used");
  EXPECT_EQ(rpc_error_name(-32018), "mempool_full");
  EXPECT_EQ(rpc_error_name(-32602), "invalid params");
  EXPECT_TRUE(is_admission_rejection(-32016));
  EXPECT_FALSE(is_admission_rejection(-32001));
  EXPECT_EQ(rpc_error_name(-32019), "upgrade_required");
  EXPECT_EQ(rpc_error_name(-32020), "would_fail");
  EXPECT_TRUE(is_admission_rejection(-32020));
  EXPECT_FALSE(is_admission_rejection(-32021));
  const RpcError rejected("flux_sendTransaction", -32016, "unauthorized: only the oracle sets prices",
                          {{"rejection", "unauthorized"}, {"detail", "only the oracle sets prices"}});
  EXPECT_EQ(describe(rejected), "flux_sendTransaction: unauthorized (-32016): only the oracle sets prices");
  const RpcError params("flux_getAccount", -32602, "invalid params: \"address\" bad hex",
                        {{"field", "address"}, {"expected", "an address"}});
  EXPECT_EQ(describe(params),
            "flux_getAccount: invalid params (-32602): \"address\" bad hex (field \"address\", expected an address)");
  const RpcError missing("flux_getMarket", -32001, "no market fXYZ", {{"error", "not_found"}});
  EXPECT_EQ(describe(missing), "flux_getMarket: not_found (-32001): no market fXYZ");
}

class CliRpcClient : public ::testing::Test {
 protected:
  void SetUp() override {
    rpc::ServerOptions options;
    options.limits.idle_timeout_ms = 300ms;  // so a kept-alive connection gets closed under the client
    server_ = std::make_unique<rpc::Server>(options);
    server_->add_method("echo", [this](const json& params) {
      ++calls_;
      return params;
    });
    server_->add_method("fail", [](const json&) -> json {
      throw rpc::RpcError(-32001, "no market fXYZ", {{"error", "not_found"}});
    });
    server_->start();
  }
  std::unique_ptr<rpc::Server> server_;
  std::atomic<int> calls_{0};
};

TEST_F(CliRpcClient, CallsKeepAliveAndReconnect) {
  RpcClient client(parse_rpc_url(url_for(server_->port())));
  EXPECT_EQ(client.call("echo", {{"a", 1}}), json({{"a", 1}}));
  EXPECT_EQ(client.call("echo", {{"b", "x"}}), json({{"b", "x"}}));
  EXPECT_EQ(server_->connection_count(), 1u);                          // one kept-alive connection
  std::this_thread::sleep_for(800ms);                                  // the server closes it as idle
  EXPECT_EQ(client.call("echo", {{"c", true}}), json({{"c", true}}));  // reconnects once, transparently
  EXPECT_EQ(calls_.load(), 3);
}

TEST_F(CliRpcClient, JsonRpcErrorsAreRpcErrors) {
  RpcClient client(parse_rpc_url(url_for(server_->port())));
  try {
    client.call("fail", json::object());
    FAIL();
  } catch (const RpcError& e) {
    EXPECT_EQ(e.code, -32001);
    EXPECT_EQ(e.method, "fail");
    EXPECT_EQ(e.message, "no market fXYZ");
    EXPECT_EQ(e.data["error"], "not_found");
  }
  try {
    client.call("no_such_method");
    FAIL();
  } catch (const RpcError& e) {
    EXPECT_EQ(e.code, -32601);
  }
  EXPECT_EQ(client.call("echo", {{"after", 1}}), json({{"after", 1}}));  // the connection still works
}

TEST(CliRpcClientFailures, ConnectionRefusedIsUnreachable) {
  std::uint16_t port = 0;
  {
    boost::asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    port = acceptor.local_endpoint().port();
  }  // closed: nothing listens there now
  RpcClient client(parse_rpc_url(url_for(port)));
  try {
    client.call("flux_chainId");
    FAIL();
  } catch (const TransportError& e) {
    EXPECT_EQ(e.kind, TransportError::Kind::unreachable);
    EXPECT_NE(std::string(e.what()).find("cannot reach the node"), std::string::npos) << e.what();
  }
}

TEST(CliRpcClientFailures, SilentServerTimesOut) {
  boost::asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));  // listens, never answers
  RpcClient client(parse_rpc_url(url_for(acceptor.local_endpoint().port())));
  const auto start = std::chrono::steady_clock::now();
  try {
    client.call("flux_chainId", nullptr, 300ms);
    FAIL();
  } catch (const TransportError& e) {
    EXPECT_EQ(e.kind, TransportError::Kind::timeout);
    EXPECT_NE(std::string(e.what()).find("did not answer within 300 ms"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

}  // namespace
}  // namespace flux::cli
