// The server over real HTTP on an ephemeral port: JSON-RPC, limits, keep-alive,
// concurrency, health, metrics and shutdown.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "metrics_format.hpp"
#include "server_fixture.hpp"
#include "test_client.hpp"

namespace flux::rpc::test {
namespace {

using nlohmann::json;

class RpcServer : public ServerFixture {};

json rpc_request(const std::string& method, const json& params, const json& id) {
  json r = {{"jsonrpc", "2.0"}, {"method", method}, {"id", id}};
  if (!params.is_null()) r["params"] = params;
  return r;
}

void expect_error(const json& response, int code, const json& id = nullptr) {
  ASSERT_TRUE(response.is_object()) << response;
  EXPECT_EQ(response["jsonrpc"], "2.0");
  ASSERT_TRUE(response.contains("error")) << response;
  EXPECT_EQ(response["error"]["code"], code) << response;
  EXPECT_EQ(response["id"], id) << response;
}

// An error body on a non-200 answer: the JSON-RPC shape, code -32600.
void expect_error_body(const Response& res, http::status status) {
  EXPECT_EQ(res.result(), status) << res;
  EXPECT_EQ(res[http::field::content_type], "application/json");
  expect_error(json::parse(res.body()), error_code::invalid_request);
}

TEST_F(RpcServer, EphemeralPortIsBound) {
  start();
  EXPECT_NE(port(), 0);
}

TEST_F(RpcServer, SingleCall) {
  start();
  Client c(port());
  const Response res = c.post(rpc_request("add", {{"a", 2}, {"b", 40}}, 1).dump());
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_EQ(json::parse(res.body()), json::parse(R"({"jsonrpc":"2.0","result":42,"id":1})"));
}

TEST_F(RpcServer, MixedBatch) {
  start();
  Client c(port());
  const json out = c.rpc(json::array({
      rpc_request("add", {{"a", 1}, {"b", 1}}, "first"),
      {{"jsonrpc", "2.0"}, {"method", "notify"}},
      rpc_request("add", {{"a", "x"}, {"b", 1}}, 2),
      json("not a request"),
      {{"jsonrpc", "1.0"}, {"method", "echo"}, {"id", 3}},
      rpc_request("no_such_method", nullptr, 4),
      rpc_request("echo", json::array({1, 2}), 5),
  }));
  ASSERT_TRUE(out.is_array());
  ASSERT_EQ(out.size(), 6u) << out;
  EXPECT_EQ(out[0]["result"], 2);
  EXPECT_EQ(out[0]["id"], "first");
  expect_error(out[1], error_code::invalid_params, 2);
  expect_error(out[2], error_code::invalid_request);
  expect_error(out[3], error_code::invalid_request, 3);
  expect_error(out[4], error_code::method_not_found, 4);
  EXPECT_EQ(out[5]["result"], json::array({1, 2}));
  EXPECT_EQ(notified_, 1);
}

TEST_F(RpcServer, NotificationsOnlyGet204) {
  start();
  Client c(port());
  Response res = c.post(R"({"jsonrpc":"2.0","method":"notify"})");
  EXPECT_EQ(res.result(), http::status::no_content);
  EXPECT_TRUE(res.body().empty());
  res = c.post(R"([{"jsonrpc":"2.0","method":"notify"},{"jsonrpc":"2.0","method":"notify","params":{}}])");
  EXPECT_EQ(res.result(), http::status::no_content);
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(notified_, 3);
}

TEST_F(RpcServer, EveryStandardErrorCode) {
  start();
  Client c(port());
  expect_error(json::parse(c.post(R"({"jsonrpc":"2.0","method":)").body()), error_code::parse_error);
  expect_error(json::parse(c.post("[]").body()), error_code::invalid_request);
  expect_error(json::parse(c.post(R"({"jsonrpc":"2.0","method":"echo","id":{}})").body()), error_code::invalid_request);
  expect_error(c.rpc(rpc_request("nope", nullptr, 1)), error_code::method_not_found, 1);
  expect_error(c.rpc(rpc_request("add", {{"a", 1}}, 2)), error_code::invalid_params, 2);
  expect_error(c.rpc(rpc_request("crash", nullptr, 3)), error_code::internal_error, 3);
}

TEST_F(RpcServer, MalformedJsonAndGarbageBytes) {
  start();
  Client c(port());
  for (const std::string& body :
       {std::string("{\"a\":"), std::string("\xff\xfe\xfd\x00\x01", 5),
        std::string("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"\xc3\x28\"],\"id\":1}"), std::string(),
        std::string("\x1f\x8b\x08\x00", 4), std::string("[1e400]")}) {
    const Response res = c.post(body);
    EXPECT_EQ(res.result(), http::status::ok);
    expect_error(json::parse(res.body()), error_code::parse_error);
  }
  // Same connection, still serving.
  EXPECT_EQ(c.rpc(rpc_request("echo", json::array({"ok"}), 1))["result"][0], "ok");
}

TEST_F(RpcServer, GarbageInsteadOfHttpGets400AndTheServerCarriesOn) {
  start();
  {
    Client c(port());
    ASSERT_FALSE(c.write_raw(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http\r\n\r\n")));
    Response res;
    ASSERT_FALSE(c.read_response(res));
    expect_error_body(res, http::status::bad_request);
    beast::error_code ended;
    c.read_until_closed(ended);
    EXPECT_TRUE(ended == beast::http::error::end_of_stream || ended == boost::asio::error::eof) << ended.message();
  }
  Client next(port());
  EXPECT_EQ(next.rpc(rpc_request("echo", json::array({1}), 1))["result"][0], 1);
}

TEST_F(RpcServer, ContentTypeMustBeJson) {
  start();
  Client c(port());
  const std::string body = rpc_request("echo", json::array({1}), 1).dump();
  for (const char* wrong : {"text/plain", "", "application/x-www-form-urlencoded", "application/jsonx",
                            "multipart/form-data; boundary=x"}) {
    const Response res = c.post(body, wrong);
    expect_error_body(res, http::status::unsupported_media_type);
    EXPECT_TRUE(res.keep_alive());  // a refusal that leaves the connection usable
  }
  for (const char* right : {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
                            " application/json ;charset=UTF-8"}) {
    EXPECT_EQ(c.post(body, right).result(), http::status::ok) << right;
  }
}

TEST_F(RpcServer, BodyAtTheLimitIsServed) {
  start();
  const std::string head = R"({"jsonrpc":"2.0","method":"echo","params":[")";
  const std::string tail = R"("],"id":1})";
  const std::string body = head + std::string(Limits{}.body_bytes_max - head.size() - tail.size(), 'x') + tail;
  ASSERT_EQ(body.size(), 1024u * 1024u);
  Client c(port());
  const json out = c.rpc(json::parse(body));
  EXPECT_EQ(out["result"][0].get<std::string>().size(), body.size() - head.size() - tail.size());
}

