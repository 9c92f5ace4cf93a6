#pragma once
// Internal to the server: one accepted TCP connection, serving HTTP/1.1
// requests one after another (keep-alive; pipelined requests wait in the read
// buffer) until either side closes it, a limit is hit, or the server stops. A
// GET /events request turns the connection into a Server-Sent Events stream
// for the rest of its life.
//
// Ownership and lifetime: always held by shared_ptr. Each pending
// asynchronous operation holds one, so the session lives exactly as long as it
// has something in flight; the server's session table and the event hub's
// wake function hold only weak references. References ServerState, which
// outlives every session (see server_state.hpp).
//
// Threading: every member function other than start() and shutdown() runs on
// the session's strand (the executor of its socket), so the session's state
// needs no lock. JSON-RPC handlers run on that strand too, i.e. on one of the
// server's worker threads; a slow handler holds that thread.
#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include "rpc/event_hub.hpp"
#include "rpc/http_target.hpp"
#include "rpc/server_state.hpp"

namespace flux::rpc {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket&& socket, ServerState& state);
  ~HttpSession();
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  // Begins serving. Call once, from any thread, after registering the session.
  void start();
  // Answers 503 (connections_max reached) and closes. Instead of start().
  void start_rejected();
  // Server stop: an idle, reading or streaming connection closes at once; one
  // writing a response closes once the response is out. Any thread.
  void shutdown();

 private:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;
  enum class Phase { idle, reading, responding, streaming, lingering, closed };

  // HTTP request/response cycle.
  void wait_for_request();
  void on_first_bytes(boost::beast::error_code ec, std::size_t bytes);
  void read_header();
  void on_header(boost::beast::error_code ec, std::size_t bytes);
  void read_body();
  void on_request(boost::beast::error_code ec, std::size_t bytes);
  // A read failed: answers what deserves an answer (431, 413, 400), then closes.
  void on_read_error(boost::beast::error_code ec);
  void route(Request& request);
  // How route() answers one request: its HTTP version and whether the connection stays.
  struct Answer {
    unsigned version;
    bool keep_alive;
  };
  void reply(const Answer& a, boost::beast::http::status status, const char* content_type, std::string body);
  void reply_wrong_method(const Answer& a, const char* allowed);
  // One per path: "/" (JSON-RPC), "/health", "/metrics", "/events" (server-sent events).
  void route_rpc(Request& request, const Answer& a);
  void route_health(const Answer& a);
  void route_metrics(const Answer& a);
  void route_events(const HttpTarget& target, const Answer& a);
  void respond(Response&& response, bool keep_alive);
  // Answers with a JSON-RPC -32600 error body and closes the connection.
  void refuse(boost::beast::http::status status, const std::string& message, const nlohmann::json& data = nullptr);
  void on_written(bool keep_alive, boost::beast::error_code ec);

  // Closing: lingering reads and discards what the client still sends so it
  // sees the response rather than a reset; close_now is the end of every path.
  void close_gracefully();
  void linger();
  void close_now();

  // Server-Sent Events.
  void start_stream(unsigned version, std::vector<std::string> topics, bool keep_alive);
  void on_stream_header(boost::beast::error_code ec, std::size_t bytes);
  void pump();
  void on_stream_written(boost::beast::error_code ec, std::size_t bytes);
  void arm_heartbeat();

  ServerState& state_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  Phase phase_ = Phase::idle;
  bool shutdown_requested_ = false;
  std::size_t requests_served_ = 0;
  std::size_t lingered_bytes_ = 0;
  std::array<char, 4096> discard_{};

  // Set while streaming.
  std::shared_ptr<Subscriber> subscriber_;
  std::unique_ptr<boost::beast::http::response<boost::beast::http::empty_body>> stream_header_;
  std::unique_ptr<boost::beast::http::response_serializer<boost::beast::http::empty_body>> stream_serializer_;
  std::optional<boost::asio::steady_timer> heartbeat_;
  std::string stream_out_;      // the write in flight; must live until it completes
  std::string stream_pending_;  // comments waiting for the next write
  bool stream_chunked_ = true;
  bool stream_writing_ = false;
  bool stream_ending_ = false;
  bool heartbeat_due_ = false;
};

}  // namespace flux::rpc
