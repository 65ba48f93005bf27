#!/usr/bin/env bash
# Rate-limit accuracy through a running gateway: for each algorithm, an open-model load at twice
# the route's limit (500/s -> 1000/s offered) and the admitted rate (2xx per second of the measure
# phase) compared with the configured one. Leaky bucket runs as a meter (policing); the queue
# variant admits the same rate but delays instead of denying.
#
#   bench/ratelimit_accuracy.sh [-d DURATION] [--rate OFFERED]
#
# PORTICO=build/<you>/tools/portico (default build/release/tools/portico). Expect admitted/limit
# within ~1 %: a window or bucket boundary inside the measure phase can add up to one burst.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/bench.sh

duration=10s offered=1000/s limit=500
while [ $# -gt 0 ]; do
  case $1 in
    -d) duration=$2; shift 2 ;;
    --rate) offered=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
export PORTICO=${PORTICO:-build/release/tools/portico}
[ -x "$PORTICO" ] || { echo "build $PORTICO first" >&2; exit 2; }

bench_init
scenario=bench/scenarios/ratelimit_accuracy.yaml
bench_start_portico 'fast#0' "" -- mock "$scenario" --threads 1 --admin off
backend=$PORTICO_ADDR

printf '%-16s %10s %10s %10s %10s %10s\n' algorithm offered/s limit/s admitted/s ratio denied/s
for algo in fixed_window sliding_window token_bucket leaky_bucket; do
  bench_start_portico public "" -- gateway "$scenario" --backend "fast=$backend" \
    --set "gateway.listeners[0].routes[0].rate_limit.algorithm=$algo"
  gw_pid=$PORTICO_PID
  json="$BENCH_TMP/$algo.json"
  "$PORTICO" load "http://$PORTICO_ADDR/" --rate "$offered" -c 16 --warmup 1s -d "$duration" --json "$json" >/dev/null
  bench_stop "$gw_pid"
  python3 - "$json" "$algo" "$limit" <<'PY'
import json, sys
path, algo, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
doc = json.load(open(path))
phase = next(p for p in doc["variants"][0]["phases"] if p["name"] == "measure")
seconds = phase["duration_ns"] / 1e9
counts = phase["overall"]["counts"]
ok = sum(n for code, n in counts["status"].items() if code.startswith("2"))
denied = counts["status"].get("429", 0)
print(f"{algo:<16} {counts['sent']/seconds:10.1f} {limit:10.0f} {ok/seconds:10.1f} {ok/seconds/limit:10.4f} {denied/seconds:10.1f}")
PY
done
