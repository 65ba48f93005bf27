// The drain-aware read keeps every promise of an ordinary read: after a short read the next one
// is parked without a recv, so what matters is that it still wakes for data arriving at any
// moment (before it starts, after it starts), reads on while a full buffer says more may wait,
// and reports end of stream and cancellation. Loopback sockets, one io_context, no sleeps beyond
// bounded waits for completion.
#include "core/net/drain_aware_read.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <optional>
#include <string>

namespace portico::net {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

struct read_result {
  boost::system::error_code ec;
  std::string data;
};

class DrainAwareRead : public ::testing::Test {
 protected:
  DrainAwareRead() : acceptor_(io_, {asio::ip::address_v4::loopback(), 0}), ours_(io_), peer_(io_) {
    peer_.connect(acceptor_.local_endpoint());
    acceptor_.accept(ours_);
  }

  // Starts a read into a buffer of `capacity` bytes; the result lands in `last_`.
  void start_read(std::size_t capacity) {
    last_.reset();
    buffer_.assign(capacity, '\0');
    async_read_some_drain_aware(ours_, asio::buffer(buffer_), [this](boost::system::error_code ec, std::size_t n) {
      last_ = read_result{ec, buffer_.substr(0, n)};
    });
  }
  // Runs the io_context until the read completes (bounded). restart(): a run that ran out of
  // work leaves the io_context stopped.
  const std::optional<read_result>& finish() {
    io_.restart();
    for (int i = 0; i < 200 && !last_; ++i) io_.run_one_for(10ms);
    return last_;
  }
  void poll() {
    io_.restart();
    io_.poll();
  }
  void peer_sends(const std::string& s) { asio::write(peer_, asio::buffer(s)); }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  tcp::socket ours_, peer_;
  std::string buffer_;
  std::optional<read_result> last_;
};

TEST_F(DrainAwareRead, AParkedReadWakesForDataThatArrivesLater) {
  peer_sends("hello");
  start_read(64);
  ASSERT_TRUE(finish());
  EXPECT_EQ(last_->data, "hello");  // short: the socket is drained
  start_read(64);
  poll();
  EXPECT_FALSE(last_) << "nothing to read yet";
  peer_sends("abc");
  ASSERT_TRUE(finish()) << "the parked read must wake for new data";
  EXPECT_FALSE(last_->ec);
  EXPECT_EQ(last_->data, "abc");
}

TEST_F(DrainAwareRead, DataThatArrivedBeforeTheNextReadStartedIsRead) {
  peer_sends("hello");
  start_read(64);
  ASSERT_TRUE(finish());
  peer_sends("abc");  // after the short read, before the next read exists
  start_read(64);
  ASSERT_TRUE(finish());
  EXPECT_EQ(last_->data, "abc");

  peer_sends("xyz");
  poll();  // the reactor sees the new data while no read is queued
  start_read(64);
  ASSERT_TRUE(finish());
  EXPECT_EQ(last_->data, "xyz");
}

TEST_F(DrainAwareRead, AFullBufferReadsOnWithoutWaiting) {
  peer_sends("0123456789");
  std::string got;
  for (int i = 0; i < 3; ++i) {
    start_read(4);
    ASSERT_TRUE(finish());
    got += last_->data;
  }
  EXPECT_EQ(got, "0123456789");
}

TEST_F(DrainAwareRead, AfterAnExactlyFullReadTheNextReadWaitsForData) {
  peer_sends("01234567");
  start_read(4);
  ASSERT_TRUE(finish());
  start_read(4);
  ASSERT_TRUE(finish());
  EXPECT_EQ(last_->data, "4567");
  start_read(4);  // tried at once (the last read was full), finds nothing, waits
  poll();
  EXPECT_FALSE(last_) << "an empty socket is not an error";
  peer_sends("89");
  ASSERT_TRUE(finish());
  EXPECT_FALSE(last_->ec);
  EXPECT_EQ(last_->data, "89");
}

TEST_F(DrainAwareRead, ReportsEndOfStream) {
  peer_sends("bye");
  peer_.shutdown(tcp::socket::shutdown_send);
  start_read(64);
  ASSERT_TRUE(finish());
  std::string got = last_->data;
  if (!last_->ec) {  // "bye" and the FIN may come apart
    start_read(64);
    ASSERT_TRUE(finish());
  }
  EXPECT_EQ(got, "bye");
  EXPECT_EQ(last_->ec, asio::error::eof);
}

TEST_F(DrainAwareRead, CancellingTheSocketAbortsAParkedRead) {
  peer_sends("x");
  start_read(64);
  ASSERT_TRUE(finish());
  start_read(64);
  poll();
  ASSERT_FALSE(last_);
  ours_.cancel();
  ASSERT_TRUE(finish());
  EXPECT_EQ(last_->ec, asio::error::operation_aborted);
}

TEST_F(DrainAwareRead, AClosedSocketFailsAtOnce) {
  ours_.close();
  start_read(64);
  ASSERT_TRUE(finish());
  EXPECT_EQ(last_->ec, asio::error::bad_descriptor);
}

}  // namespace
}  // namespace portico::net
