#pragma once
// A Server on an ephemeral port with a few methods, for the HTTP tests.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <stdexcept>

#include "rpc/error.hpp"
#include "rpc/params.hpp"
#include "rpc/server.hpp"
#include "test_client.hpp"

namespace flux::rpc::test {

class ServerFixture : public ::testing::Test {
 protected:
  // Starts a server with these limits; `setup` may register more before start.
  void start(Limits limits = {}, std::size_t threads = 2, const std::function<void(Server&)>& setup = {}) {
    ServerOptions options;
    options.limits = limits;
    options.threads = threads;
    server_ = std::make_unique<Server>(options);
    using nlohmann::json;
    server_->add_method("echo", [](const json& params) { return params; });
    server_->add_method("add", [](const json& params) {
      const json& p = expect_object(params, {{"a", ParamType::integer}, {"b", ParamType::integer}});
      return p["a"].get<long long>() + p["b"].get<long long>();
    });
    server_->add_method("notify", [this](const json&) {
      ++notified_;
      return json(nullptr);
    });
    server_->add_method("app_error", [](const json&) -> json {
      throw RpcError{-32010, "insufficient liquidity", {{"error", "insufficient_liquidity"}}};
    });
    server_->add_method("crash", [](const json&) -> json { throw std::runtime_error("secret internal detail"); });
    if (setup) setup(*server_);
    server_->start();
  }

  std::uint16_t port() const { return server_->port(); }

  std::string metrics_text() {
    Client c(port());
    return c.get("/metrics").body();
  }

  std::unique_ptr<Server> server_;
  std::atomic<int> notified_{0};
};

}  // namespace flux::rpc::test
