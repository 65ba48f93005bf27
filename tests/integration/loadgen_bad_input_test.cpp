// The load generator against bad targets: refused connections, a server that closes every
// connection, malformed responses, a server that never answers. Each gives clear counts by kind,
// never a crash, and the run ends by its deadline. Plus the CLI's exit codes and output files.
#include "core/results/results_json.hpp"
#include "core/time/clock.hpp"
#include "loadgen/driver.hpp"
#include "tests/support/paths.hpp"
#include "tests/support/stalling_http_server.hpp"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace portico::loadgen {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

std::uint16_t unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t n = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
  ::close(fd);  // nothing listens there now
  return ntohs(a.sin_port);
}

core::load_config config_for(std::uint16_t port, bool open) {
  core::load_config load;
  load.target = "http://127.0.0.1:" + std::to_string(port) + "/";
  load.connections = 4;
  load.timeout = 300ms;
  if (open) {
    load.type = core::load_config::model::open;
    load.schedule.push_back({core::schedule_stage::kind::constant, {200}, 1s});
  } else {
    load.type = core::load_config::model::closed;
  }
  return load;
}

const core::phases_config short_run{.warmup = 0s, .measure = 1s, .drain = 500ms};

std::uint64_t kind(const core::phase_result& m, const char* k) {
  const auto it = m.overall.counts.errors_by_kind.find(k);
  return it == m.overall.counts.errors_by_kind.end() ? 0 : it->second;
}

class LoadgenBadTarget : public ::testing::TestWithParam<bool> {};  // open model?

TEST_P(LoadgenBadTarget, RefusedConnectionsAreCountedAndTheRunEndsOnTime) {
  const auto started = clock_type::now();
  const auto r = run(config_for(unused_port(), GetParam()), short_run, 1, core::steady_clock_source::instance());
  EXPECT_LT(clock_type::now() - started, 3s);
  EXPECT_GT(kind(r.measure, "connect"), 0u);
  EXPECT_EQ(r.measure.overall.counts.completed, 0u);
  const auto& examples = r.measure.overall.counts.error_examples;
  EXPECT_EQ(examples.count("connect"), 1u) << "the summary and results.json can say why";
  if (examples.count("connect")) {
    EXPECT_EQ(examples.at("connect"), "Connection refused");
  }
}

TEST_P(LoadgenBadTarget, AServerThatClosesEveryConnectionIsCountedAsClosed) {
  testing::stalling_http_server server({.mode = testing::stalling_http_server::behaviour::close_on_accept});
  const auto started = clock_type::now();
  const auto r = run(config_for(server.port(), GetParam()), short_run, 1, core::steady_clock_source::instance());
  EXPECT_LT(clock_type::now() - started, 3s);
  EXPECT_GT(kind(r.measure, "closed") + kind(r.measure, "read"), 0u);
  EXPECT_EQ(r.measure.overall.counts.completed, 0u);
}

TEST_P(LoadgenBadTarget, MalformedResponsesAreParseErrors) {
  testing::stalling_http_server server({.mode = testing::stalling_http_server::behaviour::garbage});
  const auto r = run(config_for(server.port(), GetParam()), short_run, 1, core::steady_clock_source::instance());
  EXPECT_GT(kind(r.measure, "parse"), 0u);
  EXPECT_EQ(r.measure.overall.counts.completed, 0u);
  ASSERT_EQ(r.measure.overall.counts.error_examples.count("parse"), 1u);
  EXPECT_NE(r.measure.overall.counts.error_examples.at("parse"), "(no detail)");
}

TEST_P(LoadgenBadTarget, AServerThatNeverAnswersTimesOut) {
  testing::stalling_http_server server({.stall_from = 0s, .stall_length = 30s});
  server.start();
  const auto started = clock_type::now();
  const auto r = run(config_for(server.port(), GetParam()), short_run, 1, core::steady_clock_source::instance());
  EXPECT_LT(clock_type::now() - started, 3s);
  EXPECT_GT(kind(r.measure, "timeout"), 0u);
  EXPECT_EQ(r.measure.overall.counts.completed, 0u);
  if (GetParam()) {  // the open model says it could not keep to its schedule
    EXPECT_LT(r.measure.achieved_rate, 0.5 * r.measure.intended_rate);
    EXPECT_GT(r.measure.late_sends, 0u);
  }
  server.stop();
}

INSTANTIATE_TEST_SUITE_P(Models, LoadgenBadTarget, ::testing::Values(false, true),
                         [](const auto& model) { return model.param ? "Open" : "Closed"; });

TEST(LoadgenConfig, BadUrlsAreConfigErrors) {
  for (const char* url : {"ftp://127.0.0.1/", "http://", "http://127.0.0.1:99999/", "127.0.0.1:80", "http://h:x/"}) {
    auto load = config_for(1, false);
    load.target = url;
    EXPECT_THROW(run(load, short_run, 1, core::steady_clock_source::instance()), config_error) << url;
  }
}

struct command_output {
  int exit_code;
  std::string out;
};
command_output run_cli(const std::string& args) {
  const std::string command = testing::portico_binary() + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buffer[4096];
  while (const auto n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(LoadgenCli, BadUrlExitsWithTwoAndSaysWhy) {
  const auto r = run_cli("load ftp://127.0.0.1/");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("bad URL"), std::string::npos) << r.out;
  EXPECT_EQ(run_cli("load http://127.0.0.1:1/ -d nonsense").exit_code, 2);
  EXPECT_EQ(run_cli("load").exit_code, 2);
}

TEST(LoadgenCli, WritesSummaryJsonAndHlog) {
  testing::stalling_http_server server;
  const std::string json = ::testing::TempDir() + "loadgen_cli.json", hlog = ::testing::TempDir() + "loadgen_cli.hlog";
  const auto r = run_cli("load http://127.0.0.1:" + std::to_string(server.port()) +
                         "/x -c 2 -d 1s --rate 200/s --json " + json + " --hlog " + hlog);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("corrected"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("200.0 sent of 200.0 intended"), std::string::npos) << r.out;
  std::string error;
  const auto results = core::read_results_file(json, &error);
  ASSERT_TRUE(results) << error;
  ASSERT_EQ(results->variants.size(), 1u);
  const auto& m = results->variants[0].phases.back();
  EXPECT_EQ(m.model, "open");
  EXPECT_EQ(m.overall.counts.completed, 200u);
  std::ifstream in(hlog);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("\"StartTimestamp\""), std::string::npos);
  EXPECT_NE(text.str().find("Tag=corrected,"), std::string::npos);
}

}  // namespace
}  // namespace portico::loadgen
