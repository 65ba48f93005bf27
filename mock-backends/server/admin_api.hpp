#pragma once
// The mock's admin API as a pure request -> reply function over mock_server's public API (the
// socket side lives in admin_session.cpp), so it is testable without a network.
//
//   GET  /admin/stats                                   counters and state of every instance
//   GET  /admin/endpoints                               name#i -> address of every instance
//   GET  /admin/backends/{b}/recorded                   requests kept by b's `record: N` endpoints
//   POST /admin/backends/{b}/instances/{i}/{action}     one instance
//   POST /admin/backends/{b}/{action}                   every instance of backend b
//   actions: fail [?status=503 | ?mode=reset], recover (back to normal: clears fail, slow,
//            unhealthy), slow?latency=50ms (added latency; 0 clears), unhealthy, healthy
//
// Every reply is JSON. With a token configured, every request needs "Authorization: Bearer
// <token>" (401 otherwise). Unknown path 404, wrong method 405, bad parameter 400.
#include <string>
#include <string_view>

namespace portico::mock {

class mock_server;

struct admin_request {
  std::string_view method;
  std::string_view target;
  std::string_view authorization;  // the Authorization header, empty if absent
};

struct admin_reply {
  int status = 200;
  std::string body;  // JSON
};

class admin_api {
 public:
  admin_api(mock_server& server, std::string token) : server_(server), token_(std::move(token)) {}
  admin_reply handle(const admin_request& request) const;

 private:
  mock_server& server_;
  std::string token_;
};

}  // namespace portico::mock
