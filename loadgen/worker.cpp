#include "loadgen/worker.hpp"

#include "loadgen/connection.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <stdexcept>
#include <vector>

namespace portico::loadgen {

namespace {
constexpr std::int64_t late_threshold_ns = 1'000'000;  // a send more than 1 ms late is "late"
constexpr std::int64_t scan_period_ns = 10'000'000;    // timeouts and reconnects checked every 10 ms
constexpr int arrival_check_events = 16;               // open model: admit due arrivals every 16 events
constexpr std::int64_t reconnect_backoff_ns = 10'000'000;
constexpr std::size_t read_buffer_size = 64 * 1024;
}  // namespace

struct worker::impl {
  struct pending {
    std::int64_t intended_ns;
    std::uint8_t phase;
  };

  worker_plan plan;
  const core::load_config& config;
  bool open_model;
  std::size_t depth;
  int epoll_fd = -1;
  std::vector<connection> connections;
  std::vector<int> free_list;
  std::deque<pending> ready;                         // open model: due, not yet sent
  std::deque<std::pair<std::int64_t, int>> thinking;  // closed model: (send at, connection)
  std::vector<char> buffer = std::vector<char>(read_buffer_size);
  phase_stats stats[2];
  rng random;
  std::int64_t now = 0, warmup_end, measure_end, stopped_at = 0, drain_deadline = 0, next_scan = 0;
  std::optional<std::int64_t> next_arrival;
  bool sending = true;
  std::uint64_t measured = 0;  // measure-phase sends (closed) or arrivals (open), for the quota
  std::size_t in_flight = 0;

  explicit impl(worker_plan p)
      : plan(std::move(p)), config(*plan.config), open_model(plan.arrivals.has_value()),
        depth(config.new_connection_per_request ? 1 : static_cast<std::size_t>(std::max(1, config.pipeline))),
        connections(static_cast<std::size_t>(plan.connections)),
        stats{phase_stats(plan.mix.size()), phase_stats(plan.mix.size())}, random(plan.seed),
        warmup_end(plan.warmup_end.since_epoch.count()), measure_end(plan.measure_end.since_epoch.count()) {
    epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd < 0) throw std::runtime_error("epoll_create1 failed");
    for (auto& c : connections) c.ring.resize(depth);
  }
  ~impl() {
    for (auto& c : connections) close_transport(c);
    if (epoll_fd >= 0) ::close(epoll_fd);
  }

  void tick() { now = plan.clock->now().since_epoch.count(); }
  int index_of(const connection& c) const { return static_cast<int>(&c - connections.data()); }
  bool wants_connections() const { return sending || !ready.empty(); }

  // Open plain-TCP connections are edge-triggered: the kernel then does not re-poll every socket
  // it reported at the next epoll_wait, and on_readable knows when a read drained the socket (a
  // short read), so it needs no extra read that returns EAGAIN. TLS stays level-triggered
  // (OpenSSL may buffer records it has read).
  static std::uint32_t read_events(const connection& c) { return c.ssl ? EPOLLIN : EPOLLIN | EPOLLET; }

