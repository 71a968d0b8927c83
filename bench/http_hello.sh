#!/usr/bin/env bash
# HTTP "hello" benchmark: gofr-cpp's hello example vs a Go net/http peer vs nginx, and the floor under them all:
# a C loop that answers every request head with the same bytes without parsing it (bench/peers/floor).
#
# Every server answers GET /hello with the same 24 bytes ({"data":"Hello World!"}\n,
# application/json) and is pinned to one core; wrk is pinned to another core, so
# the numbers compare single-core HTTP stacks, not machine sizes. Servers are
# measured in a rotating order over several rounds and the median is reported,
# which damps drift (thermal, background load) that would otherwise favour
# whichever server happens to run first.
#
# Progress and warnings go to stderr; the markdown report goes to stdout
# (and is appended to --output FILE when given).
#
# See bench/README.md for how to read the results.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly ROOT
readonly EXPECTED_BODY='{"data":"Hello World!"}'   # plus a trailing newline

# Exact invocation, for the report (quoted so it can be pasted back into a shell).
COMMAND_LINE=$(printf '%q ' "$0" "$@")
COMMAND_LINE=${COMMAND_LINE% }
readonly COMMAND_LINE

duration=10
rounds=3
connections=64
threads=1
warmup=2
binary="$ROOT/build/examples/hello/hello"
output=""
peers_only=0
variants=()   # "label:K=V K2=V2 ..." — several gofr-cpp configurations instead of one
server_cpu=0
client_cpu=1
port_base=18080

usage() {
  cat <<EOF
Usage: bench/http_hello.sh [options]

  --duration SEC      seconds per measured wrk run            (default $duration, 1..600)
  --rounds N          measured rounds, rotating server order  (default $rounds, 1..50)
  --connections N     wrk keep-alive connections              (default $connections, 1..4000)
  --threads N         wrk threads                             (default $threads, 1..64)
  --warmup SEC        unmeasured wrk run per server first     (default $warmup, 0..60)
  --binary PATH       gofr-cpp hello binary                   (default build/examples/hello/hello)
  --output FILE       also append the markdown report to FILE
  --peers-only        skip gofr-cpp; benchmark only Go and nginx
  --variant 'L:K=V…'  run gofr-cpp as configuration L with extra environment (repeatable; replaces the single
                      gofr-cpp run). @SINK@ in a value becomes the URL of an OTLP/HTTP sink (nginx, on the
                      client CPU) that accepts and discards exported spans. Ratios to the first variant are added.
  --server-cpu N      core the servers are pinned to          (default $server_cpu)
  --client-cpu N      core wrk is pinned to                   (default $client_cpu)
  --port-base N       servers listen on 127.0.0.1:N to N+3, the sink on N+9, variants from N+10 (default $port_base)
  -h, --help          show this help
EOF
}

log() { printf 'http_hello: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- arguments -----------------------------------------------------------------

need_value() { [ $# -ge 2 ] || die "$1 needs a value (see --help)"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --duration)    need_value "$@"; duration=$2; shift 2 ;;
    --rounds)      need_value "$@"; rounds=$2; shift 2 ;;
    --connections) need_value "$@"; connections=$2; shift 2 ;;
    --threads)     need_value "$@"; threads=$2; shift 2 ;;
    --warmup)      need_value "$@"; warmup=$2; shift 2 ;;
    --binary)      need_value "$@"; binary=$2; shift 2 ;;
    --output)      need_value "$@"; output=$2; shift 2 ;;
    --server-cpu)  need_value "$@"; server_cpu=$2; shift 2 ;;
    --client-cpu)  need_value "$@"; client_cpu=$2; shift 2 ;;
    --port-base)   need_value "$@"; port_base=$2; shift 2 ;;
    --peers-only)  peers_only=1; shift ;;
    --variant)     need_value "$@"; variants+=("$2"); shift 2 ;;
    -h|--help)     usage; exit 0 ;;
    *)             usage >&2; die "unknown argument: $1" ;;
  esac
done

