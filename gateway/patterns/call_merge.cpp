#include "gateway/patterns/call_merge.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>

namespace portico::gateway::patterns {

namespace json = boost::json;

json::value reply_document(const backend_reply& reply) {
  boost::system::error_code ec;
  auto v = json::parse(reply.body, ec);
  if (!ec) return v;
  return json::string(reply.body);
}

std::string merge_replies(const std::vector<named_reply>& replies, merge_mode mode) {
  json::object doc;
  json::object errors;
  for (const auto& [name, reply] : replies) {
    if (!reply.succeeded()) {
      errors[name] = reply.error_name();
      continue;
    }
    auto v = reply_document(reply);
    if (mode == merge_mode::top_level && v.is_object()) {
      for (auto& member : v.get_object()) doc[member.key()] = std::move(member.value());
    } else {
      doc[name] = std::move(v);
    }
  }
  if (!errors.empty()) {
    doc["_partial"] = true;
    doc["_errors"] = std::move(errors);
  }
  return json::serialize(doc);
}

std::string server_timing(const std::vector<named_reply>& replies, core::nanos total) {
  std::string out;
  char dur[32];
  auto append = [&](std::string_view name, core::nanos d, std::string_view desc) {
    if (!out.empty()) out.append(", ");
    std::snprintf(dur, sizeof dur, "%.2f", static_cast<double>(d.count()) / 1e6);
    out.append(name).append(";dur=").append(dur);
    if (!desc.empty()) out.append(";desc=\"").append(desc).append("\"");
  };
  for (const auto& [name, reply] : replies) append(name, reply.elapsed, reply.succeeded() ? std::string_view{} : reply.error_name());
  append("total", total, {});
  return out;
}

}  // namespace portico::gateway::patterns
