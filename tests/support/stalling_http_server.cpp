#include "tests/support/stalling_http_server.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <string>

namespace portico::testing {

namespace {
std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const auto n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}
}  // namespace

stalling_http_server::stalling_http_server(options o) : options_(o) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(listen_fd_, 1024) != 0)
    throw std::runtime_error("stalling_http_server: cannot listen");
  socklen_t length = sizeof address;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  origin_ns_ = steady_ns();
  acceptor_ = std::thread([this] { accept_loop(); });
}

stalling_http_server::~stalling_http_server() { stop(); }

void stalling_http_server::start() { origin_ns_ = steady_ns(); }

void stalling_http_server::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_.exchange(true)) return;
  }
  stop_signal_.notify_all();
  ::shutdown(listen_fd_, SHUT_RDWR);
  acceptor_.join();
  ::close(listen_fd_);
  {
    std::lock_guard lock(mutex_);
    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
  }
  for (auto& t : threads_) t.join();
  for (int fd : fds_) ::close(fd);
}

void stalling_http_server::accept_loop() {
  while (!stopping_) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (stopping_) return;
      continue;
    }
    if (options_.mode == behaviour::close_on_accept) {
      ::close(fd);
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::lock_guard lock(mutex_);
    fds_.push_back(fd);
    threads_.emplace_back([this, fd] { serve(fd); });
  }
}

void stalling_http_server::serve(int fd) {
  static constexpr char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok";
  static constexpr char garbage[] = "HTTZ/9 what\r\n\r\n";
  std::string in;
  char buffer[16384];
  while (!stopping_) {
    const auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return;
    in.append(buffer, static_cast<std::size_t>(n));
    std::string out;
    for (;;) {
      const auto end = in.find("\r\n\r\n");
      if (end == std::string::npos) break;
      in.erase(0, end + 4);  // tests send no bodies
      ++requests_;
      out += options_.mode == behaviour::garbage ? garbage : ok;
    }
    if (out.empty()) continue;
    const std::int64_t from = origin_ns_ + options_.stall_from.count();
    const std::int64_t until = from + options_.stall_length.count();
    const std::int64_t now = steady_ns();
    if (options_.stall_length.count() > 0 && now >= from && now < until) {
      held_ += 1;
      std::unique_lock lock(mutex_);  // the stall itself (cut short by stop())
      stop_signal_.wait_for(lock, std::chrono::nanoseconds(until - now), [this] { return stopping_.load(); });
    }
    if (!write_all(fd, out.data(), out.size())) return;
  }
}

}  // namespace portico::testing
