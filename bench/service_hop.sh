#!/usr/bin/env bash
# What the service client's resilience adds to a call, next to what a sidecar hop adds (resilience.md §11, the
# library-or-mesh question). B is nginx answering /catalog/items; A is examples/gateway, whose handler calls B
# through the service client, with tracing exported at ratio 1 in every configuration:
#   direct:            wrk -> B
#   nginx:             wrk -> nginx proxy -> B     (a sidecar stand-in: its own process, keep-alive upstream)
#   nginx-plain:       the same with proxy_pass alone (nginx's defaults: a new upstream connection per request)
#   call-bare:         wrk -> A -> B               (the client without policies: CATALOG_POLICIES=off)
#   call-resilient:    wrk -> A -> B               (Retry, CircuitBreaker, the retry budget: the example as shipped)
#   call-bare+sidecar: wrk -> A -> nginx -> B      (no policies in A; the proxy hop in front of B instead)
#   gofr-local:        wrk -> A                    (A answering the same JSON itself)
# The resilience adds call-resilient - call-bare; a sidecar adds call-bare+sidecar - call-bare. Each configuration
# is measured with one connection (latency, not throughput) in rotating rounds; the report gives median p50/p99.
# Usage: bench/service_hop.sh [--duration SEC] [--rounds N] [--binary build/examples/gateway/gateway]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
duration=5 rounds=3 binary=$ROOT/build/examples/gateway/gateway server_cpu=0 client_cpu=1
while [ $# -gt 0 ]; do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x "$binary" ] || { echo "build the gateway example first: $binary" >&2; exit 2; }

work=$(mktemp -d -t gofr-hop.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
b=$(free_port) proxy=$(free_port) plain=$(free_port) sink=$(free_port) a=$(free_port) a_bare=$(free_port)
a_sidecar=$(free_port)
# Two nginx processes: B (with the sink), and the proxy hop, its own process as a sidecar is.
for role in backend proxy; do
  mkdir -p "$work/$role"
  substitute() { sed -e "s|@PREFIX@|$work/$role|g" -e "s|@B@|$b|g" -e "s|@PROXY@|$proxy|g" -e "s|@PLAIN@|$plain|g" \
      -e "s|@SINK@|$sink|g" "$1"; }
  substitute "$ROOT/bench/peers/nginx/hop.conf.in" > "$work/$role/nginx.conf"
  substitute "$ROOT/bench/peers/nginx/hop-$role.servers.in" > "$work/$role/servers.conf"
  taskset -c "$server_cpu" nginx -p "$work/$role" -e "$work/$role/error.log" -c "$work/$role/nginx.conf" &
  pids+=($!)
done
# Three gateways: with the policies, without, and without in front of the proxy hop.
start_gateway() {  # port catalog_url policies
  (cd "$ROOT/examples/gateway" && HTTP_PORT=$1 METRICS_PORT=0 LOG_LEVEL=INFO CATALOG_URL=$2 CATALOG_POLICIES=$3 \
    TRACE_EXPORTER=otlp TRACER_URL=http://127.0.0.1:$sink TRACER_RATIO=1 \
    exec taskset -c "$server_cpu" "$binary" > /dev/null 2>> "$work/gateway.stderr") &
  pids+=($!)
}
start_gateway "$a" "http://127.0.0.1:$b" on
start_gateway "$a_bare" "http://127.0.0.1:$b" off
start_gateway "$a_sidecar" "http://127.0.0.1:$proxy" off
for port in $b $proxy $plain $a $a_bare $a_sidecar; do
  for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
    (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
done

declare -A url=([direct]="http://127.0.0.1:$b/catalog/items" [nginx]="http://127.0.0.1:$proxy/catalog/items"
                [nginx-plain]="http://127.0.0.1:$plain/catalog/items" [call-resilient]="http://127.0.0.1:$a/items"
                [call-bare]="http://127.0.0.1:$a_bare/items" [call-bare+sidecar]="http://127.0.0.1:$a_sidecar/items"
                [gofr-local]="http://127.0.0.1:$a/catalog/items")
order=(direct nginx nginx-plain call-bare call-resilient call-bare+sidecar gofr-local)
for name in "${order[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "${url[$name]}")
  [ "$code" = 200 ] || { echo "$name answered $code" >&2; cat "$work/gateway.stderr" >&2; exit 1; }
done

# wrk's latency distribution line for p50/p99, in microseconds.
to_us() { awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); print v } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v*1000 } else if (v ~ /s$/) { sub(/s$/,"",v); print v*1000000 } }'; }
declare -A p50s=() p99s=()
for ((r = 0; r < rounds; r++)); do
  for ((i = 0; i < ${#order[@]}; i++)); do
    name=${order[$(((i + r) % ${#order[@]}))]}
    out=$(taskset -c "$client_cpu" wrk -t1 -c1 -d"${duration}s" --latency "${url[$name]}")
    p50s[$name]+="$(echo "$out" | awk '$1 == "50%" { print $2 }' | to_us) "
    p99s[$name]+="$(echo "$out" | awk '$1 == "99%" { print $2 }' | to_us) "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
d=$(echo "${p50s[direct]}" | median)
echo "## Service hop: wrk -t1 -c1, ${rounds} rounds x ${duration}s, $(date -u +%FT%TZ), $(git -C "$ROOT" rev-parse --short HEAD)"
echo
echo "| path | median p50 (µs) | median p99 (µs) | p50 added to direct (µs) |"
echo "|---|---:|---:|---:|"
for name in "${order[@]}"; do
  p50=$(echo "${p50s[$name]}" | median) p99=$(echo "${p99s[$name]}" | median)
  echo "| $name | $p50 | $p99 | $(awk -v a="$p50" -v b="$d" 'BEGIN { printf "%.0f", a - b }') |"
done
p50() { echo "${p50s[$1]}" | median; }
echo
awk -v r="$(p50 call-resilient)" -v b="$(p50 call-bare)" -v s="$(p50 call-bare+sidecar)" -v n="$(p50 nginx)" -v d="$d" 'BEGIN {
  printf "p50 the resilience adds to a call (call-resilient - call-bare): %.0f µs\n", r - b
  printf "p50 a sidecar hop adds to a call (call-bare+sidecar - call-bare): %.0f µs\n", s - b
  printf "p50 an nginx hop adds in front of B (nginx - direct): %.0f µs\n", n - d }'

# The same comparison as CPU per call, without scheduling: client, server and sockets on one thread.
bench_binary=$ROOT/build/src/service_benchmark
if [ -x "$bench_binary" ]; then
  echo
  echo "Per call, one thread (build/src/service_benchmark):"
  taskset -c "$server_cpu" "$bench_binary" --benchmark_filter='CallThrough|BareBeast' --benchmark_repetitions=3 \
    --benchmark_report_aggregates_only=true 2>/dev/null | awk '/_median/ { printf "  %-40s %8.0f ns\n", $1, $2 }'
fi
