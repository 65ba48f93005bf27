#pragma once
// Loopback helpers for the gateway's integration tests: a recording HTTP/1.1 backend (blocking,
// one thread per connection; records every byte and every parsed request, answers 200 or a
// scripted raw response) and a small blocking client with receive timeouts. Header-only; tests
// only (uses the gateway's own strict parser to read messages).
#include "gateway/http/chunked_decoder.hpp"
#include "gateway/http/message_head.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace portico::testing {

inline void set_receive_timeout(boost::asio::ip::tcp::socket& s, std::chrono::milliseconds t) {
  timeval tv{static_cast<time_t>(t.count() / 1000), static_cast<suseconds_t>((t.count() % 1000) * 1000)};
  ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

struct recorded_request {
  std::string method, target, head, body;
  bool chunked = false;
};

struct parsed_response {
  int status = 0;
  std::string head;  // raw head
  std::string body;  // decoded
  bool closed = false;  // the connection ended after it
  std::string header(const std::string& name) const {
    gateway::http::response_head h;
    if (gateway::http::parse_response(head, {}, false, h).state != gateway::http::parse_state::complete) return {};
    return std::string(h.get(name));
  }
};

// Reads one response from `s` (with `pending` holding bytes already read). nullopt on timeout or
// malformed input. head_request: the response has no body.
inline std::optional<parsed_response> read_response(boost::asio::ip::tcp::socket& s, std::string& pending, bool head_request = false) {
  namespace http = gateway::http;
  parsed_response out;
  char chunk[16384];
  auto fill = [&]() -> bool {
    boost::system::error_code ec;
    const auto n = s.read_some(boost::asio::buffer(chunk), ec);
    if (ec || n == 0) return false;
    pending.append(chunk, n);
    return true;
  };
  http::response_head h;
  while (true) {
    const auto r = http::parse_response(pending, {}, head_request, h);
    if (r.state == http::parse_state::error) return std::nullopt;
    if (r.state == http::parse_state::complete) {
      if (h.status >= 100 && h.status < 200) {
        pending.erase(0, h.head_bytes);
        continue;
      }
      break;
    }
    if (!fill()) return std::nullopt;
  }
  out.status = h.status;
  out.head = pending.substr(0, h.head_bytes);
  const auto framing = h.framing;
  const auto length = h.content_length;
  pending.erase(0, out.head.size());
  if (framing == http::body_framing::content_length) {
    while (pending.size() < length)
      if (!fill()) return std::nullopt;
    out.body = pending.substr(0, length);
    pending.erase(0, length);
  } else if (framing == http::body_framing::chunked) {
    http::chunked_decoder d(1 << 30);
    while (!d.done()) {
      const auto step = d.next(pending);
      if (step.kind == http::chunk_step::bytes) out.body.append(step.data);
      pending.erase(0, step.consumed);
      if (step.kind == http::chunk_step::failed) return std::nullopt;
      if (step.kind == http::chunk_step::need_more && !fill()) return std::nullopt;
    }
  } else if (framing == http::body_framing::until_close) {
    while (fill()) {
    }
    out.body = pending;
    pending.clear();
    out.closed = true;
  }
  return out;
}

// A blocking client connection with a receive timeout.
class test_client {
 public:
  explicit test_client(unsigned short port, std::chrono::milliseconds timeout = std::chrono::seconds(5)) : socket_(io_) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    set_receive_timeout(socket_, timeout);
  }
  void send(const std::string& raw) { boost::asio::write(socket_, boost::asio::buffer(raw)); }
  std::optional<parsed_response> response(bool head_request = false) { return read_response(socket_, pending_, head_request); }
  std::optional<parsed_response> request(const std::string& raw) {
    send(raw);
    return response(raw.rfind("HEAD ", 0) == 0);
  }
  // True when the peer closed (EOF or reset) within the timeout, with no more bytes.
  bool closed_by_peer() {
    char c;
    boost::system::error_code ec;
    const auto n = socket_.read_some(boost::asio::buffer(&c, 1), ec);
    return n == 0 && (ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset);
  }
  boost::asio::ip::tcp::socket& socket() { return socket_; }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  std::string pending_;
};

// Recording backend. `respond` decides the raw response for each request (default: 200 with body
// "ok <method> <target>"); return "" to close the connection without answering.
class recording_backend {
 public:
  using responder = std::function<std::string(const recorded_request&)>;

