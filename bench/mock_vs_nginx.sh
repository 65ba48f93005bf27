#!/usr/bin/env bash
# Mock backend vs nginx, same machine, same run: a zero-latency mock endpoint against nginx
# `return 200` with the same body, one worker/thread each, wrk as the load on loopback.
# Rounds are interleaved (nginx, mock, nginx, mock, ...) so that drift in machine load hits both;
# the medians over rounds and their ratio are printed.
#
#   bench/mock_vs_nginx.sh [-c CONNS] [-d DURATION] [-r ROUNDS] [--no-pin]
#
# With two or more CPUs, the server under test is pinned to CPU 0 and wrk to CPU 1 (taskset), so
# neither steals the other's core. Needs an optimised build: PORTICO=build/release/tools/portico
# by default (cmake --preset release && cmake --build build/release --target portico).
# Target (issue): mock requests/s >= 1.0x nginx, with p99 no worse.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/bench.sh

bench_options "$@"
server_cpu=$CPU_SUT load_cpu=$CPU_OTHER

bench_init
body="hello from portico mock"$'\n'   # the scenario's body, byte for byte
bench_start_nginx "$body" 1 "$server_cpu"
nginx_url="http://127.0.0.1:$NGINX_PORT/"
bench_start_portico 'fast#0' "$server_cpu" -- mock bench/scenarios/mock_zero_latency.yaml --threads 1 --admin off
mock_url="http://$PORTICO_ADDR/"

echo "wrk -t1 -c$conns -d$duration, $rounds interleaved rounds; pinning: ${server_cpu:+server CPU $server_cpu, wrk CPU $load_cpu}${server_cpu:-none}"
# Warm-up (connection setup, page cache, CPU frequency), not counted.
bench_wrk "$nginx_url" 1 "$conns" 2s "$load_cpu" >/dev/null
bench_wrk "$mock_url" 1 "$conns" 2s "$load_cpu" >/dev/null

n_rps=() n_p99=() m_rps=() m_p99=()
printf '%-6s %-6s %12s %10s %10s %8s\n' round server requests/s p50_us p99_us errors
for ((r = 1; r <= rounds; r++)); do
  read -r rps p50 p99 errors < <(bench_wrk "$nginx_url" 1 "$conns" "$duration" "$load_cpu")
  printf '%-6s %-6s %12s %10s %10s %8s\n' "$r" nginx "$rps" "$p50" "$p99" "$errors"
  n_rps+=("$rps") n_p99+=("$p99")
  read -r rps p50 p99 errors < <(bench_wrk "$mock_url" 1 "$conns" "$duration" "$load_cpu")
  printf '%-6s %-6s %12s %10s %10s %8s\n' "$r" mock "$rps" "$p50" "$p99" "$errors"
  m_rps+=("$rps") m_p99+=("$p99")
done

nr=$(bench_median "${n_rps[@]}") np=$(bench_median "${n_p99[@]}")
mr=$(bench_median "${m_rps[@]}") mp=$(bench_median "${m_p99[@]}")
echo
echo "median nginx: $nr req/s, p99 ${np}us"
echo "median mock:  $mr req/s, p99 ${mp}us"
echo "throughput ratio mock/nginx: $(bench_ratio "$mr" "$nr")   (target >= 1.0)"
echo "p99 ratio mock/nginx:        $(bench_ratio "$mp" "$np")   (target <= 1.0)"
