#include "mock-backends/server/mock_server.hpp"

#include "core/net/admin_http.hpp"
#include "core/net/connection_tracker.hpp"
#include "core/net/endpoint.hpp"
#include "core/net/io_pool.hpp"
#include "core/net/listener.hpp"
#include "mock-backends/server/admin_api.hpp"
#include "mock-backends/server/instance.hpp"
#include "mock-backends/server/session.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace portico::mock {

using tcp = boost::asio::ip::tcp;

namespace {

tcp::endpoint parse_listen(const std::string& text, const std::string& what) {
  if (auto e = net::parse_endpoint(text)) return *e;
  if (auto e = net::parse_endpoint(text + ":0")) return *e;  // a bare host
  throw std::invalid_argument(what + ": cannot parse listen address '" + text + "'");
}

}  // namespace

struct mock_server::impl {
  server_options options;
  net::io_pool pool;
  net::connection_tracker tracker;
  std::vector<std::unique_ptr<instance>> instances;
  std::vector<std::unique_ptr<net::listener>> listeners;  // parallel to instances
  std::unique_ptr<admin_api> admin;
  net::admin_http_handler admin_handler;  // adapts admin_api to the shared admin HTTP session
  std::unique_ptr<net::listener> admin_listener;
  bool started = false;
  bool stopped = false;

  impl(server_options o) : options(std::move(o)), pool(options.threads, net::io_objects::thread_owned) {}  // sessions close on their thread

  instance* find(std::string_view backend, int index) const {
    for (const auto& i : instances) {
      if (i->backend() == backend && i->index() == index) return i.get();
    }
    return nullptr;
  }
};

mock_server::mock_server(const core::scenario_config& scenario, server_options options)
    : impl_(std::make_unique<impl>(std::move(options))) {
  auto& s = *impl_;
  const std::uint64_t seed = s.options.seed.value_or(scenario.seed);
  const int threads = s.pool.size();
  std::optional<tcp::endpoint> override_listen;
  if (!s.options.listen.empty()) override_listen = parse_listen(s.options.listen, "--listen");
  unsigned next_port = override_listen ? override_listen->port() : 0;

  for (const auto& backend : scenario.backends) {
    const auto& only = s.options.backends;
    if (!only.empty() && std::find(only.begin(), only.end(), backend.name) == only.end()) continue;
    if (!backend.address.empty()) continue;  // external: not ours to serve
    tcp::endpoint base = override_listen ? *override_listen : parse_listen(backend.listen, "backends." + backend.name);
    for (int i = 0; i < std::max(1, backend.instances); ++i) {
      auto inst = std::make_unique<instance>(backend, i, threads, seed);
      tcp::endpoint at = base;
      if (override_listen) {
        at.port(static_cast<unsigned short>(next_port));
        if (next_port != 0) ++next_port;
      } else if (base.port() != 0) {
        at.port(static_cast<unsigned short>(base.port() + i));
      }
      instance* raw = inst.get();
      auto handler = [this, raw](tcp::socket socket, int thread) {
        start_session(std::move(socket), session_env{*raw, impl_->options, impl_->tracker, thread});
      };
      s.listeners.push_back(std::make_unique<net::listener>(s.pool, at, handler));
      s.instances.push_back(std::move(inst));
    }
  }
  for (const auto& name : s.options.backends) {
    if (!scenario.find_backend(name)) throw std::invalid_argument("no backend named '" + name + "' in the scenario");
  }
  if (!s.options.admin.empty()) {
    s.admin = std::make_unique<admin_api>(*this, s.options.admin_token);
    s.admin_handler = [api = s.admin.get()](const net::admin_http_request& r) {
      auto reply = api->handle({r.method, r.target, r.authorization});
      return net::admin_http_reply{reply.status, "application/json", std::move(reply.body)};
    };
    auto handler = [this](tcp::socket socket, int) {
      net::start_admin_http_session(std::move(socket), impl_->admin_handler, impl_->tracker);
    };
    net::listener_options admin_options;
    admin_options.backlog = 64;
    s.admin_listener = std::make_unique<net::listener>(s.pool, parse_listen(s.options.admin, "--admin"), handler,
                                                       admin_options);
  }
}

mock_server::~mock_server() { stop(std::chrono::seconds(1)); }

void mock_server::start() {
  auto& s = *impl_;
  if (s.started) return;
  s.started = true;
  s.pool.start();
  for (auto& l : s.listeners) l->start();
  if (s.admin_listener) s.admin_listener->start();
}

bool mock_server::stop(std::chrono::milliseconds deadline) {
  auto& s = *impl_;
  if (s.stopped) return true;
  s.stopped = true;
  if (!s.started) return true;
  auto until = std::chrono::steady_clock::now() + deadline;
  for (auto& l : s.listeners) l->stop();
  if (s.admin_listener) s.admin_listener->stop();
  bool clean = s.tracker.shutdown(until);
  s.pool.stop();
  s.pool.join();
  return clean;
}

std::vector<endpoint_info> mock_server::endpoints() const {
  std::vector<endpoint_info> out;
  for (std::size_t i = 0; i < impl_->instances.size(); ++i) {
    const auto& inst = *impl_->instances[i];
    out.push_back({inst.name(), inst.backend(), inst.index(), impl_->listeners[i]->local_endpoint()});
  }
  return out;
}

std::optional<tcp::endpoint> mock_server::admin_endpoint() const {
  if (!impl_->admin_listener) return std::nullopt;
  return impl_->admin_listener->local_endpoint();
}

bool mock_server::set_state(std::string_view backend, int index, const instance_state& state) {
  bool any = false;
  for (auto& inst : impl_->instances) {
    if (inst->backend() == backend && (index < 0 || inst->index() == index)) {
      inst->set_state(state);
      any = true;
    }
  }
  return any;
}

std::optional<instance_state> mock_server::state(std::string_view backend, int index) const {
  if (auto* inst = impl_->find(backend, index)) return inst->state();
  return std::nullopt;
}

std::vector<instance_stats> mock_server::stats() const {
  std::vector<instance_stats> out;
  for (std::size_t i = 0; i < impl_->instances.size(); ++i) {
    auto s = impl_->instances[i]->stats();
    s.address = net::format_endpoint(impl_->listeners[i]->local_endpoint());
    s.connections = impl_->listeners[i]->accepted();
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<recorded_request> mock_server::recorded(std::string_view backend) const {
  std::vector<recorded_request> out;
  for (const auto& inst : impl_->instances) {
    if (inst->backend() != backend) continue;
    auto got = inst->recorded();
    std::move(got.begin(), got.end(), std::back_inserter(out));
  }
  return out;
}

}  // namespace portico::mock
