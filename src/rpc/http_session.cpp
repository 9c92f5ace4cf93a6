#include "rpc/http_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/chunk_encode.hpp>

#include "rpc/error.hpp"
#include "rpc/http_target.hpp"

namespace flux::rpc {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr const char* kServerName = "flux-rpc";
constexpr std::size_t kFirstReadBytes = 4096;

// "application/json", any case, parameters (charset) ignored. The exact type
// is required, not merely tolerated: a browser cannot send it cross-origin
// without a CORS preflight, which this server never grants.
bool is_json_content_type(beast::string_view value) {
  const auto semicolon = value.find(';');
  beast::string_view type = value.substr(0, semicolon);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  return beast::iequals(type, "application/json");
}

bool is_parse_error(const beast::error_code& ec) {
  return ec.category() == beast::http::make_error_code(http::error::bad_target).category();
}

std::string json_error_body(int code, const std::string& message, const nlohmann::json& data = nullptr) {
  return to_wire(error_response(nullptr, code, message, data));
}

}  // namespace

HttpSession::HttpSession(asio::ip::tcp::socket&& socket, ServerState& state)
    : state_(state), stream_(std::move(socket)) {}

HttpSession::~HttpSession() {
  if (subscriber_) state_.hub.unsubscribe(subscriber_);
  state_.remove(this);
}

void HttpSession::start() {
  asio::post(stream_.get_executor(), beast::bind_front_handler(&HttpSession::wait_for_request, shared_from_this()));
}

void HttpSession::start_rejected() {
  auto self = shared_from_this();
  asio::post(stream_.get_executor(), [self] {
    self->state_.count_rejected("connections");
    self->refuse(http::status::service_unavailable, "Server busy: too many connections",
                 {{"connections_max", self->state_.limits.connections_max}});
  });
}

void HttpSession::shutdown() {
  auto self = shared_from_this();
  asio::post(stream_.get_executor(), [self] {
    self->shutdown_requested_ = true;
    // A response being written finishes first (on_written closes after it).
    if (self->phase_ != Phase::responding) self->close_now();
  });
}

// --- requests -----------------------------------------------------------------

void HttpSession::wait_for_request() {
  phase_ = Phase::idle;
  if (shutdown_requested_ || state_.stopping) return close_now();
  if (buffer_.size() > 0) return read_header();  // a pipelined request is already here
  // Idle: wait for the first byte under the idle timeout; only then does the
  // (shorter) read timeout start counting for the request itself.
  stream_.expires_after(state_.limits.idle_timeout_ms);
  stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                          beast::bind_front_handler(&HttpSession::on_first_bytes, shared_from_this()));
}

void HttpSession::on_first_bytes(beast::error_code ec, std::size_t bytes) {
  if (ec) return close_now();  // idle timeout, peer closed, or shutdown
  buffer_.commit(bytes);
  read_header();
}

void HttpSession::read_header() {
  phase_ = Phase::reading;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(state_.limits.header_bytes_max));
  parser_->body_limit(static_cast<std::uint64_t>(state_.limits.body_bytes_max));
  stream_.expires_after(state_.limits.read_timeout_ms);
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
}

void HttpSession::on_header(beast::error_code ec, std::size_t) {
  if (ec) return on_read_error(ec);
  const auto& header = parser_->get();
  // A client waiting for "100 Continue" before sending its body gets it here;
  // a body over the limit was already refused (body_limit, above).
  if (beast::iequals(header[http::field::expect], "100-continue")) {
    auto self = shared_from_this();
    auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, header.version());
    http::async_write(stream_, *cont, [self, cont](beast::error_code wec, std::size_t) {
      if (wec) return self->close_now();
      self->read_body();
    });
    return;
  }
  read_body();
}

void HttpSession::read_body() {
  http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_request, shared_from_this()));
}

void HttpSession::on_request(beast::error_code ec, std::size_t) {
  if (ec) return on_read_error(ec);
  Request request = parser_->release();
  parser_.reset();
  route(request);
}

