#pragma once
// The running gateway config as JSON, for the admin listener's /config: what an operator needs
// to see which routes, backends, policies and limits are live after a reload. Secrets (admin
// token, API keys, client secrets) are never written; a policy's presence and its
// non-secret settings are.
#include "core/config/gateway_config.hpp"

#include <boost/json/value.hpp>

namespace portico::gateway {

boost::json::value config_to_json(const core::gateway_config& config);
// The upstream (per-backend) settings alone; equal text means equal settings (reload uses it to
// keep a backend's health and ejection state when nothing about it changed).
std::string upstream_signature(const core::upstream_config& config);

}  // namespace portico::gateway
