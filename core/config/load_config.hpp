#pragma once
// The load: open model (a schedule of intended send times) or closed model (N connections that
// each wait for a response, plus optional think time), and a weighted mix of request templates.
#include "core/config/source_location.hpp"
#include "core/config/units.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace portico::core {

using std::chrono::nanoseconds;

// One stage of an open-model schedule. Forms in YAML:
//   {rate: 500/s, for: 10s}          constant
//   {to: 5000/s, over: 10s}          linear ramp from the previous stage's final rate (ramp_to: alias)
//   {hold: 20s}                      keep the previous stage's final rate
struct schedule_stage {
  enum class kind { constant, ramp, hold };
  kind type = kind::constant;
  rate target;         // constant: the rate; ramp: the final rate; hold: unused
  nanoseconds length{0};
};

// A request template. path, header values and body may contain feeder placeholders:
//   {int:1..10000}  uniform integer    {pick:a,b,c}   random choice    {cycle:a,b,c} round robin
//   {file:keys.txt} random line        {file_cycle:keys.txt} lines in order
struct request_template {
  std::string name;  // default: "METHOD path"
  int weight = 1;
  std::string method = "GET";
  std::string path = "/";
  std::map<std::string, std::string> headers;
  std::string body;
  source_location where;
};

struct load_config {
  enum class model { open, closed };
  enum class arrivals { uniform, poisson };
  model type = model::open;
  std::string target;      // URL "http://127.0.0.1:8080"; empty = the gateway's first listener,
                           // or the first backend when there is no gateway
  int connections = 16;
  int threads = 1;
  std::vector<schedule_stage> schedule;  // open model; empty = closed model or a default rate
  arrivals arrival = arrivals::uniform;
  nanoseconds think_time{0};             // closed model
  nanoseconds timeout{std::chrono::seconds(10)};
  int pipeline = 1;                      // HTTP/1.1 pipelining depth per connection
  bool new_connection_per_request = false;
  std::uint64_t max_requests = 0;        // 0 = bounded by duration only
  std::vector<request_template> requests;  // empty = GET /
  std::string ca_file, client_cert, client_key;
  bool insecure = false;
  source_location where;
};

struct phases_config {
  nanoseconds warmup{0};                       // sent but not recorded
  nanoseconds measure{std::chrono::seconds(10)};
  nanoseconds drain{std::chrono::seconds(5)};  // max wait for in-flight requests at the end
};

}  // namespace portico::core
