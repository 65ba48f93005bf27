#include "mock-backends/behaviour/capacity_model.hpp"

#include <gtest/gtest.h>

namespace portico::mock {
namespace {

using admission = capacity_model::admission;

TEST(CapacityModel, RunsUpToWorkersThenQueuesThenRejects) {
  capacity_model m({.workers = 2, .queue = 1});
  EXPECT_EQ(m.admit(1), admission::run);
  EXPECT_EQ(m.admit(2), admission::run);
  EXPECT_EQ(m.admit(3), admission::queued);
  EXPECT_EQ(m.admit(4), admission::rejected);
  EXPECT_EQ(m.busy(), 2);
  EXPECT_EQ(m.queued(), 1);
  EXPECT_EQ(m.rejected(), 1u);
}

TEST(CapacityModel, ReleaseHandsTheWorkerToTheOldestQueuedRequest) {
  capacity_model m({.workers = 1, .queue = 3});
  m.admit(1);
  m.admit(2);
  m.admit(3);
  EXPECT_EQ(m.release(), std::optional<capacity_model::ticket>(2));
  EXPECT_EQ(m.busy(), 1);
  EXPECT_EQ(m.release(), std::optional<capacity_model::ticket>(3));
  EXPECT_EQ(m.release(), std::nullopt);
  EXPECT_EQ(m.busy(), 0);
  EXPECT_EQ(m.max_queued(), 2);
}

TEST(CapacityModel, CancelledRequestsLeaveTheQueue) {
  capacity_model m({.workers = 1, .queue = 2});
  m.admit(1);
  m.admit(2);
  m.admit(3);
  EXPECT_TRUE(m.cancel(2));
  EXPECT_FALSE(m.cancel(2));
  EXPECT_EQ(m.release(), std::optional<capacity_model::ticket>(3));
}

TEST(CapacityModel, ZeroQueueRejectsAsSoonAsWorkersAreBusy) {
  capacity_model m({.workers = 1, .queue = 0});
  EXPECT_EQ(m.admit(1), admission::run);
  EXPECT_EQ(m.admit(2), admission::rejected);
}

TEST(CapacityModel, ZeroWorkersMeansUnlimited) {
  capacity_model m({.workers = 0, .queue = 0});
  for (capacity_model::ticket t = 0; t < 1000; ++t) EXPECT_EQ(m.admit(t), admission::run);
  EXPECT_TRUE(m.unlimited());
}

}  // namespace
}  // namespace portico::mock
