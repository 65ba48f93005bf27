#pragma once
// Writes a run's files into one directory: results.json (the model, re-renderable with
// `portico report`), report.html (self-contained), summary.md (for CI job summaries) and
// junit.xml (one test case per threshold).
#include "core/results/results.hpp"

#include <string>

namespace portico::runner {

struct written_files {
  std::string directory, results_json, html, markdown, junit;
};

// Creates `directory` (and parents). Throws std::runtime_error naming the file that failed.
written_files write_run_files(const core::run_result& run, const std::string& directory);

// "results/<scenario>-<UTC stamp>", the default --out.
std::string default_output_directory(const core::run_result& run);

}  // namespace portico::runner
