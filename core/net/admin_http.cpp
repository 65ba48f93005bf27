#include "core/net/admin_http.hpp"

#include "core/net/connection_tracker.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <optional>

namespace portico::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

class admin_http_session final : public tracked_connection, public std::enable_shared_from_this<admin_http_session> {
 public:
  admin_http_session(asio::ip::tcp::socket socket, const admin_http_handler& handler)
      : stream_(std::move(socket)), handler_(handler) {}

  void start(connection_tracker& tracker) {
    registration_.emplace(tracker, weak_from_this());
    asio::co_spawn(stream_.get_executor(), run(), [self = shared_from_this()](std::exception_ptr) {
      beast::error_code ignored;
      self->stream_.socket().close(ignored);
    });
  }
  void drain() override {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->draining_ = true;
      if (self->idle_) self->stream_.cancel();
    });
  }
  void abort() override {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->stream_.socket().close(ignored);
    });
  }

 private:
  asio::awaitable<void> run() {
    beast::flat_buffer buffer(16 * 1024);
    while (!draining_) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(8 * 1024);
      parser.body_limit(1024 * 1024);
      stream_.expires_after(std::chrono::seconds(10));
      idle_ = buffer.size() == 0;
      auto [ec, n] = co_await http::async_read(stream_, buffer, parser, nothrow);
      idle_ = false;
      if (ec) {
        if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout ||
            ec == asio::error::eof || ec == asio::error::connection_reset)
          co_return;
        const int status = ec == http::error::header_limit ? 431 : ec == http::error::body_limit ? 413 : 400;
        co_await send({status, "application/json", "{\"error\":\"bad request\"}"}, false);
        co_return;
      }
      const auto& request = parser.get();
      auto reply = handler_({request.method_string(), request.target(), request[http::field::authorization], request.body()});
      const bool keep_alive = request.keep_alive() && !draining_;
      if (!co_await send(std::move(reply), keep_alive) || !keep_alive) co_return;
    }
  }

  asio::awaitable<bool> send(admin_http_reply reply, bool keep_alive) {
    http::response<http::string_body> response{static_cast<http::status>(reply.status), 11};
    response.set(http::field::content_type, reply.content_type);
    if (reply.status == 401) response.set(http::field::www_authenticate, "Bearer");
    response.keep_alive(keep_alive);
    response.body() = std::move(reply.body);
    response.prepare_payload();
    stream_.expires_after(std::chrono::seconds(10));
    auto [ec, n] = co_await http::async_write(stream_, response, nothrow);
    if (!keep_alive) {
      beast::error_code ignored;
      stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    }
    co_return !ec;
  }

  beast::tcp_stream stream_;
  const admin_http_handler& handler_;
  std::optional<tracker_registration> registration_;
  bool draining_ = false, idle_ = false;
};

}  // namespace

void start_admin_http_session(asio::ip::tcp::socket socket, const admin_http_handler& handler, connection_tracker& tracker) {
  std::make_shared<admin_http_session>(std::move(socket), handler)->start(tracker);
}

}  // namespace portico::net
