#include "core/net/listener.hpp"

#include <boost/asio/post.hpp>

#include <chrono>
#include <future>
#include <iostream>

namespace portico::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct listener::state : std::enable_shared_from_this<listener::state> {
  io_pool& pool;
  asio::io_context& context;
  tcp::acceptor acceptor;
  asio::steady_timer backoff;
  accept_handler handler;
  listener_options options;
  std::shared_ptr<std::atomic<std::uint64_t>> accepted;
  int next_context = 0;
  bool stopped = false;  // touched only on the acceptor's thread

  state(io_pool& p, asio::io_context& ctx, accept_handler h, listener_options o,
        std::shared_ptr<std::atomic<std::uint64_t>> counter)
      : pool(p), context(ctx), acceptor(ctx), backoff(ctx), handler(std::move(h)), options(o), accepted(std::move(counter)) {}

  void accept() {
    int index = next_context;
    next_context = (next_context + 1) % pool.size();
    acceptor.async_accept(pool.context(index), [self = shared_from_this(), index](boost::system::error_code ec,
                                                                                  tcp::socket socket) {
      self->on_accept(ec, std::move(socket), index);
    });
  }

  void on_accept(boost::system::error_code ec, tcp::socket socket, int index) {
    if (stopped || ec == asio::error::operation_aborted) return;
    if (ec) {
      // EMFILE/ENFILE/ENOBUFS: the process is out of something; pause instead of spinning, and
      // never let it end the accept loop (a server must outlive a burst of connections).
      backoff.expires_after(std::chrono::milliseconds(50));
      backoff.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
        if (!wait_ec && !self->stopped) self->accept();
      });
      return;
    }
    accepted->fetch_add(1, std::memory_order_relaxed);
    boost::system::error_code ignored;
    if (options.no_delay) socket.set_option(tcp::no_delay(true), ignored);
    // Run the handler on the socket's own thread.
    auto executor = socket.get_executor();
    asio::post(executor, [h = handler, s = std::move(socket), index]() mutable { h(std::move(s), index); });
    accept();
  }
};

listener::listener(io_pool& pool, const tcp::endpoint& endpoint, accept_handler handler, listener_options options)
    : accepted_(std::make_shared<std::atomic<std::uint64_t>>(0)) {
  auto& ctx = pool.context(options.accept_context % pool.size());
  state_ = std::make_shared<state>(pool, ctx, std::move(handler), options, accepted_);
  auto& acceptor = state_->acceptor;
  acceptor.open(endpoint.protocol());
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(options.backlog);
  local_ = acceptor.local_endpoint();
}

listener::~listener() { stop(); }

void listener::start() {
  asio::post(state_->acceptor.get_executor(), [s = state_] { s->accept(); });
}

void listener::stop() {
  if (!state_) return;
  auto s = std::move(state_);
  auto close = [s] {
    s->stopped = true;
    boost::system::error_code ignored;
    s->acceptor.close(ignored);
    s->backoff.cancel();
  };
  auto executor = s->context.get_executor();
  if (executor.running_in_this_thread() || s->context.stopped()) {
    close();
    return;
  }
  // Wait until the acceptor's thread has closed it, so that a caller that then reports "stopped
  // accepting" is right. If that thread is not running the context, the post never runs: bounded.
  auto done = std::make_shared<std::promise<void>>();
  auto future = done->get_future();
  asio::post(executor, [close, done] {
    close();
    done->set_value();
  });
  // The fallback closes from this thread: safe when the context has stopped, and otherwise a last
  // resort against a thread stuck for seconds (it breaks io_objects::thread_owned's rule).
  if (future.wait_for(std::chrono::seconds(2)) != std::future_status::ready) close();
}

}  // namespace portico::net
