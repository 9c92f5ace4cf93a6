#pragma once
// Splitting an HTTP request target ("/events?topics=blocks,events") into its
// path and decoded query parameters. Pure functions, no state.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flux::rpc {

struct HttpTarget {
  std::string_view path;                                   // points into the target given to parse_target
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
};

// nullopt when the target is not origin-form ("/..."), or the query has a bad
// percent escape or more than query_params_max parameters.
std::optional<HttpTarget> parse_target(std::string_view target, std::size_t query_params_max = 16);

// Decodes %XX escapes and '+' (as a space). nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view text);

// "a,b,,c" -> {"a","b","c"}.
std::vector<std::string> split_list(std::string_view text, char separator = ',');

}  // namespace flux::rpc
