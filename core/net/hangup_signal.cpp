#include "core/net/hangup_signal.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <thread>

namespace portico::net {

namespace asio = boost::asio;

struct hangup_signal::impl {
  asio::io_context context{1};
  asio::signal_set signals{context, SIGHUP};
  std::function<void()> callback;
  std::thread thread;

  void wait() {
    signals.async_wait([this](boost::system::error_code ec, int) {
      if (ec) return;
      callback();
      wait();
    });
  }
};

hangup_signal::hangup_signal(std::function<void()> on_hangup) : impl_(std::make_unique<impl>()) {
  impl_->callback = std::move(on_hangup);
  impl_->wait();
  impl_->thread = std::thread([i = impl_.get()] { i->context.run(); });
}

hangup_signal::~hangup_signal() {
  impl_->context.stop();
  impl_->thread.join();
}

}  // namespace portico::net
