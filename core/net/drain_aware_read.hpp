#pragma once
// A TCP read that tells Asio's epoll reactor when it has drained the socket, for the proxy's hot
// reads (the next request from a keep-alive client, the response from an upstream).
//
// Why: Asio 1.81 tries every read at once ("speculatively") unless the previous read on the
// socket hit end of stream. A proxy issues those reads just after writing, before the peer can
// have answered, so each costs a recv that fails with EAGAIN before the read waits for epoll:
// ~0.7 wasted system calls per proxied request (perf stat), on a machine where a system call is
// the dearest thing the gateway does. Here a read that returns fewer bytes than it asked for
// reports "done and exhausted", as Asio's own send does after a partial write; the reactor then
// queues the socket's next read without trying it and runs it when epoll reports new data. This
// is nginx's rule too (a short recv clears rev->ready).
//
// No wakeup can be lost: the decision is taken inside the reactor right after the recv, under the
// descriptor's lock. Data arriving later raises a new edge-triggered event, which marks the
// socket readable again and runs the queued read.
//
// Built on Asio's reactor interface (detail::reactor_op, the socket service's start_op), the
// path its own socket operations take; pinned to the Boost of Debian 12 by the check below.
// Include it only where a hot read needs it: it pulls in Asio's detail headers.
#include <boost/asio/detail/bind_handler.hpp>
#include <boost/asio/detail/fenced_block.hpp>
#include <boost/asio/detail/handler_cont_helpers.hpp>
#include <boost/asio/detail/handler_alloc_helpers.hpp>
#include <boost/asio/detail/handler_work.hpp>
#include <boost/asio/detail/reactive_socket_service.hpp>
#include <boost/asio/detail/reactor.hpp>
#include <boost/asio/detail/reactor_op.hpp>
#include <boost/asio/detail/socket_ops.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/version.hpp>

#include <sys/socket.h>

#include <cerrno>
#include <cstddef>
#include <memory>
#include <type_traits>

static_assert(BOOST_ASIO_VERSION == 102600,
              "drain_aware_read relies on Asio 1.26 (Boost 1.81) reactor internals: re-check it before upgrading");

namespace portico::net {

namespace detail {

namespace adetail = boost::asio::detail;

template <class Handler, class IoExecutor>
class drain_aware_recv_op : public adetail::reactor_op {
 public:
  BOOST_ASIO_DEFINE_HANDLER_PTR(drain_aware_recv_op);

  drain_aware_recv_op(const boost::system::error_code& success, int fd, boost::asio::mutable_buffer into,
                      Handler& handler, const IoExecutor& io_ex)
      : reactor_op(success, &drain_aware_recv_op::perform_recv, &drain_aware_recv_op::complete),
        fd_(fd),
        into_(into),
        handler_(std::move(handler)),
        work_(handler_, io_ex) {}

 private:
  // Runs in the reactor: speculatively when the read starts, or when epoll reports the socket
  // readable. not_done leaves the read queued until the next event.
  static status perform_recv(reactor_op* base) {
    auto* o = static_cast<drain_aware_recv_op*>(base);
    for (;;) {
      const ssize_t n = ::recv(o->fd_, o->into_.data(), o->into_.size(), 0);
      if (n > 0) {
        o->bytes_transferred_ = static_cast<std::size_t>(n);
        // A short read emptied the receive queue: the next read waits for epoll.
        return static_cast<std::size_t>(n) < o->into_.size() ? done_and_exhausted : done;
      }
      if (n == 0) {
        o->ec_ = boost::asio::error::eof;
        return done_and_exhausted;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return not_done;
      o->ec_ = boost::system::error_code(errno, boost::asio::error::get_system_category());
      return done;
    }
  }

  // Hands the result to the handler through its executor (owner is null when the io_context is
  // being destroyed with the read still queued: then only the memory is released).
  static void complete(void* owner, adetail::operation* base, const boost::system::error_code&, std::size_t) {
    auto* o = static_cast<drain_aware_recv_op*>(base);
    ptr p = {std::addressof(o->handler_), o, o};
    adetail::handler_work<Handler, IoExecutor> work(std::move(o->work_));
    // The handler is moved out before the op's memory is released: the memory may belong to it.
    adetail::binder2<Handler, boost::system::error_code, std::size_t> bound(o->handler_, o->ec_, o->bytes_transferred_);
    p.h = std::addressof(bound.handler_);
    p.reset();
    if (owner) {
      adetail::fenced_block fence(adetail::fenced_block::half);
      work.complete(bound, bound.handler_);
    }
  }

  int fd_;
  boost::asio::mutable_buffer into_;
  Handler handler_;
  adetail::handler_work<Handler, IoExecutor> work_;
};

// basic_socket keeps its implementation and service protected, and the service its start_op;
// pointers to those members, taken through derived classes, reach them from any socket without
// a cast. These classes are never instantiated.
using tcp_socket_service = adetail::reactive_socket_service<boost::asio::ip::tcp>;

struct socket_access : boost::asio::ip::tcp::socket {
  static auto& implementation(boost::asio::ip::tcp::socket& s) { return (s.*(&socket_access::impl_)).get_implementation(); }
  static tcp_socket_service& service(boost::asio::ip::tcp::socket& s) { return (s.*(&socket_access::impl_)).get_service(); }
};

struct service_access : tcp_socket_service {
  // Asio's own path for a read: non-blocking mode on first use, an empty buffer completes at
  // once, a closed socket fails with bad_descriptor, otherwise the reactor tries or queues it.
  static void start_read(tcp_socket_service& service, base_implementation_type& impl, adetail::reactor_op* op,
                         bool is_continuation, bool empty) {
    (service.*(&service_access::start_op))(impl, adetail::reactor::read_op, op, is_continuation, true, empty);
  }
};

struct start_drain_aware_read {
  template <class Handler>
  void operator()(Handler&& handler, boost::asio::ip::tcp::socket* socket, boost::asio::mutable_buffer into) const {
    using op = drain_aware_recv_op<std::decay_t<Handler>, boost::asio::ip::tcp::socket::executor_type>;
    auto& impl = socket_access::implementation(*socket);
    const bool is_continuation = boost_asio_handler_cont_helpers::is_continuation(handler);
    typename op::ptr p = {std::addressof(handler), op::ptr::allocate(handler), nullptr};
    p.p = new (p.v) op(boost::system::error_code(), impl.socket_, into, handler, socket->get_executor());
    service_access::start_read(socket_access::service(*socket), impl, p.p, is_continuation, into.size() == 0);
    p.v = p.p = nullptr;
  }
};

}  // namespace detail

// Reads some bytes like socket.async_read_some(into, token); see the header comment for the
// difference. Plain TCP sockets only. No per-operation cancellation slot: cancel or close the
// socket to abort the read (what the gateway does).
template <class CompletionToken>
auto async_read_some_drain_aware(boost::asio::ip::tcp::socket& socket, boost::asio::mutable_buffer into,
                                 CompletionToken&& token) {
  return boost::asio::async_initiate<CompletionToken, void(boost::system::error_code, std::size_t)>(
      detail::start_drain_aware_read{}, token, &socket, into);
}

}  // namespace portico::net
