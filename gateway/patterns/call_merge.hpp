#pragma once
// Turning the answers of several backend calls into one response (aggregation, composition):
// each answer's body becomes a JSON value (parsed, or the raw text as a JSON string when it is
// not JSON), values are merged by call name or at top level, failed calls are listed, and the
// per-call timings become a Server-Timing field (W3C Server Timing), so the fan-out latency —
// the slowest call — is visible to the client and in traces.
//
// Merged body, by key:    {"user": {...}, "orders": [...]}
//            top level:   {"id": 7, "name": "a", "orders": [...]}   (members of object answers,
//                          later calls overwrite earlier ones; a non-object answer goes under its name)
// When calls failed:      ... "_partial": true, "_errors": {"orders": "timeout"}
//
// Pure functions; thread-safe.
#include "gateway/patterns/backend_client.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::gateway::patterns {

struct named_reply {
  std::string name;
  backend_reply reply;
};

boost::json::value reply_document(const backend_reply& reply);

enum class merge_mode { by_key, top_level };

// Merges the successful replies; failed ones (not succeeded()) are listed under "_errors".
std::string merge_replies(const std::vector<named_reply>& replies, merge_mode mode);

// "user;dur=3.20, orders;dur=50.01;desc=\"timeout\", total;dur=50.10"
std::string server_timing(const std::vector<named_reply>& replies, core::nanos total);

}  // namespace portico::gateway::patterns
