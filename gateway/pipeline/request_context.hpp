#pragma once
// Everything one request carries through the pipeline: the parsed request (views into the
// connection's receive buffer, valid until the response has been sent), where it came from, what
// routing decided, what stages added (identity, upstream headers, response headers), the answer
// when a stage responds, and timings. One context per connection, reset per request: its strings
// and vectors keep their capacity, so the steady state allocates nothing.
//
// Thread-safety: owned by the connection's thread; stages get it by reference on that thread.
#include "core/time/clock.hpp"
#include "gateway/http/forward_head.hpp"
#include "gateway/http/message_head.hpp"
#include "gateway/router/path_captures.hpp"
#include "gateway/router/route_request.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace portico::core {
struct route_config;
struct listener_config;
}  // namespace portico::core

namespace portico::gateway {

class async_slot;

// Who the caller is, as auth stages establish it (placeholder until auth lands): rate limiters
// key on client/plan, forward_claims become upstream headers.
struct identity {
  bool authenticated = false;
  std::string subject;  // user / token subject
  std::string client;   // API client name (api_key client, OAuth client_id)
  std::string plan;
  std::vector<std::pair<std::string, std::string>> claims;
  void clear() {
    authenticated = false;
    subject.clear();
    client.clear();
    plan.clear();
    claims.clear();
  }
};

struct request_timings {
  core::time_point received;        // first byte of the request head
  core::time_point head_parsed;
  core::time_point upstream_start;  // first attempt began
  core::time_point upstream_head;   // response head from the upstream
};

// header_view over a parsed head (first field of that name, case-insensitive).
class head_fields final : public header_view {
 public:
  explicit head_fields(const http::message_head* head = nullptr) noexcept : head_(head) {}
  std::string_view get(std::string_view name) const override { return head_ ? head_->get(name) : std::string_view{}; }
  void reset(const http::message_head* head) noexcept { head_ = head; }

 private:
  const http::message_head* head_;
};

class request_context {
 public:
  // --- the request (set by the connection before the pipeline runs)
  const http::request_head* request = nullptr;
  head_fields headers;
  std::string_view client_ip;       // peer address without port
  bool tls = false;                 // arrived over TLS (the listener terminates it)
  std::string_view client_cert_subject;  // TLS: the verified client certificate's subject CN, else ""
  std::string_view listener;        // listener name
  const core::listener_config* listener_config = nullptr;
  int thread_index = 0;             // which proxy thread (index for per-thread stage state)
  const core::clock* clock = nullptr;
  boost::asio::io_context* io = nullptr;  // this thread's context: stages that go pending do their I/O here
  std::string request_id;           // X-Request-Id: the client's if valid, else generated

  // --- routing (set by the routing stage)
  bool routed = false;
  std::size_t route_index = 0;      // into the listener's routes
  const core::route_config* route = nullptr;
  path_captures captures;
  std::string upstream_path;        // rewritten path, without the query

  // --- stage outputs
  identity who;
  http::header_pairs upstream_headers;  // added to the upstream request
  http::header_pairs response_headers;  // added to the response to the client
  // Numeric fields added to the response (RateLimit-*), kept as numbers: formatting and
  // allocating their text per request cost more than the limiter's decision.
  std::array<http::number_field, 4> response_numbers{};
  std::size_t response_number_count = 0;
  void add_response_number(std::string_view name, std::int64_t value) {
    if (response_number_count < response_numbers.size()) response_numbers[response_number_count++] = {name, value};
  }
  std::span<const http::number_field> numbers() const noexcept { return {response_numbers.data(), response_number_count}; }
  http::local_response response;        // the answer when a stage returns respond()

  // --- outcome (set by the forwarder / connection; read by on_response hooks)
  int status = 0;
  std::size_t backend_index = 0;    // into route->backends
  std::size_t instance = 0;         // host index in the backend's host set
  bool forwarded = false;           // reached an upstream
  int attempts = 0;
  request_timings timings;
  std::shared_ptr<async_slot> slot;  // set by ctx_resume() when a stage goes pending

  route_request routing_view() const noexcept {
    return {request->method, request->host, request->path, request->query, &headers};
  }

  void reset() {
    request = nullptr;
    headers.reset(nullptr);
    request_id.clear();
    routed = false;
    route_index = 0;
    route = nullptr;
    captures.clear();
    upstream_path.clear();
    who.clear();
    upstream_headers.clear();
    response_headers.clear();
    response_number_count = 0;
    response.status = 200;
    response.content_type = "application/json";
    response.body.clear();
    response.headers.clear();
    status = 0;
    backend_index = instance = 0;
    forwarded = false;
    attempts = 0;
    timings = {};
    slot.reset();
  }
};

}  // namespace portico::gateway
