#!/usr/bin/env bash
# The gateway's whole policy chain vs nginx's bare reverse proxy, same machine, same run, same
# backend, same wrk load (with the same fixed `Authorization: Bearer <HS256 JWT>` header, wrk -H,
# no Lua):
#   backend:  nginx `return 200` (1 worker), shared by both proxies
#   nginx:    bare proxy_pass to an upstream with `keepalive 64` (HTTP/1.1, 1 worker, access_log off)
#   portico:  `portico gateway --threads 1`, one route with auth.jwt (HS256, one issuer), a
#             token bucket keyed by the token's subject (claim:sub) set far above the offered
#             load so it never denies, and the JSON-lines access log to a file
#   plain:    the same portico gateway config without auth, rate_limit and access_log (route +
#             LB only), so the run also shows what the chain itself costs (portico-chain/plain)
# Rounds are interleaved (nginx, portico, nginx, ...) so that drift in machine load hits both;
# medians over rounds and the throughput ratio are printed. Afterwards, from the access log: its
# line count (must be > 0) and the 429s (must be 0; a denial would mean the limiter, not the
# chain, shaped the figure). A request without the token must get 401 (the chain is really on).
#
#   bench/policy_chain_vs_nginx.sh [-c CONNS] [-d DURATION] [-r ROUNDS] [--no-pin] [--driver wrk|portico] [--proxy-cpu F [--together]]
#
# With two or more CPUs the proxy under test is pinned to CPU 0 and wrk plus the backend to CPU 1.
# Needs an optimised build: PORTICO=build/release/tools/portico by default.
# Target (issue 5): portico's full chain >= 1.0x nginx's bare proxy_pass in requests/s.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/bench.sh

bench_options "$@"
proxy_cpu=$CPU_SUT other_cpu=$CPU_OTHER

bench_init
bench_start_nginx "hello from the backend" 1 "$other_cpu"
backend_port=$NGINX_PORT
bench_start_nginx_proxy "$backend_port" "$proxy_cpu"
nginx_url="http://127.0.0.1:$NGINX_PROXY_PORT/"

# An HS256 token without exp (the run must not outlive it), signed here with the route's secret.
secret="bench-secret-bench-secret-bench-secret!"
token=$(python3 - "$secret" <<'PY'
import base64, hashlib, hmac, json, sys
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
body = b64(json.dumps({"iss": "bench-idp", "sub": "bench-client", "scope": "read"}, separators=(",", ":")).encode())
sig = hmac.new(sys.argv[1].encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
print(f"{head}.{body}.{b64(sig)}")
PY
)
# gateway_yaml NAME GATEWAY_LINES ROUTE_LINES: one route to the backend, plus the lines given.
gateway_yaml() {
  printf 'name: %s\nbackends:\n  app: {address: 127.0.0.1:%s}\ngateway:\n%s  listeners:\n    - name: public\n' "$1" "$backend_port" "$2"
  printf '      address: 127.0.0.1:0\n      routes:\n        - match: {path_prefix: /}\n          backend: app\n%s' "$3"
}
access_log="$BENCH_TMP/access.log"
gateway_yaml policy-chain-bench "  access_log: $access_log
" "          auth:
            jwt:
              issuers:
                - {issuer: bench-idp, algorithms: [HS256], secret: \"$secret\"}
          rate_limit: {algorithm: token_bucket, rate: 100000000/s, burst: 100000000, key: \"claim:sub\"}
" > "$BENCH_TMP/gateway.yaml"
bench_start_portico public "$proxy_cpu" -- gateway "$BENCH_TMP/gateway.yaml" --threads 1
gw_pid=$PORTICO_PID
gw_url="http://$PORTICO_ADDR/"
gateway_yaml plain-proxy-bench "" "" > "$BENCH_TMP/plain.yaml"
bench_start_portico public "$proxy_cpu" -- gateway "$BENCH_TMP/plain.yaml" --threads 1
plain_pid=$PORTICO_PID
plain_url="http://$PORTICO_ADDR/"

status_of() {  # URL [HEADER]: the status code of one GET
  python3 - "$@" <<'PY'
import sys, urllib.request, urllib.error
req = urllib.request.Request(sys.argv[1])
if len(sys.argv) > 2:
    k, v = sys.argv[2].split(": ", 1)
    req.add_header(k, v)
try:
    print(urllib.request.urlopen(req, timeout=5).status)
except urllib.error.HTTPError as e:
    print(e.code)
PY
}
auth="Authorization: Bearer $token"
[ "$(status_of "$gw_url" "$auth")" = 200 ] || { echo "bench: the gateway refused the bench token" >&2; exit 1; }
[ "$(status_of "$gw_url")" = 401 ] || { echo "bench: the gateway let a request without a token through" >&2; exit 1; }

BENCH_URLS=("$nginx_url" "$gw_url" "$plain_url")
BENCH_NAMES=(nginx portico plain)
BENCH_SUT_PIDS=("$NGINX_PROXY_PID" "$gw_pid" "$plain_pid")
echo "$BENCH_DRIVER -t1 -c$conns -d$duration -H 'Authorization: Bearer <HS256 JWT>', $rounds interleaved rounds; pinning: $(bench_pinning_text)"
echo "portico chain: jwt (HS256) + token_bucket (claim:sub, never denies) + access log; plain: portico route + LB only; nginx: bare proxy_pass"
bench_rounds "$rounds" "$conns" "$duration" "$other_cpu" -H "$auth"
# shellcheck disable=SC2086
gr=$(bench_median ${BENCH_RPS[portico]}) nr=$(bench_median ${BENCH_RPS[nginx]})
echo "throughput ratio portico-chain/nginx-bare: $(bench_ratio "$gr" "$nr")   (target >= 1.0)"
# shellcheck disable=SC2086
echo "throughput ratio portico-chain/portico-plain: $(bench_ratio "$gr" "$(bench_median ${BENCH_RPS[plain]})")   (what the chain costs)"
# With two cores wrk and the backend may saturate CPU 1 first; then this is the figure that holds.
# shellcheck disable=SC2086
echo "requests per proxy CPU-second, portico-chain/nginx-bare: $(bench_ratio "$(bench_median ${BENCH_RPC[portico]})" "$(bench_median ${BENCH_RPC[nginx]})")"
echo "median of per-round ratios, req/s:         chain/nginx $(bench_round_ratio portico nginx), chain/plain $(bench_round_ratio portico plain)"
echo "median of per-round ratios, req/proxy-CPU-s: chain/nginx $(bench_round_ratio portico nginx RPC), chain/plain $(bench_round_ratio portico plain RPC)"

bench_stop "$gw_pid"  # flushes the access log
lines=$(wc -l < "$access_log")
denied=$(grep -c '"status":429' "$access_log" || true)
echo "access log: $lines lines ($( [ "$lines" -gt 0 ] && echo ok || echo 'EMPTY: the log was not written' )); 429s: $denied ($( [ "$denied" -eq 0 ] && echo ok || echo 'NOT 0: the limiter denied, the figure is not the chain'))"
[ "$lines" -gt 0 ] && [ "$denied" -eq 0 ]
