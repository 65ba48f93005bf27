#include "gateway/patterns/span_post.hpp"

#include "core/net/endpoint.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <stdexcept>

namespace portico::gateway::patterns {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct span_poster::impl {
  asio::io_context ioc{1};
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  asio::ip::tcp::endpoint endpoint;
  std::string host, target;
  std::chrono::nanoseconds timeout{};
  bool connected = false;

  // Runs one asynchronous step to completion on this thread, under the deadline.
  template <class Start>
  beast::error_code run(Start&& start) {
    beast::error_code result = asio::error::would_block;
    stream.expires_after(timeout);
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  void close() {
    beast::error_code ignored;
    stream.socket().close(ignored);
    buffer.clear();
    connected = false;
  }
};

namespace {

std::string describe(const char* step, const beast::error_code& ec) {
  return std::string(step) + ": " + (ec == beast::error::timeout ? std::string("timed out") : ec.message());
}

}  // namespace

span_poster::span_poster(const std::string& url, std::chrono::nanoseconds timeout) : url_(url), impl_(std::make_unique<impl>()) {
  constexpr std::string_view scheme = "http://";
  if (url.rfind(scheme, 0) != 0) throw std::invalid_argument("span export endpoint: only http://IP:PORT/PATH URLs: " + url);
  const std::string rest = url.substr(scheme.size());
  const auto slash = rest.find('/');
  impl_->host = rest.substr(0, slash);
  impl_->target = slash == std::string::npos ? "/" : rest.substr(slash);
  const auto endpoint = net::parse_endpoint(impl_->host);
  if (!endpoint) throw std::invalid_argument("span export endpoint: expected an IP address and port: " + url);
  impl_->endpoint = *endpoint;
  impl_->timeout = timeout;
}

span_poster::~span_poster() = default;

post_result span_poster::post(std::string_view json_body) {
  auto& s = *impl_;
  http::request<http::string_body> request{http::verb::post, s.target, 11};
  request.set(http::field::host, s.host);
  request.set(http::field::content_type, "application/json");
  request.body().assign(json_body);
  request.prepare_payload();

  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = s.connected;
    if (!s.connected) {
      if (const auto ec = s.run([&](auto handler) { s.stream.async_connect(s.endpoint, std::move(handler)); })) {
        s.close();
        return {0, describe("connect", ec)};
      }
      s.connected = true;
    }
    if (const auto ec = s.run([&](auto handler) { http::async_write(s.stream, request, std::move(handler)); })) {
      s.close();
      if (reused && ec != beast::error::timeout) continue;  // the collector closed the idle connection
      return {0, describe("write", ec)};
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(1 << 20);
    if (const auto ec = s.run([&](auto handler) { http::async_read(s.stream, s.buffer, parser, std::move(handler)); })) {
      s.close();
      if (reused && (ec == http::error::end_of_stream || ec == asio::error::connection_reset)) continue;
      return {0, describe("read", ec)};
    }
    const auto& response = parser.get();
    if (!response.keep_alive()) s.close();
    const int status = static_cast<int>(response.result_int());
    if (status / 100 == 2) return {status, {}};
    return {status, "HTTP " + std::to_string(status)};
  }
  return {0, "connection closed by the collector"};
}

}  // namespace portico::gateway::patterns
