#include "scenarios/runner/loopback_http.hpp"

#include "core/net/endpoint.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <charconv>

namespace portico::runner {

namespace {

constexpr std::size_t max_reply_bytes = 16 * 1024 * 1024;

class socket_fd {
 public:
  explicit socket_fd(int fd) : fd_(fd) {}
  ~socket_fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  socket_fd(const socket_fd&) = delete;
  socket_fd& operator=(const socket_fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

bool wait_for(int fd, short events, std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd, events, 0};
  return ::poll(&p, 1, static_cast<int>(left.count())) == 1;
}

std::optional<http_reply> parse_reply(const std::string& raw) {
  // "HTTP/1.1 200 OK\r\n...\r\n\r\nbody": the admin APIs answer with Content-Length and close,
  // so the body is everything after the head.
  if (raw.size() < 12 || raw.compare(0, 5, "HTTP/") != 0) return std::nullopt;
  http_reply reply;
  const auto* first = raw.data() + 9;
  if (std::from_chars(first, first + 3, reply.status).ec != std::errc{}) return std::nullopt;
  const auto head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) return std::nullopt;
  reply.body = raw.substr(head_end + 4);
  return reply;
}

}  // namespace

std::optional<http_reply> loopback_http(const std::string& address, const std::string& method, const std::string& target,
                                        const std::string& bearer, std::chrono::milliseconds deadline_in,
                                        const std::string& body) {
  const auto endpoint = net::parse_endpoint(address);
  if (!endpoint || !endpoint->address().is_v4()) return std::nullopt;
  const auto deadline = std::chrono::steady_clock::now() + deadline_in;
  socket_fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return std::nullopt;
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(endpoint->port());
  sa.sin_addr.s_addr = htonl(endpoint->address().to_v4().to_uint());
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0 && errno != EINPROGRESS) return std::nullopt;
  if (!wait_for(fd.get(), POLLOUT, deadline)) return std::nullopt;
  int error = 0;
  socklen_t len = sizeof error;
  if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &len) != 0 || error != 0) return std::nullopt;

  std::string request = method + " " + target + " HTTP/1.1\r\nHost: " + address + "\r\n";
  if (!bearer.empty()) request += "Authorization: Bearer " + bearer + "\r\n";
  if (!body.empty()) request += "Content-Type: application/json\r\n";
  request += "Connection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  std::size_t sent = 0;
  while (sent < request.size()) {
    if (!wait_for(fd.get(), POLLOUT, deadline)) return std::nullopt;
    const auto n = ::send(fd.get(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return std::nullopt;
    sent += static_cast<std::size_t>(n);
  }
  std::string raw;
  char chunk[8192];
  while (raw.size() < max_reply_bytes) {
    if (!wait_for(fd.get(), POLLIN, deadline)) return std::nullopt;
    const auto n = ::recv(fd.get(), chunk, sizeof chunk, 0);
    if (n < 0) return std::nullopt;
    if (n == 0) break;
    raw.append(chunk, static_cast<std::size_t>(n));
  }
  return parse_reply(raw);
}

}  // namespace portico::runner
