#!/usr/bin/env bash
# What one hop through the service client costs, next to one hop through a reverse proxy (a sidecar stand-in):
#   direct:     wrk -> B                      (nginx answering /catalog/items)
#   nginx hop:  wrk -> nginx proxy -> B       (its own process, keep-alive upstream, like a sidecar)
#   nginx-plain: the same with proxy_pass alone (nginx's defaults: a new upstream connection per request)
#   client hop: wrk -> A -> B                 (examples/gateway: its handler calls B with Retry, CircuitBreaker,
#                                              the budget, and tracing exported at ratio 1)
#   gofr-local: wrk -> A                      (A answering the same JSON itself: its server's own cost, so
#                                              client hop - gofr-local is what the service client adds)
# Each configuration is measured with one connection (latency, not throughput) in rotating rounds; the report
# gives the median p50 and p99 and the p50 each hop adds to the direct path.
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
b=$(free_port) proxy=$(free_port) plain=$(free_port) sink=$(free_port) a=$(free_port)
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
(cd "$ROOT/examples/gateway" && HTTP_PORT=$a METRICS_PORT=0 LOG_LEVEL=INFO CATALOG_URL=http://127.0.0.1:$b \
  TRACE_EXPORTER=otlp TRACER_URL=http://127.0.0.1:$sink TRACER_RATIO=1 \
  exec taskset -c "$server_cpu" "$binary" > /dev/null 2> "$work/gateway.stderr") &
pids+=($!)
for port in $b $proxy $plain $a; do
  for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
    (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
done

declare -A url=([direct]="http://127.0.0.1:$b/catalog/items" [nginx]="http://127.0.0.1:$proxy/catalog/items"
                [nginx-plain]="http://127.0.0.1:$plain/catalog/items" [client]="http://127.0.0.1:$a/items"
                [gofr-local]="http://127.0.0.1:$a/catalog/items")
order=(direct nginx nginx-plain client gofr-local)
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
local=$(echo "${p50s[gofr-local]}" | median) client=$(echo "${p50s[client]}" | median)
echo
echo "p50 the service client adds (client hop - gofr-local): $(awk -v a="$client" -v b="$local" 'BEGIN { printf "%.0f", a - b }') µs"
