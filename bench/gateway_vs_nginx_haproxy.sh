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
#   bench/gateway_vs_nginx_haproxy.sh [-c CONNS] [-d DURATION] [-r ROUNDS] [-n IDLE_CONNS] [--no-pin]
#
# With two or more CPUs the proxy under test is pinned to CPU 0 and wrk plus the backend to CPU 1.
# Needs an optimised build: PORTICO=build/release/tools/portico by default.
# Targets (issue): portico >= 1.3x nginx and >= 1.0x HAProxy in requests/s, p99 <= nginx's;
# RSS <= 20 MB + 4 KB per idle keep-alive connection at 10,000 connections.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/bench.sh

conns=50 duration=10s rounds=3 idle=10000 pin=1
while [ $# -gt 0 ]; do
  case $1 in
    -c) conns=$2; shift 2 ;;
    -d) duration=$2; shift 2 ;;
    -r) rounds=$2; shift 2 ;;
    -n) idle=$2; shift 2 ;;
    --no-pin) pin=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
export PORTICO=${PORTICO:-build/release/tools/portico}
[ -x "$PORTICO" ] || { echo "build $PORTICO first (release preset)" >&2; exit 2; }
proxy_cpu="" other_cpu=""
if [ "$pin" = 1 ] && [ "$(nproc)" -ge 2 ]; then proxy_cpu=0 other_cpu=1; fi
# 10k client sockets + 10k gateway sockets (+ upstream) need more than the default 1024 fds.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

bench_init
bench_start_nginx "hello from the backend" 1 "$other_cpu"
backend_port=$NGINX_PORT

# nginx as a reverse proxy with upstream keep-alive.
np_port=$(bench_free_port)
bench_start_nginx_proxy "$backend_port" "$proxy_cpu" "127.0.0.1:$np_port"

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

urls=("http://127.0.0.1:$np_port/" "http://127.0.0.1:$hp_port/" "$gw_url")
names=(nginx haproxy portico)
pinning=none
[ -n "$proxy_cpu" ] && pinning="proxy CPU $proxy_cpu, wrk+backend CPU $other_cpu"
echo "wrk -t1 -c$conns -d$duration, $rounds interleaved rounds; pinning: $pinning"
for u in "${urls[@]}"; do bench_wrk "$u" 1 "$conns" 2s "$other_cpu" >/dev/null; done  # warm-up

declare -A rps p99
printf '%-6s %-8s %12s %10s %10s %8s\n' round proxy requests/s p50_us p99_us errors
for ((r = 1; r <= rounds; r++)); do
  for i in 0 1 2; do
    read -r rps_v p50_v p99_v err_v < <(bench_wrk "${urls[$i]}" 1 "$conns" "$duration" "$other_cpu")
    printf '%-6s %-8s %12s %10s %10s %8s\n' "$r" "${names[$i]}" "$rps_v" "$p50_v" "$p99_v" "$err_v"
    rps[${names[$i]}]+="$rps_v "
    p99[${names[$i]}]+="$p99_v "
  done
done
echo
for n in "${names[@]}"; do
  # shellcheck disable=SC2086
  printf 'median %-8s %10s req/s   p99 %8s us\n' "$n" "$(bench_median ${rps[$n]})" "$(bench_median ${p99[$n]})"
done
# shellcheck disable=SC2086
gr=$(bench_median ${rps[portico]}) nr=$(bench_median ${rps[nginx]}) hr=$(bench_median ${rps[haproxy]})
# shellcheck disable=SC2086
gp=$(bench_median ${p99[portico]}) np=$(bench_median ${p99[nginx]})
echo "throughput ratio portico/nginx:   $(bench_ratio "$gr" "$nr")   (target >= 1.3)"
echo "throughput ratio portico/haproxy: $(bench_ratio "$gr" "$hr")   (target >= 1.0)"
echo "p99 ratio portico/nginx:          $(bench_ratio "$gp" "$np")   (target <= 1.0)"

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
