#include "gateway/auth/introspection_client.hpp"

#include "core/net/endpoint.hpp"
#include "gateway/auth/base64url.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
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

struct introspection_client::impl {
  asio::io_context ioc{1};
  asio::executor_work_guard<asio::io_context::executor_type> guard{ioc.get_executor()};
  asio::ip::tcp::endpoint endpoint;
  std::string host, target, authorization;
  std::chrono::milliseconds timeout;
  std::thread thread;
};

namespace {

// One call: connect, write, read, done. Owns its stream and buffers until the handler runs.
struct call : std::enable_shared_from_this<call> {
  call(asio::io_context& ioc, std::function<void(introspection_answer)> d) : stream(ioc), done(std::move(d)) {}
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  beast::http::request<beast::http::string_body> request;
  beast::http::response_parser<beast::http::string_body> parser;
  std::function<void(introspection_answer)> done;

  void fail(const char* what, const beast::error_code& ec) {
    done({0, {}, std::string(what) + ": " + ec.message()});
  }
  void start(const asio::ip::tcp::endpoint& endpoint, std::chrono::milliseconds timeout) {
    parser.body_limit(64 * 1024);
    stream.expires_after(timeout);  // one deadline for the whole exchange
    stream.async_connect(endpoint, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->fail("connect", ec);
      beast::http::async_write(self->stream, self->request, [self](beast::error_code write_ec, std::size_t) {
        if (write_ec) return self->fail("write", write_ec);
        beast::http::async_read(self->stream, self->buffer, self->parser, [self](beast::error_code read_ec, std::size_t) {
          if (read_ec) return self->fail("read", read_ec);
          auto& response = self->parser.get();
          self->done({static_cast<int>(response.result_int()), std::move(response.body()), {}});
          beast::error_code ignored;
          self->stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        });
      });
    });
  }
};

bool unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

}  // namespace

std::string introspection_form(std::string_view token) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out = "token=";
  for (char c : token) {
    if (unreserved(c)) {
      out += c;
    } else {
      out += '%';
      out += hex[static_cast<unsigned char>(c) >> 4];
      out += hex[static_cast<unsigned char>(c) & 15];
    }
  }
  return out + "&token_type_hint=access_token";
}

introspection_client::introspection_client(const std::string& url, std::string client_id, std::string client_secret,
                                           std::chrono::milliseconds timeout)
    : impl_(std::make_unique<impl>()) {
  constexpr std::string_view scheme = "http://";
  if (url.rfind(scheme, 0) != 0) throw std::invalid_argument("auth.introspection.endpoint: only http://HOST:PORT/PATH URLs: " + url);
  const std::string rest = url.substr(scheme.size());
  const auto slash = rest.find('/');
  impl_->host = rest.substr(0, slash);
  impl_->target = slash == std::string::npos ? "/" : rest.substr(slash);
  const auto endpoint = net::parse_endpoint(impl_->host);
  if (!endpoint) throw std::invalid_argument("auth.introspection.endpoint: expected an IP address and port: " + url);
  impl_->endpoint = *endpoint;
  impl_->timeout = timeout;
  if (!client_id.empty()) impl_->authorization = "Basic " + base64_encode(client_id + ":" + client_secret);
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

introspection_client::~introspection_client() {
  impl_->guard.reset();
  impl_->ioc.stop();
  impl_->thread.join();
}

void introspection_client::async_introspect(std::string_view token, std::function<void(introspection_answer)> done) {
  auto c = std::make_shared<call>(impl_->ioc, std::move(done));
  auto& r = c->request;
  r.method(beast::http::verb::post);
  r.target(impl_->target);
  r.version(11);
  r.set(beast::http::field::host, impl_->host);
  r.set(beast::http::field::content_type, "application/x-www-form-urlencoded");
  r.set(beast::http::field::accept, "application/json");
  r.set(beast::http::field::connection, "close");
  if (!impl_->authorization.empty()) r.set(beast::http::field::authorization, impl_->authorization);
  r.body() = introspection_form(token);
  r.prepare_payload();
  asio::post(impl_->ioc, [c, this] { c->start(impl_->endpoint, impl_->timeout); });
}

}  // namespace portico::gateway
