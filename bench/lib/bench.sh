# Shared helpers for the comparison scripts under bench/ (mock vs nginx, gateway vs nginx/HAProxy,
# load generator vs wrk). Source it:   . "$(dirname "$0")/lib/bench.sh"
#
# Everything runs on 127.0.0.1 with free ports, generated configs live in a temp dir that is
# removed on exit, and every process started here is stopped on exit (bench_cleanup via trap).
#
#   bench_options "$@"                 the options every comparison takes: -c CONNS -d DURATION
#                                      -r ROUNDS --no-pin -h (prints the script's header); sets
#                                      conns duration rounds (defaults 50 10s 3), CPU_SUT and
#                                      CPU_OTHER (0 and 1 with >= 2 CPUs and pinning, else empty),
#                                      exports PORTICO and checks it is built. Options named in
#                                      BENCH_EXTRA_OPTS (each with one value) are left in BENCH_ARGS
#   bench_init                         temp dir in $BENCH_TMP, EXIT trap; call first
#   bench_free_port                    print a free TCP port on 127.0.0.1
#   bench_wait_port PORT [SECONDS]     wait until 127.0.0.1:PORT accepts connections
#   bench_cpu_prefix CPU               print "taskset -c CPU" if taskset exists and CPU is valid
#   bench_start_nginx BODY [WORKERS] [CPU]
#                                      nginx answering `return 200 BODY` on every path (access_log
#                                      off, keep-alive unlimited); sets NGINX_PORT, NGINX_PID
#   bench_start_nginx_proxy BACKEND_PORT CPU [LISTEN...]
#                                      nginx (1 worker, access_log off) as a bare reverse proxy:
#                                      proxy_pass to 127.0.0.1:BACKEND_PORT with `keepalive 64`
#                                      (HTTP/1.1); each LISTEN is an nginx `listen` argument
#                                      ("127.0.0.1:8080", "127.0.0.1:8443 ssl"; default: one free
#                                      port); lines in $NGINX_PROXY_HTTP go into the http block
#                                      (ssl_certificate ...); sets NGINX_PROXY_PORT (the first
#                                      LISTEN's port), NGINX_PROXY_PID
#   bench_start_haproxy CFG_BODY [CPU] HAProxy with the given frontend/backend text (global and
#                                      defaults are provided); sets HAPROXY_PID
#   bench_start_portico NAME [CPU] -- ARGS...
#                                      run `$PORTICO ARGS...` in the background and wait for its
#                                      `listening NAME ADDR:PORT` line; sets PORTICO_PID and
#                                      PORTICO_ADDR (the ADDR:PORT); the full stdout is in
#                                      $BENCH_TMP/portico.<pid>.out (other listeners' lines too)
#   bench_stop PID                     SIGTERM, wait up to 5 s, then SIGKILL
#   bench_wrk URL THREADS CONNS DURATION [CPU] [WRK_ARGS...]
#                                      run wrk --latency (extra args e.g. -H 'Authorization: ...');
#                                      prints "RPS P50_US P99_US ERRORS"
#   bench_parse_wrk FILE               the same from a saved wrk --latency output
#   bench_drive URL CONNS DURATION [CPU] [ARGS...]
#                                      one run of BENCH_DRIVER (bench_options --driver wrk|portico;
#                                      wrk by default), same output as bench_wrk
#   bench_rounds ROUNDS CONNS DURATION CPU [WRK_ARGS...]
#                                      one 2 s warm-up per URL, then ROUNDS interleaved one-thread
#                                      bench_drive runs
#                                      over BENCH_URLS (named BENCH_NAMES, process ids in
#                                      BENCH_SUT_PIDS for the CPU columns), a table row per run and
#                                      the medians; the figures stay in BENCH_RPS[NAME],
#                                      BENCH_P99[NAME] and BENCH_RPC[NAME] (requests per proxy
#                                      CPU-second), space-separated, one per round
#   bench_cpu_seconds PID              user + sys CPU seconds used so far by PID and its children
#                                      (nginx's workers), from /proc; sample before and after a run
#   bench_median N...                  median of the numbers
#   bench_ratio A B                    A / B with 3 decimals
#
# PORTICO defaults to build/release/tools/portico (override with PORTICO=...).

