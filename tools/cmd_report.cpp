// portico report RESULTS.json [--format text|md|csv|html|junit] [-o FILE] [--check]: re-render a
// results file. Exit 0 rendered; 1 with --check when a threshold in the file failed; 2 bad input.
#include "core/results/results_json.hpp"
#include "reports/formatter.hpp"
#include "reports/thresholds.hpp"
#include "tools/arguments.hpp"
#include "tools/command.hpp"

#include <boost/program_options.hpp>

#include <fstream>
#include <iostream>

namespace portico::tools {

namespace {

namespace po = boost::program_options;

int run_report(const std::vector<std::string>& args) {
  po::options_description options(
      "usage: portico report RESULTS.json [--format text|md|csv|html|junit] [-o FILE] [--check]\n\n"
      "Renders a results file written by `portico run`: a terminal summary, Markdown (CI job\n"
      "summaries), CSV, a self-contained HTML report (opens offline) or JUnit XML (one test case\n"
      "per threshold). Exit 0 ok, 1 a threshold failed (with --check), 2 bad input.\n\noptions");
  options.add_options()("help,h", "show this help")("format,f", po::value<std::string>()->default_value("text"),
                                                    "text, md, csv, html or junit")(
      "output,o", po::value<std::string>(), "write to FILE instead of standard output")(
      "check", "exit 1 when any threshold recorded in the results failed");
  po::variables_map vm;
  if (auto stop = parse_arguments("report", args, options, {{"results", "RESULTS.json"}}, vm)) return *stop;
  const auto format = vm["format"].as<std::string>();
  const auto formatter = reports::make_formatter(format);
  if (!formatter) {
    std::cerr << "portico report: unknown format '" << format << "' (use text, md, csv, html or junit)\n";
    return exit_bad_input;
  }
  const auto path = vm["results"].as<std::string>();
  std::string error;
  const auto run = core::read_results_file(path, &error);
  if (!run) {
    std::cerr << "portico report: " << path << ": " << error << "\n";
    return exit_bad_input;
  }
  const std::string text = formatter->render(*run);
  if (vm.count("output")) {
    const auto out_path = vm["output"].as<std::string>();
    std::ofstream out(out_path, std::ios::binary);
    if (!(out << text) || !out.flush()) {
      std::cerr << "portico report: cannot write " << out_path << "\n";
      return exit_bad_input;
    }
  } else {
    std::cout << text << std::flush;
  }
  return vm.count("check") && !reports::all_thresholds_passed(*run) ? exit_failed_gate : exit_ok;
}

const command_registration reg{{"report", "render a results file (text, md, csv, html, junit)", &run_report}};

}  // namespace

}  // namespace portico::tools
