// `portico report` and `portico compare` as users and CI scripts call them: formats, output
// files, exit codes (0 ok, 1 threshold/regression gate failed, 2 bad input) on the results
// fixtures in tests/fixtures/results/ (written by tests/unit/reports/fixtures_test.cpp).
#include "tests/support/paths.hpp"
#include "tests/support/run_cli.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

using portico::testing::run_cli;

std::string fixture(const std::string& name) {
  return portico::testing::source_path("tests/fixtures/results/" + name);
}

std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("portico-cli-report-" + std::to_string(getpid()) + "-" + name);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

TEST(CliReport, RendersEveryFormatToStandardOutput) {
  struct expectation {
    const char* format;
    const char* marker;
  };
  for (const auto& [format, marker] : {expectation{"text", "ranking"}, expectation{"md", "| variant |"},
                                       expectation{"csv", "variant,phase,"}, expectation{"html", "<!DOCTYPE html>"},
                                       expectation{"junit", "<testsuites"}}) {
    const auto r = run_cli({"report", fixture("sample.json"), "--format", format});
    EXPECT_EQ(r.exit_code, 0) << format << ": " << r.err;
    EXPECT_TRUE(contains(r.out, marker)) << format << " lacks '" << marker << "':\n" << r.out.substr(0, 600);
    EXPECT_TRUE(r.err.empty()) << format << ": " << r.err;
  }
}

TEST(CliReport, WritesTheFileGivenWithDashOAndNothingToStandardOutput) {
  const auto out = temp_path("report.html");
  const auto r = run_cli({"report", fixture("sample.json"), "--format", "html", "-o", out.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  const auto html = read_file(out);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_TRUE(contains(html, "data-chart=\"overlay-spectrum\""));
  EXPECT_FALSE(contains(html, "https://"));
  std::filesystem::remove(out);
}

TEST(CliReport, CheckExitsOneWhenAThresholdFailedAndZeroWithoutIt) {
  // sample.json records `p99 < 50ms` failing (a 3 s stall in the measure phase).
  EXPECT_EQ(run_cli({"report", fixture("sample.json"), "--check"}).exit_code, 1);
  EXPECT_EQ(run_cli({"report", fixture("sample.json")}).exit_code, 0);
}

TEST(CliReport, ExitsTwoOnBadInput) {
  const auto garbage = temp_path("garbage.json");
  std::ofstream(garbage) << "{\"schema\": \"something/else\"";
  struct bad_case {
    std::vector<std::string> args;
    const char* message;
  };
  const std::vector<bad_case> cases{
      {{"report"}, "missing RESULTS.json"},
      {{"report", fixture("sample.json"), "--format", "pdf"}, "unknown format 'pdf'"},
      {{"report", fixture("no-such-file.json")}, "no-such-file.json"},
      {{"report", garbage.string()}, "garbage.json"},
      {{"report", fixture("sample.json"), "--bogus"}, "bogus"},
      {{"report", fixture("sample.json"), "-o", "/nonexistent-dir/report.txt"}, "cannot write"},
  };
  for (const auto& c : cases) {
    const auto r = run_cli(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args.back() << ": " << r.err;
    EXPECT_TRUE(contains(r.err, c.message)) << c.args.back() << ": " << r.err;
  }
  std::filesystem::remove(garbage);
}

TEST(CliCompare, PassesARunAgainstItself) {
  const auto r = run_cli({"compare", fixture("sample.json"), fixture("sample.json"), "--max-regression", "p99=10%,throughput=5%"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "token_bucket")) << r.out;
  EXPECT_TRUE(contains(r.out, "sliding_window")) << r.out;
}

TEST(CliCompare, CatchesAnInjectedRegressionWithExitOne) {
  // sample_regressed.json is the same run with every service time 30% slower: p50 grows by 30%
  // (p99 hardly moves, being dominated by the same 250 ms stall in both runs).
  const auto r = run_cli({"compare", fixture("sample.json"), fixture("sample_regressed.json"), "--max-regression", "p50=10%,p99=10%"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "REGRESSION")) << r.out;
  // The same pair within a generous gate passes: the gate, not the difference, decides.
  EXPECT_EQ(run_cli({"compare", fixture("sample.json"), fixture("sample_regressed.json"), "--max-regression", "p50=50%"}).exit_code, 0);
}

TEST(CliCompare, PrintsMarkdownForCiSummaries) {
  const auto r = run_cli({"compare", fixture("sample.json"), fixture("sample_regressed.json"), "--max-regression", "p50=10%", "--format", "md"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.out, "| metric |")) << r.out;
  EXPECT_TRUE(contains(r.out, "---")) << r.out;
}

TEST(CliCompare, ExitsTwoOnBadInput) {
  const std::vector<std::vector<std::string>> cases{
      {"compare"},
      {"compare", fixture("sample.json")},
      {"compare", fixture("sample.json"), fixture("no-such-file.json")},
      {"compare", fixture("sample.json"), fixture("sample.json"), "--max-regression", "p99=ten"},
      {"compare", fixture("sample.json"), fixture("sample.json"), "--max-regression", "latency=10%"},
      {"compare", fixture("sample.json"), fixture("sample.json"), "--format", "html"},
      {"compare", fixture("sample.json"), fixture("single.json"), fixture("single.json")},
  };
  for (const auto& args : cases) {
    const auto r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << args.back() << ": " << r.out << r.err;
    EXPECT_FALSE(r.err.empty()) << args.back();
  }
}

}  // namespace
