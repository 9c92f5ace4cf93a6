// JSON-RPC 2.0 semantics without HTTP: the Dispatcher alone.
#include "rpc/dispatcher.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "rpc/error.hpp"
#include "rpc/params.hpp"

namespace flux::rpc {
namespace {

using nlohmann::json;

class RpcDispatcher : public ::testing::Test {
 protected:
  RpcDispatcher() : dispatcher_({/*batch_length_max=*/4, /*json_depth_max=*/8}, registry_) {
    dispatcher_.add("echo", [](const json& params) { return params; });
    dispatcher_.add("subtract", [](const json& params) {
      const json& p = expect_array(params, {{"minuend", ParamType::integer}, {"subtrahend", ParamType::integer}});
      return p[0].get<long long>() - p[1].get<long long>();
    });
    dispatcher_.add("notify", [this](const json&) {
      ++notified_;
      return json(nullptr);
    });
    dispatcher_.add("app_error", [](const json&) -> json {
      throw RpcError{-32010, "insufficient liquidity", {{"error", "insufficient_liquidity"}}};
    });
    dispatcher_.add("crash", [](const json&) -> json { throw std::runtime_error("secret internal detail"); });
    dispatcher_.add("throw_int", [](const json&) -> json { throw 42; });
    dispatcher_.add("bad_utf8", [](const json&) { return json(std::string("ok\xff\xfe")); });
    dispatcher_.set_internal_error_hook([this](std::string_view method, std::string_view what) {
      hooked_ = std::string(method) + ": " + std::string(what);
    });
    dispatcher_.freeze();
  }

  json call(const std::string& body) {
    const auto out = dispatcher_.handle(body);
    EXPECT_TRUE(out.has_value()) << body;
    return out ? json::parse(*out) : json();
  }

  static void expect_error(const json& response, int code, const json& id) {
    ASSERT_TRUE(response.is_object()) << response;
    EXPECT_EQ(response["jsonrpc"], "2.0");
    ASSERT_TRUE(response.contains("error")) << response;
    EXPECT_FALSE(response.contains("result"));
    EXPECT_EQ(response["error"]["code"], code) << response;
    EXPECT_TRUE(response["error"]["message"].is_string());
    EXPECT_EQ(response["id"], id) << response;
  }

  metrics::Registry registry_;
  Dispatcher dispatcher_;
  std::atomic<int> notified_{0};
  std::string hooked_;
};

TEST_F(RpcDispatcher, SingleCallWithPositionalAndNamedParams) {
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1})"),
            json::parse(R"({"jsonrpc":"2.0","result":19,"id":1})"));
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","method":"echo","params":{"a":[1,2]},"id":"x"})"),
            json::parse(R"({"jsonrpc":"2.0","result":{"a":[1,2]},"id":"x"})"));
}

TEST_F(RpcDispatcher, AbsentParamsReachTheHandlerAsNull) {
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","method":"echo","id":7})")["result"], nullptr);
}

TEST_F(RpcDispatcher, IdsOfEveryValidTypeAreEchoed) {
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","method":"echo","id":null})")["id"], nullptr);
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","method":"echo","id":-5})")["id"], -5);
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","method":"echo","id":1.5})")["id"], 1.5);
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","method":"echo","id":"abc"})")["id"], "abc");
}

TEST_F(RpcDispatcher, NotificationGetsNoResponse) {
  EXPECT_FALSE(dispatcher_.handle(R"({"jsonrpc":"2.0","method":"notify"})").has_value());
  EXPECT_EQ(notified_, 1);
  // Not even for an unknown method or a failing handler.
  EXPECT_FALSE(dispatcher_.handle(R"({"jsonrpc":"2.0","method":"nope"})").has_value());
  EXPECT_FALSE(dispatcher_.handle(R"({"jsonrpc":"2.0","method":"crash"})").has_value());
}

TEST_F(RpcDispatcher, BatchOfOnlyNotificationsGetsNoResponse) {
  EXPECT_FALSE(
      dispatcher_.handle(R"([{"jsonrpc":"2.0","method":"notify"},{"jsonrpc":"2.0","method":"notify","params":[]}])")
          .has_value());
  EXPECT_EQ(notified_, 2);
}

