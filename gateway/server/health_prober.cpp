#include "gateway/server/health_prober.hpp"

#include "core/net/coro.hpp"
#include "core/net/endpoint.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <iostream>

namespace portico::gateway::detail {

namespace beast = boost::beast;
namespace bhttp = beast::http;

namespace {
constexpr std::uint64_t max_probe_body = 64 * 1024;  // a health answer is small; more is a failure
}  // namespace

// The I/O objects of one instance's loop, which live in its coroutine frame; the pointers are
// cleared by the frame (the guards below) before they die.
struct health_prober::in_flight {
  asio::steady_timer* timer = nullptr;
  beast::tcp_stream* stream = nullptr;
};

namespace {
template <class T>
struct pointer_guard {
  T*& slot;
  pointer_guard(T*& s, T& object) : slot(s) { slot = &object; }
  ~pointer_guard() { slot = nullptr; }
  pointer_guard(const pointer_guard&) = delete;
  pointer_guard& operator=(const pointer_guard&) = delete;
};
}  // namespace

health_prober::health_prober(const core::health_check_config& config, std::shared_ptr<host_set> hosts,
                             std::vector<asio::ip::tcp::endpoint> endpoints, const core::clock& clock)
    : hosts_(std::move(hosts)), endpoints_(std::move(endpoints)), clock_(clock), checker_(config, *hosts_, clock.now()) {
  for (const auto& e : endpoints_) {
    requests_.push_back("GET " + config.path + " HTTP/1.1\r\nHost: " + net::format_endpoint(e) +
                        "\r\nUser-Agent: portico-health-check\r\nConnection: close\r\n\r\n");
    in_flight_.push_back(std::make_shared<in_flight>());
  }
}

void health_prober::start(asio::io_context& io) {
  if (io_) return;
  io_ = &io;
  const auto self = shared_from_this();
  for (std::size_t i = 0; i < endpoints_.size(); ++i)
    asio::co_spawn(io, probe_loop(self, i), [](std::exception_ptr e) {
      if (e) std::cerr << "portico gateway: a health-check loop ended by an exception\n";
    });
}

void health_prober::stop() {
  if (!io_) return;
  asio::post(*io_, [self = shared_from_this()] {
    self->stopped_ = true;
    for (auto& f : self->in_flight_) {
      if (f->timer) f->timer->cancel();
      if (f->stream) f->stream->cancel();
    }
  });
}

asio::awaitable<void> health_prober::probe_loop(std::shared_ptr<health_prober> self, std::size_t i) {
  const auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  pointer_guard guard(in_flight_[i]->timer, timer);
  while (!stopped_) {
    core::nanos wait;
    {
      std::lock_guard lock(mutex_);
      wait = checker_.next_probe_time(i) - clock_.now();
    }
    if (wait.count() > 0) {
      timer.expires_after(wait);
      co_await timer.async_wait(nothrow);  // expired, or cancelled by stop()
      if (stopped_) break;
    }
    const auto started = clock_.now();
    core::nanos budget;
    {
      std::lock_guard lock(mutex_);
      budget = checker_.probe_deadline(started) - started;
    }
    const bool ok = co_await probe(i, budget);
    if (stopped_) break;
    report(i, ok);
  }
  (void)self;  // kept alive until the loop ends
}

asio::awaitable<bool> health_prober::probe(std::size_t i, core::nanos budget) {
  const auto executor = co_await asio::this_coro::executor;
  beast::tcp_stream stream(executor);
  pointer_guard guard(in_flight_[i]->stream, stream);
  stream.expires_after(budget);
  auto [cec] = co_await stream.async_connect(endpoints_[i], nothrow);
  if (cec) co_return false;
  auto [wec, written] = co_await asio::async_write(stream, asio::buffer(requests_[i]), nothrow);
  if (wec) co_return false;
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(max_probe_body);
  auto [rec, read] = co_await bhttp::async_read(stream, buffer, parser, nothrow);
  if (rec) co_return false;
  const auto status = parser.get().result_int();
  co_return status >= 200 && status < 300;
}

void health_prober::report(std::size_t i, bool ok) {
  const auto now = clock_.now();
  std::lock_guard lock(mutex_);
  const auto t = checker_.on_probe_result(i, ok, now);
  if (t == active_health_checker::transition::none) return;
  if (transitions_.size() == max_transitions) transitions_.erase(transitions_.begin());
  transitions_.push_back({now, i, t == active_health_checker::transition::became_healthy});
}

health_counters health_prober::counters(std::size_t instance) const {
  std::lock_guard lock(mutex_);
  return checker_.host_counters(instance);
}

std::vector<health_transition> health_prober::transitions() const {
  std::lock_guard lock(mutex_);
  return transitions_;
}

}  // namespace portico::gateway::detail