void HttpSession::on_read_error(beast::error_code ec) {
  if (ec == http::error::header_limit) {
    state_.count_rejected("header_bytes");
    return refuse(http::status::request_header_fields_too_large, "Request headers too large",
                  {{"header_bytes_max", state_.limits.header_bytes_max}});
  }
  if (ec == http::error::body_limit) {
    state_.count_rejected("body_bytes");
    return refuse(http::status::payload_too_large, "Invalid Request: body too large",
                  {{"body_bytes_max", state_.limits.body_bytes_max}});
  }
  if (ec == beast::error::timeout) {
    // tcp_stream has already closed the socket; there is no one to answer.
    state_.count_rejected("read_timeout");
    return close_now();
  }
  if (is_parse_error(ec) && ec != http::error::end_of_stream && ec != http::error::partial_message) {
    return refuse(http::status::bad_request, "Invalid Request: malformed HTTP request");
  }
  close_now();  // the peer closed or reset the connection, or the server is stopping
}

// --- routing ------------------------------------------------------------------

void HttpSession::route(Request& request) {
  ++requests_served_;
  const Answer a{request.version(), request.keep_alive() && !state_.stopping && !shutdown_requested_ &&
                                        requests_served_ < state_.limits.connection_requests_max};
  const std::optional<HttpTarget> target = parse_target(request.target());
  if (!target) {
    return reply(a, http::status::bad_request, "application/json",
                 json_error_body(error_code::invalid_request, "Invalid Request: malformed request target"));
  }
  const std::string_view path = target->path;
  const http::verb method = request.method();
  if (path == "/") return method == http::verb::post ? route_rpc(request, a) : reply_wrong_method(a, "POST");
  if (path == "/health") return method == http::verb::get ? route_health(a) : reply_wrong_method(a, "GET");
  if (path == "/metrics") return method == http::verb::get ? route_metrics(a) : reply_wrong_method(a, "GET");
  if (path == "/events") return method == http::verb::get ? route_events(*target, a) : reply_wrong_method(a, "GET");
  reply(a, http::status::not_found, "application/json",
        json_error_body(error_code::invalid_request, "Invalid Request: not found"));
}

void HttpSession::reply(const Answer& a, http::status status, const char* content_type, std::string body) {
  Response response{status, a.version};
  response.set(http::field::content_type, content_type);
  response.body() = std::move(body);
  respond(std::move(response), a.keep_alive);
}

void HttpSession::reply_wrong_method(const Answer& a, const char* allowed) {
  Response response{http::status::method_not_allowed, a.version};
  response.set(http::field::allow, allowed);
  response.set(http::field::content_type, "application/json");
  response.body() =
      json_error_body(error_code::invalid_request, std::string("Invalid Request: method not allowed, use ") + allowed);
  respond(std::move(response), a.keep_alive);
}

void HttpSession::route_rpc(Request& request, const Answer& a) {
  if (!is_json_content_type(request[http::field::content_type])) {
    return reply(
        a, http::status::unsupported_media_type, "application/json",
        json_error_body(error_code::invalid_request, "Invalid Request: Content-Type must be application/json"));
  }
  std::optional<std::string> body;
  try {
    body = state_.dispatcher.handle(request.body());
  } catch (...) {
    // The dispatcher answers every handler failure itself; only something
    // like bad_alloc gets here. Answer rather than drop the connection.
    return reply(a, http::status::internal_server_error, "application/json",
                 json_error_body(error_code::internal_error, "Internal error"));
  }
  if (!body) {
    Response response{http::status::no_content, a.version};
    return respond(std::move(response), a.keep_alive);
  }
  reply(a, http::status::ok, "application/json", std::move(*body));
}

void HttpSession::route_health(const Answer& a) {
  nlohmann::json health = {{"status", "ok"}};
  try {
    if (state_.health) health = state_.health();
  } catch (...) {
    // A failing health check is an answer in itself: unhealthy.
    return reply(a, http::status::service_unavailable, "application/json", R"({"status":"unavailable"})");
  }
  // A status other than "ok" (a node halted at an upgrade) is unhealthy too, with
  // the callback's JSON saying why.
  const bool ok = !health.is_object() || !health.contains("status") || health["status"] == "ok";
  reply(a, ok ? http::status::ok : http::status::service_unavailable, "application/json", to_wire(health));
}

void HttpSession::route_metrics(const Answer& a) {
  std::string text = state_.registry.render();
  try {
    if (state_.extra_metrics) text += state_.extra_metrics();
  } catch (...) {
    return reply(a, http::status::internal_server_error, "text/plain; charset=utf-8", "metrics unavailable\n");
  }
  reply(a, http::status::ok, "text/plain; version=0.0.4; charset=utf-8", std::move(text));
}

