#include "scenarios/runner/process_system.hpp"

#include "core/results/results_json.hpp"
#include "scenarios/runner/loopback_http.hpp"

#include <boost/json.hpp>

#include <csignal>
#include <filesystem>
#include <stdexcept>

namespace portico::runner {

namespace {

namespace json = boost::json;

constexpr std::chrono::seconds ready_deadline{15};
constexpr std::chrono::seconds stop_deadline{5};

struct listening_line {
  std::string name, address;
};

std::optional<listening_line> parse_listening(const std::string& line) {
  const std::string prefix = "listening ";
  if (line.rfind(prefix, 0) != 0) return std::nullopt;
  const auto space = line.find(' ', prefix.size());
  if (space == std::string::npos) return std::nullopt;
  return listening_line{line.substr(prefix.size(), space - prefix.size()), line.substr(space + 1)};
}

std::vector<std::string> base_args(const launch_options& launch, const char* command) {
  std::vector<std::string> args{launch.executable, command, launch.scenario_file};
  for (const auto& o : launch.overrides) {
    args.push_back("--set");
    args.push_back(o);
  }
  return args;
}

// Reads `listening` lines until `done` says enough; throws with the child's name if it exits or
// stays silent past the deadline.
template <class Done>
void read_listening(core::child_process& child, const char* what, Done done,
                    const std::function<void(const listening_line&)>& on_line) {
  const auto deadline = std::chrono::steady_clock::now() + ready_deadline;
  while (!done()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    const auto line = left.count() > 0 ? child.read_line(left) : std::nullopt;
    if (!line) throw std::runtime_error(std::string(what) + " did not become ready (see its errors above)");
    if (auto l = parse_listening(*line)) on_line(*l);
  }
}

std::string event_path(const core::event_config& e) {
  using action = core::event_config::action;
  std::string path = "/admin/backends/" + e.backend;
  if (e.instance >= 0) path += "/instances/" + std::to_string(e.instance);
  switch (e.what) {
    case action::fail: return path + "/fail";
    case action::kill: return path + "/fail?mode=reset";
    case action::recover: return path + "/recover";
    case action::slow: return path + "/slow?latency=" + std::to_string(e.latency.count()) + "ns";
    case action::unhealthy: return path + "/unhealthy";
    case action::healthy: return path + "/healthy";
    case action::reload: break;
  }
  return {};
}

double number(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  if (v.is_double()) return v.as_double();
  return 0;
}

}  // namespace

process_system::process_system(const core::scenario_config& scenario, const launch_options& launch) : scenario_(scenario) {
  bool any_mock = false;
  for (const auto& b : scenario.backends) any_mock = any_mock || b.address.empty();
  try {
    if (any_mock) start_mocks(launch);
    if (scenario.gateway.enabled && scenario.gateway.address.empty() && !scenario.gateway.listeners.empty())
      start_gateway(launch);
  } catch (...) {
    stop();
    throw;
  }
}

process_system::~process_system() { stop(); }

void process_system::start_mocks(const launch_options& launch) {
  std::size_t expected = 0;
  for (const auto& b : scenario_.backends)
    if (b.address.empty()) expected += static_cast<std::size_t>(b.instances);
  const bool admin = !scenario_.mock.admin.empty();
  mock_ = std::make_unique<core::child_process>(base_args(launch, "mock"));
  read_listening(*mock_, "portico mock", [&] { return mock_instances_.size() == expected && (!admin || !mock_admin_.empty()); },
                 [&](const listening_line& l) {
                   if (l.name == "admin") mock_admin_ = l.address;
                   else mock_instances_.emplace_back(l.name, l.address);
                 });
}

void process_system::start_gateway(const launch_options& launch) {
  auto args = base_args(launch, "gateway");
  std::map<std::string, std::string> by_backend;
  for (const auto& [name, address] : mock_instances_) {
    auto& list = by_backend[name.substr(0, name.rfind('#'))];
    list += (list.empty() ? "" : ",") + address;
  }
  for (const auto& [backend, list] : by_backend) {
    args.push_back("--backend");
    args.push_back(backend + "=" + list);
  }
  // The runner reads the gateway's counters, health transitions and reloads through its admin
  // listener, so a scenario that turned it off gets one on a loopback port for the run.
  if (scenario_.gateway.admin.empty()) {
    args.push_back("--admin");
    args.push_back("127.0.0.1:0");
  }
  gateway_ = std::make_unique<core::child_process>(args);
  const auto expected = scenario_.gateway.listeners.size();
  read_listening(*gateway_, "portico gateway", [&] { return gateway_listeners_.size() == expected && !gateway_admin_.empty(); },
                 [&](const listening_line& l) {
                   if (l.name == "admin") gateway_admin_ = l.address;
                   else gateway_listeners_.emplace_back(l.name, l.address);
                 });
}

// Resolved here as the in-process mode resolves it (from the scenario file's directory), so both
// log the same path and the child needs no idea of where the runner's scenario lives.
std::string process_system::reload_gateway(const std::string& event_file) {
  if (gateway_admin_.empty()) return "reload ignored: no gateway runs as a child process";
  std::filesystem::path path(event_file);
  if (path.is_relative() && !scenario_.file.empty()) path = std::filesystem::path(scenario_.file).parent_path() / path;
  const std::string file = path.string();
  const std::string body = json::serialize(json::object{{"file", file}});
  const auto reply = loopback_http(gateway_admin_, "POST", "/reload", scenario_.gateway.admin_token, std::chrono::seconds(10), body);
  if (!reply) return "reload failed: no answer from the gateway admin API at " + gateway_admin_;
  boost::system::error_code ec;
  const auto doc = json::parse(reply->body, ec);
  const auto* o = ec ? nullptr : doc.if_object();
  if (o == nullptr || !o->contains("reloaded")) return "reload failed: gateway admin API " + std::to_string(reply->status) + ": " + reply->body;
  auto lines = [&](const char* key) {
    std::vector<std::string> out;
    if (const auto* a = o->if_contains(key); a && a->is_array())
      for (const auto& item : a->get_array())
        if (item.is_string()) out.emplace_back(item.get_string());
    return out;
  };
  const auto* generation = o->if_contains("generation");
  return reload_event_text(file, reply->status == 200, generation ? static_cast<std::uint64_t>(number(*generation)) : 0, lines("errors"),
                           lines("notes"));
}

std::string process_system::target_url() const {
  return choose_target(scenario_, gateway_listeners_.empty() ? std::string() : gateway_listeners_.front().second,
                       mock_instances_.empty() ? std::string() : mock_instances_.front().second);
}

std::vector<std::string> process_system::describe() const {
  std::vector<std::string> lines;
  for (const auto& [name, address] : gateway_listeners_) lines.push_back("gateway " + name + " " + address + " (process)");
  for (const auto& [name, address] : mock_instances_) lines.push_back("mock " + name + " " + address + " (process)");
  return lines;
}

std::string process_system::apply(const core::event_config& event) {
  if (event.what == core::event_config::action::reload) return reload_gateway(event.file);
  if (mock_admin_.empty()) return "ignored: no mock admin listener (mock.admin is off)";
  const auto path = event_path(event);
  const auto reply = loopback_http(mock_admin_, "POST", path, scenario_.mock.admin_token);
  if (!reply) return "failed: no answer from the mock admin API at " + mock_admin_;
  if (reply->status != 200) return "failed: mock admin API " + std::to_string(reply->status) + ": " + reply->body;
  return "POST " + path + " ok";
}

std::vector<core::component_result> process_system::components() const {
  std::vector<core::component_result> out;
  if (!gateway_admin_.empty()) {  // the gateway's own components(), as the in-process mode reports them
    const auto reply = loopback_http(gateway_admin_, "GET", "/components", scenario_.gateway.admin_token);
    std::string error = reply ? "HTTP " + std::to_string(reply->status) : "no answer";
    auto parts = reply && reply->status == 200 ? core::read_components_json(reply->body, &error) : std::nullopt;
    if (!parts) throw std::runtime_error("cannot read the gateway's counters from " + gateway_admin_ + "/components: " + error);
    out = std::move(*parts);
  }
  if (mock_admin_.empty()) return out;
  const auto reply = loopback_http(mock_admin_, "GET", "/admin/stats", scenario_.mock.admin_token);
  if (!reply || reply->status != 200) return out;
  boost::system::error_code ec;
  const auto doc = json::parse(reply->body, ec);
  if (ec || !doc.is_object() || !doc.as_object().contains("instances")) return out;
  for (const auto& item : doc.at("instances").as_array()) {
    const auto& o = item.as_object();
    core::component_result c;
    c.kind = "mock";
    c.name = json::value_to<std::string>(o.at("name"));
    for (const char* key : {"requests", "connections", "faults_injected", "queue_rejections", "bad_requests", "max_queue_depth"})
      if (o.contains(key)) c.counters[key] = number(o.at(key));
    if (o.contains("responses"))
      for (const auto& [cls, count] : o.at("responses").as_object())
        if (cls != "other") c.counters["status_" + std::string(cls)] = number(count);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<system_event> process_system::events() const {
  std::vector<system_event> out;
  if (gateway_admin_.empty()) return out;
  const auto reply = loopback_http(gateway_admin_, "GET", "/health-events", scenario_.gateway.admin_token);
  boost::system::error_code ec;
  const auto doc = reply && reply->status == 200 ? json::parse(reply->body, ec) : json::value();
  const auto* o = doc.if_object();
  const auto* events = o ? o->if_contains("events") : nullptr;
  if (events == nullptr || !events->is_array()) {
    out.push_back({core::steady_clock_source::instance().now(), "runner", "cannot read the gateway's health transitions from " + gateway_admin_});
    return out;
  }
  // at_ns is on the child's steady clock: CLOCK_MONOTONIC, shared by every process of the host,
  // so it is on the runner's time line as it is.
  for (const auto& item : events->get_array()) {
    const auto* e = item.if_object();
    const auto* at = e ? e->if_contains("at_ns") : nullptr;
    const auto* instance = e ? e->if_contains("instance") : nullptr;
    const auto* healthy = e ? e->if_contains("healthy") : nullptr;
    if (!at || !at->is_int64() || !instance || !instance->is_string() || !healthy || !healthy->is_bool()) continue;
    out.push_back({core::time_point{core::nanos{at->get_int64()}}, "gateway",
                   health_transition_text(std::string(instance->get_string()), healthy->get_bool())});
  }
  return out;
}

void process_system::stop() {
  // The gateway first: it may still hold requests to the mocks.
  for (auto* child : {gateway_.get(), mock_.get()}) {
    if (!child || !child->running()) continue;
    child->signal(SIGTERM);
    if (!child->wait(stop_deadline)) child->signal(SIGKILL);
  }
}

}  // namespace portico::runner
