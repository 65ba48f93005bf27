#include "gateway/ratelimit/redis/redis_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <deque>

namespace portico::gateway::redis {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

// All members are touched only on the strand. Handlers hold a shared_ptr, so the state outlives
// the client object until every outstanding operation has completed.
struct client::state : std::enable_shared_from_this<client::state> {
  enum class phase { idle, connecting, connected };

  state(asio::any_io_executor ex, const client_options& o)
      : strand(asio::make_strand(ex)), socket(strand), timer(strand), options(o) {}

  asio::strand<asio::any_io_executor> strand;
  tcp::socket socket;
  asio::steady_timer timer;
  client_options options;
  phase now = phase::idle;
  std::chrono::steady_clock::time_point backoff_until{};
  std::string outgoing;              // encoded commands not yet handed to async_write
  std::deque<reply_handler> queued;  // their handlers
  std::deque<reply_handler> awaiting;  // written (or being written), in reply order
  bool writing = false;
  std::string inbox;
  std::array<char, 16384> chunk{};
  std::uint64_t generation = 0;  // bumps on every failure so stale callbacks are ignored

  void submit(std::string encoded, reply_handler done) {
    if (now == phase::idle && std::chrono::steady_clock::now() < backoff_until) {
      return done(asio::error::connection_refused, {});
    }
    outgoing += encoded;
    queued.push_back(std::move(done));
    if (now == phase::idle) connect();
    else if (now == phase::connected) flush();
  }

  void connect() {
    now = phase::connecting;
    arm(options.connect_timeout);
    socket.async_connect(options.endpoint, [self = shared_from_this(), g = generation](error_code ec) {
      if (g != self->generation) return;
      if (ec) return self->fail(ec, true);
      self->socket.set_option(tcp::no_delay(true), ec);
      self->now = phase::connected;
      self->timer.cancel();
      self->read();
      self->flush();
    });
  }

  void arm(std::chrono::milliseconds timeout) {
    timer.expires_after(timeout);
    timer.async_wait([self = shared_from_this(), g = generation](error_code ec) {
      if (ec || g != self->generation) return;
      self->fail(asio::error::timed_out, self->now == phase::connecting);
    });
  }

  void flush() {
    if (writing || outgoing.empty()) return;
    writing = true;
    auto buffer = std::make_shared<std::string>(std::move(outgoing));
    outgoing.clear();
    for (auto& h : queued) awaiting.push_back(std::move(h));
    queued.clear();
    arm(options.command_timeout);
    asio::async_write(socket, asio::buffer(*buffer),
                      [self = shared_from_this(), buffer, g = generation](error_code ec, std::size_t) {
                        if (g != self->generation) return;
                        self->writing = false;
                        if (ec) return self->fail(ec, false);
                        self->flush();
                      });
  }

  void read() {
    socket.async_read_some(asio::buffer(chunk), [self = shared_from_this(), g = generation](error_code ec, std::size_t n) {
      if (g != self->generation) return;
      if (ec) return self->fail(ec, false);
      self->inbox.append(self->chunk.data(), n);
      if (!self->deliver()) return;
      self->read();
    });
  }

  // Hands every complete reply to its handler; false if the connection had to be dropped.
  bool deliver() {
    for (;;) {
      parse_result r = parse_reply(inbox);
      if (r.state == parse_result::status::incomplete) break;
      if (r.state == parse_result::status::invalid || awaiting.empty()) {
        fail(asio::error::invalid_argument, false);
        return false;
      }
      inbox.erase(0, r.consumed);
      reply_handler h = std::move(awaiting.front());
      awaiting.pop_front();
      h(error_code{}, std::move(r.value));
    }
    if (inbox.size() > options.max_reply_buffer) {
      fail(asio::error::message_size, false);
      return false;
    }
    if (awaiting.empty()) timer.cancel();
    else arm(options.command_timeout);  // progress: the deadline restarts for the next reply
    return true;
  }

  void fail(error_code ec, bool connect_failed) {
    ++generation;
    error_code ignored;
    socket.close(ignored);
    timer.cancel();
    now = phase::idle;
    writing = false;
    inbox.clear();
    outgoing.clear();
    if (connect_failed) backoff_until = std::chrono::steady_clock::now() + options.reconnect_backoff;
    std::deque<reply_handler> failed;
    failed.swap(awaiting);
    for (auto& h : queued) failed.push_back(std::move(h));
    queued.clear();
    for (auto& h : failed) h(ec, {});
  }
};

client::client(asio::any_io_executor executor, client_options options)
    : options_(options), state_(std::make_shared<state>(executor, options)) {}

client::~client() { close(); }

void client::async_command(std::vector<std::string> args, reply_handler done) {
  std::string encoded;
  encode_command(args, encoded);
  asio::post(state_->strand, [s = state_, encoded = std::move(encoded), done = std::move(done)]() mutable {
    s->submit(std::move(encoded), std::move(done));
  });
}

void client::close() {
  asio::post(state_->strand, [s = state_] { s->fail(asio::error::operation_aborted, false); });
}

}  // namespace portico::gateway::redis
