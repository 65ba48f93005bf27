#!/usr/bin/env bash
# WebSocket echo round trips per second, direct to a mock backend vs through the gateway's tunnel,
# in the same run (tests/bench/websocket_echo_bench.cpp: one connection, 64 B and 16 KiB binary
# messages, everything on 127.0.0.1 in one process). Prints the median of REPETITIONS for each and
# the gateway/direct ratio per size.
#
# usage: bench/websocket_echo.sh [REPETITIONS] [MIN_TIME_SECONDS]     (defaults 5 1)
# env:   BENCH_BIN=path/to/websocket_echo_bench (default build/release/tests/websocket_echo_bench)
set -euo pipefail
cd "$(dirname "$0")/.."

REPS=${1:-5}
MIN_TIME=${2:-1}
BENCH_BIN=${BENCH_BIN:-build/release/tests/websocket_echo_bench}
[ -x "$BENCH_BIN" ] || { echo "no $BENCH_BIN (build the release preset's websocket_echo_bench, or set BENCH_BIN=)" >&2; exit 2; }

OUT=$(mktemp "${TMPDIR:-/tmp}/portico-ws-bench.XXXXXX.json")
trap 'rm -f "$OUT"' EXIT
"$BENCH_BIN" --benchmark_repetitions="$REPS" --benchmark_min_time="$MIN_TIME" \
  --benchmark_report_aggregates_only=true --benchmark_out="$OUT" --benchmark_out_format=json >/dev/null

python3 - "$OUT" <<'PY'
import json, sys
rows = {}
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    if b.get("aggregate_name") != "median":
        continue
    name, size = b["run_name"].split("/")[0], int(b["run_name"].split("/")[1])
    rows[(name.replace("BM_WebSocketEcho", ""), size)] = b["items_per_second"]
print(f"{'size':>8} {'direct rt/s':>12} {'gateway rt/s':>13} {'gateway/direct':>15}")
for size in sorted({s for _, s in rows}):
    direct, gateway = rows[("Direct", size)], rows[("ThroughGateway", size)]
    print(f"{size:>8} {direct:>12.0f} {gateway:>13.0f} {gateway / direct:>15.3f}")
PY
