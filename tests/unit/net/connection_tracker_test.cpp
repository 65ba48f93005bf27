#include "core/net/connection_tracker.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace portico::net {
namespace {

using namespace std::chrono_literals;

// A connection that unregisters itself when told to drain (idle) or only when aborted (busy).
struct fake_connection : tracked_connection, std::enable_shared_from_this<fake_connection> {
  connection_tracker& tracker;
  bool busy;
  std::optional<tracker_registration> registration;
  std::atomic<int> drains{0}, aborts{0};
  fake_connection(connection_tracker& t, bool b) : tracker(t), busy(b) {}
  void start() { registration.emplace(tracker, weak_from_this()); }
  void drain() override {
    ++drains;
    if (!busy) registration.reset();
  }
  void abort() override {
    ++aborts;
    registration.reset();
  }
};

TEST(ConnectionTracker, CountsRegistrationsForTheirLifetime) {
  connection_tracker tracker;
  {
    tracker_registration a(tracker, {}), b(tracker, {});
    EXPECT_EQ(tracker.active(), 2u);
  }
  EXPECT_EQ(tracker.active(), 0u);
  EXPECT_TRUE(tracker.wait_idle(std::chrono::steady_clock::now()));
}

TEST(ConnectionTracker, ShutdownDrainsIdleConnectionsWithoutAborting) {
  connection_tracker tracker;
  auto c = std::make_shared<fake_connection>(tracker, false);
  c->start();
  EXPECT_TRUE(tracker.shutdown(std::chrono::steady_clock::now() + 1s));
  EXPECT_EQ(c->drains, 1);
  EXPECT_EQ(c->aborts, 0);
}

TEST(ConnectionTracker, ShutdownAbortsWhatOutlivesTheDeadline) {
  connection_tracker tracker;
  auto c = std::make_shared<fake_connection>(tracker, true);
  c->start();
  EXPECT_FALSE(tracker.shutdown(std::chrono::steady_clock::now() + 50ms));
  EXPECT_EQ(c->aborts, 1);
  EXPECT_EQ(tracker.active(), 0u);
}

TEST(ConnectionTracker, WaitIdleWakesWhenTheLastConnectionLeaves) {
  connection_tracker tracker;
  auto registration = std::make_unique<tracker_registration>(tracker, std::weak_ptr<tracked_connection>{});
  std::thread leaver([&] { registration.reset(); });
  EXPECT_TRUE(tracker.wait_idle(std::chrono::steady_clock::now() + 5s));
  leaver.join();
}

}  // namespace
}  // namespace portico::net
