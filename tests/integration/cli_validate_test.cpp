// `portico validate` and `portico schema` as users and scripts call them: exit codes and output.
#include "tests/support/paths.hpp"
#include "tests/support/run_cli.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace {

struct run_output {
  int exit_code = -1;
  std::string text;  // stdout and stderr
};

// stdout and stderr together: these tests look for a line wherever it is printed.
run_output run_portico(const std::vector<std::string>& args) {
  auto r = portico::testing::run_cli(args);
  return {r.exit_code, r.out + r.err};
}

std::string write_temp(const std::string& name, const std::string& content) {
  const auto path = std::filesystem::temp_directory_path() / ("portico-cli-" + std::to_string(getpid()) + "-" + name);
  std::ofstream(path) << content;
  return path.string();
}

TEST(CliValidate, AcceptsTheQuickstartWithASummaryLine) {
  const auto r = run_portico({"validate", portico::testing::source_path("scenarios/quickstart.yaml")});
  EXPECT_EQ(r.exit_code, 0) << r.text;
  EXPECT_NE(r.text.find("ok: scenario 'quickstart', 2 backend(s), 2 route(s), 0 variant(s), 2 threshold(s)"), std::string::npos)
      << r.text;
}

TEST(CliValidate, PrintsEveryErrorWithItsPositionAndExits2) {
  const auto file = write_temp("bad.yaml", "backends:\n  a: {instances: 0}\nload: {model: opne}\n");
  const auto r = run_portico({"validate", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.text.find(file + ":2:18: backends.a.instances: must be between 1 and 1024 (got '0')"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find(file + ":3:15: load.model: unknown value 'opne'"), std::string::npos) << r.text;
  std::filesystem::remove(file);
}

TEST(CliValidate, AppliesSetOverrides) {
  const auto quickstart = portico::testing::source_path("scenarios/quickstart.yaml");
  EXPECT_EQ(run_portico({"validate", quickstart, "--set", "load.connections=32"}).exit_code, 0);
  const auto r = run_portico({"validate", quickstart, "--set", "load.connections=0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.text.find("load.connections: must be between 1 and 100000 (got '0') (set by override 'load.connections=0')"),
            std::string::npos)
      << r.text;
}

TEST(CliValidate, RejectsUsageErrorsWith2AndHelpsWith0) {
  EXPECT_EQ(run_portico({"validate"}).exit_code, 2);
  EXPECT_EQ(run_portico({"validate", "--bogus", "x.yaml"}).exit_code, 2);
  EXPECT_EQ(run_portico({"validate", "/nonexistent.yaml"}).exit_code, 2);
  const auto help = run_portico({"validate", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.text.find("--set"), std::string::npos);
  EXPECT_EQ(run_portico({"schema", "--help"}).exit_code, 0);
  EXPECT_EQ(run_portico({"schema", "extra"}).exit_code, 2);
}

TEST(CliSchema, PrintsADraft202012JsonSchema) {
  const auto r = run_portico({"schema"});
  ASSERT_EQ(r.exit_code, 0);
  const auto schema = boost::json::parse(r.text).as_object();
  EXPECT_EQ(schema.at("$schema"), "https://json-schema.org/draft/2020-12/schema");
  EXPECT_TRUE(schema.at("properties").as_object().contains("backends"));
}

}  // namespace
