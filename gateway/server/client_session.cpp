// The client side of a proxied connection: head reading, pipeline, local answers, keep-alive and
// shutdown. The upstream side is in forwarder.cpp and relay.cpp.
#include "gateway/server/client_session.hpp"

#include "core/net/coro.hpp"
#include "core/net/drain_aware_read.hpp"
#include "core/net/send_now.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <cstring>
#include <iostream>
#include <tuple>

namespace portico::gateway::detail {

using asio::awaitable;
using tcp = asio::ip::tcp;
namespace {

// A client's X-Request-Id is kept when it is short and plain; anything else is replaced, so that
// logs and upstream headers never carry attacker-shaped bytes.
bool acceptable_request_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
                    c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

// Eight random nibbles as eight lower-case hex digits, all at once: each nibble is spread into a
// byte of its own, then '0' is added, plus 'a' - '0' - 10 where it is ten or more (the +6 carries
// into bit 4 exactly then). A byte loop with a table was ~220 instructions per request.
std::uint64_t hex_digits(std::uint32_t nibbles) noexcept {
  std::uint64_t x = nibbles;
  x = (x | (x << 16)) & 0x0000ffff0000ffffULL;
  x = (x | (x << 8)) & 0x00ff00ff00ff00ffULL;
  x = (x | (x << 4)) & 0x0f0f0f0f0f0f0f0fULL;
  const std::uint64_t ten_or_more = ((x + 0x0606060606060606ULL) >> 4) & 0x0101010101010101ULL;
  return x + 0x3030303030303030ULL + ten_or_more * ('a' - '0' - 10);
}

void make_request_id(core::split_mix64& rng, std::string& out) {
  out.resize(32);
  for (std::size_t i = 0; i < 32; i += 16) {
    const std::uint64_t r = rng.next();
    const std::uint64_t digits[2] = {hex_digits(static_cast<std::uint32_t>(r)), hex_digits(static_cast<std::uint32_t>(r >> 32))};
    std::memcpy(out.data() + i, digits, sizeof digits);
  }
}
}  // namespace

client_session::client_session(tcp::socket socket, worker& w, std::size_t listener, const tls_terminator* tls)
    : socket_(std::move(socket)),
      tls_(tls ? std::make_unique<tls_stream>(*tls, socket_) : nullptr),
      terminator_(tls),
      w_(w),
      listener_index_(listener) {
  boost::system::error_code ec;
  const auto peer = socket_.remote_endpoint(ec);
  if (!ec) client_ip_ = peer.address().to_string();
  socket_.non_blocking(true, ec);  // writes try the socket first (net::send_now)
}

client_session::~client_session() {
  // Only when run() never finished: the io_context was destroyed with the session parked in it,
  // after every proxy thread stopped.
  if (tracked_) w_.untrack(this);
  if (buf_) w_.give_back(std::move(buf_));
}

void client_session::start(net::connection_tracker& tracker) {
  registration_ = std::make_unique<net::tracker_registration>(tracker, weak_from_this());
  w_.track(this);
  tracked_ = true;
  asio::co_spawn(
      socket_.get_executor(), [self = shared_from_this()]() -> awaitable<void> { co_await self->run(); },
      [](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& x) {
          std::cerr << "portico gateway: connection ended by exception: " << x.what() << "\n";
        }
      });
}

void client_session::drain() {
  asio::post(socket_.get_executor(), [weak = weak_from_this()] {
    auto self = weak.lock();
    if (!self) return;
    self->draining_ = true;
    boost::system::error_code ec;
    if (self->phase_ == phase::idle) self->socket_.cancel(ec);  // idle keep-alive: close now
    // A tunnel never ends by itself like a request: shutdown closes it rather than wait for the
    // force deadline (the client sees the connection end, as when the backend goes away).
    if (self->phase_ == phase::tunnel) self->close_tunnel();
  });
}

void client_session::abort() {
  asio::post(socket_.get_executor(), [weak = weak_from_this()] {
    auto self = weak.lock();
    if (!self) return;
    self->draining_ = true;
    boost::system::error_code ec;
    self->socket_.close(ec);
    if (self->upstream_) self->upstream_->socket.close(ec);
  });
}

void client_session::set_deadline(core::nanos from_now, phase p, core::time_point base) {
  phase_ = p;
  deadline_ = base + from_now;
  has_deadline_ = true;
}

void client_session::clear_deadline() { has_deadline_ = false; }