bench_options() {
  conns=50 duration=10s rounds=3 BENCH_PROXY_SHARE="" BENCH_TOGETHER=0
  BENCH_DRIVER=${BENCH_DRIVER:-wrk}
  local pin=1
  BENCH_ARGS=()
  while [ $# -gt 0 ]; do
    case $1 in
      -c) conns=$2; shift 2 ;;
      -d) duration=$2; shift 2 ;;
      -r) rounds=$2; shift 2 ;;
      --no-pin) pin=0; shift ;;
      --together) BENCH_TOGETHER=1; shift ;;
      --proxy-cpu)
        awk -v f="${2:-}" 'BEGIN { exit !(f > 0 && f <= 1) }' || { echo "--proxy-cpu: a share of one CPU, 0 < F <= 1" >&2; exit 2; }
        BENCH_PROXY_SHARE=$2; shift 2 ;;
      --driver)
        case ${2:-} in wrk|portico) BENCH_DRIVER=$2 ;; *) echo "--driver: wrk or portico" >&2; exit 2 ;; esac
        shift 2 ;;
      -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
      *)
        if [[ " ${BENCH_EXTRA_OPTS:-} " == *" $1 "* ]] && [ $# -ge 2 ]; then BENCH_ARGS+=("$1" "$2"); shift 2; continue; fi
        echo "unknown option $1" >&2; exit 2 ;;
    esac
  done
  if [ "$BENCH_TOGETHER" = 1 ] && [ -z "$BENCH_PROXY_SHARE" ]; then
    echo "--together needs --proxy-cpu (the proxies share one CPU; each must have its own quota)" >&2; exit 2
  fi
  export PORTICO=${PORTICO:-build/release/tools/portico}
  [ -x "$PORTICO" ] || { echo "build $PORTICO first (release preset)" >&2; exit 2; }
  CPU_SUT="" CPU_OTHER=""
  if [ "$pin" = 1 ] && [ "$(nproc)" -ge 2 ]; then CPU_SUT=0 CPU_OTHER=1; fi
}

# How the run is pinned, for the header line of a comparison (after bench_options).
bench_pinning_text() {
  local cap=""
  [ -n "${BENCH_PROXY_SHARE:-}" ] && cap="; each proxy capped at $BENCH_PROXY_SHARE of a CPU (cgroup quota)"
  if [ -n "${CPU_SUT:-}" ]; then echo "proxy CPU $CPU_SUT, $BENCH_DRIVER+backend CPU $CPU_OTHER$cap"; else echo "none$cap"; fi
}

bench_init() {
  BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/portico-bench.XXXXXX")
  BENCH_PIDS=() BENCH_CGROUPS=()
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local pid dir
  for pid in "${BENCH_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true  # some are gone already (bench_stop); under set -e
  done
  for pid in "${BENCH_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  for dir in "${BENCH_CGROUPS[@]}"; do rmdir "$dir" 2>/dev/null || true; done  # empty once their processes ended
  [ -n "${BENCH_TMP:-}" ] && rm -rf "$BENCH_TMP"
}

