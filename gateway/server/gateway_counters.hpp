#pragma once
// The gateway's observable counters, one struct per route and per backend instance. Each proxy
// thread owns its own copies (plain integers and a histogram, no atomics or locks on the hot
// path); gateway_server::snapshot() collects them on each thread and merges.
#include "core/results/results.hpp"
#include "core/stats/histogram.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace portico::gateway {

inline core::histogram_options latency_histogram_options() {
  return {.lowest = 1000, .highest = 3'600'000'000'000, .significant_digits = 3};  // 1 µs .. 1 h, in ns
}

struct gateway_counters {
  std::uint64_t requests = 0;
  std::array<std::uint64_t, 6> by_class{};  // [2] = 2xx ... [5] = 5xx; [0] other
  std::uint64_t local_responses = 0;       // answered by the gateway (errors, 404, stage answers)
  std::uint64_t upstream_errors = 0;       // attempts ending in connect failure / reset / bad response
  std::uint64_t connect_failures = 0;
  std::uint64_t timeouts = 0;              // attempts ending in 504
  std::uint64_t retries = 0;
  std::uint64_t rejected_by_breaker = 0;
  std::uint64_t connections_created = 0;   // upstream connections opened (backends)
  std::uint64_t connections_reused = 0;    // upstream requests on a pooled connection (backends)
  // WebSocket (gateway/server/tunnel.cpp). A tunnel's handshake also counts as a request (101).
  std::uint64_t ws_upgrades = 0;            // handshakes the backend accepted: tunnels opened
  std::uint64_t ws_refused = 0;             // upgrades answered without a tunnel (403/400/426, backend not 101, errors)
  std::int64_t ws_active = 0;               // tunnels open now (a gauge; each thread's own, summed)
  std::uint64_t ws_bytes_to_upstream = 0;   // tunnel bytes relayed client -> backend
  std::uint64_t ws_bytes_to_client = 0;     // tunnel bytes relayed backend -> client
  std::uint64_t ws_frames_to_upstream = 0;  // frame headers seen in those bytes
  std::uint64_t ws_frames_to_client = 0;
  std::uint64_t ws_idle_closes = 0;         // tunnels closed by the route's idle timeout
  core::histogram latency{latency_histogram_options()};  // request latency as the gateway saw it, ns

  void count_status(int status) noexcept {
    const int c = status / 100;
    ++by_class[c >= 1 && c <= 5 ? static_cast<std::size_t>(c) : 0];
  }
  void merge(const gateway_counters& o);
  // counters: requests, status_1xx..status_5xx, local_responses, upstream_errors, ...; the
  // websocket_* ones only once an upgrade was seen (most components never tunnel)
  core::component_result to_component(std::string kind, std::string name) const;
};

// TLS handshakes on one listener, per proxy thread like the request counters.
struct tls_counters {
  std::uint64_t handshakes = 0;           // completed
  std::uint64_t handshake_failures = 0;   // refused or broken: untrusted/absent client certificate,
                                          // version below min_version, not TLS, timeouts
  std::uint64_t handshake_timeouts = 0;   // of the failures: not done within handshake_timeout
  std::uint64_t tls13 = 0;                // completed handshakes that negotiated TLS 1.3
  std::uint64_t resumed = 0;              // completed by session resumption (no certificate exchange)
  std::uint64_t client_certificates = 0;  // completed with a verified client certificate

  void merge(const tls_counters& o);
  // kind "tls", named after the listener; counters: handshakes, handshake_failures, ...
  core::component_result to_component(std::string listener) const;
};

}  // namespace portico::gateway