void client_session::on_deadline_check(core::time_point t) {
  if (!has_deadline_ || t < deadline_) return;
  has_deadline_ = false;
  timed_out_ = true;
  boost::system::error_code ec;
  if (phase_ == phase::tunnel) {
    close_tunnel();
  } else if (phase_ == phase::upstream) {
    if (upstream_) upstream_->socket.cancel(ec);
  } else {
    socket_.cancel(ec);
  }
}

awaitable<void> client_session::run() {
  const auto& limits = w_.shared().timeouts;
  // Idle plain-TCP connections hold no request buffer (10,000 idle keep-alive clients must stay
  // cheap), so the next request's first bytes land in this small array in the session's frame. A
  // read rather than async_wait(wait_read), which costs an epoll_ctl every time plus the read
  // after it; a drain-aware read after a short one waits for epoll without a system call.
  std::array<char, 512> first_bytes;
  bool open = true;
  if (tls_) open = co_await handshake();
  while (open && !draining_) {
    if (!buf_ || buf_->in_begin == buf_->in_end) {
      gen_.reset();
      listener_ = nullptr;
      route_ = nullptr;
      // Not value_or(now()): its argument would read the clock every time.
      set_deadline(limits.idle_timeout, phase::idle, just_finished_ ? *just_finished_ : now());
      just_finished_.reset();
      if (tls_) {  // see the header: readability of the socket says nothing certain here
        if (!buf_) buf_ = w_.take_buffers();
        buf_->in_begin = buf_->in_end = 0;
        if (!co_await read_more_in() || draining_) break;
      } else {
        if (buf_) w_.give_back(std::move(buf_));
        auto [ec, n] = co_await net::async_read_some_drain_aware(socket_, asio::buffer(first_bytes), nothrow);
        if (ec || draining_) break;
        buf_ = w_.take_buffers();
        std::memcpy(buf_->in.data(), first_bytes.data(), n);
        buf_->in_end = n;
      }
    }
    if (!co_await serve_one()) break;
  }
  clear_deadline();
  phase_ = phase::closing;
  if (buf_) w_.give_back(std::move(buf_));
  if (tls_) co_await close_tls();
  boost::system::error_code ec;
  socket_.shutdown(tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  // Leave the worker here, on its thread: the last reference to this session may be dropped on
  // another one (shutdown's connection tracker holds references while it asks sessions to
  // drain), and the destructor must then touch nothing the worker's thread uses.
  w_.untrack(this);
  tracked_ = false;
  upstream_.reset();
  gen_.reset();  // may be the last holder of a replaced generation's pools (this thread's sockets)
}

awaitable<bool> client_session::handshake() {
  const auto& config = terminator_->config();
  auto& counters = w_.tls(listener_index_);
  set_deadline(config.handshake_timeout, phase::handshake);
  const auto ec = co_await tls_->handshake();
  clear_deadline();
  if (ec) {
    ++counters.handshake_failures;
    if (timed_out_) ++counters.handshake_timeouts;
    co_return false;
  }
  ++counters.handshakes;
  if (tls_->tls13()) ++counters.tls13;
  if (tls_->resumed()) ++counters.resumed;
  client_subject_ = tls_->client_subject();
  if (!client_subject_.empty()) ++counters.client_certificates;
  co_return true;
}

// close_notify, bounded like any write (a client that stopped reading cannot hold us).
awaitable<void> client_session::close_tls() {
  set_deadline(std::chrono::seconds(1), phase::closing);
  co_await tls_->close_notify();
  clear_deadline();
}

awaitable<bool> client_session::read_more_in() {
  auto& b = *buf_;
  if (b.in_end == b.in.size()) co_return false;
  const auto into = asio::buffer(b.in.data() + b.in_end, b.in.size() - b.in_end);
  std::tuple<boost::system::error_code, std::size_t> got;
  if (tls_) got = co_await tls_->read_some(into);
  else got = co_await net::async_read_some_drain_aware(socket_, into, nothrow);
  if (std::get<0>(got)) co_return false;
  b.in_end += std::get<1>(got);
  co_return true;
}

awaitable<bool> client_session::write_out() {
  auto& b = *buf_;
  const bool ok = co_await write_client(b.out.data(), b.out.size());
  b.out.clear();
  co_return ok;
}

awaitable<bool> client_session::serve_one() {
  auto& b = *buf_;
  auto& ctx = b.ctx;
  const auto& shared = w_.shared();
  // A pipelined request left over from the previous one moves to the front: the head's views
  // must stay valid for the whole request, so the buffer is never compacted mid-request.
  if (b.in_begin > 0) {
    std::memmove(b.in.data(), b.in.data() + b.in_begin, b.in_end - b.in_begin);
    b.in_end -= b.in_begin;
    b.in_begin = 0;
  }
  ctx.reset();
  timed_out_ = false;
  route_ = nullptr;
  gen_ = w_.current();  // new requests take the newest generation; this one keeps it to the end
  listener_ = &gen_->shared->listeners[listener_index_];
  ran_before_ = ran_route_ = 0;
  continue_sent_ = false;
  ctx.timings.received = now();
  set_deadline(shared.timeouts.header_timeout, phase::header, ctx.timings.received);
  bool head_in_first_bytes = true;  // then it was parsed when received (within a microsecond)
  while (true) {
    const auto r = http::parse_request({b.in.data(), b.in_end}, shared.limits, b.request);
    if (r.state == http::parse_state::complete) break;
    if (r.state == http::parse_state::error) co_return co_await answer_error(r.error);
    head_in_first_bytes = false;
    if (!co_await read_more_in()) {
      if (timed_out_) co_return co_await answer_error(http::http_error::header_timeout);
      co_return false;
    }
  }
  b.in_begin = b.request.head_bytes;
  body_floor_ = b.in_begin;
  ctx.request = &b.request;
  ctx.headers.reset(&b.request);
  ctx.client_ip = client_ip_;
  ctx.tls = tls_ != nullptr;
  ctx.client_cert_subject = client_subject_;
  ctx.listener = listener_->config->name;
  ctx.listener_config = listener_->config;
  ctx.thread_index = w_.index();
  ctx.clock = shared.clock;
  ctx.io = &w_.io();
  ctx.timings.head_parsed = head_in_first_bytes ? ctx.timings.received : now();
  const auto client_id = b.request.get(http::field_kind::x_request_id);
  if (acceptable_request_id(client_id)) ctx.request_id.assign(client_id);
  else make_request_id(w_.rng(), ctx.request_id);

  bool respond = false;
  stage_cursor at{&listener_->before_routing};
  pipeline::step step;
  if (!run_stages(at, step, respond)) co_await wait_stages(at, step, respond);
  if (!respond) co_return co_await forward();
  // A local answer leaves the request body unread: close rather than read an unknown amount.
  const bool close = b.request.framing != http::body_framing::none || !b.request.keep_alive() || draining_;
  const bool keep = co_await answer_local(ctx.response.status, close);
  if (close) co_await linger_close();
  co_return keep;
}

bool client_session::run_stages(stage_cursor& at, pipeline::step& step, bool& respond) {
  auto& ctx = buf_->ctx;
  while (true) {
    step = at.stages->run(ctx, at.from);
    if (step.result.action == stage_result::kind::delay) return false;
    if (step.result.action == stage_result::kind::pending && ctx.slot) return false;
    if (book_step(at, step, respond)) return true;
  }
}

void client_session::book_ran(const stage_cursor& at, const pipeline::step& step) {
  (at.route_level ? ran_route_ : ran_before_) = step.stopped_at < at.stages->size() ? step.stopped_at + 1 : at.stages->size();
}

bool client_session::book_step(stage_cursor& at, const pipeline::step& step, bool& respond) {
  auto& ctx = buf_->ctx;
  book_ran(at, step);
  switch (step.result.action) {
    case stage_result::kind::respond:
    case stage_result::kind::pending:  // pending without a slot: a stage bug; answer 500
      if (step.result.action == stage_result::kind::pending) {
        ctx.response.status = 500;
        ctx.response.body = http::error_body("stage_error", "a stage went pending without a resume handle");
      }
      respond = true;
      return true;
    case stage_result::kind::delay:  // wait_stages waits first; the pipeline goes on after the stage
      at.from = step.stopped_at + 1;
      return false;
    case stage_result::kind::next:
      if (at.route_level) return true;
      if (!ctx.routed) {  // the routing stage answers 404 itself; this is a wiring bug
        ctx.response.status = 500;
        ctx.response.body = http::error_body("no_routing_stage", "request was not routed");
        respond = true;
        return true;
      }
      route_ = &listener_->route_states[ctx.route_index];
      at = {&route_->stages, true, 0};
      return false;
  }
  return true;
}

awaitable<void> client_session::wait_stages(stage_cursor at, pipeline::step step, bool& respond) {
  auto& ctx = buf_->ctx;
  do {
    if (step.result.action == stage_result::kind::pending) {  // with a slot (run_stages)
      auto slot = ctx.slot;
      auto executor = socket_.get_executor();
      // A named initiation, not a lambda temporary in the co_await expression: GCC 12 destroys
      // such temporaries twice, which released `slot` once too often (ASan: use after free).
      auto initiation = [slot, executor](auto handler) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        slot->wait([h, executor](stage_result r) { asio::post(executor, [h, r]() mutable { (*h)(r); }); });
      };
      step.result =
          co_await asio::async_initiate<decltype(asio::use_awaitable), void(stage_result)>(std::move(initiation), asio::use_awaitable);
      ctx.slot.reset();
    }
    if (step.result.action == stage_result::kind::delay) {
      book_ran(at, step);
      asio::steady_timer timer(socket_.get_executor());
      timer.expires_after(step.result.wait);
      co_await timer.async_wait(nothrow);
      at.from = step.stopped_at + 1;
    } else if (book_step(at, step, respond)) {
      co_return;
    }
  } while (!run_stages(at, step, respond));
}

