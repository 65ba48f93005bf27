#include "mock-backends/server/instance.hpp"

#include "mock-backends/server/response_text.hpp"

#include <iterator>

namespace portico::mock {

namespace {

// Single-writer counter bump: no read-modify-write instruction needed.
inline void bump(std::atomic<std::uint64_t>& counter, std::uint64_t n = 1) noexcept {
  counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

const std::vector<std::string> builtin_names = {"backend", "instance", "method", "path"};

}  // namespace

struct alignas(64) instance::shard {
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> by_class[6]{};
  std::atomic<std::uint64_t> faults{0};
  std::atomic<std::uint64_t> rejections{0};
  std::atomic<std::uint64_t> bad_requests{0};
  std::atomic<std::int64_t> in_flight{0};
};

struct instance::endpoint {
  struct alignas(64) thread_rng {
    rng random;
  };
  std::string method;
  path_template path;
  int status;
  bool websocket_echo;
  latency_sampler latency;
  fault_plan faults;
  body_template body;
  std::string headers;  // Content-Type, configured headers, instance header
  std::string static_bytes[2];  // [close]; empty when the body is dynamic
  std::size_t static_body_offset[2] = {0, 0};
  std::unique_ptr<thread_rng[]> rngs;
  std::string match;                // "POST /v1/traces", for recorded requests
  std::unique_ptr<request_log> log;  // null unless the endpoint records

