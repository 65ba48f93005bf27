// The access log alone: the line format (one JSON object per line, backend#instance, the
// duration with all its nanoseconds), nothing lost at destruction, lines longer than a buffer, and
// a stuck disk (a FIFO nobody reads) costing counted drops instead of blocking the proxy thread
// that appends.
#include "gateway/admin/access_log.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

namespace portico::gateway {
namespace {

std::string temp_path(const std::string& name) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  return ::testing::TempDir() + "portico-" + std::to_string(::getpid()) + "-" + test->name() + "-" + name;
}

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

access_entry sample_entry() {
  return {.listener = "public",
          .route = "users",
          .method = "GET",
          .path = "/api/a\"b",
          .query = "q=1",
          .backend = "users",
          .client = "127.0.0.1",
          .request_id = "req-1",
          .instance = 3,
          .status = 200,
          .local = false,
          .attempts = 2,
          .duration_ns = 1'234'567};
}

TEST(AccessLog, WritesOneJsonObjectPerLine) {
  const std::string path = temp_path("format.log");
  std::filesystem::remove(path);
  {
    access_log log(path, 1);
    log.append(0, sample_entry());
    access_entry local{.listener = "public", .method = "GET", .path = "/x", .status = 404, .local = true, .duration_ns = 5};
    log.append(0, local);
  }
  const auto lines = lines_of(path);
  std::filesystem::remove(path);
  ASSERT_EQ(lines.size(), 2u);
  const auto first = boost::json::parse(lines[0]).as_object();
  EXPECT_TRUE(std::regex_match(std::string(first.at("time").as_string()), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << first.at("time");
  EXPECT_EQ(first.at("path").as_string(), "/api/a\"b");
  EXPECT_EQ(first.at("backend").as_string(), "users#3");
  EXPECT_EQ(first.at("status").as_int64(), 200);
  EXPECT_EQ(first.at("attempts").as_int64(), 2);
  EXPECT_NE(lines[0].find("\"duration_ms\":1.234567,"), std::string::npos) << lines[0];
  const auto second = boost::json::parse(lines[1]).as_object();
  EXPECT_EQ(second.at("backend").as_string(), "");
  EXPECT_TRUE(second.at("local").as_bool());
  EXPECT_NE(lines[1].find("\"duration_ms\":0.000005,"), std::string::npos) << lines[1];
}

TEST(AccessLog, WritesEverythingStillBufferedWhenDestroyed) {
  const std::string path = temp_path("drain.log");
  std::filesystem::remove(path);
  {
    access_log log(path, 3);
    for (int i = 0; i < 6000; ++i) log.append(i % 3, sample_entry());  // ~1.4 MB: some hand-overs, some still buffered
    log.flush(1);
    for (int i = 0; i < 10; ++i) log.append(2, sample_entry());
  }  // destroyed without a final flush
  EXPECT_EQ(lines_of(path).size(), 6010u);
  std::filesystem::remove(path);
}

// Milliseconds of the day in a line's "time" ("2026-11-29T15:04:05.123Z").
long ms_of_day(const std::string& line) {
  const auto t = std::string(boost::json::parse(line).as_object().at("time").as_string());
  return ((std::stol(t.substr(11, 2)) * 60 + std::stol(t.substr(14, 2))) * 60 + std::stol(t.substr(17, 2))) * 1000 +
         std::stol(t.substr(20, 3));
}

// A line's time is the request's end on the gateway's clock, moved to wall-clock time by an
// offset read at most once a second: two ends 250 ms apart on the gateway's clock are 250 ms
// apart in the log, whatever the wall clock did between the appends.
TEST(AccessLog, TimesComeFromTheGatewaysClockWithAWallClockOffset) {
  const std::string path = temp_path("times.log");
  std::filesystem::remove(path);
  const core::time_point t0{std::chrono::hours(5)};
  {
    access_log log(path, 1);
    access_entry e = sample_entry();
    e.finished = t0;
    log.append(0, e);
    e.finished = t0 + std::chrono::milliseconds(250);
    log.append(0, e);
  }
  const auto lines = lines_of(path);
  std::filesystem::remove(path);
  ASSERT_EQ(lines.size(), 2u);
  const long apart = (ms_of_day(lines[1]) - ms_of_day(lines[0]) + 86'400'000) % 86'400'000;
  EXPECT_EQ(apart, 250);
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const long now_ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count() % 86'400'000);
  EXPECT_LT((now_ms - ms_of_day(lines[0]) + 86'400'000) % 86'400'000, 5'000) << lines[0];
}

// A line whose worst case does not fit a thread's buffer (a 40 KB request id escapes to up to
// 240 KB) gets a buffer of its own, in order with the lines around it.
TEST(AccessLog, WritesALineLongerThanABuffer) {
  const std::string path = temp_path("long.log");
  std::filesystem::remove(path);
  access_entry huge = sample_entry();
  const std::string id(40'000, 'x');
  huge.request_id = id;
  {
    access_log log(path, 1);
    for (int i = 0; i < 3; ++i) {
      log.append(0, sample_entry());
      log.append(0, huge);
    }
  }
  const auto lines = lines_of(path);
  std::filesystem::remove(path);
  ASSERT_EQ(lines.size(), 6u);
  for (std::size_t i = 0; i < lines.size(); ++i)
    EXPECT_EQ(boost::json::parse(lines[i]).as_object().at("request_id").as_string(), i % 2 ? id : "req-1") << i;
}

TEST(AccessLog, CountsDropsInsteadOfBlockingWhenTheDiskIsStuck) {
  const std::string path = temp_path("stuck.fifo");
  std::filesystem::remove(path);
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  const int reader = ::open(path.c_str(), O_RDONLY | O_NONBLOCK);  // present, but not reading yet
  ASSERT_GE(reader, 0);
  auto log = std::make_unique<access_log>(path, 1);
  // ~25 MB of lines against an 8 MiB queue and a 64 KiB pipe that nobody empties: appending must
  // still return, and the excess must be counted.
  constexpr std::uint64_t appended = 100'000;
  for (std::uint64_t i = 0; i < appended; ++i) log->append(0, sample_entry());
  log->flush(0);
  const std::uint64_t dropped = log->dropped_lines();
  EXPECT_GT(dropped, 0u);
  EXPECT_LT(dropped, appended);
  EXPECT_LT(log->written_lines() + dropped, appended) << "the rest is queued behind the blocked write";

  // Now drain the FIFO; destroying the log writes everything still queued, then closes it.
  std::uint64_t received = 0;
  std::thread drain([&] {
    char buf[65536];
    while (true) {
      pollfd p{reader, POLLIN, 0};
      ::poll(&p, 1, 1000);
      const auto n = ::read(reader, buf, sizeof buf);
      if (n == 0) return;  // the writer closed the FIFO
      for (ssize_t i = 0; i < n; ++i) received += buf[i] == '\n';
    }
  });
  // Nothing is appended after the flush above, so no drop can happen after this read.
  const std::uint64_t dropped_before_close = log->dropped_lines();
  log.reset();
  drain.join();
  ::close(reader);
  std::filesystem::remove(path);
  EXPECT_EQ(received + dropped_before_close, appended) << "every line was either written or counted as dropped";
}

}  // namespace
}  // namespace portico::gateway
