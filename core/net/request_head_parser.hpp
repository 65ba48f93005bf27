#pragma once
// A zero-allocation HTTP/1.1 request parser for servers that need only the request line, the
// keep-alive decision and the body length (mock backends, health and echo endpoints): it derives
// from Beast's basic_parser (strict RFC 7230 parsing, header/body limits, chunked bodies) but
// stores nothing per field, and writes into a caller-owned request_head whose strings keep their
// capacity across requests. One parser per request (construction is cheap); the head is reused.
//
// Includes Beast: include it from .cpp files only.
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/verb.hpp>

#include <cstdint>
#include <string>

namespace portico::net {

struct request_head {
  boost::beast::http::verb method = boost::beast::http::verb::unknown;
  std::string method_text;   // as received (also for unknown methods)
  std::string target;        // origin-form path and query, as received
  int version = 11;          // 10 or 11
  bool keep_alive = true;    // set when the message is complete
  bool upgrade = false;      // Connection: upgrade with an Upgrade field (set when the message is complete)
  std::uint64_t body_bytes = 0;
  std::string body;          // filled only up to body_capture_limit bytes (0 = discard the body)
  std::size_t body_capture_limit = 0;
  std::string content_type;  // kept only when bodies are captured (body_capture_limit > 0)

  std::string_view path() const noexcept {  // target without the query
    std::string_view t = target;
    return t.substr(0, t.find('?'));
  }
  void reset() noexcept {
    method = boost::beast::http::verb::unknown;
    method_text.clear();
    target.clear();
    version = 11;
    keep_alive = true;
    upgrade = false;
    body_bytes = 0;
    body.clear();
    content_type.clear();
  }
};

class request_head_parser final : public boost::beast::http::basic_parser<true> {
 public:
  explicit request_head_parser(request_head& head) : head_(head) { head_.reset(); }

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb method, string_view method_text, string_view target, int version,
                       error_code&) override {
    head_.method = method;
    head_.method_text.assign(method_text.data(), method_text.size());
    head_.target.assign(target.data(), target.size());
    head_.version = version;
  }
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(boost::beast::http::field name, string_view, string_view value, error_code&) override {
    if (head_.body_capture_limit > 0 && name == boost::beast::http::field::content_type)
      head_.content_type.assign(value.data(), value.size());
  }
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}
  std::size_t on_body_impl(string_view body, error_code&) override { return take(body); }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override { return take(body); }
  void on_finish_impl(error_code&) override {
    head_.keep_alive = keep_alive();
    head_.upgrade = upgrade();
  }

  std::size_t take(string_view body) {
    head_.body_bytes += body.size();
    if (head_.body.size() < head_.body_capture_limit) {
      head_.body.append(body.data(), std::min(body.size(), head_.body_capture_limit - head_.body.size()));
    }
    return body.size();
  }

  request_head& head_;
};

}  // namespace portico::net
