#pragma once
// A blocking HTTP/1.1 test client over loopback with a deadline on every read, for integration
// tests that need to see exactly what a server sends (including broken responses, resets and
// connections that never answer). Header-only; includes Beast (tests only).
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <poll.h>
#include <sys/socket.h>

#include <chrono>
#include <string>
#include <string_view>

namespace portico::testing {

struct http_result {
  enum class outcome { response, timeout, closed, reset, bad_response };
  outcome what = outcome::timeout;
  int status = 0;
  std::string body;
  boost::beast::http::fields headers;
  bool ok() const { return what == outcome::response; }
  std::string header(std::string_view name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string{} : std::string(it->value());
  }
};

// The message a parser completed, as a response outcome (shared with tls_client).
inline http_result finished_response(boost::beast::http::response_parser<boost::beast::http::string_body>& parser) {
  auto message = parser.release();
  http_result result;
  result.what = http_result::outcome::response;
  result.status = static_cast<int>(message.result_int());
  result.body = std::move(message.body());
  result.headers = std::move(message.base());
  return result;
}

class http_connection {
 public:
  explicit http_connection(const boost::asio::ip::tcp::endpoint& endpoint,
                           std::chrono::milliseconds timeout = std::chrono::seconds(5))
      : socket_(context_), timeout_(timeout) {
    socket_.connect(endpoint);
    socket_.set_option(boost::asio::ip::tcp::no_delay(true));
  }

  void send(std::string_view bytes) {
    boost::system::error_code ignored;
    boost::asio::write(socket_, boost::asio::buffer(bytes), ignored);
  }

  // Reads one response (bytes left over stay buffered for the next call).
  http_result read_response(bool head_request = false) {
    boost::beast::http::response_parser<boost::beast::http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head_request);
    parser.eager(true);
    http_result result;
    auto deadline = std::chrono::steady_clock::now() + timeout_;
    while (true) {
      if (!pending_.empty()) {
        boost::system::error_code ec;
        auto used = parser.put(boost::asio::buffer(pending_), ec);
        pending_.erase(0, used);
        if (ec && ec != boost::beast::http::error::need_more) {
          result.what = http_result::outcome::bad_response;
          return result;
        }
        if (parser.is_done()) break;
        if (used > 0 && !pending_.empty()) continue;
      }
      auto got = receive(deadline);
      if (got == received::data) continue;
      if (got == received::eof) {
        boost::system::error_code ec;
        parser.put_eof(ec);
        if (!ec && parser.is_done()) break;
      }
      result.what = got == received::eof ? http_result::outcome::closed
                    : got == received::reset ? http_result::outcome::reset
                                             : http_result::outcome::timeout;
      return result;
    }
    return finished_response(parser);
  }

  http_result request(std::string_view method, std::string_view target, std::string_view extra_headers = {},
                      std::string_view body = {}) {
    std::string text = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n";
    text += extra_headers;
    if (!body.empty() || method == "POST") text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    text += "\r\n";
    text += body;
    send(text);
    return read_response(method == "HEAD");
  }

  // Everything until the peer closes or the deadline; `how` tells which ended it.
  std::string read_until_close(http_result::outcome& how) {
    auto deadline = std::chrono::steady_clock::now() + timeout_;
    while (true) {
      auto got = receive(deadline);
      if (got == received::data) continue;
      how = got == received::eof ? http_result::outcome::closed
            : got == received::reset ? http_result::outcome::reset
                                     : http_result::outcome::timeout;
      return std::exchange(pending_, {});
    }
  }

  // True if the server closed (FIN or RST) before the deadline, without sending anything more.
  bool closed_by_peer() {
    http_result::outcome how;
    auto rest = read_until_close(how);
    return rest.empty() && how != http_result::outcome::timeout;
  }

  boost::asio::ip::tcp::socket& socket() { return socket_; }

 private:
  enum class received { data, eof, reset, timeout };

  received receive(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return received::timeout;
    pollfd fd{socket_.native_handle(), POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) return received::timeout;
    char buffer[16384];
    auto n = ::recv(socket_.native_handle(), buffer, sizeof buffer, 0);
    if (n > 0) {
      pending_.append(buffer, static_cast<std::size_t>(n));
      return received::data;
    }
    if (n == 0) return received::eof;
    return errno == ECONNRESET ? received::reset : received::eof;
  }

  boost::asio::io_context context_;
  boost::asio::ip::tcp::socket socket_;
  std::chrono::milliseconds timeout_;
  std::string pending_;
};

}  // namespace portico::testing
