#include "scenarios/runner/environment.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <thread>

namespace portico::runner {

namespace {

std::string first_line_with(const std::string& file, const std::string& prefix) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) {
      auto colon = line.find(':');
      if (colon == std::string::npos) return {};
      auto value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      return value;
    }
  }
  return {};
}

std::tm utc_now() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  return utc;
}

}  // namespace

std::map<std::string, std::string> describe_environment() {
  std::map<std::string, std::string> facts;
  utsname names{};
  if (uname(&names) == 0) {
    facts["host"] = names.nodename;
    facts["kernel"] = std::string(names.sysname) + " " + names.release;
    facts["arch"] = names.machine;
  }
  facts["cores"] = std::to_string(std::thread::hardware_concurrency());
  if (auto cpu = first_line_with("/proc/cpuinfo", "model name"); !cpu.empty()) facts["cpu"] = cpu;
  if (auto memory = first_line_with("/proc/meminfo", "MemTotal"); !memory.empty()) facts["memory"] = memory;
  return facts;
}

// Literal formats at each call, so -Wformat-nonliteral can check them.
std::string utc_timestamp_iso() {
  const auto utc = utc_now();
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string utc_timestamp_compact() {
  const auto utc = utc_now();
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &utc);
  return text;
}

}  // namespace portico::runner
