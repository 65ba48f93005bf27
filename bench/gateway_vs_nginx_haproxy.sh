#!/usr/bin/env bash
# The reference gateway vs nginx and HAProxy as reverse proxies, same machine, same run, same
# backend, same wrk load:
#   backend:  nginx `return 200` (1 worker)  — the same upstream for all three proxies
#   nginx:    proxy_pass to an upstream block with `keepalive 64` (HTTP/1.1, 1 worker)
#   HAProxy:  nbthread 1, `http-reuse always`
#   portico:  `portico gateway --threads 1`, one prefix route + round-robin LB (route + LB only)
# Rounds are interleaved (nginx, haproxy, portico, nginx, ...) so that drift in machine load hits
# all three; medians over rounds, throughput ratios and p99s are printed. Then the memory check:
# RSS of a fresh gateway before and after 10,000 idle keep-alive connections (each made one
# request first), and the cost per connection.
#
# With two cores, wrk and the backend share CPU 1 and can saturate it before the proxy saturates
# CPU 0; then requests/s is capped by CPU 1 and says little about the proxies. So each round also
# samples the proxy process's own CPU time (user + sys, /proc) and prints requests per proxy
# CPU-second: the proxy's capacity per core, the figure that holds whichever side saturates.
#
#   bench/gateway_vs_nginx_haproxy.sh [-c CONNS] [-d DURATION] [-r ROUNDS] [-n IDLE_CONNS] [--no-pin] [--driver wrk|portico] [--proxy-cpu F [--together]]
#
# With two or more CPUs the proxy under test is pinned to CPU 0 and wrk plus the backend to CPU 1.
# Needs an optimised build: PORTICO=build/release/tools/portico by default.
# Targets (issue): portico >= 1.3x nginx and >= 1.0x HAProxy in requests/s, p99 <= nginx's;
# RSS <= 20 MB + 4 KB per idle keep-alive connection at 10,000 connections.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/bench.sh

idle=10000
BENCH_EXTRA_OPTS="-n" bench_options "$@"
[ ${#BENCH_ARGS[@]} -eq 2 ] && idle=${BENCH_ARGS[1]}
proxy_cpu=$CPU_SUT other_cpu=$CPU_OTHER
# 10k client sockets + 10k gateway sockets (+ upstream) need more than the default 1024 fds.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

bench_init
bench_start_nginx "hello from the backend" 1 "$other_cpu"
backend_port=$NGINX_PORT

# nginx as a reverse proxy with upstream keep-alive.
bench_start_nginx_proxy "$backend_port" "$proxy_cpu"
np_port=$NGINX_PROXY_PORT

hp_port=$(bench_free_port)
bench_start_haproxy "
frontend fe
  bind 127.0.0.1:$hp_port
  default_backend be
backend be
  http-reuse always
  server s1 127.0.0.1:$backend_port" "$proxy_cpu"
bench_wait_port "$hp_port"

cat > "$BENCH_TMP/gateway.yaml" <<YAML
name: gateway-bench
backends:
  app: {address: 127.0.0.1:$backend_port}
gateway:
  listeners:
    - name: public
      address: 127.0.0.1:0
      routes:
        - match: {path_prefix: /}
          backend: app
          lb: round_robin
YAML
bench_start_portico public "$proxy_cpu" -- gateway "$BENCH_TMP/gateway.yaml" --threads 1
gw_pid=$PORTICO_PID
gw_url="http://$PORTICO_ADDR/"

BENCH_URLS=("http://127.0.0.1:$np_port/" "http://127.0.0.1:$hp_port/" "$gw_url")
BENCH_NAMES=(nginx haproxy portico)
BENCH_SUT_PIDS=("$NGINX_PROXY_PID" "$HAPROXY_PID" "$gw_pid")
echo "$BENCH_DRIVER -t1 -c$conns -d$duration, $rounds interleaved rounds; pinning: $(bench_pinning_text)"
bench_rounds "$rounds" "$conns" "$duration" "$other_cpu"
# shellcheck disable=SC2086
gr=$(bench_median ${BENCH_RPS[portico]}) nr=$(bench_median ${BENCH_RPS[nginx]}) hr=$(bench_median ${BENCH_RPS[haproxy]})
# shellcheck disable=SC2086
gp=$(bench_median ${BENCH_P99[portico]}) np=$(bench_median ${BENCH_P99[nginx]})
# shellcheck disable=SC2086
gc=$(bench_median ${BENCH_RPC[portico]}) nc=$(bench_median ${BENCH_RPC[nginx]}) hc=$(bench_median ${BENCH_RPC[haproxy]})
echo "throughput ratio portico/nginx:   $(bench_ratio "$gr" "$nr")   (target >= 1.3)"
echo "throughput ratio portico/haproxy: $(bench_ratio "$gr" "$hr")   (target >= 1.0)"
echo "p99 ratio portico/nginx:          $(bench_ratio "$gp" "$np")   (target <= 1.0)"
echo "requests per proxy CPU-second, portico/nginx:   $(bench_ratio "$gc" "$nc")"
echo "requests per proxy CPU-second, portico/haproxy: $(bench_ratio "$gc" "$hc")"
echo "median of per-round ratios, req/s:           portico/nginx $(bench_round_ratio portico nginx), portico/haproxy $(bench_round_ratio portico haproxy)"
echo "median of per-round ratios, req/proxy-CPU-s: portico/nginx $(bench_round_ratio portico nginx RPC), portico/haproxy $(bench_round_ratio portico haproxy RPC)"

# Memory: a fresh gateway, then N idle keep-alive connections that each made one request.
bench_stop "$gw_pid"
bench_start_portico public "$proxy_cpu" -- gateway "$BENCH_TMP/gateway.yaml" --threads 1
gw_pid=$PORTICO_PID
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
python3 - "$PORTICO_ADDR" 200 <<'PY' >/dev/null   # warm the buffers and pools a little first
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
for _ in range(int(sys.argv[2])):
    s = socket.create_connection((host, int(port)))
    s.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\n\r\n"); s.recv(65536); s.close()
PY
before=$(rss_kb "$gw_pid")
fifo="$BENCH_TMP/idle.fifo"
mkfifo "$fifo"
python3 - "$PORTICO_ADDR" "$idle" "$fifo" <<'PY' &
import resource, socket, sys, time
host, port = sys.argv[1].rsplit(":", 1)
n = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_NOFILE, (n + 1000, n + 1000))
socks = []
for _ in range(n):
    s = socket.create_connection((host, int(port)))
    s.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\n\r\n")
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(65536)
    socks.append(s)
with open(sys.argv[3], "w") as f:
    f.write(f"{len(socks)}\n")
time.sleep(3600)
PY
holder=$!
BENCH_PIDS+=("$holder")
opened=$(head -n1 "$fifo")
sleep 1
after=$(rss_kb "$gw_pid")
per_conn=$(awk -v a="$after" -v b="$before" -v n="$opened" 'BEGIN { printf "%.2f", (a - b) / n }')
echo
echo "memory: RSS ${before} KB fresh, ${after} KB with $opened idle keep-alive connections: ${per_conn} KB per connection"
echo "memory target: base <= 20480 KB ($( [ "$before" -le 20480 ] && echo ok || echo MISSED )), per connection <= 4 KB ($(awk -v p="$per_conn" 'BEGIN { print (p <= 4 ? "ok" : "MISSED") }'))"
kill "$holder" 2>/dev/null || true