awaitable<bool> client_session::answer_local(int status, bool close) {
  auto& b = *buf_;
  b.ctx.response.status = status;
  b.ctx.response.headers.insert(b.ctx.response.headers.end(), b.ctx.response_headers.begin(), b.ctx.response_headers.end());
  for (const auto& f : b.ctx.numbers()) b.ctx.response.headers.emplace_back(std::string(f.name), std::to_string(f.value));
  b.out.clear();
  http::write_local_response(b.ctx.response, close, b.ctx.request_id, b.out);
  const bool ok = co_await write_out();
  finish_request(status, true);
  co_return ok && !close;
}

awaitable<bool> client_session::answer_error(http::http_error error) {
  const auto info = http::describe(error);
  auto& r = buf_->ctx.response;
  r.content_type = "application/json";
  r.headers.clear();
  r.body = http::error_body(info.code, info.message);
  co_await answer_local(info.status, true);
  co_await linger_close();
  co_return false;
}

// After an error answer the client may still be sending (a body we refused): closing at once
// would make the kernel send RST and could destroy our answer in flight. Stop writing, read and
// discard for a short while, then close (nginx's lingering_close).
awaitable<void> client_session::linger_close() {
  if (tls_) co_await close_tls();  // before the TCP FIN; reads below just discard raw bytes
  boost::system::error_code ec;
  socket_.shutdown(tcp::socket::shutdown_send, ec);
  if (!buf_) co_return;
  set_deadline(std::chrono::seconds(1), phase::closing);
  std::size_t discarded = 0;
  while (discarded < 256 * 1024) {
    auto [read_ec, n] = co_await socket_.async_read_some(asio::buffer(buf_->up), nothrow);
    if (read_ec) break;
    discarded += n;
  }
  clear_deadline();
}