# Bounded integers only: these end up in arithmetic, wrk flags and timeouts.
check_int() { # name value min max
  if ! [[ $2 =~ ^[0-9]+$ ]] || [ "$2" -lt "$3" ] || [ "$2" -gt "$4" ]; then
    die "$1 must be an integer in $3..$4, got '$2'"
  fi
}
check_int --duration "$duration" 1 600
check_int --rounds "$rounds" 1 50
check_int --connections "$connections" 1 4000
check_int --threads "$threads" 1 64
check_int --warmup "$warmup" 0 60
check_int --server-cpu "$server_cpu" 0 4095
check_int --client-cpu "$client_cpu" 0 4095
check_int --port-base "$port_base" 1024 65530
[ "$threads" -le "$connections" ] || die "--threads must not exceed --connections (wrk requirement)"
[ "$server_cpu" -ne "$client_cpu" ] || die "--server-cpu and --client-cpu must differ, or wrk steals the servers' core"

for tool in wrk curl taskset go nginx cc awk sort ps; do
  command -v "$tool" >/dev/null || die "'$tool' not found (scripts/install-deps.sh installs it)"
done
for cpu in "$server_cpu" "$client_cpu"; do
  taskset -c "$cpu" true 2>/dev/null || die "CPU $cpu is not usable here (nproc=$(nproc)); see --server-cpu/--client-cpu"
done

if [ "$peers_only" -eq 1 ]; then
  servers=(go nginx floor)
else
  [ -x "$binary" ] || die "gofr-cpp binary '$binary' not found or not executable (build it, pass --binary, or use --peers-only)"
  binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
  servers=(gofr go nginx floor)
fi

declare -A label=([gofr]="gofr-cpp" [go]="Go net/http" [nginx]="nginx" [floor]="floor (epoll, no parsing)"
                  [sink]="OTLP sink")
declare -A port=([gofr]=$port_base [go]=$((port_base + 1)) [nginx]=$((port_base + 2)) [floor]=$((port_base + 3))
                 [sink]=$((port_base + 9)))
