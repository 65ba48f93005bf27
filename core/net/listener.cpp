#include "core/net/listener.hpp"

#include <boost/asio/post.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <future>
#include <iostream>
#include <utility>

namespace portico::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// An accepted descriptor on its way to its context: closed if it never gets there (a context
// destroyed with the hand-over still queued).
struct owned_fd {
  explicit owned_fd(int f) noexcept : fd(f) {}
  owned_fd(owned_fd&& o) noexcept : fd(std::exchange(o.fd, -1)) {}
  owned_fd& operator=(owned_fd&&) = delete;
  ~owned_fd() {
    if (fd >= 0) ::close(fd);
  }
  int release() noexcept { return std::exchange(fd, -1); }
  int fd;
};

struct listener::state : std::enable_shared_from_this<listener::state> {
  io_pool& pool;
  asio::io_context& context;
  tcp::acceptor acceptor;
  tcp protocol = tcp::v4();
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
    acceptor.async_wait(tcp::acceptor::wait_read, [self = shared_from_this()](boost::system::error_code ec) {
      self->on_readable(ec);
    });
  }

  // Takes the connections waiting (a burst at most) with accept4 and hands each to the next
  // context as a bare descriptor, to be made a socket there. A socket must be registered with its
  // context's reactor on that context's own thread: pools of io_objects::thread_owned run
  // without the reactor's per-socket lock (an async_accept into another context's socket
  // registered it from this thread, which ThreadSanitizer caught racing that context's reactor).
  void on_readable(boost::system::error_code ec) {
    if (stopped || ec == asio::error::operation_aborted) return;
    for (int burst = 0; !ec && burst < 64; ++burst) {
      const int fd = ::accept4(acceptor.native_handle(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd >= 0) {
        hand_over(owned_fd(fd));
      } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        break;
      } else if (errno != EINTR && errno != ECONNABORTED) {  // those two: the next one
        ec.assign(errno, boost::system::system_category());
      }
    }
    if (ec) {
      // EMFILE/ENFILE/ENOBUFS: the process is out of something; pause instead of spinning, and
      // never let it end the accept loop (a server must outlive a burst of connections).
      backoff.expires_after(std::chrono::milliseconds(50));
      backoff.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
        if (!wait_ec && !self->stopped) self->accept();
      });
      return;
    }
    accept();
  }

  void hand_over(owned_fd fd) {
    accepted->fetch_add(1, std::memory_order_relaxed);
    const int index = next_context;
    next_context = (next_context + 1) % pool.size();
    auto& target = pool.context(index);
    asio::post(target, [h = handler, fd = std::move(fd), index, &target, protocol = protocol, no_delay = options.no_delay]() mutable {
      tcp::socket socket(target);
      boost::system::error_code ec;
      socket.assign(protocol, fd.fd, ec);
      if (ec) return;  // fd closes it
      fd.release();
      if (no_delay) socket.set_option(tcp::no_delay(true), ec);
      h(std::move(socket), index);
    });
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
  acceptor.non_blocking(true);  // accept4 after a wake-up must not block if the connection is gone
  local_ = acceptor.local_endpoint();
  state_->protocol = local_.protocol();
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
