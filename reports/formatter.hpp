#pragma once
// A report formatter turns the results model into one document (terminal text, Markdown, CSV,
// HTML, JUnit XML). Formatters read only core::run_result: no scenario, no sockets. They are
// stateless and const, so one instance may render from several threads.
#include "core/results/results.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace portico::reports {

class formatter {
 public:
  virtual ~formatter() = default;
  virtual std::string render(const core::run_result& run) const = 0;
  // Conventional file extension without the dot ("md", "html"), for default output names.
  virtual std::string_view extension() const = 0;
};

// By name: "text", "md" (alias "markdown"), "csv", "html", "junit". nullptr for unknown names.
std::unique_ptr<formatter> make_formatter(std::string_view name);
// The canonical names, for --help and error messages.
const std::vector<std::string_view>& formatter_names();

}  // namespace portico::reports
