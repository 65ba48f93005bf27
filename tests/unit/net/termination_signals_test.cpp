#include "core/net/termination_signals.hpp"

#include <gtest/gtest.h>

#include <csignal>

namespace portico::net {
namespace {

TEST(TerminationSignals, ReturnsTheSignalThatArrived) {
  termination_signals signals;
  std::raise(SIGTERM);  // handled, not fatal: the handler is installed by the constructor
  EXPECT_EQ(signals.wait_for(std::chrono::seconds(5)), SIGTERM);
}

TEST(TerminationSignals, RequestWakesTheWaiterWithoutASignal) {
  termination_signals signals;
  signals.request();
  EXPECT_EQ(signals.wait(), 0);
}

TEST(TerminationSignals, WaitForTimesOutQuietly) {
  termination_signals signals;
  EXPECT_EQ(signals.wait_for(std::chrono::milliseconds(20)), std::nullopt);
}

}  // namespace
}  // namespace portico::net
