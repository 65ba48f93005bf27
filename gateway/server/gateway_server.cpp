// Composition root: config -> shared gateway_state (routers, pipelines, host sets, resilience),
// one worker per proxy thread, listeners, and the snapshot/shutdown plumbing.
#include "gateway/server/gateway_server.hpp"

#include "core/net/connection_tracker.hpp"
#include "core/net/endpoint.hpp"
#include "core/net/io_pool.hpp"
#include "core/net/listener.hpp"
#include "gateway/server/client_session.hpp"
#include "gateway/server/routing_stage.hpp"
#include "gateway/server/stage_list.hpp"

#include <boost/asio/post.hpp>

#include <future>
#include <set>
#include <stdexcept>

namespace portico::gateway {

namespace asio = boost::asio;
using detail::gateway_state;

struct gateway_server::impl {
  std::unique_ptr<gateway_state> state;
  std::vector<std::unique_ptr<detail::worker>> workers;  // destroyed after the pool (see stop)
  std::unique_ptr<net::io_pool> pool;
  std::vector<std::unique_ptr<net::listener>> listeners;
  net::connection_tracker tracker;
  gateway_options options;
  bool running = false;
  bool stopped = false;
};

namespace {

void build_backends(gateway_state& s, const backend_endpoints& given, const gateway_options& options,
                    std::map<std::string, std::size_t>& index) {
  std::set<std::string> names;
  for (const auto& l : s.config.listeners)
    for (const auto& r : l.routes)
      for (const auto& b : r.backends) names.insert(b.backend);
  for (const auto& name : names) {
    auto it = given.find(name);
    if (it == given.end() || it->second.empty())
      throw std::invalid_argument("backend '" + name + "' has no instance address (give --backend " + name + "=HOST:PORT)");
    detail::backend_state b;
    b.name = name;
    if (auto u = s.config.upstreams.find(name); u != s.config.upstreams.end()) b.config = u->second;
    std::vector<host_spec> specs;
    const auto weights = options.weights.find(name);
    for (std::size_t i = 0; i < it->second.size(); ++i) {
      const auto& address = it->second[i];
      const auto endpoint = net::parse_endpoint(address);
      if (!endpoint) throw std::invalid_argument("backend '" + name + "': bad address '" + address + "'");
      b.endpoints.push_back(*endpoint);
      b.addresses.push_back(address);
      std::uint32_t weight = 1;
      if (weights != options.weights.end() && i < weights->second.size()) weight = weights->second[i];
      specs.push_back({address, weight});
    }
    b.hosts = std::make_unique<host_set>(std::move(specs));
    if (b.config.outlier_detection.enabled) b.outliers = std::make_unique<outlier_detector>(b.config.outlier_detection, *b.hosts);
    if (b.config.circuit_breaker.enabled) b.breaker = std::make_unique<circuit_breaker>(b.config.circuit_breaker);
    index[name] = s.backends.size();
    s.backends.push_back(std::move(b));
  }
}

void build_listeners(gateway_state& s, const gateway_options& options, const std::map<std::string, std::size_t>& backend_index,
                     const backend_endpoints& given) {
  s.listeners.reserve(s.config.listeners.size());
  for (std::size_t li = 0; li < s.config.listeners.size(); ++li) {
    auto& lc = s.config.listeners[li];
    detail::listener_state l;
    l.config = &lc;
    const std::string address = li == 0 && !options.listen.empty() ? options.listen : lc.address;
    const auto endpoint = net::parse_endpoint(address);
    if (!endpoint) throw std::invalid_argument("listener '" + lc.name + "': bad address '" + address + "'");
    l.endpoint = *endpoint;
    l.routes = std::make_unique<router>(lc);
    stage_build_context listener_ctx{s.config, lc, nullptr, 0, *s.clock, s.threads, &given};
    for (auto factory : listener_stage_factories())
      if (auto st = factory(listener_ctx)) l.before_routing.add(std::move(st));
    l.before_routing.add(std::make_unique<routing_stage>(*l.routes));
    l.route_states.reserve(lc.routes.size());
    for (std::size_t ri = 0; ri < lc.routes.size(); ++ri) {
      const auto& rc = lc.routes[ri];
      detail::route_state r{&rc, rc.name.empty() ? lc.name + "#" + std::to_string(ri) : rc.name, {},
                            retry_policy(rc.retries), std::make_unique<retry_budget>(rc.retries.budget), hash_policy(rc.lb.hash_on),
                            {}, s.route_count++};
      for (const auto& b : rc.backends) r.backends.push_back(backend_index.at(b.backend));
      stage_build_context route_ctx{s.config, lc, &rc, ri, *s.clock, s.threads, &given};
      for (auto factory : route_stage_factories())
        if (auto st = factory(route_ctx)) r.stages.add(std::move(st));
      l.route_states.push_back(std::move(r));
    }
    s.listeners.push_back(std::move(l));
  }
}

}  // namespace

gateway_server::gateway_server(const core::gateway_config& config, const backend_endpoints& backends, gateway_options options)
    : impl_(std::make_unique<impl>()) {
  impl_->options = options;
  auto state = std::make_unique<gateway_state>();
  auto& s = *state;
  s.config = config;
  s.clock = options.clock ? options.clock : &core::steady_clock_source::instance();
  s.threads = options.threads > 0 ? options.threads : std::max(1, config.threads);
  s.seed = options.seed;
  s.limits.max_header_bytes = static_cast<std::size_t>(config.limits.max_header_bytes);
  s.limits.max_request_line = std::min<std::size_t>(8 * 1024, s.limits.max_header_bytes);
  s.limits.max_body_bytes = config.limits.max_body_bytes;
  if (s.config.listeners.empty()) throw std::invalid_argument("gateway has no listener");
  std::map<std::string, std::size_t> backend_index;
  build_backends(s, backends, options, backend_index);
  build_listeners(s, options, backend_index, backends);
  impl_->state = std::move(state);

  impl_->pool = std::make_unique<net::io_pool>(s.threads);
  for (int i = 0; i < s.threads; ++i)
    impl_->workers.push_back(std::make_unique<detail::worker>(i, impl_->pool->context(i), s));
  for (auto& l : s.listeners) {
    auto* state_ptr = &l;
    auto* self = impl_.get();
    impl_->listeners.push_back(std::make_unique<net::listener>(
        *impl_->pool, l.endpoint, [self, state_ptr](asio::ip::tcp::socket socket, int index) {
          auto session = std::make_shared<detail::client_session>(std::move(socket), *self->workers[static_cast<std::size_t>(index)], *state_ptr);
          session->start(self->tracker);
        }));
    l.endpoint = impl_->listeners.back()->local_endpoint();
  }
}

gateway_server::~gateway_server() { stop(std::chrono::seconds(1)); }

void gateway_server::start() {
  if (impl_->running || impl_->stopped) return;
  for (auto& w : impl_->workers) asio::post(w->io(), [w = w.get()] { w->start_sweep(); });
  impl_->pool->start();
  for (auto& l : impl_->listeners) l->start();
  impl_->running = true;
}

bool gateway_server::stop(std::chrono::milliseconds deadline) {
  if (impl_->stopped) return true;
  impl_->stopped = true;
  for (auto& l : impl_->listeners) l->stop();
  bool clean = true;
  if (impl_->running) {
    clean = impl_->tracker.shutdown(std::chrono::steady_clock::now() + deadline, impl_->options.drain_grace);
  }
  impl_->pool->stop();
  impl_->pool->join();
  // No thread runs now: release every I/O object a worker owns while its io_context still
  // exists, then destroy the contexts (and the sessions still parked in them), then the workers.
  for (auto& w : impl_->workers) w->release_io();
  impl_->listeners.clear();
  impl_->pool.reset();
  impl_->running = false;
  return clean;
}

std::vector<listener_endpoint> gateway_server::endpoints() const {
  std::vector<listener_endpoint> out;
  for (const auto& l : impl_->state->listeners) out.push_back({l.config->name, l.endpoint});
  return out;
}

gateway_snapshot gateway_server::snapshot() const {
  std::vector<detail::worker::counters_copy> copies;
  for (auto& w : impl_->workers) {
    if (impl_->running) {
      std::promise<detail::worker::counters_copy> promise;
      auto future = promise.get_future();
      asio::post(w->io(), [&promise, w = w.get()] { promise.set_value(w->copy_counters()); });
      copies.push_back(future.get());
    } else {
      copies.push_back(w->copy_counters());
    }
  }
  const auto& s = *impl_->state;
  gateway_snapshot snap;
  for (const auto& l : s.listeners)
    for (const auto& r : l.route_states) snap.routes.push_back({l.config->name, r.name, {}});
  for (std::size_t bi = 0; bi < s.backends.size(); ++bi) {
    const auto& b = s.backends[bi];
    for (std::size_t i = 0; i < b.endpoints.size(); ++i)
      snap.backends.push_back({b.name, static_cast<int>(i), b.name + "#" + std::to_string(i), b.addresses[i], b.hosts->healthy(i),
                               b.hosts->ejected(i), b.hosts->outstanding(i), {}});
  }
  for (const auto& c : copies) {
    snap.overall.merge(c.overall);
    for (std::size_t r = 0; r < c.routes.size(); ++r) snap.routes[r].counters.merge(c.routes[r]);
    std::size_t k = 0;
    for (const auto& per_backend : c.backends)
      for (const auto& counters : per_backend) snap.backends[k++].counters.merge(counters);
  }
  snap.connections_active = impl_->tracker.active();
  for (const auto& l : impl_->listeners) snap.connections_accepted += l->accepted();
  return snap;
}

std::vector<core::component_result> gateway_server::components() const {
  const auto snap = snapshot();
  std::vector<core::component_result> out;
  out.push_back(snap.overall.to_component("gateway", "overall"));
  for (const auto& r : snap.routes) out.push_back(r.counters.to_component("route", r.name));
  for (const auto& b : snap.backends) {
    auto c = b.counters.to_component("backend", b.name);
    c.counters["healthy"] = b.healthy ? 1 : 0;
    c.counters["ejected"] = b.ejected ? 1 : 0;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace portico::gateway
