#pragma once
// A child process whose stdout is read line by line with deadlines: `portico run --processes`
// starts `portico mock` / `portico gateway` this way and waits for their `listening NAME ADDR:PORT`
// lines; integration tests drive the CLI servers the same way. POSIX; stderr is inherited.
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace portico::core {

class child_process {
 public:
  // argv[0] is the executable's path (no PATH search). running() is false if it could not start.
  explicit child_process(std::vector<std::string> argv);
  ~child_process();  // SIGKILL + reap if still running
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  bool running() const noexcept { return pid_ > 0 && !exit_code_; }

  // The next stdout line, or nullopt at EOF or the deadline.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = std::chrono::seconds(10));

  void signal(int number);

  // The exit code (128 + signal if killed by one), or nullopt if still running at the deadline.
  std::optional<int> wait(std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  pid_t pid_ = -1;
  int stdout_ = -1;
  std::string buffer_;
  std::optional<int> exit_code_;
};

}  // namespace portico::core
