#include "gateway/patterns/backend_client.hpp"

#include "core/net/coro.hpp"
#include "core/net/endpoint.hpp"

#include <boost/asio/execution/context.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <atomic>
#include <map>
#include <stdexcept>
#include <tuple>

namespace portico::gateway::patterns {

namespace beast = boost::beast;
namespace bhttp = beast::http;
using asio::awaitable;

namespace {
constexpr std::uint64_t max_reply_body = 8 * 1024 * 1024;

using stream_ptr = std::unique_ptr<beast::tcp_stream>;
}  // namespace

// The idle connections live in a service of their io_context, not in the client: the context
// then closes them when it shuts down (before its socket service goes), whatever order the
// gateway destroys stages and contexts in.
class idle_connections final : public asio::execution_context::service {
 public:
  static inline asio::execution_context::id id;
  explicit idle_connections(asio::execution_context& owner) : service(owner) {}
  // Per (client, backend, instance), LIFO; touched only on the context's own thread.
  std::vector<stream_ptr>& at(std::uint64_t client, std::size_t backend, std::size_t instance) {
    return idle_[{client, backend, instance}];
  }

 private:
  void shutdown() override { idle_.clear(); }
  std::map<std::tuple<std::uint64_t, std::size_t, std::size_t>, std::vector<stream_ptr>> idle_;
};

struct backend_client::thread_pools {
  std::vector<std::size_t> next;  // per backend: round robin over instances
};

std::string backend_reply::error_name() const {
  switch (what) {
    case outcome::ok: return status >= 200 && status < 300 ? "ok" : "status_" + std::to_string(status);
    case outcome::timeout: return "timeout";
    case outcome::connect_failure: return "connect_failure";
    case outcome::io_error: return "io_error";
    case outcome::unknown_backend: return "unknown_backend";
  }
  return "?";
}

backend_client::backend_client(const address_map& addresses, int threads, std::size_t max_idle_per_instance)
    : max_idle_(max_idle_per_instance), threads_(std::make_unique<thread_pools[]>(static_cast<std::size_t>(std::max(1, threads)))),
      thread_count_(std::max(1, threads)) {
  for (const auto& [name, list] : addresses) {
    std::vector<asio::ip::tcp::endpoint> eps;
    for (const auto& a : list) {
      auto ep = net::parse_endpoint(a);
      if (!ep) throw std::invalid_argument("backend '" + name + "': bad address '" + a + "'");
      eps.push_back(*ep);
    }
    names_.push_back(name);
    endpoints_.push_back(std::move(eps));
  }
  for (int t = 0; t < thread_count_; ++t) threads_[static_cast<std::size_t>(t)].next.resize(names_.size());
  static std::atomic<std::uint64_t> ids{0};
  id_ = ++ids;
}

backend_client::~backend_client() = default;

bool backend_client::knows(std::string_view backend) const {
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == backend && !endpoints_[i].empty()) return true;
  return false;
}

awaitable<backend_reply> backend_client::call(int thread, const backend_call& c, const core::clock& clock) const {
  backend_reply reply;
  const auto started = clock.now();
  std::size_t b = 0;
  while (b < names_.size() && names_[b] != c.backend) ++b;
  if (b == names_.size() || endpoints_[b].empty() || thread < 0 || thread >= thread_count_) {
    reply.what = backend_reply::outcome::unknown_backend;
    co_return reply;
  }
  const std::size_t instance = threads_[static_cast<std::size_t>(thread)].next[b]++ % endpoints_[b].size();
  const auto& endpoint = endpoints_[b][instance];
  reply.instance = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  auto executor = co_await asio::this_coro::executor;
  auto& idle = asio::use_service<idle_connections>(asio::query(executor, asio::execution::context)).at(id_, b, instance);
  const auto deadline = std::chrono::steady_clock::now() + c.timeout;

  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, c.target, 11};
  req.set(bhttp::field::host, c.host.empty() ? reply.instance : c.host);
  for (const auto& [name, value] : c.headers) req.set(name, value);
  req.keep_alive(true);

  // A pooled connection the backend closed meanwhile fails before any byte of the answer: the
  // GET is then repeated once on a new connection (the forwarder does the same).
  for (int fresh = 0; fresh < 2; ++fresh) {
    stream_ptr s;
    const bool reused = fresh == 0 && !idle.empty();
    if (reused) {
      s = std::move(idle.back());
      idle.pop_back();
    } else {
      s = std::make_unique<beast::tcp_stream>(executor);
    }
    s->expires_at(deadline);
    if (!reused) {
      auto [ec] = co_await s->async_connect(endpoint, nothrow);
      if (ec) {
        reply.what = ec == beast::error::timeout ? backend_reply::outcome::timeout : backend_reply::outcome::connect_failure;
        break;
      }
      s->socket().set_option(asio::ip::tcp::no_delay(true), ec);
    }
    auto [wec, wn] = co_await bhttp::async_write(*s, req, nothrow);
    if (wec) {
      if (reused && wec != beast::error::timeout) continue;
      reply.what = wec == beast::error::timeout ? backend_reply::outcome::timeout : backend_reply::outcome::io_error;
      break;
    }
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(max_reply_body);
    auto [rec, rn] = co_await bhttp::async_read(*s, buffer, parser, nothrow);
    if (rec) {
      if (reused && rn == 0 && rec != beast::error::timeout) continue;
      reply.what = rec == beast::error::timeout ? backend_reply::outcome::timeout : backend_reply::outcome::io_error;
      break;
    }
    auto res = parser.release();
    reply.what = backend_reply::outcome::ok;
    reply.status = static_cast<int>(res.result_int());
    reply.content_type = std::string(res[bhttp::field::content_type]);
    reply.cache_control = std::string(res[bhttp::field::cache_control]);
    reply.body = std::move(res.body());
    if (res.keep_alive() && buffer.size() == 0 && idle.size() < max_idle_) {
      s->expires_never();
      idle.push_back(std::move(s));
    }
    break;
  }
  reply.elapsed = clock.now() - started;
  co_return reply;
}

}  // namespace portico::gateway::patterns
