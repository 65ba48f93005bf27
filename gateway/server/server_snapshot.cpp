// gateway_server's observability: counters collected from every proxy thread (each copies its own
// on its own thread), merged by metric id, and joined with the live health/ejection/breaker state
// of the generation serving now.
#include "gateway/server/server_impl.hpp"

#include "gateway/auth/auth_stage.hpp"
#include "gateway/ratelimit/rate_limit_stage.hpp"

#include <boost/asio/post.hpp>

#include <future>

namespace portico::gateway {

namespace asio = boost::asio;

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
  const auto g = impl_->current();
  gateway_snapshot snap;
  {
    std::lock_guard lock(s.mutex);
    for (const auto& r : s.metrics.routes) snap.routes.push_back({r.listener, r.route, {}});
    for (const auto& b : s.metrics.backends)
      snap.backends.push_back({b.backend, b.instance, b.backend + "#" + std::to_string(b.instance), b.address, false, false, false});
  }
  const auto now = s.clock->now();
  for (const auto& b : g->backends) {
    for (std::size_t i = 0; i < b->metric_ids.size(); ++i) {
      auto& out = snap.backends[b->metric_ids[i]];
      out.in_config = true;
      out.healthy = b->hosts->healthy(i);
      out.ejected = b->hosts->ejected(i);
      out.outstanding = b->hosts->outstanding(i);
      if (b->outliers) out.times_ejected = b->outliers->times_ejected(i);
      if (b->breaker) out.breaker = to_string(b->breaker->state(now));
    }
  }
  for (const auto& c : copies) {
    snap.overall.merge(c.overall);
    for (std::size_t r = 0; r < c.routes.size() && r < snap.routes.size(); ++r) snap.routes[r].counters.merge(c.routes[r]);
    for (std::size_t k = 0; k < c.backends.size() && k < snap.backends.size(); ++k) snap.backends[k].counters.merge(c.backends[k]);
  }
  for (std::size_t l = 0; l < impl_->tls.size(); ++l) {
    if (!impl_->tls[l]) continue;
    listener_tls_snapshot t{impl_->bound[l].name, {}};
    for (const auto& c : copies)
      if (l < c.tls.size()) t.counters.merge(c.tls[l]);
    snap.tls.push_back(std::move(t));
  }
  snap.connections_active = impl_->tracker.active();
  for (const auto& l : impl_->listeners) snap.connections_accepted += l->accepted();
  snap.generation = g->number;
  snap.reloads_ok = impl_->reloads_ok.load();
  snap.reloads_rejected = impl_->reloads_rejected.load();
  return snap;
}

namespace {

// Limiters and auth checks of the generation serving now, one component per route stage. Their
// counters live in the stages, so they restart when a reload rebuilds the routes.
void append_policy_components(const detail::generation& g, std::vector<core::component_result>& out) {
  for (const auto& listener : g.listeners) {
    for (const auto& route : listener.route_states) {
      for (std::size_t i = 0; i < route.stages.size(); ++i) {
        const auto& s = route.stages.at(i);
        if (const auto limit = rate_limit_stage_report(s)) {
          core::component_result c{"limiter", route.name, {}, {}};
          c.counters = {{"allowed", static_cast<double>(limit->allowed)}, {"denied", static_cast<double>(limit->denied)},
                        {"delayed", static_cast<double>(limit->delayed)}, {"store_errors", static_cast<double>(limit->store_errors)}};
          out.push_back(std::move(c));
        } else if (const auto auth = auth_stage_report(s)) {
          core::component_result c{"auth", route.name + ":" + auth->method, {}, {}};
          c.counters = {{"ok", static_cast<double>(auth->ok)}, {"unauthorized", static_cast<double>(auth->unauthorized)},
                        {"forbidden", static_cast<double>(auth->forbidden)}};
          out.push_back(std::move(c));
        }
      }
    }
  }
}

}  // namespace

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
  for (const auto& t : snap.tls) out.push_back(t.counters.to_component(t.listener));
  append_policy_components(*impl_->current(), out);
  return out;
}

}  // namespace portico::gateway
