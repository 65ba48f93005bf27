// WebSocket proxying (RFC 6455 through an HTTP/1.1 proxy, RFC 9110 §7.8). The handshake is routed
// like any request: routing, the listener's and the route's stages (auth, rate limit) and the LB
// choice happened before the forwarder hands it here. It goes to the backend on a fresh
// connection, never a pooled one, since after a 101 the connection belongs to the tunnel for good.
// When the backend accepts, the proxy relays bytes, not messages: frames pass unmodified (masking,
// fragmentation, extensions such as permessage-deflate stay end to end), each chunk costs one read
// and one write and is only scanned for frame headers, to count them. A side's FIN is passed on as
// a half-close (the close handshake ends with the server's FIN, RFC 6455 §7.1.1); an error on
// either side, the route's idle timeout or the gateway's shutdown close both.
#include "gateway/server/client_session.hpp"

#include "core/net/coro.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <iostream>

namespace portico::gateway::detail {

using asio::awaitable;
using tcp = asio::ip::tcp;

awaitable<bool> client_session::forward_upgrade(const http::upgrade_check& check) {
  auto& b = *buf_;
  auto& ctx = b.ctx;
  const auto& rs = *route_;
  const auto& rc = *rs.config;
  compressing_ = false;
  counter_set counters{&w_.overall(), &w_.route_counters(rs.counter_index), nullptr};
  auto refuse = [&](int status, std::string_view code, std::string_view message) -> awaitable<bool> {
    for (auto* c : counters)
      if (c) ++c->ws_refused;
    ctx.response.status = status;
    ctx.response.content_type = "application/json";
    ctx.response.body = http::error_body(code, message);
    if (status == 426) ctx.response.headers.emplace_back("Sec-WebSocket-Version", "13");  // RFC 6455 §4.4
    const bool close = b.request.framing != http::body_framing::none || !b.request.keep_alive() || draining_;
    const bool keep = co_await answer_local(status, close);
    if (close) co_await linger_close();
    co_return keep;
  };
  // Refused with 403 rather than forwarded without its Upgrade (which RFC 9110 would allow): a
  // client that asked for a WebSocket learns at once that this route does not tunnel (Envoy does
  // the same for upgrades a route does not enable).
  if (!rc.websocket.enabled) co_return co_await refuse(403, "websocket_not_allowed", "this route does not accept WebSocket upgrades");
  if (check.kind == http::upgrade_kind::invalid) co_return co_await refuse(check.status, check.code, check.reason);
  if (rs.backends.empty()) co_return co_await refuse(502, "no_backend", "route has no backend to forward to");

  ctx.backend_index = rs.backends.size() > 1 ? listener_->routes->pick_backend(ctx.route_index, w_.rng().next()) : 0;
  const std::size_t backend_id = rs.backends[ctx.backend_index];
  auto& backend = *gen_->shared->backends[backend_id];
  const auto pick = pick_instance();
  if (!pick) co_return co_await refuse(503, "no_upstream", "backend has no instance");
  ctx.instance = *pick;
  ctx.attempts = 1;
  ctx.forwarded = true;
  ctx.timings.upstream_start = now();
  auto& bc = w_.backend_counters(backend.metric_ids[*pick]);
  counters[2] = &bc;
  breaker_permit permit;
  if (backend.breaker) {
    permit = backend.breaker->try_acquire(now());
    if (!permit.allowed()) {
      ++counters[1]->rejected_by_breaker;
      ++bc.rejected_by_breaker;
      co_return co_await refuse(503, "circuit_open", "upstream circuit breaker is open");
    }
  }
  // A tunnel counts as outstanding on its instance while it lasts: least_request then spreads
  // long-lived sockets, not just handshakes.
  outstanding_guard outstanding(*backend.hosts, *pick);
  auto report = [&](upstream_outcome o) {
    if (backend.breaker) backend.breaker->on_result(permit, o, now());
    if (backend.outliers) backend.outliers->on_result(*pick, o, now());
  };
  auto fail = [&](upstream_outcome::kind k) -> awaitable<bool> {
    const auto o = upstream_outcome::of(timed_out_ ? upstream_outcome::kind::timeout : k);
    report(o);
    upstream_.reset();
    ++bc.upstream_errors;
    if (o.what == upstream_outcome::kind::connect_failure) {
      ++bc.connect_failures;
      co_return co_await refuse(503, "upstream_unavailable", "could not connect to the upstream");
    }
    if (o.what == upstream_outcome::kind::timeout) {
      ++bc.timeouts;
      ++counters[1]->timeouts;
      co_return co_await refuse(504, "upstream_timeout", "upstream did not answer the WebSocket handshake in time");
    }
    ++counters[1]->upstream_errors;
    co_return co_await refuse(502, "bad_gateway", "upstream closed the connection or did not answer the handshake validly");
  };

  ++bc.requests;
  auto& pool = (*gen_->pools[backend_id])[*pick];
  const auto started = now();
  upstream_ = pool.make();
  timed_out_ = false;
  set_deadline(std::min(backend.config.connect_timeout, rc.timeout), phase::upstream);
  auto [cec] = co_await upstream_->socket.async_connect(pool.endpoint(), nothrow);
  if (cec) {
    timed_out_ = false;  // a connect that times out is a connect failure
    co_return co_await fail(upstream_outcome::kind::connect_failure);
  }
  boost::system::error_code ignored;
  upstream_->socket.set_option(tcp::no_delay(true), ignored);
  ++bc.connections_created;
  set_deadline(rc.timeout, phase::upstream);

  // Client bytes after the head stay in b.in: the client must wait for the 101 (RFC 6455 §4.1),
  // and if the backend refuses they are the client's next request, not tunnel data.
  b.out.clear();
  http::write_upstream_request_head(
      b.request, {.path = ctx.upstream_path, .query = b.request.query, .client_ip = client_ip_, .request_id = ctx.request_id,
                     .extra = &ctx.upstream_headers, .websocket = true, .tls = ctx.tls}, b.out);
  auto [wec, wn] = co_await asio::async_write(upstream_->socket, asio::buffer(b.out), nothrow);
  b.out.clear();
  if (wec) co_return co_await fail(upstream_outcome::kind::reset);
  b.up_begin = b.up_end = 0;
  while (true) {
    const auto r = http::parse_response({b.up.data() + b.up_begin, b.up_end - b.up_begin}, w_.shared().limits, false, b.response);
    if (r.state == http::parse_state::complete) {
      if (b.response.status >= 100 && b.response.status < 200 && b.response.status != 101) {
        b.up_begin += b.response.head_bytes;  // interim (102, 103): not passed on
        continue;
      }
      break;
    }
    if (r.state == http::parse_state::error) co_return co_await fail(upstream_outcome::kind::reset);
    if (!co_await read_more_up(*upstream_)) co_return co_await fail(upstream_outcome::kind::reset);
  }
  ctx.timings.upstream_head = now();
  bc.latency.record((ctx.timings.upstream_head - started).count());
  bc.count_status(b.response.status);
  if (b.response.status == 101 && !http::accepts_websocket(b.response)) co_return co_await fail(upstream_outcome::kind::reset);
  report(upstream_outcome::ok(b.response.status));
  if (b.response.status != 101) {  // the backend declined: its answer is the client's answer
    for (auto* c : counters) ++c->ws_refused;
    bool unused_clean = false;  // opened for a tunnel: never pooled
    const bool keep = co_await relay_response(*upstream_, unused_clean);
    upstream_.reset();
    co_return keep;
  }

  http::client_response how;
  how.websocket = true;
  how.request_id = ctx.request_id;
  how.extra = &ctx.response_headers;
  how.numbers = ctx.numbers();
  b.out.clear();
  http::write_client_response_head(b.response, how, b.out);
  b.up_begin += b.response.head_bytes;  // what follows are frames the backend sent right away
  set_deadline(rc.websocket.idle_timeout, phase::tunnel);
  auto [hec, hn] = co_await asio::async_write(socket_, asio::buffer(b.out), nothrow);
  b.out.clear();
  finish_request(101, false);  // the handshake is the request (access log, latency, stages)
  if (hec) {
    upstream_.reset();
    co_return false;
  }
  for (auto* c : counters) {
    ++c->ws_upgrades;
    ++c->ws_active;
  }
  co_await splice(counters);
  for (auto* c : counters) {
    --c->ws_active;
    if (timed_out_) ++c->ws_idle_closes;
  }
  clear_deadline();
  upstream_.reset();
  co_return false;  // the client connection was the tunnel's: it ends with it
}

// Both directions at once: upstream -> client in a spawned coroutine on this thread, client ->
// upstream here; returns when both ended.
awaitable<void> client_session::splice(const counter_set& counters) {
  auto& b = *buf_;
  struct join_state {
    explicit join_state(const asio::any_io_executor& ex) : wake(ex) {}
    bool done = false;
    asio::steady_timer wake;
  };
  auto join = std::make_shared<join_state>(socket_.get_executor());
  auto down = pump(upstream_->socket, socket_, b.up, b.up_begin, b.up_end, false, counters);
  auto on_done = [self = shared_from_this(), join](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& x) {
        std::cerr << "portico gateway: tunnel ended by exception: " << x.what() << "\n";
      }
    }
    join->done = true;
    join->wake.cancel();
  };
  asio::co_spawn(socket_.get_executor(), std::move(down), std::move(on_done));
  co_await pump(socket_, upstream_->socket, b.in, b.in_begin, b.in_end, true, counters);
  if (!join->done) {
    join->wake.expires_at(asio::steady_timer::time_point::max());
    co_await join->wake.async_wait(nothrow);
  }
}

