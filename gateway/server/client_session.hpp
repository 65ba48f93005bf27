#pragma once
// Internal to gateway/server: one client connection, as a C++20 coroutine on its worker's thread.
// Per request: wait for the first byte holding no buffer, read and strictly parse the head
// (header deadline), run the listener pipeline (routing) and the route's pipeline, then either
// answer locally or forward (forwarder.cpp): choose an instance, take a pooled upstream
// connection, send the re-written head and stream the body with bounded buffers, read the
// response head strictly, stream the response back. Any framing error closes the connection.
//
// A WebSocket upgrade (tunnel.cpp) takes a fresh upstream connection and, after the backend's 101,
// relays bytes both ways until a side closes or the route's idle timeout; the connection then ends.
//
// Threads: everything a session does to a socket (client, upstream, tunnel) happens on its worker's
// thread: drain() and abort() post there, and run() closes the client socket and lets go of the
// worker before it ends, so the session may then be destroyed on any thread. The proxy pool
// relies on it to run without Asio's per-socket lock (net::io_objects::thread_owned).
//
// Deadlines: the session has ONE deadline at a time (header, idle, upstream attempt, write, tunnel idle); the
// worker's sweep calls on_deadline_check(), which cancels the pending operation; the coroutine
// sees the cancellation and answers 408/504 or closes.
//
// TLS listeners: the session owns a tls_stream over its socket and handshakes first (under the
// listener's handshake_timeout). Client reads and writes go through it; the plain-TCP path is a
// branch on a null pointer, nothing more. An idle TLS connection reads with a buffer instead of
// waiting for readability, because decrypted-but-unread bytes may sit in the TLS layer while
// the socket has nothing to report (its buffers make TLS connections ~tens of KiB anyway).
#include "core/net/connection_tracker.hpp"
#include "gateway/http/websocket.hpp"
#include "gateway/resilience/upstream_outcome.hpp"
#include "gateway/server/tls_termination.hpp"
#include "gateway/server/worker.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace portico::gateway::detail {

class client_session final : public std::enable_shared_from_this<client_session>, public net::tracked_connection {
 public:
  // listener: index into every generation's listeners (listeners are fixed across reloads).
  // tls: the listener's terminator (outlives the session), null for plain TCP.
  client_session(boost::asio::ip::tcp::socket socket, worker& w, std::size_t listener, const tls_terminator* tls);
  ~client_session() override;

  void start(net::connection_tracker& tracker);
  void drain() override;
  void abort() override;
  // Called by the worker's sweep on this thread.
  void on_deadline_check(core::time_point now);

  std::size_t sweep_slot = 0;  // position in the worker's session list

 private:
  enum class phase : std::uint8_t { handshake, idle, header, body, upstream, respond, closing, tunnel };

  boost::asio::awaitable<void> run();
  boost::asio::awaitable<bool> serve_one();  // false: close the connection
  boost::asio::awaitable<bool> handshake();
  boost::asio::awaitable<bool> read_more_in();
  boost::asio::awaitable<bool> write_out();
  // To the client (plain or TLS), under the respond deadline.
  boost::asio::awaitable<bool> write_client(const char* data, std::size_t n);
  boost::asio::awaitable<void> close_tls();
  boost::asio::awaitable<bool> answer_local(int status, bool close);
  boost::asio::awaitable<bool> answer_error(http::http_error error);
  boost::asio::awaitable<void> linger_close();
  // The stages: the listener's, then the matched route's. Most requests never wait in a stage,
  // so they run as plain calls (run_stages); only a stage that goes pending or asks for a delay
  // hands over to a coroutine (wait_stages), which saves a coroutine frame per request.
  struct stage_cursor {
    const pipeline* stages;
    bool route_level = false;
    std::size_t from = 0;
  };
  bool run_stages(stage_cursor& at, pipeline::step& step, bool& respond);  // false: `step` waits
  bool book_step(stage_cursor& at, const pipeline::step& step, bool& respond);  // true: done
  void book_ran(const stage_cursor& at, const pipeline::step& step);
  boost::asio::awaitable<void> wait_stages(stage_cursor at, pipeline::step step, bool& respond);

