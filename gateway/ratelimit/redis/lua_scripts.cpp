#include "gateway/ratelimit/redis/lua_scripts.hpp"

namespace portico::gateway::redis {

// Shared helpers, prepended to every script: exact floor division and number formatting.
#define PORTICO_LUA_PRELUDE                                                        \
  "local function fdiv(a, b) local q = math.floor(a / b) local r = a - q * b\n"    \
  "  if r < 0 then q = q - 1 elseif r >= b then q = q + 1 end return q end\n"     \
  "local function num(x) return string.format('%.0f', x) end\n"                    \
  "local function ttl(ns) return num(math.floor(ns / 1000000) + 1000) end\n"       \
  "local now, cost = tonumber(ARGV[1]), tonumber(ARGV[2])\n"

const std::string_view fixed_window_script = PORTICO_LUA_PRELUDE R"lua(
local limit, w, count_denied = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5] == '1'
local k = fdiv(now, w)
local st = redis.call('HMGET', KEYS[1], 'w', 'c')
local win, count = tonumber(st[1]), tonumber(st[2]) or 0
if win == nil or k > win then win = k count = 0 end
local fin = (win + 1) * w
local allowed = cost <= limit - count
if allowed or count_denied then
  count = math.min(count + cost, 2^52)
  redis.call('HSET', KEYS[1], 'w', num(win), 'c', num(count))
  redis.call('PEXPIRE', KEYS[1], ttl(fin - now))
end
local reset = 0
if count > 0 then reset = fin - now end
local retry = 0
if not allowed then retry = fin - now end
return {allowed and 1 or 0, math.max(0, limit - count), reset, retry, 0}
)lua";

const std::string_view sliding_log_script = PORTICO_LUA_PRELUDE R"lua(
local limit, w = tonumber(ARGV[3]), tonumber(ARGV[4])
local t = now
local newest = tonumber(redis.call('LINDEX', KEYS[1], -1))
if newest and newest > t then t = newest end
while true do
  local oldest = tonumber(redis.call('LINDEX', KEYS[1], 0))
  if oldest == nil or oldest > t - w then break end
  redis.call('LPOP', KEYS[1])
end
local size = redis.call('LLEN', KEYS[1])
local allowed = cost <= limit - size
local retry = 0
if allowed then
  for i = 1, cost do redis.call('RPUSH', KEYS[1], num(t)) end
  size = size + cost
  redis.call('PEXPIRE', KEYS[1], ttl(w))
elseif cost <= limit then
  retry = tonumber(redis.call('LINDEX', KEYS[1], size - (limit - cost) - 1)) + w - t
else
  retry = w
end
local reset = 0
if size > 0 then reset = tonumber(redis.call('LINDEX', KEYS[1], -1)) + w - t end
return {allowed and 1 or 0, limit - size, reset, retry, 0}
)lua";

const std::string_view sliding_counter_script = PORTICO_LUA_PRELUDE R"lua(
local limit, w, count_denied = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5] == '1'
local t = now
local k = fdiv(t, w)
local st = redis.call('HMGET', KEYS[1], 'w', 'p', 'c')
local win, prev, curr = tonumber(st[1]), tonumber(st[2]) or 0, tonumber(st[3]) or 0
if win ~= nil and k < win then t = win * w
elseif win ~= nil and k == win + 1 then prev = curr curr = 0 win = k
elseif win == nil or k > win then prev = 0 curr = 0 win = k end
local e = t - win * w
local allowed = prev * (w - e) + (curr + cost) * w <= limit * w
if allowed or count_denied then curr = math.min(curr + cost, 2^52) end
redis.call('HSET', KEYS[1], 'w', num(win), 'p', num(prev), 'c', num(curr))
redis.call('PEXPIRE', KEYS[1], ttl(2 * w - e))
local room = limit * w - prev * (w - e) - curr * w
local remaining = 0
if room > 0 then remaining = fdiv(room, w) end
local reset = 0
if curr > 0 then reset = 2 * w - e elseif prev > 0 then reset = w - e end
local retry = 0
if not allowed then
  if cost > limit then retry = 2 * w - e
  else
    local r = limit - curr - cost
    local done = false
    if r >= 0 then
      if prev == 0 then retry = 0 done = true
      else
        local emin = math.max(e, w - fdiv(r * w, prev))
        if emin < w then retry = emin - e done = true end
      end
    end
    if not done then
      local enext = 0
      if curr > 0 then enext = math.max(0, w - fdiv((limit - cost) * w, curr)) end
      retry = w - e + enext
    end
  end
end
return {allowed and 1 or 0, remaining, reset, retry, 0}
)lua";

const std::string_view gcra_script = PORTICO_LUA_PRELUDE R"lua(
local interval, capacity = tonumber(ARGV[3]), tonumber(ARGV[4])
local shaping, delay_after, ttl_ms = ARGV[5] == '1', tonumber(ARGV[6]), ARGV[7]
local tat = tonumber(redis.call('GET', KEYS[1]))
local base = now
if tat ~= nil and tat > now then base = tat end
local full = interval * capacity
local new_tat = base + cost * interval
local allowed = new_tat - now <= full
local after = base
if allowed then
  after = new_tat
  redis.call('SET', KEYS[1], num(new_tat), 'PX', ttl_ms)
end
local retry, delay = 0, 0
if not allowed then
  if cost <= capacity then retry = new_tat - now - full else retry = after - now end
elseif shaping then
  delay = math.max(0, base - now - interval * delay_after)
end
return {allowed and 1 or 0, fdiv(full - (after - now), interval), after - now, retry, delay}
)lua";

const std::string_view discrete_bucket_script = PORTICO_LUA_PRELUDE R"lua(
local capacity, fill, every = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local k = fdiv(now, every)
local st = redis.call('HMGET', KEYS[1], 'p', 't')
local period, tokens = tonumber(st[1]), tonumber(st[2])
if period == nil then period = k tokens = capacity
elseif k > period then tokens = math.min(capacity, tokens + (k - period) * fill) period = k end
local allowed = tokens >= cost
if allowed then tokens = tokens - cost end
local next_fill = (period + 1) * every - now
local function wait_until(n)
  local fills = -fdiv(-(n - tokens), fill)
  if fills <= 0 then return 0 end
  return next_fill + (fills - 1) * every
end
local reset = wait_until(capacity)
redis.call('HSET', KEYS[1], 'p', num(period), 't', num(tokens))
redis.call('PEXPIRE', KEYS[1], ttl(reset + every))
local retry = 0
if not allowed then retry = wait_until(math.min(cost, capacity)) end
return {allowed and 1 or 0, tokens, reset, retry, 0}
)lua";

#undef PORTICO_LUA_PRELUDE

}  // namespace portico::gateway::redis
