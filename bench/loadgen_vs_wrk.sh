#!/usr/bin/env bash
# portico load vs wrk against the same nginx `return 200` (1 worker, generated config, free port),
# same connections, one generator thread, interleaved over ROUNDS rounds. The machine's 2 cores
# are both saturated (nginx on one, the generator on the other), so the figure that counts is
# the generator's own cost: completed requests per CPU-second of the generator process
# (user + sys, from /usr/bin/time), with throughput no lower than wrk's. Then an open-model run
# at 90 % of portico's own closed-model median throughput, which must not fall behind schedule.
#
# usage: bench/loadgen_vs_wrk.sh [ROUNDS] [DURATION] [CONNECTIONS]     (defaults 3 10s 64)
# env:   PORTICO=path/to/portico (default build/release/tools/portico)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/bench.sh

ROUNDS=${1:-3}
DURATION=${2:-10s}
CONNS=${3:-64}
PORTICO=${PORTICO:-build/release/tools/portico}
[ -x "$PORTICO" ] || { echo "no $PORTICO (build the release preset, or set PORTICO=)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk not installed (scripts/bootstrap)" >&2; exit 2; }

bench_init
bench_start_nginx ok 1 1
URL="http://127.0.0.1:$NGINX_PORT/"
GEN_CPU=$(bench_cpu_prefix 0)

# run_timed OUT CMD...: runs CMD pinned to CPU 0, prints "USER SYS" seconds of CMD itself.
run_timed() {
  local out=$1
  shift
  /usr/bin/time -f "%U %S" -o "$out.time" $GEN_CPU "$@" >"$out" 2>&1
  cat "$out.time"
}

declare -a W_RPS W_RPC P_RPS P_RPC R_RPC R_RPS
printf '%-6s %-8s %12s %10s %10s %14s\n' round tool "req/s" "cpu s" "requests" "req/cpu-s"
for ((r = 1; r <= ROUNDS; r++)); do
  out="$BENCH_TMP/wrk.$r"
  read -r u s < <(run_timed "$out" wrk -t1 -c"$CONNS" -d"$DURATION" "$URL")
  req=$(awk '/requests in/ { print $1 }' "$out")
  rps=$(awk '$1 == "Requests/sec:" { print $2 }' "$out")
  cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
  rpc=$(awk -v n="$req" -v c="$cpu" 'BEGIN { printf "%.0f", (c > 0 ? n / c : 0) }')
  W_RPS+=("$rps"); W_RPC+=("$rpc")
  printf '%-6s %-8s %12s %10s %10s %14s\n' "$r" wrk "$rps" "$cpu" "$req" "$rpc"

  out="$BENCH_TMP/portico.$r"
  read -r u s < <(run_timed "$out" "$PORTICO" load "$URL" -t1 -c"$CONNS" -d"$DURATION")
  req=$(awk '/requests sent,/ { print $4 }' "$out")
  rps=$(awk '$1 == "Requests/sec:" { print $2 }' "$out")
  cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
  rpc=$(awk -v n="$req" -v c="$cpu" 'BEGIN { printf "%.0f", (c > 0 ? n / c : 0) }')
  P_RPS+=("$rps"); P_RPC+=("$rpc")
  printf '%-6s %-8s %12s %10s %10s %14s\n' "$r" portico "$rps" "$cpu" "$req" "$rpc"
  R_RPC+=("$(bench_ratio "$rpc" "${W_RPC[-1]}")")
  R_RPS+=("$(bench_ratio "$rps" "${W_RPS[-1]}")")
done

echo
echo "medians over $ROUNDS rounds ($CONNS connections, 1 thread, $DURATION, nginx return 200):"
printf '  wrk     %10.0f req/s  %10.0f req/cpu-s\n' "$(bench_median "${W_RPS[@]}")" "$(bench_median "${W_RPC[@]}")"
printf '  portico %10.0f req/s  %10.0f req/cpu-s\n' "$(bench_median "${P_RPS[@]}")" "$(bench_median "${P_RPC[@]}")"
echo "  ratio portico/wrk (per round, then median): req/cpu-s ${R_RPC[*]} -> $(bench_median "${R_RPC[@]}")" \
     "(target >= 1.2); throughput ${R_RPS[*]} -> $(bench_median "${R_RPS[@]}") (target >= 1.0)"

closed_max=$(bench_median "${P_RPS[@]}")
rate=$(awk -v m="$closed_max" 'BEGIN { printf "%d", m * 0.9 }')
out="$BENCH_TMP/portico.open"
read -r u s < <(run_timed "$out" "$PORTICO" load "$URL" -t1 -c"$CONNS" -d"$DURATION" --rate "$rate/s")
echo
echo "open model at 90% of portico's closed max ($rate/s):"
grep -E "Requests/sec|Late sends|WARNING|Errors|99%" "$out" | sed 's/^/  /'
