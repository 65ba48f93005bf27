#pragma once
// Runs the built `portico` binary as a user's shell would, for CLI contract tests: exit code and
// the combined stdout + stderr. Plus scratch files named after the test process.
#include "tests/support/paths.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace portico::testing {

struct cli_output {
  int exit_code = -1;
  std::string text;  // stdout and stderr
};

inline cli_output run_portico(const std::string& args) {
  cli_output out;
  const std::string command = portico_binary() + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return out;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.text.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

// A fresh directory under the system temp dir, unique per process and name.
inline std::filesystem::path scratch_directory(const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() / ("portico-test-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  return path;
}

inline std::string write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream(path) << content;
  return path.string();
}

}  // namespace portico::testing