void HttpSession::route_events(const HttpTarget& target, const Answer& a) {
  std::vector<std::string> topics;
  for (const auto& param : target.query) {
    if (param.first != "topics") {
      return reply(a, http::status::bad_request, "application/json",
                   json_error_body(error_code::invalid_request, "Invalid Request: unknown query parameter",
                                   {{"parameter", param.first}}));
    }
    for (std::string& t : split_list(param.second)) {
      if (!valid_topic(t)) {
        return reply(a, http::status::bad_request, "application/json",
                     json_error_body(error_code::invalid_request, "Invalid Request: invalid topic"));
      }
      topics.push_back(std::move(t));
    }
  }
  if (topics.size() > state_.limits.subscriber_topics_max) {
    return reply(a, http::status::bad_request, "application/json",
                 json_error_body(error_code::invalid_request, "Invalid Request: too many topics",
                                 {{"subscriber_topics_max", state_.limits.subscriber_topics_max}}));
  }
  if (state_.stopping || shutdown_requested_) {
    return reply(a, http::status::service_unavailable, "application/json",
                 json_error_body(error_code::invalid_request, "Server stopping"));
  }
  start_stream(a.version, std::move(topics), a.keep_alive);
}

void HttpSession::respond(Response&& response, bool keep_alive) {
  response.set(http::field::server, kServerName);
  response.keep_alive(keep_alive);
  response.prepare_payload();
  state_.count_response(response.result_int());
  phase_ = Phase::responding;
  // The message must outlive the write: the handler holds it.
  auto message = std::make_shared<Response>(std::move(response));
  auto self = shared_from_this();
  stream_.expires_after(state_.limits.write_timeout_ms);
  http::async_write(stream_, *message, [self, message, keep_alive](beast::error_code ec, std::size_t) {
    self->on_written(keep_alive, ec);
  });
}

void HttpSession::refuse(http::status status, const std::string& message, const nlohmann::json& data) {
  Response response{status, parser_ ? parser_->get().version() : 11u};
  response.set(http::field::content_type, "application/json");
  response.body() = json_error_body(error_code::invalid_request, message, data);
  parser_.reset();
  respond(std::move(response), false);
}

void HttpSession::on_written(bool keep_alive, beast::error_code ec) {
  if (ec) return close_now();
  if (shutdown_requested_) return close_now();
  if (!keep_alive) return close_gracefully();
  wait_for_request();
}

// --- closing ------------------------------------------------------------------

void HttpSession::close_gracefully() {
  // Half-close: the client reads our response, then EOF. Whatever it was
  // still sending (the rest of an oversize body) is read and thrown away, so
  // that closing with unread data does not make the kernel send a reset,
  // which could destroy the response before the client reads it.
  phase_ = Phase::lingering;
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  buffer_.clear();
  lingered_bytes_ = 0;
  stream_.expires_after(state_.limits.linger_timeout_ms);
  linger();
}

void HttpSession::linger() {
  auto self = shared_from_this();
  stream_.async_read_some(asio::buffer(discard_), [self](beast::error_code ec, std::size_t bytes) {
    self->lingered_bytes_ += bytes;
    if (ec || self->lingered_bytes_ > self->state_.limits.linger_bytes_max || self->phase_ != Phase::lingering) {
      return self->close_now();
    }
    self->linger();
  });
}

void HttpSession::close_now() {
  if (phase_ == Phase::closed) return;
  phase_ = Phase::closed;
  if (subscriber_) {
    state_.hub.unsubscribe(subscriber_);
    subscriber_.reset();
  }
  if (heartbeat_) heartbeat_->cancel();
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();  // cancels whatever is pending; those handlers see operation_aborted
}

// --- Server-Sent Events -------------------------------------------------------

