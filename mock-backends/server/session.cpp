// The mock's data path. Per connection: one coroutine that parses every complete request in its
// input buffer, answers the immediate ones by copying preformatted bytes into one output buffer
// (pipelined requests cost one send), and falls back to a slower path for requests that wait
// (latency, capacity queue) or misbehave (faults). One watchdog timer per connection enforces the
// header, idle and write deadlines without re-arming a timer per operation.
#include "mock-backends/server/session.hpp"

#include "core/net/connection_tracker.hpp"
#include "core/net/drain_aware_read.hpp"
#include "core/net/request_head_parser.hpp"
#include "core/net/send_now.hpp"
#include "mock-backends/server/instance.hpp"
#include "mock-backends/server/response_text.hpp"
#include "mock-backends/server/websocket_echo.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <iostream>
#include <optional>

namespace portico::mock {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;
using boost::system::error_code;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t copy_threshold = 16 * 1024;  // larger static responses are sent in place

const std::string bad_request = error_response(400, "bad request", "", true);
const std::string too_large = error_response(413, "request body too large", "", true);
const std::string header_too_large = error_response(431, "request header too large", "", true);

class session final : public net::tracked_connection, public std::enable_shared_from_this<session> {
 public:
  session(tcp::socket socket, const session_env& env)
      : socket_(std::move(socket)),
        env_(env),
        watchdog_(socket_.get_executor()),
        delay_timer_(socket_.get_executor()),
        wake_timer_(socket_.get_executor()),
        in_capacity_(env.options.max_header_bytes + 8192),
        in_(new char[in_capacity_]) {
    // Bodies are kept only for instances that record requests; the others discard them unread.
    head_.body_capture_limit = env.target.records() ? env.options.max_body_bytes : 0;
  }

  void start() {
    registration_.emplace(env_.tracker, weak_from_this());
    error_code ignored;
    socket_.non_blocking(true, ignored);  // for the synchronous first attempt of each write
    arm(steady::now() + env_.options.header_timeout);
    asio::co_spawn(socket_.get_executor(), run(), [self = shared_from_this()](std::exception_ptr error) {
      if (error) {
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          std::cerr << "mock " << self->env_.target.name() << ": session error: " << e.what() << "\n";
        }
      }
      self->finish();
    });
  }