  void set_interest(connection& c, std::uint32_t events, int op = EPOLL_CTL_MOD) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u32 = static_cast<std::uint32_t>(index_of(c));
    ::epoll_ctl(epoll_fd, op, c.fd, &ev);
  }

  // --- errors and recording -------------------------------------------------------------------
  void count_error(const inflight& f, const char* kind) {
    stats[f.phase].streams[f.template_index].count_error(kind);
    if (f.phase == 1) live_counters::bump(plan.live->errors);
  }
  // An error that happened before any request was chosen (a failed connect): in the open model it
  // is charged to the oldest waiting request, which it stops from being sent.
  void count_connection_error(const char* kind, bool costs_a_request = true) {
    std::uint8_t phase = now < warmup_end ? 0 : 1;
    if (open_model && costs_a_request) {
      if (ready.empty()) return;  // nothing was waiting: the failure cost no request
      phase = ready.front().phase;
      ready.pop_front();
    }
    stats[phase].unattributed.count_error(kind);
    if (phase == 1) live_counters::bump(plan.live->errors);
  }

  void complete(const inflight& f, int status) {
    auto& s = stats[f.phase].streams[f.template_index];
    const std::int64_t corrected = now - f.intended_ns;
    s.counts.completed += 1;
    s.count_status(status);
    s.corrected.record(corrected);
    s.uncorrected.record(now - f.sent_ns);
    --in_flight;
    if (f.phase == 1) {
      live_counters::bump(plan.live->completed);
      if (status < 200 || status > 399) live_counters::bump(plan.live->non_2xx);
      if (plan.timeline) plan.timeline->record(corrected);
      if (plan.timeline_uncorrected) plan.timeline_uncorrected->record(now - f.sent_ns);
    }
  }

  // Keeps the first explanation of each error kind (c.error when the transport set one), so the
  // summary can say why, not only how often.
  void explain(const connection& c, const char* kind) {
    auto& examples = stats[c.count > 0 ? c.ring[c.head].phase : (now < warmup_end ? 0 : 1)].error_examples;
    if (examples.count(kind)) return;
    std::string why = c.error;
    if (why.empty() && kind == error_kind::closed) why = "the server closed the connection with requests in flight";
    if (why.empty() && kind == error_kind::timeout) why = "no response within " + std::to_string(config.timeout.count() / 1'000'000) + " ms";
    examples.emplace(kind, why.empty() ? "(no detail)" : why);
  }

  // Fails every request in flight on c with `kind`, closes it and reconnects when still useful.
  void fail(connection& c, const char* kind, bool backoff = false) {
    if (c.count > 0) explain(c, kind);
    while (c.count > 0) {
      count_error(c.pop(), kind);
      --in_flight;
    }
    close_transport(c);
    c.retry_at_ns = now + (backoff ? reconnect_backoff_ns : 0);
    if (!backoff && wants_connections()) connect(c);
  }

  // --- connecting -----------------------------------------------------------------------------
  void connect(connection& c) {
    const auto& dest = *plan.destination;
    c.fd = ::socket(dest.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    c.since_ns = now;
    if (c.fd < 0) return connect_failed(c, error_kind::connect, errno);
    const int one = 1;
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const int rc = ::connect(c.fd, reinterpret_cast<const sockaddr*>(&dest.address), dest.address_length);
    if (rc != 0 && errno != EINPROGRESS) return connect_failed(c, error_kind::connect, errno);
    c.state = connection::status::connecting;
    set_interest(c, EPOLLOUT, EPOLL_CTL_ADD);
  }

  void connect_failed(connection& c, const char* kind, int error_number = 0) {
    if (error_number != 0) c.error = std::strerror(error_number);
    explain(c, kind);
    count_connection_error(kind);
    fail(c, kind, true);
  }

  void on_connect_event(connection& c) {
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0)
      return connect_failed(c, error_kind::connect, error != 0 ? error : errno);
    if (plan.tls) {
      c.ssl = SSL_new(plan.tls);
      SSL_set_fd(c.ssl, c.fd);
      // SSL_set_tlsext_host_name, without the macro's C-style cast.
      SSL_ctrl(c.ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(plan.destination->host.c_str()));
      if (!config.insecure) SSL_set1_host(c.ssl, plan.destination->host.c_str());
      SSL_set_connect_state(c.ssl);
      c.state = connection::status::handshaking;
      return on_handshake_event(c);
    }
    c.state = connection::status::open;
    set_interest(c, read_events(c));
    on_ready(c);
  }

  void on_handshake_event(connection& c) {
    bool wants_write = false;
    const auto r = handshake_step(c, wants_write);
    if (r == io_error) return connect_failed(c, error_kind::tls);
    if (r == io_would_block) return set_interest(c, wants_write ? EPOLLIN | EPOLLOUT : EPOLLIN);
    c.state = connection::status::open;
    set_interest(c, EPOLLIN);
    on_ready(c);
  }

  // --- sending --------------------------------------------------------------------------------
  void enqueue(connection& c, std::int64_t intended, std::uint8_t phase) {
    const auto t = plan.mix.choose(random);
    plan.mix.render(t, random, c.out);
    const bool head = plan.mix.at(t).is_head;
    if (c.count == 0) c.parser.reset(head);
    c.push({intended, now, static_cast<std::uint32_t>(t), phase, head});
    ++in_flight;
    auto& s = stats[phase];
    s.streams[t].counts.sent += 1;
    const std::int64_t lag = now - intended;
    if (lag > late_threshold_ns) ++s.late_sends;
    if (now >= (phase == 0 ? warmup_end : measure_end)) ++s.sent_after_end;
    s.max_send_lag_ns = std::max(s.max_send_lag_ns, lag);
    if (phase == 1) live_counters::bump(plan.live->sent);
  }

  void flush(connection& c) {
    while (c.out_offset < c.out.size()) {
      const auto n = write_some(c, c.out.data() + c.out_offset, c.out.size() - c.out_offset);
      if (n > 0) {
        c.out_offset += static_cast<std::size_t>(n);
      } else if (n == io_would_block) {
        if (!c.write_armed) set_interest(c, read_events(c) | EPOLLOUT);
        c.write_armed = true;
        return;
      } else {
        return fail(c, c.ssl ? error_kind::tls : error_kind::write);
      }
    }
    c.out.clear();
    c.out_offset = 0;
    if (c.write_armed) set_interest(c, read_events(c));
    c.write_armed = false;
  }

  // c can take more requests: fill it now (closed model) or from the ready queue (open model).
  void on_ready(connection& c) {
    if (c.state != connection::status::open || c.full()) return;
    if (open_model) {
      while (!c.full() && !ready.empty()) {
        enqueue(c, ready.front().intended_ns, ready.front().phase);
        ready.pop_front();
      }
      if (!c.full() && !c.in_free_list) {
        c.in_free_list = true;
        free_list.push_back(index_of(c));
      }
    } else {
      while (!c.full() && sending) {
        const std::uint8_t phase = now < warmup_end ? 0 : 1;
        if (phase == 1 && plan.quota != 0 && measured >= plan.quota) break;
        measured += phase;
        enqueue(c, now, phase);
      }
    }
    if (!c.out.empty() && !c.write_armed) flush(c);
  }

  void dispatch() {
    while (!ready.empty() && !free_list.empty()) {
      auto& c = connections[static_cast<std::size_t>(free_list.back())];
      free_list.pop_back();
      if (!c.in_free_list) continue;  // stale entry (closed since)
      c.in_free_list = false;
      on_ready(c);
    }
  }

  // --- receiving ------------------------------------------------------------------------------
  void on_readable(connection& c);
  void on_eof(connection& c);
  void after_response(connection& c);

  // --- the loop -------------------------------------------------------------------------------
  void admit_arrivals();
  void scan();
  void stop_sending();
  void finish();
  void run();
};

}  // namespace portico::loadgen

