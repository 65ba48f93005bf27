#!/usr/bin/env bash
# Cost of the gateway patterns, as throughput ratios against the plain proxy in the same run:
# aggregation over N = 1, 2, 4 backends (each call a keep-alive request to its own mock backend)
# and W3C tracing (sample 100 %, spans to OTLP + Zipkin files) on a proxied route and a 2-call
# aggregation, plus tracing with spans POSTed to a collector (OTLP + Zipkin, default batching; the
# collector is a mock backend that keeps the last body). One portico mock process (4 backends and
# the collector, zero latency), three gateways (tracing off / to files / to the collector, 1
# thread each), `portico load` closed model; ROUNDS rounds interleaved, medians reported.
#
# usage: bench/patterns_overhead.sh [ROUNDS] [DURATION] [CONNECTIONS]     (defaults 3 5s 32)
# env:   PORTICO=path/to/portico (default build/release/tools/portico)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/bench.sh

ROUNDS=${1:-3}
DURATION=${2:-5s}
CONNS=${3:-32}
PORTICO=${PORTICO:-build/release/tools/portico}
[ -x "$PORTICO" ] || { echo "no $PORTICO (build the release preset, or set PORTICO=)" >&2; exit 2; }

bench_init
scenario() {  # scenario TRACING_YAML
  cat <<YAML
name: patterns-overhead
backends:
  collector:
    endpoints:
      - {match: POST /v1/traces, record: 1}
      - {match: POST /api/v2/spans, record: 1}
$(for b in b1 b2 b3 b4; do printf '  %s:\n    endpoints:\n      - match: GET /x\n        body: {json: {ok: true}}\n' $b; done)
gateway:
$1
  listeners:
    - name: public
      routes:
        - {match: {path: /proxy}, backend: b1, rewrite: {path: /x}}
        - {match: {path: /agg1}, aggregate: {a: {backend: b1, path: /x}}}
        - {match: {path: /agg2}, aggregate: {a: {backend: b1, path: /x}, b: {backend: b2, path: /x}}}
        - match: {path: /agg4}
          aggregate: {a: {backend: b1, path: /x}, b: {backend: b2, path: /x}, c: {backend: b3, path: /x}, d: {backend: b4, path: /x}}
YAML
}
scenario "" >"$BENCH_TMP/plain.yaml"
scenario "  tracing: {otlp_file: $BENCH_TMP/spans.otlp.jsonl, zipkin_file: $BENCH_TMP/spans.zipkin.jsonl}" >"$BENCH_TMP/traced.yaml"
"$PORTICO" validate "$BENCH_TMP/plain.yaml" >/dev/null
"$PORTICO" validate "$BENCH_TMP/traced.yaml" >/dev/null

bench_start_portico 'b4#0' 1 -- mock "$BENCH_TMP/plain.yaml" --admin off
MOCK_OUT=$(ls -t "$BENCH_TMP"/portico.*.out | head -1)
BACKENDS=()
for b in b1 b2 b3 b4; do BACKENDS+=(--backend "$b=$(awk -v n="$b#0" '$2 == n { print $3 }' "$MOCK_OUT")"); done
COLLECTOR=$(awk '$2 == "collector#0" { print $3 }' "$MOCK_OUT")
scenario "  tracing: {otlp_endpoint: \"http://$COLLECTOR\", zipkin_endpoint: \"http://$COLLECTOR\"}" >"$BENCH_TMP/traced-http.yaml"
"$PORTICO" validate "$BENCH_TMP/traced-http.yaml" >/dev/null
bench_start_portico public 1 -- gateway "$BENCH_TMP/plain.yaml" "${BACKENDS[@]}"
PLAIN=$PORTICO_ADDR
bench_start_portico public 1 -- gateway "$BENCH_TMP/traced.yaml" "${BACKENDS[@]}"
TRACED=$PORTICO_ADDR
bench_start_portico public 1 -- gateway "$BENCH_TMP/traced-http.yaml" "${BACKENDS[@]}"
TRACED_HTTP=$PORTICO_ADDR

TARGETS=("proxy $PLAIN/proxy" "agg1 $PLAIN/agg1" "agg2 $PLAIN/agg2" "agg4 $PLAIN/agg4"
         "traced-proxy $TRACED/proxy" "traced-agg2 $TRACED/agg2" "traced-http $TRACED_HTTP/proxy")
declare -A RPS
GEN=$(bench_cpu_prefix 0)
printf '%-6s %-14s %12s\n' round target "req/s"
for ((r = 1; r <= ROUNDS; r++)); do
  for t in "${TARGETS[@]}"; do
    read -r name url <<<"$t"
    out="$BENCH_TMP/load.$name.$r"
    $GEN "$PORTICO" load "http://$url" -c"$CONNS" -d"$DURATION" >"$out" 2>&1
    rps=$(awk '$1 == "Requests/sec:" { print $2 }' "$out")
    RPS[$name]="${RPS[$name]:-} $rps"
    printf '%-6s %-14s %12s\n' "$r" "$name" "$rps"
  done
done

echo
echo "medians over $ROUNDS rounds ($CONNS connections, $DURATION, gateway 1 thread, mock zero latency):"
base=$(bench_median ${RPS[proxy]})
for t in "${TARGETS[@]}"; do
  read -r name url <<<"$t"
  m=$(bench_median ${RPS[$name]})
  printf '  %-14s %10s req/s   ratio to proxy %s\n' "$name" "$m" "$(bench_ratio "$m" "$base")"
done
echo "  traced-agg2 / agg2: $(bench_ratio "$(bench_median ${RPS[traced-agg2]})" "$(bench_median ${RPS[agg2]})")"
echo "  traced-http / proxy (spans POSTed to the collector): $(bench_ratio "$(bench_median ${RPS[traced-http]})" "$base")"
echo "  spans exported to files: $(wc -l <"$BENCH_TMP/spans.zipkin.jsonl") batches"
