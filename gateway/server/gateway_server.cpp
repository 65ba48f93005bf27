// Composition root: config -> generation (generation_builder), one worker per proxy thread,
// listeners, the admin listener on its own thread, reload, and the snapshot/shutdown plumbing.
#include "gateway/server/gateway_server.hpp"

#include "core/net/admin_http.hpp"
#include "core/net/connection_tracker.hpp"
#include "core/net/endpoint.hpp"
#include "core/net/io_pool.hpp"
#include "core/net/listener.hpp"
#include "gateway/admin/admin_api.hpp"
#include "gateway/admin/config_json.hpp"
#include "gateway/server/client_session.hpp"
#include "gateway/server/generation_builder.hpp"
#include "gateway/server/server_impl.hpp"

#include <boost/asio/post.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <future>
#include <stdexcept>

namespace portico::gateway {

namespace asio = boost::asio;
using detail::gateway_state;

namespace {

// Active health checks follow backends across generations: a prober starts with the first
// generation that has its backend and stops when a generation drops it (a reload reuses
// unchanged backends, probers included, so health state carries on). Backends are spread over
// the proxy threads in turn. Call with the reload mutex held, while the proxy threads run.
void sync_probers(net::io_pool& pool, std::size_t& started, const detail::generation* previous, const detail::generation* next) {
  auto kept = [](const detail::generation* g, const detail::backend_state* b) {
    if (g)
      for (const auto& x : g->backends)
        if (x.get() == b) return true;
    return false;
  };
  if (previous)
    for (const auto& b : previous->backends)
      if (b->prober && !kept(next, b.get())) b->prober->stop();
  if (next)
    for (const auto& b : next->backends)
      if (b->prober && !kept(previous, b.get()))
        b->prober->start(pool.context(static_cast<int>(started++ % static_cast<std::size_t>(pool.size()))));
}

}  // namespace

gateway_server::gateway_server(const core::gateway_config& config, const backend_endpoints& backends, gateway_options options)
    : impl_(std::make_unique<impl>()) {
  impl_->options = options;
  impl_->backends = backends;
  impl_->state = std::make_unique<gateway_state>();
  auto& s = *impl_->state;
  s.clock = options.clock ? options.clock : &core::steady_clock_source::instance();
  s.threads = options.threads > 0 ? options.threads : std::max(1, config.threads);
  s.seed = options.seed;
  s.limits.max_header_bytes = static_cast<std::size_t>(config.limits.max_header_bytes);
  s.limits.max_request_line = std::min<std::size_t>(8 * 1024, s.limits.max_header_bytes);
  s.limits.max_body_bytes = config.limits.max_body_bytes;
  s.timeouts = config.limits;
  if (!config.access_log.empty()) s.log = std::make_unique<access_log>(config.access_log, s.threads);
  auto first = detail::build_generation(config, backends, options, s, nullptr);
  s.current = first;

  impl_->pool = std::make_unique<net::io_pool>(s.threads, net::io_objects::thread_owned);  // see client_session.hpp
  for (int i = 0; i < s.threads; ++i) {
    impl_->workers.push_back(std::make_unique<detail::worker>(i, impl_->pool->context(i), s));
    impl_->workers.back()->install(first);
  }
  for (std::size_t li = 0; li < config.listeners.size(); ++li) {
    const auto& lc = config.listeners[li];
    impl_->listener_addresses.push_back(lc.address);
    impl_->tls_configs.push_back(lc.tls);
    const std::string address = li == 0 && !options.listen.empty() ? options.listen : lc.address;
    const auto endpoint = net::parse_endpoint(address);
    if (!endpoint) throw std::invalid_argument("listener '" + lc.name + "': bad address '" + address + "'");
    impl_->tls.push_back(lc.tls.enabled ? std::make_unique<detail::tls_terminator>(lc.name, lc.tls) : nullptr);
    auto* self = impl_.get();
    const detail::tls_terminator* tls = impl_->tls.back().get();
    impl_->listeners.push_back(std::make_unique<net::listener>(*impl_->pool, *endpoint, [self, li, tls](asio::ip::tcp::socket socket, int index) {
      auto session =
          std::make_shared<detail::client_session>(std::move(socket), *self->workers[static_cast<std::size_t>(index)], li, tls);
      session->start(self->tracker);
    }));
    impl_->bound.push_back({lc.name, impl_->listeners.back()->local_endpoint()});
  }

  const std::string admin = options.admin ? *options.admin : config.admin;
  if (!admin.empty()) {
    const auto endpoint = net::parse_endpoint(admin);
    if (!endpoint) throw std::invalid_argument("gateway.admin: bad address '" + admin + "'");
    admin_sources sources{.snapshot = [this] { return snapshot(); },
                          .config_json = [this] { return boost::json::serialize(config_to_json(running_config())); },
                          .reload = [this](const std::string& file) { return reload_from_source(file); },
                          .reloadable =
                              [this] {
                                std::lock_guard lock(impl_->reload_mutex);
                                return static_cast<bool>(impl_->source);
                              },
                          .generation = [this] { return impl_->current()->number; },
                          .components = [this] { return components(); },
                          .health_events = [this] { return health_events(); }};
    impl_->admin_handler = [api = admin_api(std::move(sources), config.admin_token)](const net::admin_http_request& r) {
      return api.handle(r);
    };
    impl_->admin_pool = std::make_unique<net::io_pool>(1);
    net::listener_options admin_options;
    admin_options.backlog = 64;
    auto* self = impl_.get();
    impl_->admin_listener = std::make_unique<net::listener>(*impl_->admin_pool, *endpoint, [self](asio::ip::tcp::socket socket, int) {
      net::start_admin_http_session(std::move(socket), self->admin_handler, self->admin_tracker);
    }, admin_options);
  }
}

gateway_server::~gateway_server() { stop(std::chrono::seconds(1)); }

void gateway_server::start() {
  if (impl_->running || impl_->stopped) return;
  for (auto& w : impl_->workers) asio::post(w->io(), [w = w.get()] { w->start_sweep(); });
  impl_->pool->start();
  {
    std::lock_guard lock(impl_->reload_mutex);
    sync_probers(*impl_->pool, impl_->probe_threads, nullptr, impl_->current().get());
  }
  for (auto& l : impl_->listeners) l->start();
  if (impl_->admin_listener) {
    impl_->admin_pool->start();
    impl_->admin_listener->start();
  }
  impl_->running = true;
}

bool gateway_server::stop(std::chrono::milliseconds deadline) {
  {
    std::lock_guard lock(impl_->reload_mutex);  // a reload in progress finishes first; later ones see stopped
    if (impl_->stopped) return true;
    impl_->stopped = true;
    if (impl_->running) sync_probers(*impl_->pool, impl_->probe_threads, impl_->current().get(), nullptr);
  }
  if (impl_->admin_listener) {  // first: an admin request may wait for the proxy threads
    impl_->admin_listener->stop();
    if (impl_->running) impl_->admin_tracker.shutdown(std::chrono::steady_clock::now() + std::chrono::seconds(1), impl_->options.drain_grace);
    impl_->admin_pool->stop();
    impl_->admin_pool->join();
    impl_->admin_listener.reset();
    impl_->admin_pool.reset();
  }
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
  impl_->state->log.reset();  // writes what the proxy threads left in their buffers
  impl_->running = false;
  return clean;
}

reload_result gateway_server::reload(const core::gateway_config& config) {
  backend_endpoints backends;
  {
    std::lock_guard lock(impl_->reload_mutex);
    backends = impl_->backends;
  }
  return reload(config, backends);
}

reload_result gateway_server::reload(const core::gateway_config& config, const backend_endpoints& backends) {
  std::lock_guard lock(impl_->reload_mutex);
  const auto previous = impl_->current();
  reload_result result;
  result.generation = previous->number;
  if (impl_->stopped) result.errors.push_back("gateway is stopped");
  if (config.listeners.size() != impl_->bound.size()) result.errors.push_back("gateway.listeners: a reload cannot add or remove listeners");
  for (std::size_t i = 0; i < config.listeners.size() && i < impl_->bound.size(); ++i) {
    const auto& l = config.listeners[i];
    if (l.name != impl_->bound[i].name || l.address != impl_->listener_addresses[i])
      result.errors.push_back(core::config_error{l.where, "gateway.listeners[" + std::to_string(i) + "]",
                                                 "a reload cannot rename or move a listener (restart for that)"}
                                  .to_string());
    else if (l.tls != impl_->tls_configs[i])  // certificates are loaded once, at start
      result.errors.push_back(core::config_error{l.where, "gateway.listeners[" + std::to_string(i) + "].tls",
                                                 "a reload cannot change a listener's TLS settings (restart for that)"}
                                  .to_string());
  }
  std::shared_ptr<const detail::generation> next;
  if (result.errors.empty()) {
    try {
      next = detail::build_generation(config, backends, impl_->options, *impl_->state, previous.get());
    } catch (const std::exception& e) {
      result.errors.push_back(e.what());
    }
  }
  if (!next) {
    ++impl_->reloads_rejected;
    return result;
  }
  // Each proxy thread installs it on its own thread; wait for all, so that when reload() returns
  // every new request uses the new generation.
  for (auto& w : impl_->workers) {
    if (!impl_->running) {
      w->install(next);
      continue;
    }
    std::promise<void> done;
    auto future = done.get_future();
    asio::post(w->io(), [&done, &next, w = w.get()] {
      w->install(next);
      done.set_value();
    });
    future.get();
  }
  {
    std::lock_guard state_lock(impl_->state->mutex);
    impl_->state->current = next;
  }
  if (impl_->running) sync_probers(*impl_->pool, impl_->probe_threads, previous.get(), next.get());
  impl_->backends = backends;
  ++impl_->reloads_ok;
  result.ok = true;
  result.generation = next->number;
  result.notes = next->notes;
  return result;
}

void gateway_server::set_reload_source(reload_source source) {
  std::lock_guard lock(impl_->reload_mutex);
  impl_->source = std::move(source);
}

reload_result gateway_server::reload_from_source(const std::string& file) {
  reload_source source;
  {
    std::lock_guard lock(impl_->reload_mutex);
    source = impl_->source;
  }
  if (!source) return {false, {"this gateway has no configuration source to reload from"}, impl_->current()->number};
  auto loaded = source(file);
  if (!loaded.config) {
    std::lock_guard lock(impl_->reload_mutex);
    ++impl_->reloads_rejected;
    return {false, std::move(loaded.errors), impl_->current()->number};
  }
  return reload(*loaded.config, loaded.backends);
}

std::vector<listener_endpoint> gateway_server::endpoints() const { return impl_->bound; }

std::optional<asio::ip::tcp::endpoint> gateway_server::admin_endpoint() const {
  if (!impl_->admin_listener) return std::nullopt;
  return impl_->admin_listener->local_endpoint();
}

core::gateway_config gateway_server::running_config() const { return impl_->current()->config; }

}  // namespace portico::gateway