namespace portico::loadgen {

void worker::impl::on_readable(connection& c) {
  tick();
  for (;;) {
    const std::size_t carried = c.carry.size();
    if (carried) std::copy(c.carry.begin(), c.carry.end(), buffer.begin());
    const auto n = read_some(c, buffer.data() + carried, buffer.size() - carried);
    if (n == io_would_block) return;
    if (n == 0) return on_eof(c);
    if (n < 0) return fail(c, c.ssl ? error_kind::tls : error_kind::read);
    c.carry.clear();
    const char* p = buffer.data();
    std::size_t left = carried + static_cast<std::size_t>(n);
    while (left > 0) {
      if (c.count == 0) {  // bytes nobody asked for
        count_connection_error(error_kind::parse, false);
        c.error = "bytes received with no request in flight";
        return fail(c, error_kind::parse);
      }
      const auto o = c.parser.parse(p, left);
      p += o.consumed;
      left -= o.consumed;
      if (o.result == response_parser::state::error) {
        c.error = c.parser.error();
        return fail(c, error_kind::parse);
      }
      if (o.result == response_parser::state::need_more) {
        c.carry.assign(p, left);
        break;
      }
      const int status = c.parser.status_code();
      const bool keep_alive = c.parser.keep_alive() && !config.new_connection_per_request;
      complete(c.pop(), status);
      if (c.count > 0) c.parser.reset(c.front().head);
      if (!keep_alive) {
        fail(c, error_kind::closed);  // whatever was pipelined behind it is lost
        return;
      }
    }
    // TLS may hold decrypted bytes beyond what one SSL_read returned (a record at a time); an
    // edge-triggered socket may hold more only when the read filled the buffer.
    const bool more = c.ssl ? SSL_pending(c.ssl) > 0 : static_cast<std::size_t>(n) == buffer.size() - carried;
    if (!more) break;
  }
  after_response(c);
}

void worker::impl::on_eof(connection& c) {
  if (c.count > 0 && c.parser.finish_on_eof()) {
    complete(c.pop(), c.parser.status_code());
  }
  // An idle keep-alive connection closed by the server costs no request; otherwise the requests
  // in flight are lost.
  fail(c, error_kind::closed);
}

void worker::impl::after_response(connection& c) {
  if (!open_model && config.think_time.count() > 0) {
    if (c.count == 0 && sending) thinking.emplace_back(now + config.think_time.count(), index_of(c));
    return;
  }
  on_ready(c);
}

void worker::impl::admit_arrivals() {
  while (sending && next_arrival && *next_arrival <= now) {
    const std::int64_t intended = *next_arrival;
    if (intended >= measure_end) {
      next_arrival.reset();
      break;
    }
    const std::uint8_t phase = intended < warmup_end ? 0 : 1;
    if (phase == 1 && plan.quota != 0 && measured >= plan.quota) {
      next_arrival.reset();
      stop_sending();
      break;
    }
    measured += phase;
    ready.push_back({intended, phase});
    const auto offset = plan.arrivals->next();
    if (offset) next_arrival = plan.start.since_epoch.count() + offset->count();
    else next_arrival.reset();
  }
  dispatch();
}

void worker::impl::scan() {
  const std::int64_t timeout = config.timeout.count();
  for (auto& c : connections) {
    switch (c.state) {
      case connection::status::connecting:
      case connection::status::handshaking:
        if (now - c.since_ns > timeout) {
          c.error = c.ssl ? "TLS handshake timed out" : "connect timed out";
          connect_failed(c, c.ssl ? error_kind::tls : error_kind::connect);
        }
        break;
      case connection::status::open:
        if (c.count > 0 && now - c.front().sent_ns > timeout) fail(c, error_kind::timeout);
        break;
      case connection::status::closed:
        if (c.retry_at_ns <= now && wants_connections()) connect(c);
        break;
    }
  }
}

void worker::impl::stop_sending() {
  if (!sending) return;
  sending = false;
  stopped_at = now;
  drain_deadline = now + plan.drain.count();
  thinking.clear();
}

void worker::impl::finish() {
  for (const auto& p : ready) stats[p.phase].unattributed.count_error(error_kind::not_sent);
  ready.clear();
  for (auto& c : connections) {
    while (c.count > 0) count_error(c.pop(), error_kind::unfinished);
    close_transport(c);
  }
  for (auto& s : stats) {
    for (auto& stream : s.streams) stream.fold_status();
  }
}

void worker::impl::run() {
  tick();
  if (open_model) {
    const auto offset = plan.arrivals->next();
    if (offset) next_arrival = plan.start.since_epoch.count() + offset->count();
  }
  for (auto& c : connections) connect(c);
  std::vector<epoll_event> events(256);
  bool use_pwait2 = true;
  for (;;) {
    tick();
    // Admit before the end-of-run check: when this thread wakes late (descheduled on a busy
    // host), arrivals intended before measure_end are still due. They go out late and count as
    // late sends; stopping first would drop them from every count.
    if (open_model) admit_arrivals();
    if (sending && (now >= measure_end || plan.stop->load(std::memory_order_relaxed) ||
                    (!open_model && plan.quota != 0 && measured >= plan.quota && now >= warmup_end))) {
      stop_sending();
    }
    if (!sending && ((in_flight == 0 && ready.empty()) || now >= drain_deadline)) break;
    while (!thinking.empty() && thinking.front().first <= now) {
      on_ready(connections[static_cast<std::size_t>(thinking.front().second)]);
      thinking.pop_front();
    }
    if (now >= next_scan) {
      scan();
      next_scan = now + scan_period_ns;
    }
    std::int64_t wake = next_scan;
    if (!sending) wake = std::min(wake, drain_deadline);
    else wake = std::min(wake, measure_end);
    if (next_arrival && sending) wake = std::min(wake, *next_arrival);
    if (!thinking.empty()) wake = std::min(wake, thinking.front().first);
    const std::int64_t wait = std::max<std::int64_t>(0, wake - now);
    int n;
    if (use_pwait2) {
      const timespec ts{static_cast<time_t>(wait / 1'000'000'000), static_cast<long>(wait % 1'000'000'000)};
      n = ::epoll_pwait2(epoll_fd, events.data(), static_cast<int>(events.size()), &ts, nullptr);
      if (n < 0 && errno == ENOSYS) {
        use_pwait2 = false;
        continue;
      }
    } else {
      n = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()),
                       static_cast<int>((wait + 999'999) / 1'000'000));
    }
    if (n < 0) continue;  // EINTR
    tick();
    for (int i = 0; i < n; ++i) {
      // A full batch of responses takes milliseconds to handle; arrivals due meanwhile are sent
      // between slices of it, not after it, or the open model falls behind its own schedule.
      if (open_model && i > 0 && i % arrival_check_events == 0) {
        tick();
        admit_arrivals();
      }
      auto& c = connections[events[static_cast<std::size_t>(i)].data.u32];
      const auto ev = events[static_cast<std::size_t>(i)].events;
      switch (c.state) {
        case connection::status::connecting: on_connect_event(c); break;
        case connection::status::handshaking: on_handshake_event(c); break;
        case connection::status::open:
          if ((ev & EPOLLOUT) && c.write_armed) flush(c);
          if (c.state == connection::status::open && (ev & (EPOLLIN | EPOLLHUP | EPOLLERR))) on_readable(c);
          break;
        case connection::status::closed: break;  // closed earlier in this batch
      }
    }
  }
  if (sending) stop_sending();
  finish();
}

worker::worker(worker_plan plan) : impl_(std::make_unique<impl>(std::move(plan))) {}
worker::~worker() = default;
void worker::run() { impl_->run(); }
const phase_stats& worker::warmup() const { return impl_->stats[0]; }
const phase_stats& worker::measure() const { return impl_->stats[1]; }
core::time_point worker::measure_stopped() const { return core::time_point{core::nanos{impl_->stopped_at}}; }

}  // namespace portico::loadgen
