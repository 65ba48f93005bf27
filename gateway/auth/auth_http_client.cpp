#include "gateway/auth/auth_http_client.hpp"

#include "core/net/endpoint.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <stdexcept>
#include <thread>

namespace portico::gateway {

namespace asio = boost::asio;
namespace beast = boost::beast;

struct auth_http_client::impl {
  asio::io_context ioc{1};
  asio::executor_work_guard<asio::io_context::executor_type> guard{ioc.get_executor()};
  asio::ip::tcp::endpoint endpoint;
  std::string host, target;
  std::chrono::milliseconds timeout{};
  std::size_t body_limit = 0;
  std::thread thread;
};

namespace {

// One call: connect, write, read, done. Owns its stream and buffers until the handler runs.
struct exchange : std::enable_shared_from_this<exchange> {
  exchange(asio::io_context& ioc, std::function<void(http_answer)> d) : stream(ioc), done(std::move(d)) {}
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  beast::http::request<beast::http::string_body> request;
  beast::http::response_parser<beast::http::string_body> parser;
  std::function<void(http_answer)> done;

  void fail(const char* what, const beast::error_code& ec) {
    http_answer answer;
    answer.error = std::string(what) + ": " + ec.message();
    done(std::move(answer));
  }
  void start(const asio::ip::tcp::endpoint& endpoint, std::chrono::milliseconds timeout, std::size_t body_limit) {
    parser.body_limit(body_limit);
    stream.expires_after(timeout);  // one deadline for the whole exchange
    stream.async_connect(endpoint, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->fail("connect", ec);
      beast::http::async_write(self->stream, self->request, [self](beast::error_code write_ec, std::size_t) {
        if (write_ec) return self->fail("write", write_ec);
        beast::http::async_read(self->stream, self->buffer, self->parser, [self](beast::error_code read_ec, std::size_t) {
          if (read_ec) return self->fail("read", read_ec);
          auto& response = self->parser.get();
          http_answer answer;
          answer.status = static_cast<int>(response.result_int());
          answer.cache_control = std::string(response[beast::http::field::cache_control]);
          answer.body = std::move(response.body());
          self->done(std::move(answer));
          beast::error_code ignored;
          self->stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        });
      });
    });
  }
};

}  // namespace

auth_http_client::auth_http_client(const std::string& url, std::string_view field, std::chrono::milliseconds timeout,
                                   std::size_t body_limit)
    : impl_(std::make_unique<impl>()) {
  constexpr std::string_view scheme = "http://";
  if (url.rfind(scheme, 0) != 0) throw std::invalid_argument(std::string(field) + ": only http://HOST:PORT/PATH URLs: " + url);
  const std::string rest = url.substr(scheme.size());
  const auto slash = rest.find('/');
  impl_->host = rest.substr(0, slash);
  impl_->target = slash == std::string::npos ? "/" : rest.substr(slash);
  const auto endpoint = net::parse_endpoint(impl_->host);
  if (!endpoint) throw std::invalid_argument(std::string(field) + ": expected an IP address and port: " + url);
  impl_->endpoint = *endpoint;
  impl_->timeout = timeout;
  impl_->body_limit = body_limit;
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

auth_http_client::~auth_http_client() {
  impl_->guard.reset();
  impl_->ioc.stop();
  impl_->thread.join();
}

void auth_http_client::async_call(http_call call, std::function<void(http_answer)> done) {
  auto x = std::make_shared<exchange>(impl_->ioc, std::move(done));
  auto& r = x->request;
  r.method_string(call.method);
  r.target(impl_->target);
  r.version(11);
  r.set(beast::http::field::host, impl_->host);
  r.set(beast::http::field::connection, "close");
  for (auto& [name, value] : call.headers) r.set(name, value);
  r.body() = std::move(call.body);
  r.prepare_payload();
  asio::post(impl_->ioc, [x, this] { x->start(impl_->endpoint, impl_->timeout, impl_->body_limit); });
}

}  // namespace portico::gateway
