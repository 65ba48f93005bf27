#include "core/stats/hlog_writer.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace portico::core {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(HlogWriter, WritesTheHeaderHdrHistogramLogReadersExpect) {
  std::ostringstream out;
  hlog_writer writer(out, 1'700'000'000'123'000'000);
  writer.write_header("portico load http://127.0.0.1:8080/");
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "#[Histogram log format version 1.3]");
  EXPECT_EQ(lines[1], "#portico load http://127.0.0.1:8080/");
  EXPECT_EQ(lines[2], "#[StartTime: 1700000000.123 (seconds since epoch), 2023-11-14T22:13:20.123Z]");
  EXPECT_EQ(lines[3], "#[BaseTime: 1700000000.123 (seconds since epoch)]");
  EXPECT_EQ(lines[4], R"("StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram")");
}

TEST(HlogWriter, WritesOneDecodableLinePerInterval) {
  std::ostringstream out;
  hlog_writer writer(out, 0);
  histogram first, second;
  first.record(2'500'000);   // 2.5 ms
  first.record(12'582'912);  // 12.582912 ms
  second.record(1'000);
  writer.write_interval(0, 1'000'000'000, first);
  writer.write_interval(1'000'000'000, 1'000'000'000, second, "get users,v2");
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("0.000,1.000,12.583,HISTF", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind("Tag=get_users_v2,1.000,1.000,0.001,HISTF", 0), 0u) << lines[1];
  const auto decoded = histogram::decode_v2_compressed_base64(lines[0].substr(lines[0].rfind(',') + 1));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->count(), 2u);
  EXPECT_EQ(decoded->value_at_percentile(50), first.value_at_percentile(50));
}

TEST(HlogWriter, HonoursTheMaxValueUnitRatio) {
  std::ostringstream out;
  hlog_writer writer(out, 0, {.max_value_unit_ratio = 1e3});  // ns -> us
  histogram h;
  h.record(2'500'000);
  writer.write_interval(0, 1'000'000'000, h);
  EXPECT_EQ(out.str().rfind("0.000,1.000,2500.000,", 0), 0u) << out.str();
}

}  // namespace
}  // namespace portico::core