void client_session::close_tunnel() {
  boost::system::error_code ignored;
  socket_.cancel(ignored);
  if (upstream_) upstream_->socket.cancel(ignored);
}

// Relays `from` -> `to` starting with buffer[begin, end) (bytes already read), until end of
// stream (passed on as a half-close) or an error (which closes both sides, ending the other pump).
awaitable<void> client_session::pump(tcp::socket& from, tcp::socket& to, std::vector<char>& buffer, std::size_t begin, std::size_t end,
                                     bool to_upstream, const counter_set& counters) {
  http::frame_counter frames;
  const auto idle = route_->config->websocket.idle_timeout;
  while (true) {
    if (end > begin) {
      const std::size_t n = end - begin;
      const auto seen = frames.frames();
      frames.feed({buffer.data() + begin, n});
      for (auto* c : counters) {
        (to_upstream ? c->ws_bytes_to_upstream : c->ws_bytes_to_client) += n;
        (to_upstream ? c->ws_frames_to_upstream : c->ws_frames_to_client) += frames.frames() - seen;
      }
      auto [wec, written] = co_await asio::async_write(to, asio::buffer(buffer.data() + begin, n), nothrow);
      if (wec) break;
      set_deadline(idle, phase::tunnel);
    }
    auto [rec, got] = co_await from.async_read_some(asio::buffer(buffer), nothrow);
    if (rec == asio::error::eof) {
      boost::system::error_code ignored;
      to.shutdown(tcp::socket::shutdown_send, ignored);
      co_return;
    }
    if (rec) break;
    set_deadline(idle, phase::tunnel);
    begin = 0;
    end = got;
  }
  boost::system::error_code ignored;
  from.cancel(ignored);
  to.cancel(ignored);
  from.shutdown(tcp::socket::shutdown_both, ignored);
  to.shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace portico::gateway::detail