# --proxy-cpu F: each proxy under test gets its own cgroup with a CPU quota of F of one CPU
# (CFS bandwidth, 10 ms periods), the same for every proxy. The load side then has more CPU than
# any proxy can use, so requests/s measures the proxies instead of the load side's ceiling (with
# two cores, wrk + backend on one core otherwise saturate first). Throttling makes latency
# figures meaningless; read requests/s. Needs root and a cgroup cpu controller (v1 or v2).
# --together (with --proxy-cpu) drives every proxy of a round at once, each with its own load:
# drift in the machine's speed then hits all of them alike within the round. Keep F low enough
# that the load side stays below ~90 % busy with all the loads running (it serves them all).
bench_cap_cpu() {
  local share=$1 pid root dir p quota
  shift
  quota=$(awk -v f="$share" 'BEGIN { printf "%d\n", f * 10000 }')
  if [ -f /sys/fs/cgroup/cgroup.controllers ] && grep -qw cpu /sys/fs/cgroup/cgroup.controllers; then
    root=/sys/fs/cgroup
    grep -qw cpu "$root/cgroup.subtree_control" || echo +cpu > "$root/cgroup.subtree_control"
  elif [ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
    root=/sys/fs/cgroup/cpu
  else
    echo "bench: --proxy-cpu needs a cgroup cpu controller (none mounted)" >&2; return 1
  fi
  for pid in "$@"; do
    dir="$root/portico-bench.$$.$pid"
    mkdir "$dir" || { echo "bench: cannot create $dir (--proxy-cpu needs root)" >&2; return 1; }
    BENCH_CGROUPS+=("$dir")
    if [ "$root" = /sys/fs/cgroup ]; then
      echo "$quota 10000" > "$dir/cpu.max"
    else
      echo 10000 > "$dir/cpu.cfs_period_us"; echo "$quota" > "$dir/cpu.cfs_quota_us"
    fi
    for p in "$pid" $(pgrep -P "$pid" 2>/dev/null); do echo "$p" > "$dir/cgroup.procs"; done
  done
}

bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

bench_wait_port() {
  local port=$1 seconds=${2:-10} i
  for ((i = 0; i < seconds * 20; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "bench: nothing listens on 127.0.0.1:$port after ${seconds}s" >&2
  return 1
}

bench_cpu_prefix() {
  local cpu=$1
  if [ -n "$cpu" ] && command -v taskset >/dev/null && [ "$cpu" -lt "$(nproc)" ]; then
    echo "taskset -c $cpu"
  fi
}

# The part of an nginx.conf every bench nginx shares, up to inside `http {`: WORKERS workers in
# the foreground, no access log, unlimited keep-alive, temp paths in DIR.
bench_nginx_conf_head() {
  local dir=$1 workers=$2
  cat <<CONF
worker_processes $workers;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 16384; }
http {
  access_log off;
  keepalive_requests 100000000;
  client_body_temp_path $dir/body_temp;
  proxy_temp_path $dir/proxy_temp;
  fastcgi_temp_path $dir/fastcgi_temp;
  uwsgi_temp_path $dir/uwsgi_temp;
  scgi_temp_path $dir/scgi_temp;
CONF
}

bench_start_nginx() {
  local body=$1 workers=${2:-1} cpu=${3:-}
  NGINX_PORT=$(bench_free_port)
  local dir="$BENCH_TMP/nginx.$NGINX_PORT"
  mkdir -p "$dir"
  # The body goes through a file so that no quoting of BODY can break the config.
  printf '%s' "$body" > "$dir/body"
  { bench_nginx_conf_head "$dir" "$workers"; cat <<CONF
  keepalive_timeout 60s;
  default_type text/plain;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { return 200 "$(sed 's/\\/\\\\/g; s/"/\\"/g' "$dir/body")"; }
  }
}
CONF
  } > "$dir/nginx.conf"
  $(bench_cpu_prefix "$cpu") nginx -c "$dir/nginx.conf" -p "$dir" >"$dir/stdout" 2>&1 &
  NGINX_PID=$!
  BENCH_PIDS+=("$NGINX_PID")
  bench_wait_port "$NGINX_PORT" || { cat "$dir/error.log" "$dir/stdout" >&2; return 1; }
}

bench_start_nginx_proxy() {
  local backend_port=$1 cpu=${2:-} listen
  shift 2
  [ $# -gt 0 ] || set -- "127.0.0.1:$(bench_free_port)"
  NGINX_PROXY_PORT=${1%% *}
  NGINX_PROXY_PORT=${NGINX_PROXY_PORT##*:}
  local dir="$BENCH_TMP/nginx-proxy.$NGINX_PROXY_PORT"
  mkdir -p "$dir"
  { bench_nginx_conf_head "$dir" 1; cat <<CONF
  upstream backend { server 127.0.0.1:$backend_port; keepalive 64; keepalive_requests 100000000; }
${NGINX_PROXY_HTTP:-}
  server {
CONF
    for listen in "$@"; do echo "    listen $listen;"; done
    cat <<'CONF'
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
CONF
  } > "$dir/nginx.conf"
  $(bench_cpu_prefix "$cpu") nginx -c "$dir/nginx.conf" -p "$dir" >"$dir/stdout" 2>&1 &
  NGINX_PROXY_PID=$!
  BENCH_PIDS+=("$NGINX_PROXY_PID")
  for listen in "$@"; do
    listen=${listen%% *}
    bench_wait_port "${listen##*:}" || { cat "$dir/error.log" "$dir/stdout" >&2; return 1; }
  done
}

bench_start_haproxy() {
  local text=$1 cpu=${2:-}
  local dir="$BENCH_TMP/haproxy.$RANDOM"
  # HAProxy needs two fds per connection and refuses to start when maxconn cannot get them.
  local maxconn=$(( ($(ulimit -n) - 100) / 2 ))
  [ "$maxconn" -gt 20000 ] && maxconn=20000
  mkdir -p "$dir"
  cat > "$dir/haproxy.cfg" <<CONF
global
  nbthread 1
  maxconn $maxconn
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
$text
CONF
  $(bench_cpu_prefix "$cpu") haproxy -f "$dir/haproxy.cfg" -db >"$dir/stdout" 2>&1 &
  HAPROXY_PID=$!
  BENCH_PIDS+=("$HAPROXY_PID")
}

bench_start_portico() {
  local name=$1 cpu=$2
  shift 2
  [ "$1" = "--" ] && shift
  local portico=${PORTICO:-build/release/tools/portico}
  local out="$BENCH_TMP/portico.$RANDOM.out"
  : >"$out"
  $(bench_cpu_prefix "$cpu") "$portico" "$@" >"$out" 2>"$out.err" &
  PORTICO_PID=$!
  BENCH_PIDS+=("$PORTICO_PID")
  local i
  for ((i = 0; i < 200; i++)); do
    PORTICO_ADDR=$(awk -v n="$name" '$1 == "listening" && $2 == n { print $3; exit }' "$out")
    [ -n "$PORTICO_ADDR" ] && return 0
    kill -0 "$PORTICO_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "bench: '$portico $*' did not print 'listening $name ...'" >&2
  cat "$out" "$out.err" >&2
  return 1
}

bench_stop() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}

# Latencies as wrk and portico load print them (812.00us, 1.23ms, 1.01s), in microseconds: an awk
# function for the two parsers below.
BENCH_AWK_US='
  function us(v) {
    if (v ~ /us$/) return v + 0;
    if (v ~ /ms$/) return v * 1000;
    if (v ~ /m$/) return v * 60000000;
    if (v ~ /s$/) return v * 1000000;
    return v + 0;
  }'

# wrk --latency output -> "RPS P50_US P99_US ERRORS".
bench_parse_wrk() {
  awk "$BENCH_AWK_US"'
    $1 == "50%" { p50 = us($2) }
    $1 == "99%" { p99 = us($2) }
    $1 == "Requests/sec:" { rps = $2 }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
    END { printf "%s %s %s %d\n", rps, p50, p99, errors }' "$1"
}

bench_wrk() {
  local url=$1 threads=$2 conns=$3 duration=$4 cpu=${5:-}
  shift 5 2>/dev/null || shift $#
  local out="$BENCH_TMP/wrk.$BASHPID.out"  # drives may run at once: $RANDOM repeats in subshells
  $(bench_cpu_prefix "$cpu") wrk --latency -t"$threads" -c"$conns" -d"$duration" "$@" "$url" >"$out" 2>&1
  bench_parse_wrk "$out"
}

# portico load's summary: the same four figures (non-2xx statuses count as errors, as in wrk).
bench_parse_portico_load() {
  awk "$BENCH_AWK_US"'
    $1 == "50%" { p50 = us($2) }
    $1 == "99%" { p99 = us($2) }
    $1 == "Requests/sec:" { rps = $2 }
    / requests sent, / { errors += $6 }
    $1 == "Status:" { gsub(/,/, ""); for (i = 2; i < NF; i += 2) if ($i !~ /^2/) { n = $(i + 1); sub(/^x/, "", n); errors += n } }
    END { printf "%s %s %s %d\n", rps, p50, p99, errors }' "$1"
}

# One closed-model run with one thread by BENCH_DRIVER: wrk, or portico (`portico load`, this
# project's generator: the same -H syntax, about 25 % less CPU per request than wrk, so on two
# cores the proxy rather than the load side is more often the bottleneck).
bench_drive() {
  local url=$1 conns=$2 duration=$3 cpu=${4:-}
  shift 4 2>/dev/null || shift $#
  if [ "$BENCH_DRIVER" = wrk ]; then
    bench_wrk "$url" 1 "$conns" "$duration" "$cpu" "$@"
    return
  fi
  local out="$BENCH_TMP/load.$BASHPID.out"
  $(bench_cpu_prefix "$cpu") "$PORTICO" load "$url" -t1 -c"$conns" -d"$duration" "$@" >"$out" 2>&1
  bench_parse_portico_load "$out"
}

bench_median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

bench_ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "inf"; else printf "%.3f\n", a / b }'
}

# "busy total" clock ticks of CPU N so far (/proc/stat), busy leaving out idle, iowait and nice
# time: on a shared machine other work's niced builds soak up idle time, and they are not load.
bench_cpu_ticks() {
  awk -v c="cpu$1" '$1 == c { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $3 - $5 - $6, t }' /proc/stat
}

# Runs ROUNDS interleaved rounds over BENCH_URLS. Per run: wrk's figures, the proxy's CPU use
# (cpu%, requests per proxy CPU-second) and, when the load side is pinned to CPU, how busy that
# CPU was (load%). At a load% near 100 the load side (wrk + backend) is the bottleneck: every
# proxy's requests/s is capped there, and only req/cpu-s still compares the proxies.
bench_rounds() {
  local rounds=$1 conns=$2 duration=$3 cpu=$4 r i u n rps_v p50_v p99_v err_v t0 t1 util_v rpc_v
  local lb0 lt0 lb1 lt1 load_v
  shift 4
  declare -gA BENCH_RPS=() BENCH_P99=() BENCH_RPC=() BENCH_LOAD=()
  [ -n "$BENCH_PROXY_SHARE" ] && bench_cap_cpu "$BENCH_PROXY_SHARE" "${BENCH_SUT_PIDS[@]}"
  for u in "${BENCH_URLS[@]}"; do bench_drive "$u" "$conns" 2s "$cpu" "$@" >/dev/null; done
  printf '%-6s %-8s %12s %10s %10s %8s %7s %12s %7s\n' round proxy requests/s p50_us p99_us errors "cpu%" req/cpu-s "load%"
  # A group of proxies is driven at once: one at a time by default, all of them with --together.
  local groups=() g
  if [ "$BENCH_TOGETHER" = 1 ]; then groups=("${!BENCH_URLS[*]}"); else groups=("${!BENCH_URLS[@]}"); fi
  local -a c0 c1 drives
  for ((r = 1; r <= rounds; r++)); do
    for g in "${groups[@]}"; do
      for i in $g; do c0[i]=$(bench_cpu_seconds "${BENCH_SUT_PIDS[$i]}"); done
      t0=$(date +%s.%N)
      [ -n "$cpu" ] && read -r lb0 lt0 < <(bench_cpu_ticks "$cpu")
      drives=()
      for i in $g; do
        bench_drive "${BENCH_URLS[$i]}" "$conns" "$duration" "$cpu" "$@" > "$BENCH_TMP/round.$i" &
        drives+=("$!")
      done
      wait "${drives[@]}"
      for i in $g; do c1[i]=$(bench_cpu_seconds "${BENCH_SUT_PIDS[$i]}"); done
      t1=$(date +%s.%N)
      load_v=-
      if [ -n "$cpu" ]; then
        read -r lb1 lt1 < <(bench_cpu_ticks "$cpu")
        load_v=$(awk -v b="$((lb1 - lb0))" -v t="$((lt1 - lt0))" 'BEGIN { printf "%.1f\n", (t > 0 ? 100 * b / t : 0) }')
      fi
      for i in $g; do
        read -r rps_v p50_v p99_v err_v < "$BENCH_TMP/round.$i"
        read -r util_v rpc_v < <(awk -v c0="${c0[i]}" -v c1="${c1[i]}" -v t0="$t0" -v t1="$t1" -v rps="$rps_v" \
          'BEGIN { u = (c1 - c0) / (t1 - t0); printf "%.1f %.0f\n", 100 * u, (u > 0 ? rps / u : 0) }')
        printf '%-6s %-8s %12s %10s %10s %8s %7s %12s %7s\n' "$r" "${BENCH_NAMES[$i]}" "$rps_v" "$p50_v" "$p99_v" "$err_v" "$util_v" "$rpc_v" "$load_v"
        BENCH_RPS[${BENCH_NAMES[$i]}]+="$rps_v "
        BENCH_P99[${BENCH_NAMES[$i]}]+="$p99_v "
        BENCH_RPC[${BENCH_NAMES[$i]}]+="$rpc_v "
        if [ "$load_v" != - ]; then BENCH_LOAD[${BENCH_NAMES[$i]}]+="$load_v "; fi
      done
    done
  done
  echo
  local capped=0 load_median
  for n in "${BENCH_NAMES[@]}"; do
    load_median=-
    # shellcheck disable=SC2086
    [ -n "$cpu" ] && load_median=$(bench_median ${BENCH_LOAD[$n]})
    # shellcheck disable=SC2086
    printf 'median %-8s %10s req/s   p99 %8s us   %8s req/proxy-cpu-s   load-side CPU %s %%\n' "$n" \
      "$(bench_median ${BENCH_RPS[$n]})" "$(bench_median ${BENCH_P99[$n]})" "$(bench_median ${BENCH_RPC[$n]})" "$load_median"
    [ "$load_median" != - ] && awk -v l="$load_median" 'BEGIN { exit !(l >= 90) }' && capped=1
  done
  if [ "$capped" = 1 ]; then
    echo "note: the load side ($BENCH_DRIVER + backend on CPU $cpu) was at least 90 % busy: requests/s is capped there"
    echo "      for every proxy and says little about them; requests per proxy CPU-second still compares them."
  fi
}

# Median over rounds of A's figure divided by B's in the same round (KIND: RPS, the default, or
# RPC for requests per proxy CPU-second). Proxies run back to back within a round, so drift in
# the machine's load cancels round by round; on a noisy host this is steadier than the ratio of
# the two medians, and a reader can compare both.
bench_round_ratio() {
  local a=$1 b=$2 kind=${3:-RPS}
  local -n figures="BENCH_$kind"
  paste <(tr -s ' ' '\n' <<<"${figures[$a]}") <(tr -s ' ' '\n' <<<"${figures[$b]}") |
    awk 'NF == 2 && $2 > 0 { print $1 / $2 }' | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else printf "%.3f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

bench_cpu_seconds() {
  local pid=$1 ticks=0 p fields
  for p in "$pid" $(pgrep -P "$pid" 2>/dev/null); do
    # Fields 14 and 15 of /proc/PID/stat (utime, stime) count every thread of the process;
    # the command name (field 2) may hold spaces, so cut everything up to its closing ")".
    fields=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null) || continue
    ticks=$(( ticks + $(echo "$fields" | awk '{ print $12 + $13 }') ))
  done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f\n", t / hz }'
}
