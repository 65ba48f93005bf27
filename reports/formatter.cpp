#include "reports/formatter.hpp"

#include "reports/csv_formatter.hpp"
#include "reports/html_formatter.hpp"
#include "reports/junit_formatter.hpp"
#include "reports/markdown_formatter.hpp"
#include "reports/text_formatter.hpp"

namespace portico::reports {

std::unique_ptr<formatter> make_formatter(std::string_view name) {
  if (name == "text") return std::make_unique<text_formatter>();
  if (name == "md" || name == "markdown") return std::make_unique<markdown_formatter>();
  if (name == "csv") return std::make_unique<csv_formatter>();
  if (name == "html") return std::make_unique<html_formatter>();
  if (name == "junit") return std::make_unique<junit_formatter>();
  return nullptr;
}

const std::vector<std::string_view>& formatter_names() {
  static const std::vector<std::string_view> names{"text", "md", "csv", "html", "junit"};
  return names;
}

}  // namespace portico::reports
