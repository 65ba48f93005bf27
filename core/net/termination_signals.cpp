#include "core/net/termination_signals.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>

namespace portico::net {

namespace asio = boost::asio;

struct termination_signals::impl {
  asio::io_context context{1};
  asio::signal_set signals{context, SIGINT, SIGTERM};
  std::optional<int> received;

  impl() {
    signals.async_wait([this](boost::system::error_code ec, int number) {
      if (!ec) received = number;
    });
  }
};

termination_signals::termination_signals() : impl_(std::make_unique<impl>()) {}
termination_signals::~termination_signals() = default;

int termination_signals::wait() {
  while (!impl_->received) {
    impl_->context.run_one();
  }
  return *impl_->received;
}

std::optional<int> termination_signals::wait_for(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!impl_->received) {
    if (impl_->context.run_one_until(deadline) == 0) break;
  }
  return impl_->received;
}

void termination_signals::request() {
  asio::post(impl_->context, [i = impl_.get()] {
    if (!i->received) i->received = 0;
    i->signals.cancel();
  });
}

}  // namespace portico::net