TEST_F(RpcServer, OversizeBodyGets413AndTheServerCarriesOn) {
  start();
  {
    Client c(port());
    const std::string body(Limits{}.body_bytes_max + 1, ' ');
    Response res;
    ASSERT_FALSE(c.request(http::verb::post, "/", body, "application/json", res));
    expect_error_body(res, http::status::payload_too_large);
    const json out = json::parse(res.body());
    EXPECT_EQ(out["error"]["data"]["body_bytes_max"], 1024 * 1024);
    EXPECT_FALSE(res.keep_alive());
  }
  Client next(port());
  EXPECT_EQ(next.rpc(rpc_request("echo", json::array({1}), 1))["result"][0], 1);
  EXPECT_EQ(sample(metrics_text(), R"(flux_rpc_rejected_total{limit="body_bytes"})"), 1.0);
}

TEST_F(RpcServer, OversizeChunkedBodyGets413) {
  Limits limits;
  limits.body_bytes_max = 1000;
  start(limits);
  Client c(port());
  std::string raw =
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 5; ++i) raw += "190\r\n" + std::string(400, ' ') + "\r\n";
  raw += "0\r\n\r\n";
  ASSERT_FALSE(c.write_raw(raw));
  Response res;
  ASSERT_FALSE(c.read_response(res));
  expect_error_body(res, http::status::payload_too_large);
  Client next(port());
  EXPECT_EQ(next.rpc(rpc_request("echo", json::array({1}), 1))["result"][0], 1);
}

TEST_F(RpcServer, OversizeHeadersGet431) {
  start();
  {
    Client c(port());
    Response res;
    ASSERT_FALSE(c.request(http::verb::post, "/", "{}", "application/json", res,
                           {{"X-Padding", std::string(Limits{}.header_bytes_max, 'p')}}));
    EXPECT_EQ(res.result(), http::status::request_header_fields_too_large);
  }
  Client next(port());
  EXPECT_EQ(next.rpc(rpc_request("echo", json::array({1}), 1))["result"][0], 1);
}