  explicit recording_backend(responder respond = {}) : acceptor_(io_), respond_(std::move(respond)) {
    acceptor_.open(boost::asio::ip::tcp::v4());
    acceptor_.set_option(boost::asio::ip::tcp::acceptor::reuse_address(true));
    acceptor_.bind({boost::asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    accept_thread_ = std::thread([this] { accept_loop(); });
  }
  ~recording_backend() { stop(); }

  void stop() {
    if (stopped_.exchange(true)) return;
    boost::system::error_code ec;
    // shutdown() wakes the blocked accept; the acceptor is closed only after its thread ended
    // (closing it under a blocked accept is a data race on the acceptor).
    ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
    {
      std::lock_guard lock(mutex_);
      for (auto& s : sockets_) {
        ::shutdown(s->native_handle(), SHUT_RDWR);
      }
    }
    if (accept_thread_.joinable()) accept_thread_.join();
    acceptor_.close(ec);
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }

  unsigned short port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::vector<recorded_request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::string raw_bytes() const {
    std::lock_guard lock(mutex_);
    return raw_;
  }
  int connections() const { return connections_.load(); }

 private:
  void accept_loop() {
    while (!stopped_) {
      auto s = std::make_shared<boost::asio::ip::tcp::socket>(io_);
      boost::system::error_code ec;
      acceptor_.accept(*s, ec);
      if (ec || stopped_) return;
      ++connections_;
      std::lock_guard lock(mutex_);
      sockets_.push_back(s);
      threads_.emplace_back([this, s] { serve(*s); });
    }
  }

  void serve(boost::asio::ip::tcp::socket& s) {
    namespace http = gateway::http;
    std::string pending;
    char chunk[16384];
    while (!stopped_) {
      http::request_head h;
      http::parse_result r;
      while ((r = http::parse_request(pending, {}, h)).state == http::parse_state::incomplete) {
        boost::system::error_code ec;
        const auto n = s.read_some(boost::asio::buffer(chunk), ec);
        if (ec || n == 0) return;
        std::lock_guard lock(mutex_);
        raw_.append(chunk, n);
        pending.append(chunk, n);
      }
      if (r.state == http::parse_state::error) return;
      recorded_request rec{std::string(h.method), std::string(h.target), pending.substr(0, h.head_bytes), {},
                           h.framing == http::body_framing::chunked};
      pending.erase(0, h.head_bytes);
      if (h.framing == http::body_framing::content_length) {
        while (pending.size() < h.content_length) {
          boost::system::error_code ec;
          const auto n = s.read_some(boost::asio::buffer(chunk), ec);
          if (ec || n == 0) return;
          std::lock_guard lock(mutex_);
          raw_.append(chunk, n);
          pending.append(chunk, n);
        }
        rec.body = pending.substr(0, h.content_length);
        pending.erase(0, h.content_length);
      } else if (h.framing == http::body_framing::chunked) {
        http::chunked_decoder d(1 << 30);
        while (!d.done()) {
          const auto step = d.next(pending);
          if (step.kind == http::chunk_step::bytes) rec.body.append(step.data);
          pending.erase(0, step.consumed);
          if (step.kind == http::chunk_step::failed) return;
          if (step.kind == http::chunk_step::need_more) {
            boost::system::error_code ec;
            const auto n = s.read_some(boost::asio::buffer(chunk), ec);
            if (ec || n == 0) return;
            std::lock_guard lock(mutex_);
            raw_.append(chunk, n);
            pending.append(chunk, n);
          }
        }
      }
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(rec);
      }
      std::string response;
      if (respond_) {
        response = respond_(rec);
      } else {
        const std::string body = "ok " + rec.method + " " + rec.target;
        response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
      }
      if (response.empty()) return;
      boost::system::error_code ec;
      boost::asio::write(s, boost::asio::buffer(response), ec);
      if (ec) return;
    }
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  responder respond_;
  unsigned short port_ = 0;
  std::atomic<bool> stopped_{false};
  std::atomic<int> connections_{0};
  std::thread accept_thread_;
  std::vector<std::thread> threads_;
  std::vector<std::shared_ptr<boost::asio::ip::tcp::socket>> sockets_;
  mutable std::mutex mutex_;
  std::vector<recorded_request> requests_;
  std::string raw_;
};

}  // namespace portico::testing
