// portico compare BASE.json NEW.json [--max-regression p99=10%,throughput=5%] [--format text|md]:
// side-by-side table of the measure phases with deltas; the CI regression gate.
// Exit 0 no gate exceeded, 1 a gate exceeded, 2 bad input (files, gates, no variant in common).
#include "core/results/results_json.hpp"
#include "reports/compare.hpp"
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
  po::options_description hidden;
  hidden.add_options()("files", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("files", 2);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "portico compare: " << e.what() << "\n" << options;
    return exit_bad_input;
  }
  if (vm.count("help")) {
    std::cout << options;
    return exit_ok;
  }
  const auto files = vm.count("files") ? vm["files"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (files.size() != 2) {
    std::cerr << "portico compare: expected BASE.json and NEW.json\n" << options;
    return exit_bad_input;
  }
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
  std::optional<core::run_result> runs[2];
  for (int i = 0; i < 2; ++i) {
    runs[i] = core::read_results_file(files[static_cast<std::size_t>(i)], &error);
    if (!runs[i]) {
      std::cerr << "portico compare: " << files[static_cast<std::size_t>(i)] << ": " << error << "\n";
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