TEST_F(RpcServer, BatchTooLong) {
  start();
  Client c(port());
  json batch = json::array();
  for (int i = 0; i < 100; ++i) batch.push_back(rpc_request("echo", json::array({i}), i));
  EXPECT_EQ(c.rpc(batch).size(), 100u);
  batch.push_back(rpc_request("notify", nullptr, 100));
  const json out = c.rpc(batch);
  expect_error(out, error_code::invalid_request);
  EXPECT_EQ(out["error"]["data"]["batch_length_max"], 100);
  EXPECT_EQ(notified_, 0);
}

TEST_F(RpcServer, HandlerErrors) {
  std::string hooked;
  start({}, 2, [&](Server& s) {
    s.set_internal_error_hook([&](std::string_view method, std::string_view what) {
      hooked = std::string(method) + ": " + std::string(what);
    });
  });
  Client c(port());
  json out = c.rpc(rpc_request("app_error", nullptr, "x"));
  expect_error(out, -32010, "x");
  EXPECT_EQ(out["error"]["message"], "insufficient liquidity");
  EXPECT_EQ(out["error"]["data"], json({{"error", "insufficient_liquidity"}}));

  const Response res = c.post(rpc_request("crash", nullptr, 7).dump());
  EXPECT_EQ(res.body().find("secret"), std::string::npos) << res.body();
  out = json::parse(res.body());
  expect_error(out, error_code::internal_error, 7);
  EXPECT_EQ(out["error"]["message"], "Internal error");
  EXPECT_EQ(hooked, "crash: secret internal detail");
  // Still serving.
  EXPECT_EQ(c.rpc(rpc_request("add", {{"a", 1}, {"b", 2}}, 8))["result"], 3);
}

TEST_F(RpcServer, KeepAliveServesManyRequestsOnOneConnection) {
  start();
  Client c(port());
  for (int i = 0; i < 50; ++i) {
    const Response res = c.post(rpc_request("add", {{"a", i}, {"b", 1}}, i).dump());
    ASSERT_EQ(res.result(), http::status::ok);
    EXPECT_TRUE(res.keep_alive());
    EXPECT_EQ(json::parse(res.body())["result"], i + 1);
  }
  EXPECT_EQ(server_->connection_count(), 1u);
}

TEST_F(RpcServer, PipelinedRequestsAreAnsweredInOrder) {
  start();
  Client c(port());
  std::string raw;
  for (int i = 0; i < 3; ++i) {
    const std::string body = rpc_request("echo", json::array({i}), i).dump();
    raw += "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  }
  ASSERT_FALSE(c.write_raw(raw));
  for (int i = 0; i < 3; ++i) {
    Response res;
    ASSERT_FALSE(c.read_response(res));
    EXPECT_EQ(json::parse(res.body())["id"], i);
  }
}

TEST_F(RpcServer, ConnectionClosesAfterRequestsMax) {
  Limits limits;
  limits.connection_requests_max = 3;
  start(limits);
  Client c(port());
  EXPECT_TRUE(c.post(rpc_request("echo", nullptr, 1).dump()).keep_alive());
  EXPECT_TRUE(c.post(rpc_request("echo", nullptr, 2).dump()).keep_alive());
  EXPECT_FALSE(c.post(rpc_request("echo", nullptr, 3).dump()).keep_alive());
  beast::error_code ended;
  c.read_until_closed(ended);
  EXPECT_TRUE(ended == boost::asio::error::eof) << ended.message();
}

TEST_F(RpcServer, ExpectContinue) {
  start();
  Client c(port());
  const std::string body = rpc_request("echo", json::array({"later"}), 1).dump();
  ASSERT_FALSE(
      c.write_raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                  "Content-Length: " +
                  std::to_string(body.size()) + "\r\n\r\n"));
  Response res;
  ASSERT_FALSE(c.read_response(res));
  EXPECT_EQ(res.result(), http::status::continue_);
  ASSERT_FALSE(c.write_raw(body));
  ASSERT_FALSE(c.read_response(res));
  EXPECT_EQ(json::parse(res.body())["result"][0], "later");
}

TEST_F(RpcServer, ConcurrentClients) {
  start();
  constexpr int kThreads = 8;
  constexpr int kCalls = 200;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        Client c(port());
        for (int i = 0; i < kCalls; ++i) {
          const std::string id = std::to_string(t) + "/" + std::to_string(i);
          const json out = c.rpc(rpc_request("add", {{"a", t * 1000}, {"b", i}}, id));
          if (out["id"] != id || out["result"] != t * 1000 + i) ++wrong;
        }
      } catch (const std::exception& e) {
        ADD_FAILURE() << "client " << t << ": " << e.what();
        ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(sample(metrics_text(), R"(flux_rpc_calls_total{method="add"})"), kThreads * kCalls);
}