  endpoint(const core::endpoint_config& config, const std::vector<std::string>& names, std::uint64_t seed)
      : method(config.method),
        path(config.path.empty() ? std::string_view("*") : std::string_view(config.path)),
        status(config.status),
        websocket_echo(config.websocket == core::endpoint_config::websocket_mode::echo),
        latency(config.latency),
        faults(config.faults),
        body(config.body, names, seed) {}
};

instance::instance(const core::backend_config& backend, int index, int threads, std::uint64_t seed)
    : backend_(backend.name),
      index_(index),
      name_(backend.name + "#" + std::to_string(index)),
      health_path_(backend.health_path),
      instance_header_("X-Portico-Instance: " + name_ + "\r\n"),
      shards_(std::make_unique<shard[]>(static_cast<std::size_t>(threads))),
      threads_(threads),
      gate_(backend.capacity) {
  for (std::size_t e = 0; e < backend.endpoints.size(); ++e) {
    const auto& config = backend.endpoints[e];
    auto names = builtin_names;
    auto path_names = path_template(config.path.empty() ? std::string_view("*") : std::string_view(config.path))
                          .capture_names();
    names.insert(names.end(), path_names.begin(), path_names.end());
    seed_builder base(seed);
    base.add(backend.name).add(static_cast<std::uint64_t>(index)).add(static_cast<std::uint64_t>(e));
    auto ep = std::make_unique<endpoint>(config, names, seed_builder(base).add("body").seed());
    if (!ep->body.content_type().empty()) ep->headers += "Content-Type: " + ep->body.content_type() + "\r\n";
    for (const auto& [key, value] : config.headers) ep->headers += key + ": " + value + "\r\n";
    ep->headers += instance_header_;
    if (ep->body.is_static()) {
      std::string body = ep->body.render_static();
      for (int close = 0; close < 2; ++close) {
        ep->static_body_offset[close] = append_response(ep->static_bytes[close], ep->status, ep->headers, body, close);
      }
    }
    ep->match = (config.method.empty() ? std::string() : config.method + " ") + (config.path.empty() ? "*" : config.path);
    if (config.record > 0) {
      ep->log = std::make_unique<request_log>(static_cast<std::size_t>(config.record));
      records_ = true;
    }
    ep->rngs = std::make_unique<endpoint::thread_rng[]>(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t) {
      ep->rngs[static_cast<std::size_t>(t)].random = rng(seed_builder(base).add(static_cast<std::uint64_t>(t)).seed());
    }
    endpoints_.push_back(std::move(ep));
  }
  for (int close = 0; close < 2; ++close) {
    append_response(health_ok_[close], 200, "Content-Type: application/json\r\n" + instance_header_,
                    "{\"status\":\"ok\"}", close);
    append_response(health_bad_[close], 503, "Content-Type: application/json\r\n" + instance_header_,
                    "{\"status\":\"unhealthy\"}", close);
    not_found_[close] = error_response(404, "no endpoint matches", instance_header_, close);
    not_allowed_[close] = error_response(405, "method not allowed here", instance_header_, close);
    upgrade_required_[close] = error_response(426, "a WebSocket endpoint: send an upgrade", "Upgrade: websocket\r\n" + instance_header_, close);
  }
  reject_keep_alive_ = error_response(503, "capacity exceeded: queue full", instance_header_, false);
  reject_close_ = error_response(503, "capacity exceeded: queue full", instance_header_, true);
}

instance::~instance() = default;

const instance::endpoint* instance::find(std::string_view method, std::string_view path, path_captures& captures,
                                         bool& path_matched) const {
  path_matched = false;
  for (const auto& e : endpoints_) {
    if (!e->path.match(path, captures)) continue;
    path_matched = true;
    if (e->method.empty() || e->method == method || (method == "HEAD" && e->method == "GET")) return e.get();
  }
  return nullptr;
}

void instance::route(const net::request_head& head, bool close, int thread, std::string& scratch,
                     response_plan& plan) {
  auto& counters = shards_[static_cast<std::size_t>(thread)];
  bump(counters.requests);
  plan = response_plan{};
  plan.close = close;
  const int c = close ? 1 : 0;
  const std::string_view path = head.path();
  const bool head_only = head.method == boost::beast::http::verb::head;

  if (failed_flag_.load(std::memory_order_relaxed)) {
    if (fail_by_reset_.load(std::memory_order_relaxed)) {
      plan.fault.kind = fault_kind::reset;
      plan.close = true;
      return;
    }
    plan.status = fail_status_.load(std::memory_order_relaxed);
    scratch = error_response(plan.status, "instance failed (admin)", instance_header_, close);
    plan.bytes = scratch;
    return;
  }
  if (path == health_path_) {
    plan.status = unhealthy_.load(std::memory_order_relaxed) ? 503 : 200;
    plan.bytes = plan.status == 200 ? health_ok_[c] : health_bad_[c];
    return;
  }

  path_captures captures;
  bool path_matched = false;
  const endpoint* e = find(head.method_text, path, captures, path_matched);
  if (e == nullptr) {
    plan.status = path_matched ? 405 : 404;
    plan.bytes = path_matched ? not_allowed_[c] : not_found_[c];
    return;
  }

  if (e->log) e->log->add({name_, e->match, head.method_text, head.target, head.content_type, head.body, head.body_bytes, 0});
  if (e->websocket_echo) {  // the handshake itself is Beast's (websocket_echo.cpp), with its checks
    plan.status = head.upgrade ? 101 : 426;
    plan.websocket = head.upgrade;
    if (!head.upgrade) plan.bytes = upgrade_required_[c];
    return;
  }
  rng& random = e->rngs[static_cast<std::size_t>(thread)].random;
  plan.fault = e->faults.decide(random);
  plan.delay = e->latency.sample(random) + std::chrono::nanoseconds(extra_latency_ns_.load(std::memory_order_relaxed));
  plan.gated = !gate_.unlimited();
  plan.status = e->status;
  if (plan.fault.kind != fault_kind::none) {
    bump(counters.faults);
    fill_fault_body(*e, captures, head, close, scratch, plan);
  } else if (e->body.is_static()) {
    plan.bytes = e->static_bytes[c];
    plan.body_offset = e->static_body_offset[c];
  } else {
    captures.push("backend", backend_);
    captures.push("method", head.method_text);
    captures.push("path", path);
    std::string index_text = std::to_string(index_);
    captures.push("instance", index_text);
    thread_local std::string body;
    body.clear();
    scratch.clear();
    if (e->body.render(captures, body)) {
      plan.body_offset = append_response(scratch, e->status, e->headers, body, close);
    } else {
      plan.status = 500;  // a body file vanished mid-run
      scratch = error_response(plan.status, "body file unreadable", instance_header_, close);
      plan.body_offset = scratch.find("\r\n\r\n") + 4;
    }
    plan.bytes = scratch;
  }
  if (head_only) plan.bytes = plan.bytes.substr(0, plan.body_offset);
}

void instance::fill_fault_body(const endpoint& e, const path_captures& captures, const net::request_head& head,
                               bool close, std::string& scratch, response_plan& plan) const {
  scratch.clear();
  switch (plan.fault.kind) {
    case fault_kind::status:
      plan.status = plan.fault.status;
      scratch = error_response(plan.status, "injected fault", instance_header_, close);
      break;
    case fault_kind::close_mid_body:
    case fault_kind::slow_body: {
      // The fault must be observable, so an empty body is replaced by 64 bytes of filler.
      path_captures values = captures;
      values.push("backend", backend_);
      values.push("method", head.method_text);
      values.push("path", head.path());
      std::string body;
      e.body.render(values, body);
      if (body.empty()) body.assign(64, '.');
      plan.body_offset = append_response(scratch, e.status, e.headers, body, close);
      break;
    }
    case fault_kind::malformed: scratch = "HTTP/1.1 ???? this is not a status line\r\n\x01\x02garbage\r\n\r\n"; break;
    case fault_kind::hang:
    case fault_kind::reset:
    case fault_kind::none: break;
  }
  plan.bytes = scratch;
  if (plan.fault.kind != fault_kind::status) plan.close = true;
}

std::vector<recorded_request> instance::recorded() const {
  std::vector<recorded_request> out;
  for (const auto& e : endpoints_) {
    if (!e->log) continue;
    auto entries = e->log->entries();
    std::move(entries.begin(), entries.end(), std::back_inserter(out));
  }
  return out;
}

void instance::count_response(int thread, int status) noexcept {
  int cls = status / 100;
  bump(shards_[static_cast<std::size_t>(thread)].by_class[cls >= 1 && cls <= 5 ? cls : 0]);
}

void instance::count_rejection(int thread) noexcept { bump(shards_[static_cast<std::size_t>(thread)].rejections); }

void instance::count_bad_request(int thread) noexcept {
  bump(shards_[static_cast<std::size_t>(thread)].bad_requests);
}

void instance::add_in_flight(int thread, int delta) noexcept {
  auto& gauge = shards_[static_cast<std::size_t>(thread)].in_flight;
  gauge.store(gauge.load(std::memory_order_relaxed) + delta, std::memory_order_relaxed);
}

void instance::set_state(const instance_state& state) noexcept {
  fail_status_.store(state.fail_status, std::memory_order_relaxed);
  fail_by_reset_.store(state.fail_by_reset, std::memory_order_relaxed);
  unhealthy_.store(state.unhealthy, std::memory_order_relaxed);
  extra_latency_ns_.store(state.extra_latency.count(), std::memory_order_relaxed);
  failed_flag_.store(state.failed, std::memory_order_release);
}

instance_state instance::state() const noexcept {
  instance_state s;
  s.failed = failed_flag_.load(std::memory_order_acquire);
  s.fail_status = fail_status_.load(std::memory_order_relaxed);
  s.fail_by_reset = fail_by_reset_.load(std::memory_order_relaxed);
  s.unhealthy = unhealthy_.load(std::memory_order_relaxed);
  s.extra_latency = std::chrono::nanoseconds(extra_latency_ns_.load(std::memory_order_relaxed));
  return s;
}

instance_stats instance::stats() const {
  instance_stats s;
  s.backend = backend_;
  s.instance = index_;
  s.name = name_;
  for (int t = 0; t < threads_; ++t) {
    const auto& sh = shards_[static_cast<std::size_t>(t)];
    s.requests += sh.requests.load(std::memory_order_relaxed);
    for (std::size_t i = 0; i < 6; ++i) s.by_class[i] += sh.by_class[i].load(std::memory_order_relaxed);
    s.faults_injected += sh.faults.load(std::memory_order_relaxed);
    s.queue_rejections += sh.rejections.load(std::memory_order_relaxed);
    s.bad_requests += sh.bad_requests.load(std::memory_order_relaxed);
    s.in_flight += sh.in_flight.load(std::memory_order_relaxed);
  }
  if (!gate_.unlimited()) {
    s.busy_workers = gate_.busy();
    s.queue_depth = gate_.queue_depth();
    s.max_queue_depth = gate_.max_queue_depth();
  }
  s.state = state();
  return s;
}

}  // namespace portico::mock
