#pragma once
// Internal to gateway/server: gateway_server's private parts, shared by gateway_server.cpp
// (lifecycle, reload, admin) and server_snapshot.cpp (snapshots).
#include "core/net/admin_http.hpp"
#include "core/net/connection_tracker.hpp"
#include "core/net/io_pool.hpp"
#include "core/net/listener.hpp"
#include "gateway/server/gateway_server.hpp"
#include "gateway/server/tls_termination.hpp"
#include "gateway/server/worker.hpp"

#include <atomic>
#include <memory>
#include <mutex>

namespace portico::gateway {

struct gateway_server::impl {
  std::unique_ptr<detail::gateway_state> state;
  // By listener index, null for plain TCP. Declared before the pool: sessions parked in the
  // io_contexts reference them until the pool is gone.
  std::vector<std::unique_ptr<detail::tls_terminator>> tls;
  std::vector<std::unique_ptr<detail::worker>> workers;  // destroyed after the pool (see stop)
  std::unique_ptr<net::io_pool> pool;
  std::vector<std::unique_ptr<net::listener>> listeners;
  std::vector<listener_endpoint> bound;
  std::vector<std::string> listener_addresses;  // as configured: a reload may not change them
  std::vector<core::tls_config> tls_configs;     // the same
  net::connection_tracker tracker;
  gateway_options options;
  backend_endpoints backends;  // the latest given
  // Admin: its own thread, so that /metrics (which waits for every proxy thread) never runs on one.
  std::unique_ptr<net::io_pool> admin_pool;
  std::unique_ptr<net::listener> admin_listener;
  net::connection_tracker admin_tracker;
  net::admin_http_handler admin_handler;
  reload_source source;
  std::mutex reload_mutex;  // one reload at a time; guards the probers' start/stop
  std::size_t probe_threads = 0;  // health probers started so far (spreads them over threads)
  std::atomic<std::uint64_t> reloads_ok{0}, reloads_rejected{0};
  bool running = false;
  bool stopped = false;

  // Workers own I/O objects of the pool's contexts (the sweep timer, pooled upstream
  // connections): they go first, while the contexts exist. stop() does this too; this is for a
  // constructor that threw (a bad TLS key) after the workers were made.
  ~impl() {
    for (auto& w : workers) w->release_io();
  }

  std::shared_ptr<const detail::generation> current() const {
    std::lock_guard lock(state->mutex);
    return state->current;
  }
};

}  // namespace portico::gateway