TEST_F(RpcServer, UnknownPathAndWrongMethod) {
  start();
  Client c(port());
  expect_error_body(c.get("/nope"), http::status::not_found);
  Response res = c.get("/");
  expect_error_body(res, http::status::method_not_allowed);
  EXPECT_EQ(res[http::field::allow], "POST");
  ASSERT_FALSE(c.request(http::verb::post, "/health", "{}", "application/json", res));
  expect_error_body(res, http::status::method_not_allowed);
  EXPECT_EQ(res[http::field::allow], "GET");
  ASSERT_FALSE(c.request(http::verb::delete_, "/metrics", "", "", res));
  EXPECT_EQ(res.result(), http::status::method_not_allowed);
  ASSERT_FALSE(c.request(http::verb::put, "/events", "", "", res));
  EXPECT_EQ(res.result(), http::status::method_not_allowed);
  // The connection survived all of it.
  EXPECT_EQ(c.rpc(rpc_request("echo", json::array({1}), 1))["result"][0], 1);
}

TEST_F(RpcServer, Health) {
  start({}, 2, [](Server& s) { s.set_health([] { return json{{"status", "ok"}, {"height", 5}}; }); });
  Client c(port());
  const Response res = c.get("/health");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_EQ(json::parse(res.body()), json({{"status", "ok"}, {"height", 5}}));
  EXPECT_EQ(c.get("/health?verbose=1").result(), http::status::ok);
  EXPECT_THROW(server_->set_health({}), std::logic_error);
  EXPECT_THROW(server_->add_method("late", [](const json&) { return json(); }), std::logic_error);
  EXPECT_THROW(server_->start(), std::logic_error);
}

TEST_F(RpcServer, DefaultHealthAndFailingHealth) {
  start({}, 2, [](Server& s) { s.set_health([]() -> json { throw std::runtime_error("db down"); }); });
  Client c(port());
  const Response res = c.get("/health");
  EXPECT_EQ(res.result(), http::status::service_unavailable);
  EXPECT_EQ(res.body().find("db down"), std::string::npos);

  Server plain;
  plain.start();
  Client d(plain.port());
  EXPECT_EQ(json::parse(d.get("/health").body()), json({{"status", "ok"}}));
}

TEST_F(RpcServer, MetricsExposition) {
  start({}, 2, [](Server& s) {
    s.metrics().gauge("flux_node_height", "Height of the last committed block").set(12);
    s.set_metrics_callback([] { return std::string("# TYPE node_extra gauge\nnode_extra 7\n"); });
  });
  Client c(port());
  c.rpc(rpc_request("echo", nullptr, 1));
  c.rpc(rpc_request("echo", nullptr, 2));
  c.rpc(rpc_request("nope", nullptr, 3));
  c.rpc(rpc_request("add", {{"a", 1}}, 4));
  c.post("{");
  const Response res = c.get("/metrics");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type].substr(0, 25), "text/plain; version=0.0.4");
  const std::string text = res.body();
  EXPECT_TRUE(valid_exposition(text)) << text;
  EXPECT_EQ(sample(text, R"(flux_rpc_calls_total{method="echo"})"), 2.0);
  EXPECT_EQ(sample(text, R"x(flux_rpc_calls_total{method="(unknown)"})x"), 1.0);
  EXPECT_EQ(sample(text, R"(flux_rpc_errors_total{code="-32601"})"), 1.0);
  EXPECT_EQ(sample(text, R"(flux_rpc_errors_total{code="-32602"})"), 1.0);
  EXPECT_EQ(sample(text, R"(flux_rpc_errors_total{code="-32700"})"), 1.0);
  EXPECT_EQ(sample(text, R"(flux_rpc_call_duration_seconds_count{method="echo"})"), 2.0);
  EXPECT_EQ(sample(text, R"(flux_rpc_call_duration_seconds_bucket{method="echo",le="+Inf"})"), 2.0);
  EXPECT_EQ(sample(text, R"(flux_rpc_http_responses_total{code="200"})"), 5.0);
  EXPECT_EQ(sample(text, R"(flux_rpc_rejected_total{limit="body_bytes"})"), 0.0);
  EXPECT_EQ(sample(text, "flux_rpc_connections"), 1.0);
  EXPECT_EQ(sample(text, "flux_node_height"), 12.0);
  EXPECT_EQ(sample(text, "node_extra"), 7.0);
  EXPECT_NE(text.find("# TYPE flux_rpc_calls_total counter\n"), std::string::npos);
}

