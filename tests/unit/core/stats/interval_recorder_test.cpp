#include "core/stats/interval_recorder.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace portico::core {
namespace {

constexpr int thread_count = 4;
constexpr int per_thread = 50'000;

TEST(IntervalRecorder, CollectsEveryThreadsRecordsInOneInterval) {
  interval_recorder recorder;
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t)
    threads.emplace_back([&recorder, t] {
      for (int i = 0; i < per_thread; ++i) recorder.record(1000 * (t + 1) + i % 7);
    });
  for (auto& thread : threads) thread.join();
  const auto interval = recorder.take_interval();
  EXPECT_EQ(interval.count(), std::uint64_t{thread_count} * per_thread);
  EXPECT_EQ(interval.min(), 1000);
  EXPECT_EQ(interval.max(), 1000 * thread_count + 6);
  EXPECT_EQ(recorder.take_interval().count(), 0u);  // the next interval starts empty
}

TEST(IntervalRecorder, LosesNothingWhileTheReaderTakesIntervalsConcurrently) {
  interval_recorder recorder;
  std::atomic<int> running{thread_count};
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) recorder.record(i, i % 2 == 0 ? 1 : 2);
      running.fetch_sub(1);
    });
  std::uint64_t taken = 0;
  int intervals = 0;
  while (running.load() > 0) {  // take as fast as possible while the writers run
    taken += recorder.take_interval().count();
    ++intervals;
  }
  for (auto& thread : threads) thread.join();
  taken += recorder.take_interval().count();
  EXPECT_EQ(taken, std::uint64_t{thread_count} * (per_thread / 2) * 3);
  EXPECT_GT(intervals, 0);
}

TEST(IntervalRecorder, KeepsRecordersApartOnTheSameThread) {
  interval_recorder a, b;
  a.record(10);
  b.record(20, 5);
  {
    interval_recorder short_lived;  // a new recorder never inherits a destroyed one's slot
    short_lived.record(30);
    EXPECT_EQ(short_lived.take_interval().count(), 1u);
  }
  interval_recorder after;
  after.record(40);
  EXPECT_EQ(a.take_interval().count(), 1u);
  EXPECT_EQ(b.take_interval().count(), 5u);
  const auto last = after.take_interval();
  EXPECT_EQ(last.count(), 1u);
  EXPECT_EQ(last.max(), 40);
}

TEST(IntervalRecorder, FindsItsSlotAgainAfterThePerThreadCacheEvictsIt) {
  interval_recorder first;
  first.record(1);
  std::vector<std::unique_ptr<interval_recorder>> others;
  for (int i = 0; i < 20; ++i) {
    others.push_back(std::make_unique<interval_recorder>());
    others.back()->record(2);
  }
  first.record(1);
  const auto interval = first.take_interval();
  EXPECT_EQ(interval.count(), 2u);
}

TEST(IntervalRecorder, CarriesOutOfRangeCountsIntoTheInterval) {
  interval_recorder recorder({.lowest = 1, .highest = 1000, .significant_digits = 2});
  recorder.record(5000);
  recorder.record(-1);
  const auto interval = recorder.take_interval();
  EXPECT_EQ(interval.overflow(), 1u);
  EXPECT_EQ(interval.underflow(), 1u);
  EXPECT_EQ(interval.options().highest, 1000);
}

}  // namespace
}  // namespace portico::core