  void drain() override {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      self->draining_ = true;
      if (self->idle_) {
        error_code ignored;
        self->socket_.cancel(ignored);
      }
    });
  }

  void abort() override {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      self->aborted_ = true;
      self->close_socket();
      self->delay_timer_.cancel();
      self->wake_timer_.cancel();
    });
  }

 private:
  enum class parsed { complete, need_more, error };

  asio::awaitable<void> run() {
    response_plan plan;
    while (!aborted_) {
      // Everything already buffered first: this is what makes pipelining cheap.
      while (!aborted_) {
        parsed state = parse();
        if (state == parsed::need_more) break;
        if (state == parsed::error) {
          co_await respond_to_bad_request();
          co_return;
        }
        env_.target.route(head_, !head_.keep_alive || draining_, env_.thread, scratch_, plan);
        if (plan.websocket) {  // the connection becomes the endpoint's WebSocket until it closes
          if (!co_await flush()) co_return;
          env_.target.count_response(env_.thread, 101);
          const std::string_view received(in_.get() + request_start_, end_ - request_start_);
          const std::function<void()> on_message = [this] { arm(steady::now() + env_.options.idle_timeout); };
          on_message();
          co_await serve_websocket_echo(socket_, received, on_message);
          co_return;
        }
        if (plan.delay.count() == 0 && plan.fault.kind == fault_kind::none && !plan.gated) {
          env_.target.count_response(env_.thread, plan.status);
          if (plan.bytes.size() < copy_threshold) {
            out_.append(plan.bytes);
          } else if (!co_await flush() || !co_await write(plan.bytes)) {
            co_return;
          }
          if (plan.close) break;
          continue;
        }
        if (!co_await flush()) co_return;
        if (!co_await serve(plan)) co_return;
        if (plan.close) break;
      }
      if (!co_await flush()) co_return;
      if (aborted_) co_return;
      if (plan.close || (draining_ && begin_ == end_)) {
        co_await linger_close();
        co_return;
      }
      if (!co_await read_more()) co_return;
    }
  }

  parsed parse() {
    if (begin_ == end_) return parsed::need_more;
    if (!parser_) {
      request_start_ = begin_;
      parser_.emplace(head_);
      parser_->header_limit(static_cast<std::uint32_t>(env_.options.max_header_bytes));
      parser_->body_limit(env_.options.max_body_bytes);
      parser_->eager(true);
    }
    while (begin_ < end_) {
      error_code ec;
      std::size_t used = parser_->put(asio::const_buffer(in_.get() + begin_, end_ - begin_), ec);
      begin_ += used;
      if (ec == http::error::need_more || (!ec && used == 0)) break;
      if (ec) {
        parse_error_ = ec;
        return parsed::error;
      }
      if (parser_->is_done()) {
        parser_.reset();
        partial_ = false;
        return parsed::complete;
      }
    }
    if (end_ - begin_ >= in_capacity_ - 1) {  // a header that cannot fit the buffer
      parse_error_ = http::error::header_limit;
      return parsed::error;
    }
    if (!partial_) {  // the first bytes of a request start its header deadline
      partial_ = true;
      arm(steady::now() + env_.options.header_timeout);
    }
    return parsed::need_more;
  }

  asio::awaitable<bool> read_more() {
    if (begin_ == end_) {
      begin_ = end_ = 0;
      if (!partial_) arm(steady::now() + env_.options.idle_timeout);
    } else if (begin_ > 0) {
      // Beast consumes a head only when it is complete: a partial one starts at begin_.
      request_start_ -= std::min(request_start_, begin_);
      std::memmove(in_.get(), in_.get() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    idle_ = (end_ == 0);
    if (idle_ && draining_) co_return false;
    // Drain-aware: the next request of a keep-alive client is rarely there yet (see the header).
    auto [ec, n] = co_await net::async_read_some_drain_aware(socket_, asio::buffer(in_.get() + end_, in_capacity_ - end_), nothrow);
    idle_ = false;
    if (ec) co_return false;
    end_ += n;
    co_return true;
  }

  // Tries a non-blocking send first (small responses almost always fit the socket buffer), and
  // only then goes through the reactor with the write deadline.
  asio::awaitable<bool> write(std::string_view bytes) {
    std::array<asio::const_buffer, 1> rest{asio::buffer(bytes)};
    if (net::send_now(socket_, rest)) co_return false;
    if (net::unsent(rest) == 0) co_return true;
    arm(steady::now() + env_.options.write_timeout);
    auto [wec, n] = co_await asio::async_write(socket_, rest, nothrow);
    co_return !wec;
  }

  asio::awaitable<bool> flush() {
    if (out_.empty()) co_return true;
    bool ok = co_await write(out_);
    out_.clear();
    co_return ok;
  }

  // The slow path: capacity gate, service time, faults. False when the connection must end.
  asio::awaitable<bool> serve(response_plan& plan) {
    instance& target = env_.target;
    target.add_in_flight(env_.thread, 1);
    struct in_flight_guard {
      instance& target;
      int thread;
      ~in_flight_guard() { target.add_in_flight(thread, -1); }
    } guard{target, env_.thread};
    arm(steady::time_point::max());  // waiting on our own account is not a client timeout

    bool holding_worker = false;
    if (plan.gated) {
      auto ticket = target.gate().next_ticket();
      auto admission = target.gate().admit(ticket, [weak = weak_from_this(), ex = socket_.get_executor(), ticket] {
        asio::post(ex, [weak, ticket] {
          if (auto self = weak.lock()) {
            self->granted_ticket_ = ticket;
            self->wake_timer_.cancel();
          }
        });
      });
      if (admission == capacity_gate::admission::rejected) {
        target.count_rejection(env_.thread);
        target.count_response(env_.thread, 503);
        co_return co_await write(target.rejection(plan.close));
      }
      if (admission == capacity_gate::admission::queued) {
        while (granted_ticket_ != ticket && !aborted_) {
          wake_timer_.expires_at(steady::time_point::max());
          co_await wake_timer_.async_wait(nothrow);
        }
        if (granted_ticket_ != ticket) {
          target.gate().abandon(ticket);
          co_return false;
        }
      }
      holding_worker = true;
    }
    if (plan.delay.count() > 0) {
      delay_timer_.expires_after(plan.delay);
      co_await delay_timer_.async_wait(nothrow);
    }
    if (holding_worker) target.gate().release();  // the service time is over
    if (aborted_) co_return false;

    switch (plan.fault.kind) {
      case fault_kind::none:
      case fault_kind::status:
        target.count_response(env_.thread, plan.status);
        co_return co_await write(plan.bytes);
      case fault_kind::hang: co_await hang(); co_return false;
      case fault_kind::reset: reset(); co_return false;
      case fault_kind::malformed:
        co_await write(plan.bytes);
        close_socket();
        co_return false;
      case fault_kind::close_mid_body: {
        auto body = plan.bytes.size() - plan.body_offset;
        co_await write(plan.bytes.substr(0, plan.body_offset + body / 2));
        close_socket();
        co_return false;
      }
      case fault_kind::slow_body: co_return co_await slow_body(plan);
    }
    co_return false;
  }

  asio::awaitable<bool> slow_body(const response_plan& plan) {
    if (!co_await write(plan.bytes.substr(0, plan.body_offset))) co_return false;
    std::string_view body = plan.bytes.substr(plan.body_offset);
    const std::uint64_t rate = plan.fault.bytes_per_second;
    const std::size_t chunk = static_cast<std::size_t>(std::max<std::uint64_t>(1, rate / 20));
    const auto interval = std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 * double(chunk) / double(rate)));
    while (!body.empty() && !aborted_) {
      delay_timer_.expires_after(interval);
      co_await delay_timer_.async_wait(nothrow);
      if (aborted_) co_return false;
      auto piece = body.substr(0, chunk);
      if (!co_await write(piece)) co_return false;
      body.remove_prefix(piece.size());
    }
    env_.target.count_response(env_.thread, plan.status);
    co_return !aborted_;
  }

  // Never answer; keep reading (and dropping) until the client gives up or the server aborts.
  asio::awaitable<void> hang() {
    arm(steady::time_point::max());
    for (;;) {
      auto [ec, n] = co_await socket_.async_read_some(asio::buffer(in_.get(), in_capacity_), nothrow);
      if (ec) break;
    }
    close_socket();
  }

  asio::awaitable<void> respond_to_bad_request() {
    env_.target.count_bad_request(env_.thread);
    int status = parse_error_ == http::error::header_limit ? 431 : parse_error_ == http::error::body_limit ? 413 : 400;
    env_.target.count_response(env_.thread, status);
    out_.append(status == 431 ? header_too_large : status == 413 ? too_large : bad_request);
    if (co_await flush()) co_await linger_close();
  }

  // Half-close and drain what the client still sends (bounded), so that our response is not
  // destroyed by an RST caused by unread input when we close.
  asio::awaitable<void> linger_close() {
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    arm(steady::now() + std::chrono::seconds(1));
    std::size_t budget = 1 << 20;
    while (budget > 0) {
      auto [ec, n] = co_await socket_.async_read_some(asio::buffer(in_.get(), in_capacity_), nothrow);
      if (ec) break;
      budget -= std::min(budget, n);
    }
    close_socket();
  }

  void reset() {
    error_code ignored;
    socket_.set_option(asio::socket_base::linger(true, 0), ignored);
    close_socket();
  }

  void close_socket() {
    error_code ignored;
    socket_.close(ignored);
  }

  // Deadline bookkeeping: the timer stays armed at the earliest deadline asked for; moving the
  // deadline later costs nothing (the handler re-arms when it fires early).
  void arm(steady::time_point deadline) {
    deadline_ = deadline;
    if (watching_ && deadline >= armed_) return;
    armed_ = deadline;
    watchdog_.expires_at(deadline);
    if (!watching_) {
      watching_ = true;
      watch();
    }
  }

  void watch() {
    watchdog_.async_wait([self = shared_from_this()](error_code) {
      if (self->finished_) return;
      if (steady::now() >= self->deadline_) {
        self->close_socket();  // the coroutine sees its pending operation fail and unwinds
        self->watching_ = false;
        return;
      }
      self->armed_ = self->deadline_;
      self->watchdog_.expires_at(self->deadline_);
      self->watch();
    });
  }

  void finish() {
    finished_ = true;
    close_socket();
    watchdog_.cancel();
    delay_timer_.cancel();
    wake_timer_.cancel();
  }

  tcp::socket socket_;
  session_env env_;
  asio::steady_timer watchdog_, delay_timer_, wake_timer_;
  steady::time_point deadline_{}, armed_{};
  std::size_t in_capacity_;
  std::unique_ptr<char[]> in_;
  std::size_t begin_ = 0, end_ = 0;
  std::size_t request_start_ = 0;  // where the request being parsed began in in_
  std::string out_, scratch_;
  net::request_head head_;
  std::optional<net::request_head_parser> parser_;
  error_code parse_error_;
  std::optional<net::tracker_registration> registration_;
  capacity_gate::ticket granted_ticket_ = 0;
  bool partial_ = false, idle_ = false, draining_ = false, aborted_ = false, finished_ = false, watching_ = false;
};

}  // namespace

void start_session(tcp::socket socket, const session_env& env) {
  std::make_shared<session>(std::move(socket), env)->start();
}

}  // namespace portico::mock