TEST_F(RpcServer, ConnectionLimit) {
  Limits limits;
  limits.connections_max = 2;
  start(limits);
  auto a = std::make_unique<Client>(port());
  Client b(port());
  EXPECT_EQ(a->rpc(rpc_request("echo", nullptr, 1))["id"], 1);
  EXPECT_EQ(b.rpc(rpc_request("echo", nullptr, 1))["id"], 1);
  {
    Client c(port());  // the third: told so, then closed
    Response res;
    ASSERT_FALSE(c.read_response(res));
    expect_error_body(res, http::status::service_unavailable);
  }
  a.reset();
  ASSERT_TRUE(eventually([&] { return server_->connection_count() == 1; }));
  Client d(port());
  EXPECT_EQ(d.rpc(rpc_request("echo", nullptr, 2))["id"], 2);
  EXPECT_EQ(sample(d.get("/metrics").body(), R"(flux_rpc_rejected_total{limit="connections"})"), 1.0);
}

TEST_F(RpcServer, IdleConnectionsAreClosed) {
  Limits limits;
  limits.idle_timeout_ms = std::chrono::milliseconds(100);
  start(limits);
  Client c(port());
  EXPECT_EQ(c.rpc(rpc_request("echo", nullptr, 1))["id"], 1);
  beast::error_code ended;
  c.read_until_closed(ended);
  EXPECT_EQ(ended, boost::asio::error::eof);
  EXPECT_TRUE(eventually([&] { return server_->connection_count() == 0; }));
}

TEST_F(RpcServer, SlowRequestsAreCutOff) {
  Limits limits;
  limits.read_timeout_ms = std::chrono::milliseconds(100);
  start(limits);
  Client c(port());
  ASSERT_FALSE(c.write_raw("POST / HTTP/1.1\r\nHost: x\r\n"));  // and never the rest
  beast::error_code ended;
  c.read_until_closed(ended);
  EXPECT_TRUE(ended == boost::asio::error::eof || ended == boost::asio::error::connection_reset) << ended.message();
  EXPECT_TRUE(
      eventually([&] { return sample(metrics_text(), R"(flux_rpc_rejected_total{limit="read_timeout"})") == 1.0; }));
}

TEST_F(RpcServer, StopWithOpenConnectionsIsClean) {
  start();
  Client idle(port());
  EXPECT_EQ(idle.rpc(rpc_request("echo", nullptr, 1))["id"], 1);
  Client partial(port());
  ASSERT_FALSE(partial.write_raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"jsonrpc\""));
  Client stream(port());
  ASSERT_EQ(stream.open_stream("/events"), 200u);
  ASSERT_TRUE(stream.next_block());  // subscribed
  ASSERT_TRUE(eventually([&] { return server_->connection_count() == 3; }));

  const auto began = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - began, Limits{}.stop_timeout_ms);
  EXPECT_EQ(server_->connection_count(), 0u);
  EXPECT_EQ(server_->subscriber_count(), 0u);

  beast::error_code ended;
  idle.read_until_closed(ended);
  EXPECT_TRUE(ended);
  partial.read_until_closed(ended);
  EXPECT_TRUE(ended);
  EXPECT_FALSE(stream.next_block());
  server_->stop();  // idempotent
  server_.reset();
}

TEST_F(RpcServer, StopLetsAResponseInFlightFinish) {
  std::promise<void> entered;
  std::promise<void> release;
  auto released = release.get_future().share();
  start({}, 2, [&](Server& s) {
    s.add_method("block", [&entered, released](const json&) {
      entered.set_value();
      released.wait();
      return json("done");
    });
  });
  Client c(port());
  std::promise<Response> answered;
  std::thread caller([&] { answered.set_value(c.post(rpc_request("block", nullptr, 1).dump())); });
  entered.get_future().wait();
  std::thread stopper([&] { server_->stop(); });
  // stop() has begun or is about to; either way the handler is still running.
  release.set_value();
  const Response res = answered.get_future().get();
  caller.join();
  stopper.join();
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(json::parse(res.body())["result"], "done");
}

TEST_F(RpcServer, BindConflictThrows) {
  start();
  ServerOptions options;
  options.port = port();
  Server second(options);
  EXPECT_THROW(second.start(), std::exception);
}

}  // namespace
}  // namespace flux::rpc::test
