#pragma once
// A small blocking HTTP client for the rpc tests, on Beast. Every operation is
// asynchronous underneath with a tcp_stream timeout (kTimeout), run to
// completion on the client's own io_context: a server that fails to answer
// makes a test fail after the timeout instead of hanging it. (Beast's
// synchronous operations ignore tcp_stream timeouts, hence not used.)
//
// One Client is one TCP connection, used by one thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

namespace flux::rpc::test {

namespace beast = boost::beast;
namespace http = beast::http;

// Long enough for a debug build under AddressSanitizer on a machine running two test
// suites at once (flux_mineBlocks of 3,000 blocks took over 10 s there); a passing
// test never waits for it.
inline constexpr std::chrono::seconds kTimeout{60};

using Response = http::response<http::string_body>;

class Client {
 public:
  // Connects to 127.0.0.1:port; throws on failure.
  explicit Client(std::uint16_t port);
  ~Client();

  // One request on this connection (keep-alive unless `close`). A failed write
  // or read is returned as an error code, with the response empty.
  beast::error_code request(http::verb method, const std::string& target, const std::string& body,
                            const std::string& content_type, Response& out,
                            const std::vector<std::pair<std::string, std::string>>& headers = {});
  // POST / with a JSON-RPC body; the response must come.
  Response post(const std::string& body, const std::string& content_type = "application/json");
  // POST / and parse the body as JSON (expects status 200).
  nlohmann::json rpc(const nlohmann::json& request);
  Response get(const std::string& target);

  beast::error_code write_raw(const std::string& bytes);
  // Reads one response (after write_raw).
  beast::error_code read_response(Response& out);
  // Reads until the server closes; the bytes read, and the error that ended it
  // (eof when closed cleanly).
  std::string read_until_closed(beast::error_code& ended);
  void close();

  // Server-Sent Events: sends GET target, reads the response header (status
  // returned), then next_block() returns each "\n\n"-terminated block in turn.
  unsigned open_stream(const std::string& target);
  // The next event or comment block without its final blank line; nullopt when
  // the stream ended (cleanly or not, see stream_error()).
  std::optional<std::string> next_block();
  beast::error_code stream_error() const { return stream_error_; }
  bool stream_done() const;  // the chunked body ended with its last chunk
  const Response& stream_header() const;

 private:
  template <class Start>
  beast::error_code run(Start start);

  boost::asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::response_parser<http::string_body>> stream_parser_;
  std::size_t stream_offset_ = 0;
  beast::error_code stream_error_;
};

// Polls `condition` until true or kTimeout passes; for states the server
// reaches asynchronously (a disconnect noticed) with no event to wait on.
bool eventually(const std::function<bool()>& condition);

// An SSE block's fields: "id", "event", "data"; comments under ":".
struct SseEvent {
  std::string id, event, data, comment;
};
SseEvent parse_sse(const std::string& block);

}  // namespace flux::rpc::test
