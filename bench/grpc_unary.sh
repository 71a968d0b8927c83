#!/usr/bin/env bash
# What the framework's gRPC layer costs: unary hello.Greeter/SayHello through examples/grpc (the observing
# interceptor, recovery, GoFr's log line, metrics, the server span with W3C propagation, the deadline) against a
# bare grpc++ callback server answering the same bytes (bench/peers/grpc-bare), in one run, alternating.
#   bare            grpc++ alone
#   gofr            examples/grpc: log line (to /dev/null), metrics, span (not exported)
#   gofr + export   the same with TRACER_RATIO=1 exporting every span over OTLP/HTTP to an nginx sink
# Servers are pinned to CPU 0, h2load (one thread) and the sink to CPU 1. h2load counts HTTP/2 responses; the
# script checks afterwards that every call ended OK (app_gRPC_Server_stats).
# Usage: bench/grpc_unary.sh [--duration SEC] [--connections N] [--streams M] [--repeat R]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
duration=8 connections=8 streams=16 repeat=3
gofr=$ROOT/build/examples/grpc/grpc bare=$ROOT/build/bench/grpc_bare_server
while [ $# -gt 0 ]; do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --streams) streams=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
for b in "$gofr" "$bare"; do [ -x "$b" ] || { echo "build it first: ninja -C build grpc grpc_bare_server" >&2; exit 2; }; done
for tool in h2load nginx curl taskset; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 2; }; done

work=$(mktemp -d -t gofr-grpc-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# One gRPC message: not compressed, 7 bytes, HelloRequest{name: "bench"}.
printf '\x00\x00\x00\x00\x07\x0a\x05bench' > "$work/request"

sink=$(free_port)
mkdir -p "$work/sink"
sed -e "s|@PORT@|$sink|g" -e "s|@PREFIX@|$work/sink|g" "$ROOT/bench/peers/nginx/nginx.conf.in" > "$work/sink/nginx.conf"
taskset -c 1 nginx -p "$work/sink" -e "$work/sink/error.log" -c "$work/sink/nginx.conf" > /dev/null 2>&1 &
pids+=($!)

start() {  # variant → "pid port metrics_port"
  local port metrics
  port=$(free_port) metrics=$(free_port)
  case $1 in
    bare) taskset -c 0 "$bare" "$port" > /dev/null 2>&1 & ;;
    gofr) (cd "$ROOT/examples/grpc" && HTTP_PORT=$(free_port) GRPC_PORT=$port METRICS_PORT=$metrics \
             GRPC_ENABLE_REFLECTION=false exec taskset -c 0 "$gofr" > /dev/null 2>&1) & ;;
    export) (cd "$ROOT/examples/grpc" && HTTP_PORT=$(free_port) GRPC_PORT=$port METRICS_PORT=$metrics \
               GRPC_ENABLE_REFLECTION=false TRACE_EXPORTER=otlp TRACER_URL=http://127.0.0.1:$sink TRACER_RATIO=1 \
               exec taskset -c 0 "$gofr" > /dev/null 2>&1) & ;;
  esac
  echo "$! $port $metrics"
}

load() {  # port → "rps p50_us p99_us failed"
  local out
  rm -f "$work/h2load.log"
  out=$(taskset -c 1 h2load -t1 -c"$connections" -m"$streams" -D"$duration" --warm-up-time=1 \
    -H 'content-type: application/grpc' -H 'te: trailers' -d "$work/request" --log-file="$work/h2load.log" \
    "http://127.0.0.1:$1/hello.Greeter/SayHello")
  local rps failed
  rps=$(echo "$out" | awk '/^finished in/ { gsub(/,/, "", $4); printf "%.0f", $4 }')
  failed=$(echo "$out" | awk '/^requests:/ { for (i = 1; i <= NF; i++) if ($(i + 1) ~ /^failed/) print $i }' | head -1)
  # h2load's log: start time, status, duration (µs) per request.
  read -r p50 p99 <<< "$(awk '{ print $3 }' "$work/h2load.log" | sort -n | awk '{ v[NR] = $1 } END {
    printf "%d %d", v[int(NR * 0.5)], v[int(NR * 0.99)] }')"
  echo "$rps $p50 $p99 ${failed:-0}"
}

declare -A rps_runs p50_runs p99_runs ratio_runs
variants=(bare gofr export)
for round in $(seq "$repeat"); do
  for variant in "${variants[@]}"; do
    read -r pid port metrics <<< "$(start "$variant")"
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
    read -r rps p50 p99 failed <<< "$(load "$port")"
    [ "$failed" = 0 ] || { echo "$variant: $failed requests failed" >&2; exit 1; }
    if [ "$variant" != bare ]; then  # every call ended OK, not just with an HTTP/2 200
      # h2load cancels the calls still open when its time is up (CANCELLED); anything else is a failure.
      not_ok=$(curl -s "http://127.0.0.1:$metrics/metrics" | awk '/^app_gRPC_Server_stats_count/ && !/code="(OK|CANCELLED)"/ { n += $2 } END { print n + 0 }')
      [ "$not_ok" = 0 ] || { echo "$variant: $not_ok calls did not end OK" >&2; exit 1; }
    fi
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
    rps_runs[$variant]+="$rps " p50_runs[$variant]+="$p50 " p99_runs[$variant]+="$p99 "
    # Paired with the bare run of the same round: the machine's speed drifts between rounds more than it does
    # between two neighbouring runs.
    [ "$variant" = bare ] && round_bare=$rps
    ratio_runs[$variant]+="$(awk -v a="$rps" -v b="$round_bare" 'BEGIN { printf "%.1f", 100 * a / b }') "
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "## gRPC unary: $connections connections × $streams streams, ${duration}s × $repeat, $(date -u +%FT%TZ), $(git -C "$ROOT" rev-parse --short HEAD)"
echo
echo "| server | calls/s (median) | runs | p50 (µs) | p99 (µs) | vs bare (median of the rounds' ratios) | ratios (%) |"
echo "|---|---:|---|---:|---:|---:|---|"
for variant in "${variants[@]}"; do
  rps=$(echo "${rps_runs[$variant]}" | median)
  ratios=$(echo "${ratio_runs[$variant]}" | tr ' ' '\n' | grep . | sort -n | tr '\n' ' ')
  echo "| $variant | $rps | ${rps_runs[$variant]% } | $(echo "${p50_runs[$variant]}" | median) | $(echo "${p99_runs[$variant]}" | median) | $(echo "${ratio_runs[$variant]}" | median)% | ${ratios% } |"
done