  // forwarder.cpp, relay.cpp
  struct attempt_result;
  enum class body_status : std::uint8_t { ok, client_gone, client_error, upstream_error };
  boost::asio::awaitable<bool> forward();
  boost::asio::awaitable<attempt_result> attempt(std::size_t instance, int attempt_no, bool& body_sent);
  boost::asio::awaitable<body_status> send_request_body(upstream_connection& up, std::uint64_t already_sent,
                                                        http::http_error& client_error);
  // Streams the response (head already parsed into buf_->response) to the client; returns whether
  // the client connection stays open; upstream_clean: the upstream connection may be pooled.
  boost::asio::awaitable<bool> relay_response(upstream_connection& up, bool& upstream_clean);
  boost::asio::awaitable<bool> relay_compressed(upstream_connection& up, bool& upstream_clean);  // relay_gzip.cpp
  // More upstream bytes after buf_->up_end; false on a read error, or when the unread bytes fill
  // the buffer (a head too large). The response head's read, once per request, is awaited
  // without this wrapper: up_room, read_up, took_up (a coroutine frame less per request).
  boost::asio::awaitable<bool> read_more_up(upstream_connection& up);
  boost::asio::mutable_buffer up_room();  // empty when full; moves unread bytes to the front first
  boost::asio::awaitable<std::tuple<boost::system::error_code, std::size_t>> read_up(upstream_connection& up,
                                                                                      boost::asio::mutable_buffer room);
  bool took_up(const boost::system::error_code& ec, std::size_t n) noexcept;
  // tunnel.cpp: a WebSocket upgrade (checked or refused), then the byte relay after the 101.
  boost::asio::awaitable<bool> forward_upgrade(const http::upgrade_check& check);
  using counter_set = std::array<gateway_counters*, 3>;  // overall, route, backend instance
  boost::asio::awaitable<void> splice(const counter_set& counters);
  boost::asio::awaitable<void> pump(boost::asio::ip::tcp::socket& from, boost::asio::ip::tcp::socket& to, std::vector<char>& buffer,
                                    std::size_t begin, std::size_t end, bool to_upstream, const counter_set& counters);
  void close_tunnel();  // cancels both sides' operations: the pumps end
  // The route's LB choice among the instances of backend entry ctx.backend_index.
  std::optional<std::size_t> pick_instance();
  boost::asio::awaitable<bool> write_to(boost::asio::ip::tcp::socket& s, const char* data, std::size_t n, phase p);

  // Deadlines are checked by the worker's 20 ms sweep. `base` is a clock reading the caller took
  // in the same synchronous stretch (no wait since): a clock read costs ~40-50 ns on a VM
  // (kvm-clock), and a request needs a dozen timestamps and deadlines, so readings are reused.
  void set_deadline(core::nanos from_now, phase p) { set_deadline(from_now, p, now()); }
  void set_deadline(core::nanos from_now, phase p, core::time_point base);
  void clear_deadline();
  core::time_point now() const { return w_.shared().clock->now(); }
  void finish_request(int status, bool local);

  boost::asio::ip::tcp::socket socket_;
  std::unique_ptr<tls_stream> tls_;  // after socket_: it refers to it
  const tls_terminator* terminator_;
  worker& w_;
  std::size_t listener_index_;
  // The generation this request runs on (null while idle: an idle keep-alive connection must
  // not keep a replaced generation alive), and its listener.
  std::shared_ptr<worker_generation> gen_;
  const listener_state* listener_ = nullptr;
  std::unique_ptr<request_buffers> buf_;
  std::unique_ptr<upstream_connection> upstream_;  // in use by the current attempt
  std::string client_ip_;
  std::string client_subject_;  // the verified client certificate's subject (TLS), else ""
  core::time_point deadline_{};
  bool has_deadline_ = false;
  // When the last request finished, if nothing was awaited since (the next idle deadline's base).
  std::optional<core::time_point> just_finished_;
  phase phase_ = phase::idle;
  bool timed_out_ = false;
  bool draining_ = false;
  bool tracked_ = false;
  std::unique_ptr<net::tracker_registration> registration_;
  const route_state* route_ = nullptr;
  std::size_t ran_before_ = 0, ran_route_ = 0;  // stages whose on_request ran
  std::size_t body_floor_ = 0;  // request body bytes are read into in[body_floor_, ...)
  bool continue_sent_ = false;
  bool compressing_ = false;  // route compresses and the client accepts gzip
  std::uint64_t request_counter_ = 0;
};

}  // namespace portico::gateway::detail
