#!/usr/bin/env bash
# Instructions per request, user space, all threads, for GET /hello: examples/hello in the configurations of the
# performance issue, next to nginx serving the same bytes. Counted by callgrind, so the numbers repeat where
# throughput on this VM does not; a regression shows here before it shows in bench/http_hello.sh.
# The kernel's share (two syscalls a request for every server) is not counted.
#
# Usage: bench/http_instructions.sh [--requests N] [--connections C] [--keep DIR] [--binary PATH]
#   --keep DIR  keep the callgrind files there (one per thread, each readable alone), for callgrind_annotate
#   --binary    the hello binary (default build/examples/hello/hello), to compare builds
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
requests=20000 connections=64 keep=
hello=$ROOT/build/examples/hello/hello
while [ $# -gt 0 ]; do
  case $1 in
    --requests) requests=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --binary) hello=$(realpath "$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x "$hello" ] || { echo "build it first: ninja -C build hello" >&2; exit 2; }
for tool in h2load valgrind callgrind_control nginx; do
  command -v $tool >/dev/null || { echo "missing $tool (scripts/install-deps.sh)" >&2; exit 2; }
done

work=$(mktemp -d -t gofr-http-instructions.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return; sleep 0.1; done; }

nginx_conf() {  # name port → config path; nginx in the foreground, one process, as the throughput bench runs it
  mkdir -p "$work/$1"
  sed -e "s|@PORT@|$2|g" -e "s|@PREFIX@|$work/$1|g" -e 's|^master_process on;|master_process off;|' \
    "$ROOT/bench/peers/nginx/nginx.conf.in" > "$work/$1/nginx.conf"
  echo "$work/$1/nginx.conf"
}

# The OTLP/HTTP collector the traced configurations export to, outside valgrind.
sink_port=$(free_port)
nginx -p "$work/sink" -e "$work/sink.err" -c "$(nginx_conf sink "$sink_port")" 2>/dev/null &
pids+=($!)
wait_port "$sink_port"

load() {  # port count
  h2load --h1 -t1 -c"$connections" -n "$2" "http://127.0.0.1:$1/hello" | grep -q "$2 succeeded" ||
    { echo "requests failed on port $1" >&2; exit 1; }
}

measure() {  # label env... → instructions per request
  local label=$1 port out=$work/$1.callgrind pid
  shift
  port=$(free_port)
  case $label in
    nginx) valgrind --tool=callgrind --callgrind-out-file="$out" \
             nginx -p "$work/nginx" -e "$work/nginx.err" -c "$(nginx_conf nginx "$port")" > /dev/null 2>&1 & ;;
    # Pinned to one CPU, so that it runs one worker, as in bench/http_hello.sh.
    *) (cd "$ROOT/examples/hello" && exec env HTTP_PORT="$port" APP_NAME=hello-bench LOG_LEVEL=INFO "$@" \
          taskset -c 0 valgrind --tool=callgrind --separate-threads=yes --compress-strings=no \
          --callgrind-out-file="$out" "$hello" \
          > /dev/null 2>&1) & ;;
  esac
  pid=$!
  wait_port "$port"
  load "$port" 2000  # warm-up: connections, pools, caches
  callgrind_control -z "$pid" > /dev/null
  load "$port" "$requests"
  callgrind_control -d "$pid" > /dev/null
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [ -z "$keep" ] || { mkdir -p "$keep"; cp "$out"* "$keep/"; }
  # The explicit dump is part 1: one file per thread (nginx: one file), each with its total on a "summary:" line.
  # The files without a part number come from the exit and hold the shutdown, which is not a request's.
  cat "$out".1* | awk -v n="$requests" '/^summary:/ { total += $2 } END { printf "%.0f", total / n }'
}

sink=http://127.0.0.1:$sink_port
declare -A ir
labels=(nginx off metrics tracing-0 tracing-1)
ir[nginx]=$(measure nginx)
ir[off]=$(measure off METRICS_PORT=0)
ir[metrics]=$(measure metrics METRICS_PORT="$(free_port)")
ir[tracing-0]=$(measure tracing-0 METRICS_PORT="$(free_port)" TRACE_EXPORTER=otlp TRACER_URL="$sink" TRACER_RATIO=0)
ir[tracing-1]=$(measure tracing-1 METRICS_PORT="$(free_port)" TRACE_EXPORTER=otlp TRACER_URL="$sink" TRACER_RATIO=1)

echo "## GET /hello, user-space instructions per request (callgrind, $connections connections, $requests requests)"
echo
echo "| server | configuration | instructions per request | vs nginx |"
echo "|---|---|---:|---:|"
describe() {
  case $1 in
    nginx) echo "nginx | 1 worker, access_log off" ;;
    off) echo "gofr-cpp | request log on, metrics server off, tracing not exported" ;;
    metrics) echo "gofr-cpp | request log, metrics" ;;
    tracing-0) echo "gofr-cpp | request log, metrics, OTLP export, ratio 0" ;;
    tracing-1) echo "gofr-cpp | request log, metrics, OTLP export, ratio 1 (the full default stack)" ;;
  esac
}
for l in "${labels[@]}"; do
  awk -v d="$(describe "$l")" -v i="${ir[$l]}" -v n="${ir[nginx]}" \
    'BEGIN { printf "| %s | %d | %.1f× |\n", d, i, i / n }'
done
