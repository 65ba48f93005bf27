#include "scenarios/runner/output_files.hpp"

#include "core/results/results_json.hpp"
#include "reports/formatter.hpp"
#include "scenarios/runner/environment.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace portico::runner {

namespace {

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string render(const char* format, const core::run_result& run) {
  const auto f = reports::make_formatter(format);
  if (!f) throw std::logic_error(std::string("no report formatter ") + format);
  return f->render(run);
}

}  // namespace

written_files write_run_files(const core::run_result& run, const std::string& directory) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) throw std::runtime_error("cannot create " + directory + ": " + ec.message());
  written_files files;
  files.directory = directory;
  const auto path = [&](const char* name) { return (std::filesystem::path(directory) / name).string(); };

  files.results_json = path("results.json");
  std::string error;
  if (!core::write_results_file(run, files.results_json, &error))
    throw std::runtime_error("cannot write " + files.results_json + ": " + error);
  files.html = path("report.html");
  write_text(files.html, render("html", run));
  files.markdown = path("summary.md");
  write_text(files.markdown, render("md", run));
  files.junit = path("junit.xml");
  write_text(files.junit, render("junit", run));
  return files;
}

std::string default_output_directory(const core::run_result& run) {
  const auto name = run.scenario.empty() ? std::string("run") : run.scenario;
  return (std::filesystem::path("results") / (name + "-" + utc_timestamp_compact())).string();
}

}  // namespace portico::runner
