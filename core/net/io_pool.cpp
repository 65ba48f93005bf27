#include "core/net/io_pool.hpp"

namespace portico::net {

io_pool::io_pool(int threads, io_objects objects) {
  if (threads < 1) threads = 1;
  // Hint 1: one thread runs the context (Asio then keeps handlers posted from that thread in a
  // thread-private queue). UNSAFE_IO: that, and no per-descriptor lock.
  const int hint = objects == io_objects::thread_owned ? BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO : 1;
  for (int i = 0; i < threads; ++i) {
    contexts_.push_back(std::make_unique<boost::asio::io_context>(hint));
  }
}

io_pool::~io_pool() {
  stop();
  join();
}

boost::asio::io_context& io_pool::next() {
  auto& context = *contexts_[next_];
  next_ = (next_ + 1) % contexts_.size();
  return context;
}

void io_pool::start() {
  for (auto& context : contexts_) {
    guards_.push_back(std::make_unique<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>(
        context->get_executor()));
    threads_.emplace_back([ctx = context.get()] { ctx->run(); });
  }
}

void io_pool::stop() {
  guards_.clear();
  for (auto& context : contexts_) context->stop();
}

void io_pool::join() {
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

}  // namespace portico::net
