// The terminal stage: forwarding one request upstream, with instance choice (weighted split,
// then the route's LB policy per thread), circuit breaker admission, outlier reporting, retries
// under a budget with jittered backoff, and the gateway's own 502/503/504 answers.
#include "gateway/server/client_session.hpp"

#include "core/net/coro.hpp"
#include "core/net/send_now.hpp"
#include "gateway/http/gzip_encoder.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>

namespace portico::gateway::detail {

using asio::awaitable;
using tcp = asio::ip::tcp;
namespace {

struct budget_scope {
  explicit budget_scope(retry_budget& b) : budget(b) { budget.on_request_start(); }
  ~budget_scope() { budget.on_request_end(); }
  budget_scope(const budget_scope&) = delete;
  budget_scope& operator=(const budget_scope&) = delete;
  retry_budget& budget;
};
}  // namespace

struct client_session::attempt_result {
  upstream_outcome outcome;
  bool responded = false;       // the client has its answer (or is gone): nothing more to do
  bool keep_client = false;     // when responded
  bool retry_acquired = false;  // a retryable status; a retry slot is held
};

awaitable<bool> client_session::forward() {
  auto& b = *buf_;
  auto& ctx = b.ctx;
  const auto& rs = *route_;
  const auto& rc = *rs.config;
  auto& route_counters = w_.route_counters(rs.counter_index);
  const bool replayable = b.request.framing == http::body_framing::none;
  auto answer = [&](int status, std::string_view code, std::string_view message) -> awaitable<bool> {
    ctx.response.status = status;
    ctx.response.content_type = "application/json";
    ctx.response.body = http::error_body(code, message);
    // The request body may be partly unread: only a bodyless request keeps the connection.
    const bool close = !replayable || !b.request.keep_alive() || draining_;
    const bool keep = co_await answer_local(status, close);
    if (close) co_await linger_close();
    co_return keep;
  };
  if (const auto upgrade = http::check_websocket_upgrade(b.request); upgrade.kind != http::upgrade_kind::none)
    co_return co_await forward_upgrade(upgrade);
  if (rs.backends.empty()) co_return co_await answer(502, "no_backend", "route has no backend to forward to");

  ctx.backend_index = rs.backends.size() > 1 ? listener_->routes->pick_backend(ctx.route_index, w_.rng().next()) : 0;
  const std::size_t backend_id = rs.backends[ctx.backend_index];
  auto& backend = *gen_->shared->backends[backend_id];
  budget_scope budget(*rs.budget);
  bool body_sent = false;
  compressing_ = rc.compress && b.request.method != "HEAD" && http::accepts_gzip(b.request.get(http::field_kind::accept_encoding));
  ctx.timings.upstream_start = now();
  ctx.forwarded = true;

  for (int attempt_no = 1;; ++attempt_no) {
    const auto pick = pick_instance();
    if (!pick) co_return co_await answer(503, "no_upstream", "backend has no instance");
    ctx.instance = *pick;
    ctx.attempts = attempt_no;
    breaker_permit permit;
    if (backend.breaker) {
      permit = backend.breaker->try_acquire(now());
      if (!permit.allowed()) {
        ++route_counters.rejected_by_breaker;
        ++w_.backend_counters(backend.metric_ids[*pick]).rejected_by_breaker;
        if (attempt_no > 1) rs.budget->release_retry();
        co_return co_await answer(503, "circuit_open", "upstream circuit breaker is open");
      }
    }
    const auto r = co_await attempt(*pick, attempt_no, body_sent);
    if (backend.breaker) backend.breaker->on_result(permit, r.outcome, now());
    if (backend.outliers) backend.outliers->on_result(*pick, r.outcome, now());
    if (attempt_no > 1) rs.budget->release_retry();
    if (r.responded) co_return r.keep_client;

    bool retry = r.retry_acquired;
    if (!retry && (replayable || !body_sent) && rs.retry.max_retries() > 0)
      retry = decide_retry(rs.retry, *rs.budget, b.request.method, r.outcome, attempt_no) == retry_decision::retry;
    if (retry) {
      ++route_counters.retries;
      ++w_.backend_counters(backend.metric_ids[*pick]).retries;
      asio::steady_timer timer(socket_.get_executor());
      timer.expires_after(rs.retry.backoff(attempt_no, w_.rng().next()));
      co_await timer.async_wait(nothrow);
      continue;
    }
    switch (r.outcome.what) {
      case upstream_outcome::kind::timeout:
        ++route_counters.timeouts;
        co_return co_await answer(504, "upstream_timeout", "upstream did not answer in time");
      case upstream_outcome::kind::connect_failure:
        co_return co_await answer(503, "upstream_unavailable", "could not connect to the upstream");
      case upstream_outcome::kind::reset:
      case upstream_outcome::kind::response:
        ++route_counters.upstream_errors;
        co_return co_await answer(502, "bad_gateway", "upstream closed the connection or sent an invalid response");
    }
  }
}

std::optional<std::size_t> client_session::pick_instance() {
  const auto& rs = *route_;
  const auto algorithm = rs.config->lb.algorithm;
  lb_input input;
  if (algorithm == core::lb_algorithm::ring_hash || algorithm == core::lb_algorithm::maglev)
    input.hash = rs.hash.key(client_ip_, buf_->ctx.headers);
  return gen_->lbs[rs.position][buf_->ctx.backend_index]->choose(input);
}

awaitable<client_session::attempt_result> client_session::attempt(std::size_t instance, int attempt_no, bool& body_sent) {
  auto& b = *buf_;
  auto& ctx = b.ctx;
  const auto& rs = *route_;
  const auto& rc = *rs.config;
  auto& shared = w_.shared();
  const std::size_t backend_id = rs.backends[ctx.backend_index];
  auto& backend = *gen_->shared->backends[backend_id];
  auto& pool = (*gen_->pools[backend_id])[instance];
  auto& bc = w_.backend_counters(backend.metric_ids[instance]);
  outstanding_guard outstanding(*backend.hosts, instance);
  const auto started = attempt_no == 1 ? ctx.timings.upstream_start : now();  // the first follows at once
  const auto attempt_deadline = started + rc.timeout;
  const bool replayable = b.request.framing == http::body_framing::none;
  const bool head_request = b.request.method == "HEAD";
  attempt_result res;
  ++bc.requests;
  auto fail = [&](upstream_outcome::kind k) {
    res.outcome = upstream_outcome::of(timed_out_ ? upstream_outcome::kind::timeout : k);
    if (res.outcome.what == upstream_outcome::kind::timeout) ++bc.timeouts;
    ++bc.upstream_errors;
    if (res.outcome.what == upstream_outcome::kind::connect_failure) ++bc.connect_failures;
    upstream_.reset();
  };

  // A pooled connection may have been closed by the upstream meanwhile; when it fails before any
  // response byte and the request can be replayed, the exchange is repeated once on a new one.
  for (int fresh = 0;; ++fresh) {
    timed_out_ = false;
    const bool reused = fresh == 0 && (upstream_ = pool.take_idle()) != nullptr;
    if (reused) {
      ++bc.connections_reused;
    } else {
      upstream_ = pool.make();
      set_deadline(std::min(backend.config.connect_timeout, rc.timeout), phase::upstream);
      auto [ec] = co_await upstream_->socket.async_connect(pool.endpoint(), nothrow);
      if (ec) {
        if (timed_out_) timed_out_ = false;  // a connect that times out is a connect failure
        fail(upstream_outcome::kind::connect_failure);
        co_return res;
      }
      boost::system::error_code ignored;
      upstream_->socket.set_option(tcp::no_delay(true), ignored);
      upstream_->socket.non_blocking(true, ignored);  // for net::send_now
      ++bc.connections_created;
    }
    phase_ = phase::upstream;
    deadline_ = attempt_deadline;
    has_deadline_ = true;

    b.out.clear();
    std::string authority;  // only for an HTTP/1.0 request without Host (rare): the instance's address
    if (b.request.host.empty()) {
      const auto& ep = pool.endpoint();
      const auto ip = ep.address().to_string();
      authority = (ep.address().is_v6() ? "[" + ip + "]" : ip) + ":" + std::to_string(ep.port());
    }
    http::write_upstream_request_head(
        b.request, {.path = ctx.upstream_path, .query = b.request.query, .client_ip = client_ip_, .request_id = ctx.request_id,
                     .extra = &ctx.upstream_headers, .compressing = compressing_, .tls = ctx.tls, .authority = authority}, b.out);
    std::size_t body_now = 0;
    if (b.request.framing == http::body_framing::content_length)
      body_now = static_cast<std::size_t>(std::min<std::uint64_t>(b.in_end - b.in_begin, b.request.content_length));
    std::array<asio::const_buffer, 2> head_and_body{asio::buffer(b.out), asio::buffer(b.in.data() + b.in_begin, body_now)};
    auto wec = net::send_now(upstream_->socket, head_and_body);
    if (!wec && net::unsent(head_and_body) > 0)
      std::tie(wec, std::ignore) = co_await asio::async_write(upstream_->socket, head_and_body, nothrow);
    if (wec) {
      if (reused && !timed_out_) continue;  // nothing consumed yet: replay on a fresh connection
      fail(upstream_outcome::kind::reset);
      co_return res;
    }
    b.out.clear();
    b.in_begin += body_now;
    if (b.request.framing != http::body_framing::none) {
      body_sent = true;
      http::http_error client_error = http::http_error::none;
      const auto st = co_await send_request_body(*upstream_, body_now, client_error);
      if (st == body_status::client_gone || st == body_status::client_error) {
        upstream_.reset();  // the upstream saw an incomplete message: never reuse
        res.outcome = upstream_outcome::of(upstream_outcome::kind::reset);
        res.responded = true;
        if (st == body_status::client_error) co_await answer_error(client_error);
        co_return res;
      }
      if (st == body_status::upstream_error) {
        fail(upstream_outcome::kind::reset);
        co_return res;
      }
    }

    // The response head; 1xx interim responses are skipped (the proxy answers Expect itself).
    b.up_begin = b.up_end = 0;
    bool stale = false;
    while (true) {
      const auto r = http::parse_response({b.up.data() + b.up_begin, b.up_end - b.up_begin}, shared.limits, head_request, b.response);
      if (r.state == http::parse_state::complete) {
        if (b.response.status >= 100 && b.response.status < 200 && b.response.status != 101) {
          b.up_begin += b.response.head_bytes;
          continue;
        }
        if (b.response.status == 101) {
          fail(upstream_outcome::kind::reset);
          co_return res;
        }
        break;
      }
      if (r.state == http::parse_state::error) {
        fail(upstream_outcome::kind::reset);
        co_return res;
      }
      bool got = false;
      if (const auto room = up_room(); room.size() > 0) {
        auto [ec, n] = co_await read_up(*upstream_, room);
        got = took_up(ec, n);
      }
      if (!got) {
        stale = reused && !timed_out_ && b.up_end == 0 && replayable;
        if (!stale) {
          fail(upstream_outcome::kind::reset);
          co_return res;
        }
        break;
      }
    }
    if (stale) continue;
    break;
  }

  ctx.timings.upstream_head = now();
  bc.latency.record((ctx.timings.upstream_head - started).count());
  bc.count_status(b.response.status);
  res.outcome = upstream_outcome::ok(b.response.status);
  if (replayable && rs.retry.max_retries() > 0 &&
      std::find(rc.retries.on_status.begin(), rc.retries.on_status.end(), b.response.status) != rc.retries.on_status.end() &&
      decide_retry(rs.retry, *rs.budget, b.request.method, res.outcome, attempt_no) == retry_decision::retry) {
    upstream_.reset();  // not draining an unwanted body: a new connection is cheaper
    res.retry_acquired = true;
    co_return res;
  }
  bool upstream_clean = false;
  res.keep_client = co_await relay_response(*upstream_, upstream_clean);
  if (upstream_clean) {
    ++upstream_->requests;
    pool.give_back(std::move(upstream_));
  }
  upstream_.reset();
  res.responded = true;
  co_return res;
}

}  // namespace portico::gateway::detail
