#include "rpc/params.hpp"

#include <gtest/gtest.h>

#include "rpc/error.hpp"

namespace flux::rpc {
namespace {

using nlohmann::json;

// Runs f, which must throw RpcError -32602; returns it.
template <class F>
RpcError invalid(F f) {
  try {
    f();
  } catch (const RpcError& e) {
    EXPECT_EQ(e.code, error_code::invalid_params);
    return e;
  }
  ADD_FAILURE() << "no RpcError thrown";
  return RpcError(0, "");
}

const std::initializer_list<ParamField> kFields = {
    {"address", ParamType::string},
    {"amount", ParamType::unsigned_integer},
    {"memo", ParamType::string, false},
};

TEST(RpcParams, ObjectWithEveryFieldPasses) {
  const json p = {{"address", "0xabc"}, {"amount", 5}, {"memo", "hi"}};
  EXPECT_EQ(&expect_object(p, kFields), &p);
  EXPECT_NO_THROW(expect_object(json{{"address", "0xabc"}, {"amount", 0}}, kFields));  // optional left out
}

TEST(RpcParams, MissingFieldIsNamed) {
  const RpcError e = invalid([] { expect_object(json{{"address", "0xabc"}}, kFields); });
  EXPECT_EQ(e.message, "invalid params: missing field \"amount\"");
  EXPECT_EQ(e.data["field"], "amount");
  EXPECT_EQ(e.data["expected"], "unsigned integer");
}

TEST(RpcParams, WrongTypeIsNamedWithWhatCame) {
  RpcError e = invalid([] { expect_object(json{{"address", "0xabc"}, {"amount", "5"}}, kFields); });
  EXPECT_EQ(e.message, "invalid params: \"amount\" must be an unsigned integer, got string");
  EXPECT_EQ(e.data["field"], "amount");
  e = invalid([] { expect_object(json{{"address", "0xabc"}, {"amount", -1}}, kFields); });
  EXPECT_EQ(e.message, "invalid params: \"amount\" must be an unsigned integer, got negative integer");
  e = invalid([] { expect_object(json{{"address", 1}, {"amount", 1}}, kFields); });
  EXPECT_EQ(e.message, "invalid params: \"address\" must be a string, got number");
  e = invalid([] { expect_object(json{{"address", "a"}, {"amount", 1.5}}, kFields); });
  EXPECT_EQ(e.data["field"], "amount");
}

TEST(RpcParams, UnknownFieldIsRefused) {
  const RpcError e = invalid([] { expect_object(json{{"address", "a"}, {"amount", 1}, {"amout", 2}}, kFields); });
  EXPECT_EQ(e.message, "invalid params: unknown field \"amout\"");
  EXPECT_EQ(e.data["field"], "amout");
}

TEST(RpcParams, AbsentParamsAreAnEmptyObject) {
  EXPECT_TRUE(expect_object(nullptr, {{"memo", ParamType::string, false}}).empty());
  const RpcError e = invalid([] { expect_object(nullptr, kFields); });
  EXPECT_EQ(e.data["field"], "address");
}

TEST(RpcParams, PositionalWhereNamedExpected) {
  const RpcError e = invalid([] { expect_object(json::array({1, 2}), kFields); });
  EXPECT_EQ(e.message, "invalid params: expected an object of named params, got array");
}

TEST(RpcParams, Positional) {
  const std::initializer_list<ParamField> fields = {{"block", ParamType::unsigned_integer},
                                                    {"full", ParamType::boolean, false}};
  EXPECT_NO_THROW(expect_array(json::array({1}), fields));
  EXPECT_NO_THROW(expect_array(json::array({1, true}), fields));
  RpcError e = invalid([&] { expect_array(json::array({1, "yes"}), fields); });
  EXPECT_EQ(e.message, "invalid params: params[1] (full) must be a boolean, got string");
  e = invalid([&] { expect_array(json::array({1, true, 3}), fields); });
  EXPECT_EQ(e.message, "invalid params: expected at most 2 params, got 3");
  e = invalid([&] { expect_array(nullptr, fields); });
  EXPECT_EQ(e.message, "invalid params: missing params[0] (block)");
  e = invalid([&] { expect_array(json::object(), fields); });
  EXPECT_EQ(e.message, "invalid params: expected an array of positional params, got object");
}

TEST(RpcParams, EveryTypeChecks) {
  const json v = {{"s", "x"},           {"b", true},   {"i", -3}, {"u", 3}, {"n", 1.5}, {"o", json::object()},
                  {"a", json::array()}, {"z", nullptr}};
  EXPECT_NO_THROW(expect_object(v, {{"s", ParamType::string},
                                    {"b", ParamType::boolean},
                                    {"i", ParamType::integer},
                                    {"u", ParamType::integer},
                                    {"n", ParamType::number},
                                    {"o", ParamType::object},
                                    {"a", ParamType::array},
                                    {"z", ParamType::any}}));
}

}  // namespace
}  // namespace flux::rpc
