// Streaming bodies through the proxy with bounded buffers: request bodies client -> upstream,
// response bodies upstream -> client. Backpressure is structural: the next read from one side
// starts only after the write to the other side completed, so at most one buffer per direction
// is in flight. Chunked bodies are decoded strictly and re-encoded (extensions and trailers
// dropped), so the receiver sees only canonical framing.
#include "gateway/server/client_session.hpp"

#include "core/net/coro.hpp"
#include "core/net/drain_aware_read.hpp"
#include "core/net/send_now.hpp"
#include "gateway/http/chunked_decoder.hpp"
#include "gateway/http/gzip_encoder.hpp"

#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <tuple>

namespace portico::gateway::detail {

using asio::awaitable;
namespace {
constexpr std::size_t flush_bytes = 16 * 1024;

}  // namespace

awaitable<bool> client_session::write_client(const char* data, std::size_t n) {
  set_deadline(w_.shared().timeouts.idle_timeout, phase::respond);
  if (tls_) {
    auto [ec, written] = co_await tls_->write(asio::buffer(data, n));
    co_return !ec;
  }
  std::array<asio::const_buffer, 1> bufs{asio::buffer(data, n)};
  auto ec = net::send_now(socket_, bufs);
  if (!ec && net::unsent(bufs) > 0) std::tie(ec, std::ignore) = co_await asio::async_write(socket_, bufs, nothrow);
  co_return !ec;
}

awaitable<bool> client_session::write_to(asio::ip::tcp::socket& s, const char* data, std::size_t n, phase p) {
  const auto& rc = *route_->config;
  set_deadline(p == phase::upstream ? rc.timeout : w_.shared().timeouts.idle_timeout, p);
  std::array<asio::const_buffer, 1> bufs{asio::buffer(data, n)};
  auto ec = net::send_now(s, bufs);
  if (!ec && net::unsent(bufs) > 0) std::tie(ec, std::ignore) = co_await asio::async_write(s, bufs, nothrow);
  co_return !ec;
}

asio::mutable_buffer client_session::up_room() {
  auto& b = *buf_;
  if (b.up_end == b.up.size() && b.up_begin > 0) {
    std::memmove(b.up.data(), b.up.data() + b.up_begin, b.up_end - b.up_begin);
    b.up_end -= b.up_begin;
    b.up_begin = 0;
  }
  return asio::buffer(b.up.data() + b.up_end, b.up.size() - b.up_end);
}

// Not a coroutine: returns the read's own awaitable.
awaitable<std::tuple<boost::system::error_code, std::size_t>> client_session::read_up(upstream_connection& up,
                                                                                       asio::mutable_buffer room) {
  phase_ = phase::upstream;
  return net::async_read_some_drain_aware(up.socket, room, nothrow);
}

bool client_session::took_up(const boost::system::error_code& ec, std::size_t n) noexcept {
  if (ec) return false;
  buf_->up_end += n;
  return true;
}

awaitable<bool> client_session::read_more_up(upstream_connection& up) {
  const auto room = up_room();
  if (room.size() == 0) co_return false;
  auto [ec, n] = co_await read_up(up, room);
  co_return took_up(ec, n);
}

awaitable<client_session::body_status> client_session::send_request_body(upstream_connection& up, std::uint64_t already_sent,
                                                                         http::http_error& client_error) {
  auto& b = *buf_;
  const auto& limits = w_.shared().timeouts;
  auto read_client = [&]() -> awaitable<bool> {
    if (b.request.expect_continue && !continue_sent_ && b.request.version >= 11) {
      continue_sent_ = true;  // RFC 9110 §10.1.1: the proxy answers Expect itself
      static constexpr std::string_view interim = "HTTP/1.1 100 Continue\r\n\r\n";
      if (!co_await write_client(interim.data(), interim.size())) co_return false;
    }
    set_deadline(limits.idle_timeout, phase::body);
    co_return co_await read_more_in();
  };

  if (b.request.framing == http::body_framing::content_length) {
    std::uint64_t remaining = b.request.content_length - already_sent;
    while (remaining > 0) {
      b.in_begin = b.in_end = body_floor_;
      if (!co_await read_client()) co_return body_status::client_gone;
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(b.in_end - b.in_begin, remaining));
      if (!co_await write_to(up.socket, b.in.data() + b.in_begin, n, phase::upstream)) co_return body_status::upstream_error;
      b.in_begin += n;
      remaining -= n;
    }
    co_return body_status::ok;
  }

  http::chunked_decoder decoder(w_.shared().limits.max_body_bytes);
  while (true) {
    bool finished = false;
    while (!finished) {
      const auto step = decoder.next({b.in.data() + b.in_begin, b.in_end - b.in_begin});
      b.in_begin += step.consumed;
      switch (step.kind) {
        case http::chunk_step::bytes:
          http::append_chunk(b.out, step.data);
          if (b.out.size() >= flush_bytes) {
            if (!co_await write_to(up.socket, b.out.data(), b.out.size(), phase::upstream)) co_return body_status::upstream_error;
            b.out.clear();
          }
          break;
        case http::chunk_step::done:
          b.out.append("0\r\n\r\n");
          finished = true;
          break;
        case http::chunk_step::failed:
          client_error = step.error_code;
          co_return body_status::client_error;
        case http::chunk_step::need_more:
          finished = true;
          break;
      }
    }
    if (!b.out.empty()) {
      if (!co_await write_to(up.socket, b.out.data(), b.out.size(), phase::upstream)) co_return body_status::upstream_error;
      b.out.clear();
    }
    if (decoder.done()) co_return body_status::ok;
    // Keep the unconsumed partial line, at the start of the body area.
    const std::size_t left = b.in_end - b.in_begin;
    std::memmove(b.in.data() + body_floor_, b.in.data() + b.in_begin, left);
    b.in_begin = body_floor_;
    b.in_end = body_floor_ + left;
    if (b.in_end == b.in.size()) {
      client_error = http::http_error::bad_chunk_size;
      co_return body_status::client_error;
    }
    if (!co_await read_client()) co_return body_status::client_gone;
  }
}