void client_session::finish_request(int status, bool local) {
  auto& ctx = buf_->ctx;
  ctx.status = status;
  const auto finished = now();
  just_finished_ = finished;
  const auto elapsed = (finished - ctx.timings.received).count();
  auto account = [&](gateway_counters& c) {
    ++c.requests;
    c.count_status(status);
    if (local) ++c.local_responses;
    c.latency.record(elapsed);
  };
  account(w_.overall());
  if (route_) account(w_.route_counters(route_->counter_index));
  if (auto* log = w_.shared().log.get()) {
    const auto* rq = ctx.request;  // null when the head did not parse (the 4xx for it is logged too)
    access_entry e{.listener = listener_->config->name,
                   .route = route_ ? std::string_view(route_->name) : std::string_view{},
                   .method = rq ? rq->method : std::string_view{},
                   .path = rq ? rq->path : std::string_view{},
                   .query = rq ? rq->query : std::string_view{},
                   .client = client_ip_,
                   .request_id = ctx.request_id,
                   .status = status,
                   .local = local,
                   .attempts = ctx.attempts,
                   .duration_ns = elapsed,
                   .finished = finished};
    if (ctx.forwarded && route_) {
      e.backend = gen_->shared->backends[route_->backends[ctx.backend_index]]->name;
      e.instance = static_cast<int>(ctx.instance);
    }
    log->append(w_.index(), e);
  }
  if (route_) route_->stages.finish(ctx, ran_route_);
  listener_->before_routing.finish(ctx, ran_before_);
}

}  // namespace portico::gateway::detail