TEST_F(RpcDispatcher, MixedBatchAnswersEachRequestInOrder) {
  const json out = call(R"([
    {"jsonrpc":"2.0","method":"subtract","params":[5,3],"id":"a"},
    {"jsonrpc":"2.0","method":"notify"},
    1,
    {"jsonrpc":"2.0","method":"missing","id":"b"}
  ])");
  ASSERT_TRUE(out.is_array());
  ASSERT_EQ(out.size(), 3u) << out;
  EXPECT_EQ(out[0]["result"], 2);
  EXPECT_EQ(out[0]["id"], "a");
  expect_error(out[1], error_code::invalid_request, nullptr);
  expect_error(out[2], error_code::method_not_found, "b");
  EXPECT_EQ(notified_, 1);
}

TEST_F(RpcDispatcher, SpecExampleBatchOfNonObjects) {
  const json out = call("[1,2,3]");
  ASSERT_EQ(out.size(), 3u);
  for (const json& r : out) expect_error(r, error_code::invalid_request, nullptr);
}

TEST_F(RpcDispatcher, EmptyBatchIsOneInvalidRequest) { expect_error(call("[]"), error_code::invalid_request, nullptr); }

TEST_F(RpcDispatcher, BatchTooLongRunsNothing) {
  const std::string n = R"({"jsonrpc":"2.0","method":"notify"})";
  const json out = call("[" + n + "," + n + "," + n + "," + n + "," + n + "]");
  expect_error(out, error_code::invalid_request, nullptr);
  EXPECT_EQ(out["error"]["data"]["batch_length_max"], 4);
  EXPECT_EQ(notified_, 0);
  // At the limit it runs.
  EXPECT_FALSE(dispatcher_.handle("[" + n + "," + n + "," + n + "," + n + "]").has_value());
  EXPECT_EQ(notified_, 4);
}

TEST_F(RpcDispatcher, ParseErrors) {
  const std::vector<std::string> bodies = {"",
                                           " ",
                                           "{",
                                           R"({"jsonrpc":"2.0","method":"echo","id":1)",
                                           "[1,]",
                                           "nul",
                                           "{\"a\":\"\xff\xfe\"}",
                                           std::string("\x00\x01\x02", 3),
                                           "\xc3\x28",
                                           "{'a':1}",
                                           R"({"jsonrpc":"2.0"} trailing)",
                                           "1e400",
                                           R"({"jsonrpc":"2.0","method":"echo","params":[-1e400],"id":1})"};
  for (const std::string& body : bodies) {
    expect_error(call(body), error_code::parse_error, nullptr);
  }
}

TEST_F(RpcDispatcher, ParseErrorMessageDoesNotEchoInput) {
  const auto out = dispatcher_.handle("{\"a\":\"\xff\"");
  ASSERT_TRUE(out);
  EXPECT_TRUE(json::accept(*out));  // valid UTF-8 JSON
  EXPECT_EQ(json::parse(*out)["error"]["message"], "Parse error");
}

TEST_F(RpcDispatcher, InvalidRequests) {
  // Each is JSON but not a valid request: -32600, with the id if it was valid.
  const std::pair<const char*, json> cases[] = {
      {R"({"method":"echo","id":1})", 1},                               // no jsonrpc
      {R"({"jsonrpc":"1.0","method":"echo","id":1})", 1},               // wrong version
      {R"({"jsonrpc":2.0,"method":"echo","id":1})", 1},                 // version not a string
      {R"({"jsonrpc":"2.0","id":1})", 1},                               // no method
      {R"({"jsonrpc":"2.0","method":5,"id":1})", 1},                    // method not a string
      {R"({"jsonrpc":"2.0","method":"echo","params":5,"id":1})", 1},    // params scalar
      {R"({"jsonrpc":"2.0","method":"echo","params":"x","id":1})", 1},  // params string
      {R"({"jsonrpc":"2.0","method":"echo","id":{"a":1}})", nullptr},   // id object
      {R"({"jsonrpc":"2.0","method":"echo","id":[1]})", nullptr},       // id array
      {R"({"jsonrpc":"2.0","method":"echo","id":true})", nullptr},      // id boolean
      {R"({"jsonrpc":"2.0","method":1,"params":"bar"})", nullptr},      // spec example, no id
      {"5", nullptr},
      {"\"str\"", nullptr},
      {"null", nullptr},
  };
  for (const auto& c : cases) expect_error(call(c.first), error_code::invalid_request, c.second);
}

TEST_F(RpcDispatcher, MethodNotFound) {
  expect_error(call(R"({"jsonrpc":"2.0","method":"nope","id":3})"), error_code::method_not_found, 3);
}

TEST_F(RpcDispatcher, InvalidParamsFromTheHelper) {
  const json out = call(R"({"jsonrpc":"2.0","method":"subtract","params":[1,"2"],"id":9})");
  expect_error(out, error_code::invalid_params, 9);
  EXPECT_EQ(out["error"]["data"]["field"], "subtrahend");
  EXPECT_NE(out["error"]["message"].get<std::string>().find("subtrahend"), std::string::npos);
}