void HttpSession::start_stream(unsigned version, std::vector<std::string> topics, bool keep_alive) {
  std::weak_ptr<HttpSession> weak = weak_from_this();
  auto executor = stream_.get_executor();
  std::string shown;
  for (const std::string& t : topics) shown += (shown.empty() ? "" : ",") + t;
  // The wake runs on the publisher's thread: it only schedules the pump on
  // this session's strand, and does nothing once the session is gone.
  subscriber_ = state_.hub.subscribe(std::move(topics), [weak, executor] {
    asio::post(executor, [weak] {
      if (auto self = weak.lock()) self->pump();
    });
  });
  if (!subscriber_) {
    Response response{http::status::service_unavailable, version};
    response.set(http::field::content_type, "application/json");
    response.body() = json_error_body(error_code::invalid_request, "Server busy: too many subscribers",
                                      {{"subscribers_max", state_.limits.subscribers_max}});
    return respond(std::move(response), keep_alive);
  }

  phase_ = Phase::streaming;
  stream_chunked_ = version >= 11;
  stream_header_ = std::make_unique<http::response<http::empty_body>>(http::status::ok, version);
  stream_header_->set(http::field::server, kServerName);
  stream_header_->set(http::field::content_type, "text/event-stream");
  stream_header_->set(http::field::cache_control, "no-cache");
  stream_header_->set("X-Accel-Buffering", "no");  // tells nginx not to buffer the stream
  if (stream_chunked_) {
    stream_header_->chunked(true);
  } else {
    stream_header_->keep_alive(false);  // HTTP/1.0: the stream ends when the connection does
  }
  stream_serializer_ = std::make_unique<http::response_serializer<http::empty_body>>(*stream_header_);
  // The first thing a subscriber reads: it is subscribed from here on, so a
  // client (or test) that waits for this line misses nothing published after.
  stream_pending_ = ": subscribed" + (shown.empty() ? std::string() : " topics=" + shown) + "\n\n";
  state_.count_response(200);
  stream_.expires_after(state_.limits.write_timeout_ms);
  http::async_write_header(stream_, *stream_serializer_,
                           beast::bind_front_handler(&HttpSession::on_stream_header, shared_from_this()));
}

void HttpSession::on_stream_header(beast::error_code ec, std::size_t) {
  if (ec || phase_ != Phase::streaming) return close_now();
  stream_.expires_never();
  heartbeat_.emplace(stream_.get_executor());
  arm_heartbeat();
  // Watch for the client going away. This reads the socket directly, not
  // through tcp_stream, whose one timer would apply the write timeout to this
  // never-ending read as well. A client has nothing to send on a stream, so
  // any completion (EOF, reset, stray bytes) ends it.
  auto self = shared_from_this();
  stream_.socket().async_read_some(asio::buffer(discard_),
                                   [self](beast::error_code, std::size_t) { self->close_now(); });
  pump();
}

void HttpSession::pump() {
  if (phase_ != Phase::streaming || stream_writing_ || stream_ending_) return;
  Subscriber::Taken taken = subscriber_->take();
  std::string out = std::move(stream_pending_);
  stream_pending_.clear();
  out += taken.frames;
  if (taken.dropped) {
    out += ": dropped: subscriber queue overflowed (subscriber_queue_events_max=" +
           std::to_string(state_.limits.subscriber_queue_events_max) + "); reconnect to resume\n\n";
    stream_ending_ = true;
  } else if (out.empty() && heartbeat_due_) {
    out = ": heartbeat\n\n";
  }
  heartbeat_due_ = false;
  if (out.empty()) return;
  stream_out_ = std::move(out);
  stream_writing_ = true;
  stream_.expires_after(state_.limits.write_timeout_ms);
  auto handler = beast::bind_front_handler(&HttpSession::on_stream_written, shared_from_this());
  if (stream_chunked_) {
    asio::async_write(stream_, http::make_chunk(asio::buffer(stream_out_)), std::move(handler));
  } else {
    asio::async_write(stream_, asio::buffer(stream_out_), std::move(handler));
  }
}

void HttpSession::on_stream_written(beast::error_code ec, std::size_t) {
  stream_writing_ = false;
  if (ec || phase_ != Phase::streaming) return close_now();  // includes the write timeout
  stream_.expires_never();
  if (!stream_ending_) return pump();
  // Dropped: end the chunked body properly, then close. Nothing is left
  // unread from the client, so closing at once sends no reset.
  if (!stream_chunked_) return close_now();
  stream_writing_ = true;
  stream_.expires_after(state_.limits.write_timeout_ms);
  auto self = shared_from_this();
  asio::async_write(stream_, http::make_chunk_last(), [self](beast::error_code, std::size_t) {
    self->stream_writing_ = false;
    self->close_now();
  });
}

void HttpSession::arm_heartbeat() {
  heartbeat_->expires_after(state_.limits.sse_heartbeat_ms);
  auto self = shared_from_this();
  heartbeat_->async_wait([self](beast::error_code ec) {
    if (ec || self->phase_ != Phase::streaming) return;
    self->heartbeat_due_ = true;
    self->pump();
    self->arm_heartbeat();
  });
}

}  // namespace flux::rpc