awaitable<bool> client_session::relay_response(upstream_connection& up, bool& upstream_clean) {
  auto& b = *buf_;
  auto& ctx = b.ctx;
  const auto& resp = b.response;
  const int status = resp.status;
  const auto framing = resp.framing;
  const bool keep = b.request.keep_alive() && !draining_ && framing != http::body_framing::until_close;
  http::client_response how;
  how.close = !keep;
  how.http10_keep_alive = keep && b.request.version < 11;
  how.chunked = framing == http::body_framing::chunked;
  how.request_id = ctx.request_id;
  const bool compress = compressing_ && framing != http::body_framing::none && resp.status == 200 &&
                        resp.get("content-encoding").empty() && http::compressible_type(resp.get("content-type"));
  if (compress) {
    how.chunked = true;
    how.drop_content_length = true;
    how.content_encoding = "gzip";
  }
  upstream_clean = resp.keep_alive() && framing != http::body_framing::until_close;
  how.extra = &ctx.response_headers;  // stage-added fields
  how.numbers = ctx.numbers();
  b.out.clear();
  http::write_client_response_head(resp, how, b.out);
  if (compress) b.out.insert(b.out.size() - 2, "Vary: Accept-Encoding\r\n");
  b.up_begin += resp.head_bytes;
  bool client_ok = true;
  if (compress) {
    client_ok = co_await relay_compressed(up, upstream_clean);
    finish_request(status, false);
    co_return client_ok && keep;
  }

  if (framing == http::body_framing::none || framing == http::body_framing::content_length ||
      framing == http::body_framing::until_close) {
    const bool until_close = framing == http::body_framing::until_close;
    std::uint64_t remaining = framing == http::body_framing::content_length ? resp.content_length : 0;
    std::size_t n = b.up_end - b.up_begin;
    if (!until_close) n = static_cast<std::size_t>(std::min<std::uint64_t>(n, remaining));
    std::array<asio::const_buffer, 2> first{asio::buffer(b.out), asio::buffer(b.up.data() + b.up_begin, n)};
    set_deadline(w_.shared().timeouts.idle_timeout, phase::respond, ctx.timings.upstream_head);  // read just now
    boost::system::error_code wec;
    if (tls_) {
      std::tie(wec, std::ignore) = co_await tls_->write(first[0], first[1]);
    } else {
      wec = net::send_now(socket_, first);
      if (!wec && net::unsent(first) > 0) std::tie(wec, std::ignore) = co_await asio::async_write(socket_, first, nothrow);
    }
    client_ok = !wec;
    b.out.clear();
    b.up_begin += n;
    remaining -= until_close ? 0 : n;
    if (b.up_begin != b.up_end) upstream_clean = false;  // bytes beyond the declared length
    while (client_ok && (until_close || remaining > 0)) {
      b.up_begin = b.up_end = 0;
      set_deadline(route_->config->timeout, phase::upstream);
      if (!co_await read_more_up(up)) {
        upstream_clean = false;
        if (!until_close) client_ok = false;  // truncated: the client must see the connection end
        break;
      }
      std::size_t got = b.up_end;
      if (!until_close && got > remaining) {
        got = static_cast<std::size_t>(remaining);
        upstream_clean = false;
      }
      client_ok = co_await write_client(b.up.data(), got);
      remaining -= until_close ? 0 : got;
    }
  } else {  // chunked
    http::chunked_decoder decoder(UINT64_MAX / 2);
    while (client_ok) {
      bool need_more = false;
      while (!need_more && !decoder.done()) {
        const auto step = decoder.next({b.up.data() + b.up_begin, b.up_end - b.up_begin});
        b.up_begin += step.consumed;
        if (step.kind == http::chunk_step::bytes) http::append_chunk(b.out, step.data);
        else if (step.kind == http::chunk_step::done) b.out.append("0\r\n\r\n");
        else if (step.kind == http::chunk_step::need_more) need_more = true;
        else {
          client_ok = upstream_clean = false;  // malformed upstream body: truncate, close both
          break;
        }
        if (b.out.size() >= flush_bytes) break;
      }
      if (!b.out.empty() && client_ok) {
        client_ok = co_await write_client(b.out.data(), b.out.size());
        b.out.clear();
      }
      if (!client_ok || decoder.done()) break;
      if (need_more && !co_await read_more_up(up)) {
        client_ok = upstream_clean = false;
        break;
      }
    }
    if (b.up_begin != b.up_end) upstream_clean = false;
  }
  finish_request(status, false);
  co_return client_ok && keep;
}

}  // namespace portico::gateway::detail
