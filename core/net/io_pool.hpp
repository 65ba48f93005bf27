#pragma once
// N io_contexts, each run by exactly one thread. Chosen over one shared io_context so that a
// connection's handlers always run on one thread, with no strands and no cross-core cache traffic
// on the hot path. Thread-safe: start/stop/join from one controlling thread; context(i) from
// anywhere.
//
// Locking inside Asio: posting work to a context from any thread is always safe. With
// io_objects::thread_owned, Asio also drops the per-socket lock it takes for every operation
// started and every readiness event (about 2 % of a proxied request's instructions); the price is
// a rule for every socket on the pool: start, cancel and close it only on its own context's thread
// (from elsewhere, post there). Destroying a socket already closed is fine anywhere.
#include <boost/asio/io_context.hpp>

#include <memory>
#include <thread>
#include <vector>

namespace portico::net {

enum class io_objects { shared, thread_owned };

class io_pool {
 public:
  explicit io_pool(int threads, io_objects objects = io_objects::shared);
  ~io_pool();
  io_pool(const io_pool&) = delete;
  io_pool& operator=(const io_pool&) = delete;

  int size() const noexcept { return static_cast<int>(contexts_.size()); }
  boost::asio::io_context& context(int index) { return *contexts_[static_cast<std::size_t>(index)]; }
  // Round-robin choice, for spreading new connections.
  boost::asio::io_context& next();

  void start();  // one thread per context; runs until stop()
  void stop();   // stops every context (handlers in flight finish their current step)
  void join();

 private:
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<std::unique_ptr<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>> guards_;
  std::vector<std::thread> threads_;
  std::size_t next_ = 0;
};

}  // namespace portico::net
