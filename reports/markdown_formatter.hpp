#pragma once
// GitHub-flavoured Markdown (CI job summaries): the same content as the text summary, as tables;
// a ranking table when there are several variants.
#include "reports/formatter.hpp"

namespace portico::reports {

class markdown_formatter final : public formatter {
 public:
  std::string render(const core::run_result& run) const override;
  std::string_view extension() const override { return "md"; }
};

}  // namespace portico::reports