TEST_F(RpcDispatcher, RpcErrorPassesThrough) {
  const json out = call(R"({"jsonrpc":"2.0","method":"app_error","id":1})");
  expect_error(out, -32010, 1);
  EXPECT_EQ(out["error"]["message"], "insufficient liquidity");
  EXPECT_EQ(out["error"]["data"], json({{"error", "insufficient_liquidity"}}));
}

TEST_F(RpcDispatcher, OtherExceptionsAreGenericInternalErrors) {
  const auto raw = dispatcher_.handle(R"({"jsonrpc":"2.0","method":"crash","id":1})");
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->find("secret"), std::string::npos) << *raw;
  const json out = json::parse(*raw);
  expect_error(out, error_code::internal_error, 1);
  EXPECT_EQ(out["error"]["message"], "Internal error");
  EXPECT_FALSE(out["error"].contains("data"));
  EXPECT_EQ(hooked_, "crash: secret internal detail");

  expect_error(call(R"({"jsonrpc":"2.0","method":"throw_int","id":2})"), error_code::internal_error, 2);
  EXPECT_EQ(hooked_, "throw_int: unknown exception");
}

TEST_F(RpcDispatcher, InvalidUtf8InAResultIsRepairedNotFatal) {
  const json out = call(R"({"jsonrpc":"2.0","method":"bad_utf8","id":1})");
  EXPECT_EQ(out["result"], "ok\xEF\xBF\xBD\xEF\xBF\xBD");  // two U+FFFD
}

TEST_F(RpcDispatcher, DeepNestingIsRefusedBeforeParsing) {
  const std::string deep = R"({"jsonrpc":"2.0","method":"echo","params":)" + std::string(100000, '[') +
                           std::string(100000, ']') + R"(,"id":1})";
  const json out = call(deep);
  expect_error(out, error_code::invalid_request, nullptr);
  EXPECT_EQ(out["error"]["data"]["json_depth_max"], 8);
  // Brackets inside strings do not count.
  EXPECT_EQ(call(R"({"jsonrpc":"2.0","method":"echo","params":["[[[[[[[[[[[[\"{{{{{{{{{{{"],"id":1})")["result"][0],
            "[[[[[[[[[[[[\"{{{{{{{{{{{");
}

TEST_F(RpcDispatcher, NestingScan) {
  EXPECT_FALSE(nesting_exceeds("[[[]]]", 3));
  EXPECT_TRUE(nesting_exceeds("[[[[]]]]", 3));
  EXPECT_FALSE(nesting_exceeds(R"(["\"[[[[[["])", 1));
  EXPECT_FALSE(nesting_exceeds(R"([{}, {}, [], {"a": {}}])", 3));
}

TEST_F(RpcDispatcher, CountsCallsAndErrors) {
  call(R"({"jsonrpc":"2.0","method":"echo","id":1})");
  call(R"({"jsonrpc":"2.0","method":"echo","id":2})");
  call(R"({"jsonrpc":"2.0","method":"nope","id":3})");
  call("{");
  EXPECT_EQ(registry_.counter("flux_rpc_calls_total", "", {{"method", "echo"}}).value(), 2u);
  EXPECT_EQ(registry_.counter("flux_rpc_calls_total", "", {{"method", "(unknown)"}}).value(), 1u);
  EXPECT_EQ(registry_.counter("flux_rpc_errors_total", "", {{"code", "-32601"}}).value(), 1u);
  EXPECT_EQ(registry_.counter("flux_rpc_errors_total", "", {{"code", "-32700"}}).value(), 1u);
}

TEST(RpcDispatcherSetup, RejectsBadRegistrations) {
  metrics::Registry registry;
  Dispatcher d({}, registry);
  auto h = [](const json&) { return json(); };
  EXPECT_THROW(d.add("rpc.discover", h), std::invalid_argument);
  EXPECT_THROW(d.add("", h), std::invalid_argument);
  EXPECT_THROW(d.add("has space", h), std::invalid_argument);
  EXPECT_THROW(d.add("x", nullptr), std::invalid_argument);
  d.add("x", h);
  EXPECT_THROW(d.add("x", h), std::invalid_argument);
  d.freeze();
  EXPECT_THROW(d.add("y", h), std::logic_error);
  EXPECT_TRUE(d.has("x"));
  EXPECT_FALSE(d.has("y"));
}

}  // namespace
}  // namespace flux::rpc
