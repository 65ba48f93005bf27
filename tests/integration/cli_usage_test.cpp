// The usage contract every subcommand shares (tools/arguments.hpp): --help on stdout with exit 0,
// a missing positional or an unknown option on stderr with exit 2, a bad duration named.
#include "tests/support/paths.hpp"
#include "tests/support/run_cli.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using portico::testing::run_cli;

const std::vector<std::string> commands{"run", "validate", "gateway", "mock", "load", "report", "compare"};

TEST(CliUsage, EveryCommandPrintsItsHelpOnStdoutAndExitsZero) {
  for (const auto& command : commands) {
    const auto r = run_cli({command, "--help"});
    EXPECT_EQ(r.exit_code, 0) << command << ": " << r.err;
    EXPECT_NE(r.out.find("usage: portico " + command), std::string::npos) << command << ": " << r.out;
    EXPECT_TRUE(r.err.empty()) << command << ": " << r.err;
  }
}

TEST(CliUsage, EveryCommandNamesAMissingPositionalAndExitsTwo) {
  const std::vector<std::pair<std::string, std::string>> expected{
      {"run", "missing SCENARIO.yaml"},  {"validate", "missing SCENARIO.yaml"}, {"gateway", "missing SCENARIO.yaml"},
      {"mock", "missing SCENARIO.yaml"}, {"load", "missing URL"},              {"report", "missing RESULTS.json"},
      {"compare", "missing BASE.json"}};
  for (const auto& [command, message] : expected) {
    const auto r = run_cli({command});
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_NE(r.err.find("portico " + command + ": " + message), std::string::npos) << command << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << command << ": " << r.out;
  }
}

TEST(CliUsage, EveryCommandRefusesAnUnknownOption) {
  for (const auto& command : commands) {
    const auto r = run_cli({command, "x", "--no-such-option"});
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_NE(r.err.find("no-such-option"), std::string::npos) << command << ": " << r.err;
  }
}

TEST(CliUsage, GatewayAndMockNameAnUnreadableDrainDuration) {
  const auto quickstart = portico::testing::source_path("scenarios/quickstart.yaml");
  for (const std::string command : {"gateway", "mock"}) {
    const auto r = run_cli({command, quickstart, "--drain", "soon"});
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_NE(r.err.find("--drain: expected a duration like 5s, got 'soon'"), std::string::npos) << command << ": " << r.err;
  }
}

}  // namespace
