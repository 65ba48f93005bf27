#!/usr/bin/env bash
# The cost of TLS termination, as ratios in the same run, for the reference gateway and for nginx
# as the peer (both 1 thread/worker, both proxying to the same nginx `return 200` backend with
# upstream keep-alive):
#   keep-alive:  `portico load` closed model over CONNS keep-alive connections to each proxy's
#                plain and TLS listener (TLS 1.3, ECDSA P-256 demo certificate, no client cert)
#                -> requests/s, TLS/plain ratio per proxy, portico/nginx ratio per mode
#   handshakes:  the same with --new-connection (a full TLS 1.3 handshake per request, no
#                resumption) -> handshakes/s per proxy
# Rounds are interleaved; medians are reported. The load generator verifies the certificate
# (scenarios/tls/ca.pem), so the client pays for verification on every handshake too.
#
#   bench/tls_overhead.sh [ROUNDS] [DURATION] [CONNECTIONS]     (defaults 3 5s 32)
#
# With two or more CPUs the proxies are pinned to CPU 0, the load and the backend to CPU 1.
# env: PORTICO=path/to/portico (default build/release/tools/portico)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/bench.sh

ROUNDS=${1:-3}
DURATION=${2:-5s}
CONNS=${3:-32}
export PORTICO=${PORTICO:-build/release/tools/portico}
[ -x "$PORTICO" ] || { echo "no $PORTICO (build the release preset, or set PORTICO=)" >&2; exit 2; }
TLS_DIR=$(pwd)/scenarios/tls
proxy_cpu="" other_cpu=""
if [ "$(nproc)" -ge 2 ]; then proxy_cpu=0 other_cpu=1; fi

bench_init
bench_start_nginx "hello from the backend" 1 "$other_cpu"
backend_port=$NGINX_PORT

# nginx: one plain and one TLS server, both proxying with upstream keep-alive.
np_plain=$(bench_free_port) np_tls=$(bench_free_port)
NGINX_PROXY_HTTP="  ssl_certificate $TLS_DIR/server.pem;
  ssl_certificate_key $TLS_DIR/server.key;
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_session_cache off;
  ssl_session_tickets off;"
bench_start_nginx_proxy "$backend_port" "$proxy_cpu" "127.0.0.1:$np_plain" "127.0.0.1:$np_tls ssl"

cat > "$BENCH_TMP/gateway.yaml" <<YAML
name: tls-bench
backends:
  app: {address: 127.0.0.1:$backend_port}
gateway:
  listeners:
    - name: plain
      routes: [{match: {path_prefix: /}, backend: app}]
    - name: secure
      tls: {cert: $TLS_DIR/server.pem, key: $TLS_DIR/server.key}
      routes: [{match: {path_prefix: /}, backend: app}]
YAML
"$PORTICO" validate "$BENCH_TMP/gateway.yaml" >/dev/null
bench_start_portico secure "$proxy_cpu" -- gateway "$BENCH_TMP/gateway.yaml" --threads 1 --admin ""
GW_OUT=$(ls -t "$BENCH_TMP"/portico.*.out | head -1)
gw_plain=$(awk '$1 == "listening" && $2 == "plain" { print $3 }' "$GW_OUT")
gw_tls=$PORTICO_ADDR

TARGETS=("portico-plain http://$gw_plain/" "portico-tls https://$gw_tls/"
         "nginx-plain http://127.0.0.1:$np_plain/" "nginx-tls https://127.0.0.1:$np_tls/")
GEN=$(bench_cpu_prefix "$other_cpu")
load() {  # load NAME URL DURATION [ARGS...] -> requests/s
  local out="$BENCH_TMP/load.$1.$RANDOM" url=$2 duration=$3
  shift 3
  $GEN "$PORTICO" load "$url" --cacert "$TLS_DIR/ca.pem" -c"$CONNS" -d"$duration" "$@" >"$out" 2>&1 || { cat "$out" >&2; return 1; }
  awk '$1 == "Requests/sec:" { print $2 }' "$out"
}
for t in "${TARGETS[@]}"; do read -r name url <<<"$t"; load "$name" "$url" 1s >/dev/null; done  # warm-up

declare -A RPS
printf '%-6s %-24s %12s\n' round target "req/s"
for ((r = 1; r <= ROUNDS; r++)); do
  for t in "${TARGETS[@]}"; do
    read -r name url <<<"$t"
    rps=$(load "$name" "$url" "$DURATION")
    RPS[$name]="${RPS[$name]:-} $rps"
    printf '%-6s %-24s %12s\n' "$r" "$name" "$rps"
    if [[ $name == *-tls ]]; then  # full handshakes: one new connection per request
      rps=$(load "$name" "$url" "$DURATION" --new-connection)
      RPS[$name-handshake]="${RPS[$name-handshake]:-} $rps"
      printf '%-6s %-24s %12s\n' "$r" "$name-handshake" "$rps"
    fi
  done
done

med() { bench_median ${RPS[$1]}; }  # shellcheck disable=SC2086
echo
echo "medians over $ROUNDS rounds ($CONNS connections, $DURATION; proxies 1 thread/worker; TLS 1.3, ECDSA P-256):"
for n in portico-plain portico-tls portico-tls-handshake nginx-plain nginx-tls nginx-tls-handshake; do
  printf '  %-24s %10s req/s\n' "$n" "$(med "$n")"
done
echo "  keep-alive TLS/plain:   portico $(bench_ratio "$(med portico-tls)" "$(med portico-plain)")   nginx $(bench_ratio "$(med nginx-tls)" "$(med nginx-plain)")"
echo "  portico/nginx:          plain $(bench_ratio "$(med portico-plain)" "$(med nginx-plain)")   tls $(bench_ratio "$(med portico-tls)" "$(med nginx-tls)")   handshakes $(bench_ratio "$(med portico-tls-handshake)" "$(med nginx-tls-handshake)")"
