// portico load URL [...]: the load generator on its own, wrk-like. Closed model unless --rate
// (or --stage) is given; prints a summary with corrected and uncorrected percentiles; --json
// writes the results model, --hlog an HdrHistogram interval log. Exit 0 ok, 2 bad input.
#include "core/config/units.hpp"
#include "core/net/termination_signals.hpp"
#include "core/results/results_json.hpp"
#include "core/stats/hlog_writer.hpp"
#include "loadgen/driver.hpp"
#include "loadgen/text_summary.hpp"
#include "tools/arguments.hpp"
#include "tools/command.hpp"

#include <boost/program_options.hpp>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

namespace portico::tools {

namespace {

namespace po = boost::program_options;
using std::chrono::nanoseconds;

struct bad_input : std::runtime_error {
  using std::runtime_error::runtime_error;
};

nanoseconds duration_arg(const po::variables_map& vm, const char* name) {
  const auto text = vm[name].as<std::string>();
  const auto d = core::parse_duration(text);
  if (!d) throw bad_input(std::string("--") + name + ": bad duration '" + text + "' (e.g. 250ms, 10s, 2m)");
  return *d;
}

core::rate rate_text(const std::string& text, const std::string& what) {
  const auto r = core::parse_rate(text);
  if (!r || r->per_second < 0) throw bad_input(what + ": bad rate '" + text + "' (e.g. 1000/s, 30000/m)");
  return *r;
}

// --stage RATE:DURATION (constant), ramp:RATE:DURATION, hold:DURATION
core::schedule_stage parse_stage(const std::string& text) {
  core::schedule_stage stage;
  auto parts = std::vector<std::string>{};
  for (std::size_t start = 0;;) {
    const auto colon = text.find(':', start);
    parts.push_back(text.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  auto length = [&](const std::string& d) {
    const auto v = core::parse_duration(d);
    if (!v) throw bad_input("--stage '" + text + "': bad duration '" + d + "'");
    return *v;
  };
  if (parts.size() == 3 && parts[0] == "ramp") {
    stage.type = core::schedule_stage::kind::ramp;
    stage.target = rate_text(parts[1], "--stage");
    stage.length = length(parts[2]);
  } else if (parts.size() == 2 && parts[0] == "hold") {
    stage.type = core::schedule_stage::kind::hold;
    stage.length = length(parts[1]);
  } else if (parts.size() == 2) {
    stage.target = rate_text(parts[0], "--stage");
    stage.length = length(parts[1]);
  } else {
    throw bad_input("--stage '" + text + "': want RATE:DURATION, ramp:RATE:DURATION or hold:DURATION");
  }
  return stage;
}

// The -H/--method/--body request, or one per --template "[WEIGHT*]METHOD PATH" (weighted mix;
// -H and --body apply to each).
std::vector<core::request_template> requests_from(const po::variables_map& vm) {
  core::request_template base;
  base.method = vm["method"].as<std::string>();
  base.path = "";  // the URL's path
  if (vm.count("body")) base.body = vm["body"].as<std::string>();
  if (vm.count("header")) {
    for (const auto& h : vm["header"].as<std::vector<std::string>>()) {
      const auto colon = h.find(':');
      if (colon == std::string::npos || colon == 0) throw bad_input("-H '" + h + "': want 'Name: value'");
      auto value = h.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      base.headers[h.substr(0, colon)] = value;
    }
  }
  if (!vm.count("template")) return {base};
  std::vector<core::request_template> out;
  for (const auto& text : vm["template"].as<std::vector<std::string>>()) {
    auto t = base;
    std::string rest = text;
    const auto star = rest.find('*');
    const auto space = rest.find(' ');
    if (star != std::string::npos && star < space) {
      try {
        std::size_t used = 0;
        t.weight = std::stoi(rest.substr(0, star), &used);
        if (used != star || t.weight < 1) throw std::invalid_argument("weight");
      } catch (const std::exception&) {
        throw bad_input("--template '" + text + "': bad weight (want a positive integer before '*')");
      }
      rest.erase(0, star + 1);
    }
    const auto gap = rest.find(' ');
    if (gap == std::string::npos || gap == 0 || rest.size() == gap + 1 || rest[gap + 1] != '/')
      throw bad_input("--template '" + text + "': want '[WEIGHT*]METHOD /PATH', e.g. '9*GET /users/{int:1..100}'");
    t.method = rest.substr(0, gap);
    t.path = rest.substr(gap + 1);
    out.push_back(std::move(t));
  }
  return out;
}

void write_hlog(const std::string& path, const loadgen::result& r) {
  std::ofstream out(path);
  if (!out) throw bad_input("--hlog: cannot write '" + path + "'");
  const auto unix_ns = std::chrono::duration_cast<nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  const auto measure_ns = r.measure.duration_ns;
  core::hlog_writer writer(out, unix_ns - measure_ns);
  writer.write_header("portico load " + r.target + " (values in ns; Tag=corrected from intended send time, "
                      "Tag=uncorrected from actual send)");
  for (const auto& i : r.intervals) {
    if (auto h = core::histogram::decode_v2_compressed_base64(i.corrected)) writer.write_interval(i.start_ns, i.length_ns, *h, "corrected");
    if (auto h = core::histogram::decode_v2_compressed_base64(i.uncorrected)) writer.write_interval(i.start_ns, i.length_ns, *h, "uncorrected");
  }
}

int run_load(const std::vector<std::string>& args) {
  po::options_description options(
      "usage: portico load URL [options]\n\n"
      "Drives HTTP/1.1 load at URL (http:// or https://). Closed model (N connections, each sending\n"
      "when its previous response arrives) unless --rate or --stage gives an open-model schedule, whose\n"
      "latency is measured from each request's intended send time (coordinated omission corrected).\n\noptions");
  options.add_options()("help,h", "show this help")
      ("connections,c", po::value<int>()->default_value(16), "connections")
      ("threads,t", po::value<int>()->default_value(1), "worker threads")
      ("duration,d", po::value<std::string>()->default_value("10s"), "measure phase length")
      ("warmup", po::value<std::string>()->default_value("0s"), "warm-up phase (sent, not measured)")
      ("rate", po::value<std::string>(), "open model at a constant rate, e.g. 1000/s")
      ("stage", po::value<std::vector<std::string>>()->composing(),
       "open-model schedule stage (repeatable): RATE:DUR, ramp:RATE:DUR, hold:DUR")
      ("poisson", "Poisson arrivals (seeded) instead of evenly spaced")
      ("seed", po::value<std::uint64_t>()->default_value(1), "seed for arrivals and feeders")
      ("header,H", po::value<std::vector<std::string>>()->composing(), "request header 'Name: value' (repeatable)")
      ("method", po::value<std::string>()->default_value("GET"), "request method")
      ("body", po::value<std::string>(), "request body (placeholders like {int:1..100} allowed)")
      ("template", po::value<std::vector<std::string>>()->composing(),
       "weighted request template (repeatable): '[WEIGHT*]METHOD /PATH', e.g. '9*GET /users/{int:1..100}'")
      ("timeout", po::value<std::string>()->default_value("5s"), "per-request timeout")
      ("think", po::value<std::string>()->default_value("0s"), "closed model: think time between requests")
      ("pipeline", po::value<int>()->default_value(1), "HTTP/1.1 pipelining depth per connection")
      ("new-connection", "a new connection for every request")
      ("requests", po::value<std::uint64_t>()->default_value(0), "stop after N measured requests")
      ("drain", po::value<std::string>()->default_value("5s"), "max wait for in-flight requests at the end")
      ("insecure,k", "do not verify the server certificate")
      ("cacert", po::value<std::string>(), "CA file to verify the server")
      ("cert", po::value<std::string>(), "client certificate (PEM)")
      ("key", po::value<std::string>(), "client private key (PEM)")
      ("json", po::value<std::string>(), "write results JSON (portico.results/v1) to FILE")
      ("hlog", po::value<std::string>(), "write an HdrHistogram interval log to FILE")
      ("quiet,q", "no live progress line and no summary");
  po::variables_map vm;
  if (auto stop = parse_arguments("load", args, options, {{"url", "URL"}}, vm)) return *stop;
  core::load_config load;
  core::phases_config phases;
  try {
    load.target = vm["url"].as<std::string>();
    load.connections = vm["connections"].as<int>();
    load.threads = vm["threads"].as<int>();
    load.pipeline = vm["pipeline"].as<int>();
    load.new_connection_per_request = vm.count("new-connection") > 0;
    load.max_requests = vm["requests"].as<std::uint64_t>();
    load.timeout = duration_arg(vm, "timeout");
    load.think_time = duration_arg(vm, "think");
    load.insecure = vm.count("insecure") > 0;
    if (vm.count("cacert")) load.ca_file = vm["cacert"].as<std::string>();
    if (vm.count("cert")) load.client_cert = vm["cert"].as<std::string>();
    if (vm.count("key")) load.client_key = vm["key"].as<std::string>();
    load.arrival = vm.count("poisson") ? core::load_config::arrivals::poisson : core::load_config::arrivals::uniform;
    phases.warmup = duration_arg(vm, "warmup");
    phases.measure = duration_arg(vm, "duration");
    phases.drain = duration_arg(vm, "drain");
    if (vm.count("requests") && !vm["duration"].defaulted()) {
      // both bounds given: whichever comes first
    } else if (load.max_requests > 0) {
      phases.measure = std::chrono::hours(24);
    }
    load.type = core::load_config::model::closed;
    if (vm.count("rate")) {
      core::schedule_stage stage;
      stage.target = rate_text(vm["rate"].as<std::string>(), "--rate");
      stage.length = phases.warmup + phases.measure;
      load.schedule.push_back(stage);
    }
    if (vm.count("stage")) {
      for (const auto& s : vm["stage"].as<std::vector<std::string>>()) load.schedule.push_back(parse_stage(s));
    }
    if (!load.schedule.empty()) load.type = core::load_config::model::open;
    load.requests = requests_from(vm);
  } catch (const bad_input& e) {
    std::cerr << "portico load: " << e.what() << "\n";
    return exit_bad_input;
  }

  const bool quiet = vm.count("quiet") > 0;
  const bool live = !quiet && ::isatty(STDERR_FILENO);
  std::stop_source stop;
  net::termination_signals signals;
  std::jthread watcher([&](std::stop_token done) {
    while (!done.stop_requested()) {
      if (signals.wait_for(std::chrono::milliseconds(100))) {
        stop.request_stop();
        return;
      }
    }
  });
  loadgen::result r;
  try {
    r = loadgen::run(load, phases, vm["seed"].as<std::uint64_t>(), core::steady_clock_source::instance(),
                     [&](const loadgen::progress& p) {
                       if (live) std::cerr << "\r\x1b[K" << loadgen::format_progress(p) << std::flush;
                     },
                     stop.get_token());
  } catch (const loadgen::config_error& e) {
    std::cerr << "portico load: " << e.what() << "\n";
    return exit_bad_input;
  }
  watcher.request_stop();
  if (live) std::cerr << "\r\x1b[K" << std::flush;
  if (!quiet) std::cout << loadgen::format_summary(r, load) << std::flush;
  try {
    if (vm.count("json")) {
      core::run_result run;
      run.tool_version = PORTICO_VERSION;
      run.scenario = "portico load " + load.target;
      run.seed = vm["seed"].as<std::uint64_t>();
      core::variant_result v;
      v.name = "baseline";
      if (phases.warmup.count() > 0) v.phases.push_back(r.warmup);
      v.phases.push_back(r.measure);
      run.variants.push_back(std::move(v));
      std::string error;
      if (!core::write_results_file(run, vm["json"].as<std::string>(), &error)) throw bad_input("--json: " + error);
    }
    if (vm.count("hlog")) write_hlog(vm["hlog"].as<std::string>(), r);
  } catch (const bad_input& e) {
    std::cerr << "portico load: " << e.what() << "\n";
    return exit_bad_input;
  }
  return exit_ok;
}

const command_registration reg{{"load", "drive HTTP load at a URL (wrk-like; open model with --rate)", &run_load}};

}  // namespace

}  // namespace portico::tools
