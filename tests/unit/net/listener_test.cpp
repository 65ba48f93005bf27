#include "core/net/listener.hpp"

#include <boost/asio/connect.hpp>
#include <gtest/gtest.h>

#include <sys/resource.h>

#include <algorithm>
#include <condition_variable>
#include <thread>
#include <mutex>
#include <vector>

namespace portico::net {
namespace {

using tcp = boost::asio::ip::tcp;

struct accepted_log {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<int> contexts;
  std::vector<tcp::socket> sockets;  // kept open until the test ends
  void add(tcp::socket socket, int context) {
    std::lock_guard lock(mutex);
    contexts.push_back(context);
    sockets.push_back(std::move(socket));
    changed.notify_all();
  }
  bool wait_for(std::size_t n) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(5), [&] { return contexts.size() >= n; });
  }
};

TEST(Listener, BindsPortZeroAndSpreadsConnectionsRoundRobinOverContexts) {
  io_pool pool(2);
  accepted_log log;
  listener l(pool, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0),
             [&](tcp::socket socket, int context) {
               EXPECT_TRUE(socket.get_executor() == pool.context(context).get_executor());
               log.add(std::move(socket), context);
             });
  ASSERT_NE(l.local_endpoint().port(), 0);
  pool.start();
  l.start();
  boost::asio::io_context client;
  std::vector<tcp::socket> clients;
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back(client);
    clients.back().connect(l.local_endpoint());
  }
  ASSERT_TRUE(log.wait_for(4));
  // The acceptor hands out contexts 0, 1, 0, 1; the handlers then run on two threads, so the
  // order they log in is not fixed, but each context got two connections.
  {
    std::lock_guard lock(log.mutex);
    EXPECT_EQ(std::count(log.contexts.begin(), log.contexts.end(), 0), 2);
    EXPECT_EQ(std::count(log.contexts.begin(), log.contexts.end(), 1), 2);
  }
  EXPECT_EQ(l.accepted(), 4u);
  l.stop();
  tcp::socket late(client);
  boost::system::error_code ec;
  late.connect(l.local_endpoint(), ec);
  EXPECT_TRUE(ec);  // nobody listens any more
  {
    std::lock_guard lock(log.mutex);
    log.sockets.clear();  // close on this thread while the pool still runs: fine for sockets
  }
  pool.stop();
  pool.join();
}

// Out of descriptors (EMFILE), accept fails with connections waiting in the backlog; the loop
// must back off and take them once descriptors are free again, not end or spin.
TEST(Listener, TakesWaitingConnectionsOnceDescriptorsAreFreeAgain) {
#ifdef PORTICO_UBSAN
  // UBSan's vptr check tests whether memory is readable through a pipe; with no descriptor left
  // that fails, and it reports every virtual call made meanwhile (Asio's scheduler) as bad.
  GTEST_SKIP() << "needs a process that may open no descriptor, which UBSan's vptr check cannot run in";
#endif
  io_pool pool(1);
  accepted_log log;
  listener l(pool, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0),
             [&](tcp::socket socket, int context) { log.add(std::move(socket), context); });
  pool.start();
  l.start();
  boost::asio::io_context client;
  std::vector<tcp::socket> clients;
  for (int i = 0; i < 3; ++i) {
    clients.emplace_back(client);
    clients.back().open(tcp::v4());  // their descriptors, taken while there are some
  }
  rlimit normal{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &normal), 0);
  rlimit tight = normal;
  tight.rlim_cur = 0;  // no new descriptor at all (the limit is on descriptor numbers)
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &tight), 0);
  for (auto& c : clients) c.connect(l.local_endpoint());  // completed by the kernel, into the backlog
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // accept fails, backs off 50 ms, again
  std::size_t during = 0;
  {
    std::lock_guard lock(log.mutex);
    during = log.contexts.size();
  }
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &normal), 0);
  EXPECT_EQ(during, 0u);  // no descriptor for any of them
  EXPECT_TRUE(log.wait_for(3));
  EXPECT_EQ(l.accepted(), 3u);
  l.stop();
  {
    std::lock_guard lock(log.mutex);
    log.sockets.clear();
  }
  pool.stop();
  pool.join();
}

TEST(Listener, ReportsABindFailureAtConstruction) {
  io_pool pool(1);
  listener first(pool, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0), [](tcp::socket, int) {});
  EXPECT_THROW(listener(pool, first.local_endpoint(), [](tcp::socket, int) {}), boost::system::system_error);
}

}  // namespace
}  // namespace portico::net