declare -A variant_env=()
if [ ${#variants[@]} -gt 0 ]; then
  [ "$peers_only" -eq 0 ] || die "--variant and --peers-only exclude each other"
  servers=()
  for ((v = 0; v < ${#variants[@]}; v++)); do
    spec=${variants[$v]}
    [[ $spec == *:* ]] || die "--variant needs LABEL:ENV, got '$spec'"
    name="gofr$v"
    servers+=("$name")
    label[$name]="gofr-cpp ${spec%%:*}"
    port[$name]=$((port_base + 10 + v))
    variant_env[$name]=${spec#*:}
  done
  servers+=(go nginx floor)
fi
declare -A pid=()
wrk_pid=""
declare -A rss_idle=() rss_loaded=()
warnings=()

# --- lifecycle -------------------------------------------------------------------

work=$(mktemp -d -t gofr-http-bench.XXXXXX)

# Stop one server: TERM, a grace period, then KILL. Children (nginx's worker) are
# collected first so a KILLed master cannot leave an orphaned worker on the port.
stop_server() {
  local p=$1 kids i
  kids=$(ps -o pid= --ppid "$p" 2>/dev/null || true)
  kill -TERM "$p" 2>/dev/null || return 0
  for i in $(seq 50); do
    kill -0 "$p" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$p" 2>/dev/null; then
    log "pid $p ignored SIGTERM for 5 s; sending SIGKILL"
    kill -KILL "$p" 2>/dev/null || true
  fi
  for i in $kids; do kill -KILL "$i" 2>/dev/null || true; done
  wait "$p" 2>/dev/null || true
}

cleanup() {
  set +e
  local name
  [ -z "$wrk_pid" ] || stop_server "$wrk_pid"
  for name in "${!pid[@]}"; do stop_server "${pid[$name]}"; done
  rm -rf "$work"
}
trap cleanup EXIT
# Background children of a non-interactive shell ignore SIGINT, so Ctrl-C only
# reaches this script; exiting runs the EXIT trap, which stops the servers.
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

url() { printf 'http://127.0.0.1:%s/hello' "${port[$1]}"; }

start_server() {
  local name=$1 p=${port[$1]}
  port_in_use "$p" && die "127.0.0.1:$p is already in use (pick another --port-base)"
  case "$name" in
    gofr*)
      # The real default stack: request logging stays on at INFO. stdout (the
      # request log) goes to /dev/null so the terminal is not the bottleneck;
      # stderr is kept to explain a failed start. A variant's environment comes
      # last, so it overrides these defaults.
      local extra=${variant_env[$name]:-}
      extra=${extra//@SINK@/http://127.0.0.1:${port[sink]}}
      # shellcheck disable=SC2086 # the variant's K=V words are meant to split
      env HTTP_PORT="$p" METRICS_PORT=0 APP_NAME=hello-bench LOG_LEVEL=INFO $extra \
        taskset -c "$server_cpu" "$binary" >/dev/null 2>"$work/$name.stderr" &
      ;;
    go)
      PORT="$p" taskset -c "$server_cpu" "$work/go-hello" >/dev/null 2>"$work/go.stderr" &
      ;;
    floor)
      taskset -c "$server_cpu" "$work/floor" "$p" >/dev/null 2>"$work/floor.stderr" &
      ;;
    nginx | sink)
      # The sink is a second nginx on the client CPU: exporting must not borrow the server core's peer.
      local cpu=$server_cpu
      [ "$name" = sink ] && cpu=$client_cpu
      mkdir -p "$work/$name"
      sed -e "s|@PORT@|$p|g" -e "s|@PREFIX@|$work/$name|g" \
        "$ROOT/bench/peers/nginx/nginx.conf.in" >"$work/$name/nginx.conf"
      # -e: the error log nginx opens before reading the config (default /var/log/nginx).
      taskset -c "$cpu" nginx -p "$work/$name" -e "$work/$name/error.log" \
        -c "$work/$name/nginx.conf" >/dev/null 2>"$work/$name.stderr" &
      ;;
  esac
  # taskset execs the server, so $! is the server (nginx master) itself.
  pid[$name]=$!
}

server_log_tail() {
  local name=$1 f
  for f in "$work/$name.stderr" "$work/nginx/error.log"; do
    [ "$name" != nginx ] && [ "$f" = "$work/nginx/error.log" ] && continue
    [ -s "$f" ] && { log "--- last lines of $f:"; tail -n 20 "$f" >&2; }
  done
  return 0
}

wait_ready() {
  local name=$1 deadline=$((SECONDS + 15))
  while :; do
    if ! kill -0 "${pid[$name]}" 2>/dev/null; then
      server_log_tail "$name"
      die "${label[$name]} exited during startup"
    fi
    if curl -fsS -o /dev/null --max-time 1 "$(url "$name")" 2>/dev/null; then
      return 0
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      server_log_tail "$name"
      die "${label[$name]} did not answer 200 on $(url "$name") within 15 s"
    fi
    sleep 0.1
  done
}

warn() { log "WARNING: $*"; warnings+=("$*"); }

# A comparison is only fair if every server sends the same payload.
check_response() {
  local name=$1
  curl -sS --max-time 2 -D "$work/$name.headers" -o "$work/$name.body" "$(url "$name")" \
    || die "${label[$name]}: GET /hello failed"
  printf '%s\n' "$EXPECTED_BODY" | cmp -s - "$work/$name.body" \
    || warn "${label[$name]} body differs from '$EXPECTED_BODY\\n': $(head -c 100 "$work/$name.body" | tr -d '\n')"
  grep -qi '^content-type: application/json' "$work/$name.headers" \
    || warn "${label[$name]} does not send Content-Type: application/json"
}

# VmRSS in KiB of a server and its direct children (nginx = master + worker).
rss_kib() {
  local total=0 p kb
  for p in "$1" $(ps -o pid= --ppid "$1" 2>/dev/null || true); do
    kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || true)
    total=$((total + ${kb:-0}))
  done
  echo "$total"
}

# --- load ----------------------------------------------------------------------

run_wrk() { # name seconds outfile
  local name=$1 secs=$2 out=$3
  # wrk runs in the background and the script waits for it: bash defers traps
  # until a foreground child exits, and wrk catches SIGINT itself, so a
  # foreground wrk would swallow Ctrl-C and the script would carry on.
  # `wait` returns as soon as a trapped signal arrives. timeout bounds a run
  # against a wedged server.
  timeout --kill-after=5 $((secs + 30)) \
    taskset -c "$client_cpu" wrk -t"$threads" -c"$connections" -d"${secs}s" --latency \
    "$(url "$name")" >"$out" 2>&1 &
  wrk_pid=$!
  if ! wait "$wrk_pid"; then
    wrk_pid=""
    cat "$out" >&2
    die "wrk against ${label[$name]} failed"
  fi
  wrk_pid=""
  kill -0 "${pid[$name]}" 2>/dev/null || { server_log_tail "$name"; die "${label[$name]} died under load"; }
}

# Prints "req_per_s p50_us p99_us non2xx socket_errors" from wrk --latency output.
# wrk prints latencies with a unit suffix (us, ms, s, m, h); everything is
# normalised to microseconds.
parse_wrk() {
  awk '
    function to_us(v,   n, unit) {
      n = v + 0; unit = v; sub(/^[0-9.]+/, "", unit)
      if (unit == "us") return n
      if (unit == "ms") return n * 1e3
      if (unit == "s")  return n * 1e6
      if (unit == "m")  return n * 6e7
      if (unit == "h")  return n * 3.6e9
      return -1
    }
    /^Requests\/sec:/            { rps = $2 }
    $1 == "50%"                  { p50 = to_us($2) }
    $1 == "99%"                  { p99 = to_us($2) }
    /Non-2xx or 3xx responses:/  { non2xx = $NF }
    /Socket errors:/             { gsub(",", ""); sock = $4 + $6 + $8 + $10 }   # connect read write timeout
    END {
      if (rps == "" || p50 == "" || p99 == "" || p50 < 0 || p99 < 0) exit 1
      printf "%s %.1f %.1f %d %d\n", rps, p50, p99, non2xx, sock
    }' "$1"
}

median() { # reads numbers on stdin
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# --- run -----------------------------------------------------------------------

log "building the Go peer"
(cd "$ROOT/bench/peers/go-hello" \
  && GOPROXY=off GOFLAGS=-mod=mod GOTOOLCHAIN=local go build -o "$work/go-hello" .) \
  || die "building bench/peers/go-hello failed"
cc -O2 -o "$work/floor" "$ROOT/bench/peers/floor/floor.c" || die "building bench/peers/floor failed"

load_at_start=$(cut -d' ' -f1 /proc/loadavg)
if [[ " ${variant_env[*]:-} " == *@SINK@* ]]; then
  log "starting the OTLP sink on 127.0.0.1:${port[sink]} (CPU $client_cpu)"
  start_server sink
fi
for name in "${servers[@]}"; do
  log "starting ${label[$name]} on $(url "$name") (CPU $server_cpu)"
  start_server "$name"
  wait_ready "$name"
  check_response "$name"
done

sleep 1   # let startup allocations settle before calling it "idle"
for name in "${servers[@]}"; do rss_idle[$name]=$(rss_kib "${pid[$name]}"); done

if [ "$warmup" -gt 0 ]; then
  for name in "${servers[@]}"; do
    log "warm-up: ${label[$name]} for ${warmup}s"
    run_wrk "$name" "$warmup" "$work/warmup-$name.txt"
  done
fi

results="$work/results.tsv"   # round position server rps p50 p99 non2xx sockerr
: >"$results"
n=${#servers[@]}
for ((r = 0; r < rounds; r++)); do
  for ((i = 0; i < n; i++)); do
    # Rotate the order each round: gofr,go,nginx / go,nginx,gofr / nginx,gofr,go ...
    name=${servers[$(((i + r) % n))]}
    out="$work/round$((r + 1))-$name.txt"
    log "round $((r + 1))/$rounds: ${label[$name]} for ${duration}s"
    sleep 1   # let the previous run's connections drain
    run_wrk "$name" "$duration" "$out"
    parsed=$(parse_wrk "$out") || { cat "$out" >&2; die "could not parse wrk output for ${label[$name]}"; }
    read -r rps p50 p99 non2xx sockerr <<<"$parsed"
    if [ "$non2xx" -ne 0 ] || [ "$sockerr" -ne 0 ]; then
      detail=""
      [ "$sockerr" -eq 0 ] || detail=" ($(sed -n 's/^ *Socket errors: //p' "$out"))"
      warn "round $((r + 1)) ${label[$name]}: $non2xx non-2xx/3xx responses, $sockerr socket errors$detail"
    fi
    printf '%d\t%d\t%s\t%s\t%s\t%s\t%d\t%d\n' $((r + 1)) $((i + 1)) "$name" "$rps" "$p50" "$p99" "$non2xx" "$sockerr" >>"$results"
  done
done

for name in "${servers[@]}"; do rss_loaded[$name]=$(rss_kib "${pid[$name]}"); done

# --- report ----------------------------------------------------------------------

declare -A med_rps med_p50 med_p99
for name in "${servers[@]}"; do
  med_rps[$name]=$(awk -F'\t' -v s="$name" '$3 == s { print $4 }' "$results" | median)
  med_p50[$name]=$(awk -F'\t' -v s="$name" '$3 == s { print $5 }' "$results" | median)
  med_p99[$name]=$(awk -F'\t' -v s="$name" '$3 == s { print $6 }' "$results" | median)
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'; }

cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
[ -n "$cpu_model" ] || cpu_model=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)
revision=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo "no commit")

report() {
  echo "## HTTP hello benchmark: GET /hello"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ), gofr-cpp revision: $revision"
  echo "- machine: $(nproc) CPUs, ${cpu_model:-unknown CPU}, kernel $(uname -r), load average at start $load_at_start"
  echo "- pinning: every server on CPU $server_cpu, wrk on CPU $client_cpu"
  echo "- load: \`wrk -t$threads -c$connections -d${duration}s --latency\`, $rounds round(s) in rotating order, ${warmup}s warm-up per server"
  echo "- peers: $(go version | awk '{ print $3 }') net/http (default settings), $(nginx -v 2>&1 | sed 's/^nginx version: //') (1 worker, access_log off), the floor (\`bench/peers/floor\`, one recv and one send a request)"
  [ "$peers_only" -eq 1 ] || echo "- gofr-cpp: \`$binary\`, request log on at INFO (stdout to /dev/null)"
  echo "- command: \`$COMMAND_LINE\`"
  echo
  local first=${servers[0]} extra_head="" extra_rule=""
  if [ ${#variants[@]} -gt 0 ]; then
    for name in "${servers[@]}"; do
      [[ $name == gofr* ]] && echo "- ${label[$name]}: \`${variant_env[$name]}\`"
    done
    echo
    extra_head=" req/s vs ${label[$first]} |"
    extra_rule="---:|"
  fi
  echo "| server | median req/s | median p50 (us) | median p99 (us) | req/s vs Go | req/s vs nginx |$extra_head"
  echo "|---|---:|---:|---:|---:|---:|$extra_rule"
  for name in "${servers[@]}"; do
    printf '| %s | %.0f | %.0f | %.0f | %s | %s |' "${label[$name]}" \
      "${med_rps[$name]}" "${med_p50[$name]}" "${med_p99[$name]}" \
      "$(ratio "${med_rps[$name]}" "${med_rps[go]}")" "$(ratio "${med_rps[$name]}" "${med_rps[nginx]}")"
    [ -z "$extra_head" ] || printf ' %s |' "$(ratio "${med_rps[$name]}" "${med_rps[$first]}")"
    echo
  done
  echo
  echo "Per-round results:"
  echo
  echo "| round | position | server | req/s | p50 (us) | p99 (us) | non-2xx/3xx | socket errors |"
  echo "|---:|---:|---|---:|---:|---:|---:|---:|"
  while IFS=$'\t' read -r r i name rps p50 p99 non2xx sockerr; do
    printf '| %d | %d | %s | %.0f | %.0f | %.0f | %d | %d |\n' "$r" "$i" "${label[$name]}" "$rps" "$p50" "$p99" "$non2xx" "$sockerr"
  done <"$results"
  echo
  echo "Resident memory (VmRSS, KiB; nginx = master + worker):"
  echo
  echo "| server | idle (after startup) | after load |"
  echo "|---|---:|---:|"
  for name in "${servers[@]}"; do
    printf '| %s | %d | %d |\n' "${label[$name]}" "${rss_idle[$name]}" "${rss_loaded[$name]}"
  done
  if [ ${#warnings[@]} -gt 0 ]; then
    echo
    echo "Warnings:"
    echo
    for w in "${warnings[@]}"; do echo "- $w"; done
  fi
}

report >"$work/report.md"
cat "$work/report.md"
if [ -n "$output" ]; then
  { echo; cat "$work/report.md"; } >>"$output"
  log "report appended to $output"
fi
