#include "rpc/server.hpp"

#include <future>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "rpc/event_hub.hpp"
#include "rpc/http_session.hpp"
#include "rpc/server_state.hpp"

namespace flux::rpc {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Member order is destruction order reversed, and it matters: the io_context
// (with any session still queued in it) goes before the ServerState, hub,
// dispatcher and registry that sessions reference.
struct Server::Impl {
  explicit Impl(ServerOptions opts)
      : options(std::move(opts)),
        dispatcher({options.limits.batch_length_max, options.limits.json_depth_max}, registry),
        hub({options.limits.subscribers_max, options.limits.subscriber_queue_events_max}, registry),
        state(options.limits, dispatcher, hub, registry),
        io(static_cast<int>(options.threads)),
        acceptor(asio::make_strand(io)),
        accept_backoff(acceptor.get_executor()) {}

  void accept();
  void on_accept(boost::system::error_code ec, tcp::socket socket);

  ServerOptions options;
  metrics::Registry registry;
  Dispatcher dispatcher;
  EventHub hub;
  ServerState state;

  asio::io_context io;
  tcp::acceptor acceptor;  // used on its own strand only
  asio::steady_timer accept_backoff;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;

  std::mutex lifecycle_mutex;  // guards started/stopped against concurrent stop()
  bool started = false;
  bool stopped = false;
  std::uint16_t port = 0;
};

void Server::Impl::accept() {
  // Each connection gets its own strand: its handlers never run concurrently,
  // while different connections run in parallel on the worker threads.
  acceptor.async_accept(asio::make_strand(io),
                        [this](boost::system::error_code ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
}

void Server::Impl::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (state.stopping || !acceptor.is_open()) return;  // the socket, if any, closes here
  if (ec) {
    // Out of file descriptors and the like: wait a little rather than spin.
    accept_backoff.expires_after(std::chrono::milliseconds(50));
    accept_backoff.async_wait([this](boost::system::error_code wait_ec) {
      if (!wait_ec && !state.stopping) accept();
    });
    return;
  }
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);  // small responses should not wait for Nagle
  auto session = std::make_shared<HttpSession>(std::move(socket), state);
  if (state.try_add(session.get(), session)) {
    session->start();
  } else {
    session->start_rejected();
  }
  accept();
}

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  if (impl_->options.threads == 0) throw std::invalid_argument("rpc: threads must be at least 1");
}

Server::~Server() { stop(); }

void Server::add_method(std::string name, Handler handler) {
  impl_->dispatcher.add(std::move(name), std::move(handler));
}

void Server::set_health(HealthCallback callback) {
  std::lock_guard lock(impl_->lifecycle_mutex);
  if (impl_->started) throw std::logic_error("rpc: set_health must be called before start");
  impl_->state.health = std::move(callback);
}

void Server::set_metrics_callback(MetricsCallback callback) {
  std::lock_guard lock(impl_->lifecycle_mutex);
  if (impl_->started) throw std::logic_error("rpc: set_metrics_callback must be called before start");
  impl_->state.extra_metrics = std::move(callback);
}

void Server::set_internal_error_hook(InternalErrorHook hook) {
  impl_->dispatcher.set_internal_error_hook(std::move(hook));
}

void Server::start() {
  std::lock_guard lock(impl_->lifecycle_mutex);
  if (impl_->started) throw std::logic_error("rpc: Server::start called twice");
  Impl& m = *impl_;
  const tcp::endpoint endpoint(asio::ip::make_address(m.options.address), m.options.port);
  m.acceptor.open(endpoint.protocol());
  m.acceptor.set_option(asio::socket_base::reuse_address(true));
  m.acceptor.bind(endpoint);
  m.acceptor.listen(asio::socket_base::max_listen_connections);
  m.port = m.acceptor.local_endpoint().port();
  m.dispatcher.freeze();
  m.started = true;

  m.work.emplace(m.io.get_executor());
  asio::post(m.acceptor.get_executor(), [&m] { m.accept(); });
  for (std::size_t i = 0; i < m.options.threads; ++i) {
    m.threads.emplace_back([&m] {
      // Nothing the server runs is meant to throw out of a handler; should
      // something still do so, keep the worker alive rather than terminate.
      for (;;) {
        try {
          m.io.run();
          return;
        } catch (...) {
        }
      }
    });
  }
}

std::uint16_t Server::port() const noexcept { return impl_->port; }

void Server::stop() {
  Impl& m = *impl_;
  {
    std::lock_guard lock(m.lifecycle_mutex);
    if (!m.started || m.stopped) return;
    m.stopped = true;
  }
  m.state.stopping = true;
  // Close the listening socket on its strand, and wait for that, so that no
  // connection is accepted (into the backlog either) once stop() has begun.
  std::promise<void> closed;
  asio::post(m.acceptor.get_executor(), [&m, &closed] {
    boost::system::error_code ignored;
    m.acceptor.close(ignored);
    m.accept_backoff.cancel();
    closed.set_value();
  });
  closed.get_future().wait();
  for (const auto& session : m.state.sessions()) session->shutdown();
  m.state.wait_until_no_sessions(std::chrono::steady_clock::now() + m.options.limits.stop_timeout_ms);
  // Every connection is closed (or the deadline passed): what may still be
  // queued is stray wake-ups and completions, safe to abandon. Sessions left in
  // the queue are destroyed with the io_context, before the state they use.
  m.work.reset();
  m.io.stop();
  for (std::thread& t : m.threads) t.join();
  m.threads.clear();
}

std::uint64_t Server::publish(std::string_view topic, const nlohmann::json& data) {
  return impl_->hub.publish(topic, data);
}

metrics::Registry& Server::metrics() noexcept { return impl_->registry; }

std::size_t Server::connection_count() const { return impl_->state.session_count(); }

std::size_t Server::subscriber_count() const { return impl_->hub.subscriber_count(); }

}  // namespace flux::rpc
