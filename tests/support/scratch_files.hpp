#pragma once
// Scratch directories and files for tests that hand paths to the CLI, named after the test process
// so parallel ctest runs do not collide.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace portico::testing {

// A fresh, empty directory under the system temp dir, unique per process and name.
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
