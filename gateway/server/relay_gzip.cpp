// Response compression offload (route_config::compress): the upstream body is decoded from
// whatever framing it has (Content-Length, chunked, until close), gzipped as it streams, and sent
// to the client chunked. Memory stays bounded: one zlib stream and the connection's buffers.
#include "gateway/server/client_session.hpp"

#include "gateway/http/chunked_decoder.hpp"
#include "gateway/http/gzip_encoder.hpp"

#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <optional>

namespace portico::gateway::detail {

namespace asio = boost::asio;
using asio::awaitable;

awaitable<bool> client_session::relay_compressed(upstream_connection& up, bool& upstream_clean) {
  auto& b = *buf_;
  const auto framing = b.response.framing;
  std::uint64_t remaining = b.response.content_length;
  http::gzip_encoder gzip;
  std::string compressed;
  auto emit = [&](std::string_view data) {
    compressed.clear();
    gzip.write(data, compressed);
    http::append_chunk(b.out, compressed);
  };
  auto flush = [&]() -> awaitable<bool> {
    const bool ok = b.out.empty() || co_await write_client(b.out.data(), b.out.size());
    b.out.clear();
    co_return ok;
  };
  std::optional<http::chunked_decoder> decoder;
  if (framing == http::body_framing::chunked) decoder.emplace(UINT64_MAX / 2);
  bool done = false;
  while (!done) {
    const std::string_view avail{b.up.data() + b.up_begin, b.up_end - b.up_begin};
    bool need_more = true;
    if (framing == http::body_framing::content_length) {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(avail.size(), remaining));
      emit(avail.substr(0, n));
      b.up_begin += n;
      remaining -= n;
      done = remaining == 0;
      if (done && b.up_begin != b.up_end) upstream_clean = false;
    } else if (decoder) {
      while (true) {
        const auto step = decoder->next({b.up.data() + b.up_begin, b.up_end - b.up_begin});
        b.up_begin += step.consumed;
        if (step.kind == http::chunk_step::bytes) {
          emit(step.data);
          continue;
        }
        if (step.kind == http::chunk_step::failed) {
          upstream_clean = false;
          co_return false;
        }
        done = step.kind == http::chunk_step::done;
        break;
      }
    } else {  // until close
      emit(avail);
      b.up_begin = b.up_end;
    }
    if (b.out.size() >= 16 * 1024 || done) {
      if (done) {
        compressed.clear();
        gzip.finish(compressed);
        http::append_chunk(b.out, compressed);
        b.out.append("0\r\n\r\n");
      }
      if (!co_await flush()) co_return false;
    }
    if (done || !need_more) continue;
    if (b.up_begin == b.up_end) b.up_begin = b.up_end = 0;
    set_deadline(route_->config->timeout, phase::upstream);
    if (!co_await read_more_up(up)) {
      upstream_clean = false;
      if (framing != http::body_framing::until_close) co_return false;
      done = true;  // the end of a close-delimited body
      compressed.clear();
      gzip.finish(compressed);
      http::append_chunk(b.out, compressed);
      b.out.append("0\r\n\r\n");
      co_return co_await flush();
    }
  }
  co_return true;
}

}  // namespace portico::gateway::detail
