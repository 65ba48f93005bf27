// portico compare BASE.json NEW.json [--max-regression p99=10%,throughput=5%] [--format text|md]:
// side-by-side table of the measure phases with deltas; the CI regression gate.
// Exit 0 no gate exceeded, 1 a gate exceeded, 2 bad input (files, gates, no variant in common).
#include "core/results/results_json.hpp"
#include "reports/compare.hpp"
#include "tools/arguments.hpp"
#include "tools/command.hpp"

#include <boost/program_options.hpp>

#include <iostream>

namespace portico::tools {

namespace {

namespace po = boost::program_options;

int run_compare(const std::vector<std::string>& args) {
  po::options_description options(
      "usage: portico compare BASE.json NEW.json [--max-regression p99=10%,throughput=5%] [--format text|md]\n\n"
      "Compares the measure phase of each variant (matched by name; single-variant runs are paired):\n"
      "p50 p90 p99 p999 max (corrected latency), throughput, error_rate. A gate fails when latency\n"
      "grows, or throughput drops, by more than the given share of BASE, or when error_rate grows by\n"
      "more than the given percentage points. Exit 0 ok, 1 a gate exceeded, 2 bad input.\n\noptions");
  options.add_options()("help,h", "show this help")("max-regression,r", po::value<std::string>()->default_value(""),
                                                    "gates, e.g. p99=10%,throughput=5%,error_rate=0.5%")(
      "format,f", po::value<std::string>()->default_value("text"), "text or md");
  po::variables_map vm;
  if (auto stop = parse_arguments("compare", args, options, {{"base", "BASE.json"}, {"new", "NEW.json"}}, vm)) return *stop;
  const auto format = vm["format"].as<std::string>();
  if (format != "text" && format != "md" && format != "markdown") {
    std::cerr << "portico compare: unknown format '" << format << "' (use text or md)\n";
    return exit_bad_input;
  }
  std::string error;
  const auto gates = reports::parse_regression_gates(vm["max-regression"].as<std::string>(), &error);
  if (!gates) {
    std::cerr << "portico compare: --max-regression: " << error << "\n";
    return exit_bad_input;
  }
  const std::string files[2] = {vm["base"].as<std::string>(), vm["new"].as<std::string>()};
  std::optional<core::run_result> runs[2];
  for (int i = 0; i < 2; ++i) {
    runs[i] = core::read_results_file(files[i], &error);
    if (!runs[i]) {
      std::cerr << "portico compare: " << files[i] << ": " << error << "\n";
      return exit_bad_input;
    }
  }
  const auto result = reports::compare_runs(*runs[0], *runs[1], *gates);
  if (result.variants.empty()) {
    std::cerr << "portico compare: the two runs have no variant in common\n";
    return exit_bad_input;
  }
  std::cout << (format == "text" ? reports::render_comparison_text(result) : reports::render_comparison_markdown(result))
            << std::flush;
  return result.regressed() ? exit_failed_gate : exit_ok;
}

const command_registration reg{{"compare", "compare two results files; exit 1 on a regression", &run_compare}};

}  // namespace

}  // namespace portico::tools
