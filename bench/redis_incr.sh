#!/usr/bin/env bash
# What the framework adds to a Redis command, and what its per-worker pipelining does under concurrency. A private
# Redis 7 serves examples/hello's POST /visits/{page} (INCR visits:{page}) and, as the peer, redis-benchmark's INCR
# with as many clients, one command in flight each (-P 1): the server's own cost with nothing around it.
#   redis-benchmark   N clients, INCR, no pipelining
#   gofr              wrk with N connections: HTTP, routing, the worker's pipelined connection, span and metrics
#   gofr /hello       the same process without Redis: the HTTP side alone
# Usage: bench/redis_incr.sh [--duration SEC] [--connections N] [--binary build/examples/hello/hello]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
duration=8 connections=64 binary=$ROOT/build/examples/hello/hello
while [ $# -gt 0 ]; do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x "$binary" ] || { echo "build the hello example first: $binary" >&2; exit 2; }
for tool in wrk redis-server redis-benchmark curl; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 2; }; done

work=$(mktemp -d -t gofr-redis.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
redis_port=$(free_port) http=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" > /dev/null &
pids+=($!)
(cd "$ROOT/examples/hello" && HTTP_PORT=$http METRICS_PORT=0 LOG_LEVEL=WARN DB_DIALECT= REDIS_HOST=127.0.0.1 \
  REDIS_PORT=$redis_port exec "$binary" > "$work/hello.log" 2>&1) &
pids+=($!)
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$http/.well-known/alive" && break; sleep 0.1; done
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$http/visits/bench")" = 201 ] ||
  { echo "the service does not serve POST /visits" >&2; cat "$work/hello.log" >&2; exit 1; }

to_us() { awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); print v } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v*1000 } else if (v ~ /s$/) { sub(/s$/,"",v); print v*1000000 } }'; }
run_wrk() {  # path [script] → "rps p50 p99 non2xx"
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency ${2:+-s "$2"} "http://127.0.0.1:$http$1")
  echo "$(echo "$out" | awk '/^Requests\/sec/ { printf "%.0f", $2 }') \
$(echo "$out" | awk '$1 == "50%" { print $2 }' | to_us) $(echo "$out" | awk '$1 == "99%" { print $2 }' | to_us) \
$(echo "$out" | awk '/Non-2xx/ { print $5 }' | grep . || echo 0)"
}
peer=$(redis-benchmark -p "$redis_port" -c "$connections" -n $((duration * 60000)) -t incr -P 1 -q --csv | tail -n 1)
wrk -t2 -c"$connections" -d2s -s "$ROOT/bench/peers/wrk/post.lua" "http://127.0.0.1:$http/visits/bench" > /dev/null
read -r rps p50 p99 bad <<< "$(run_wrk /visits/bench "$ROOT/bench/peers/wrk/post.lua")"
read -r rps_h p50_h p99_h bad_h <<< "$(run_wrk /hello)"

echo "## Redis INCR: $connections connections, ${duration}s, $(date -u +%FT%TZ), $(git -C "$ROOT" rev-parse --short HEAD)"
echo
echo "| path | requests or commands/s | p50 (µs) | p99 (µs) | non-2xx |"
echo "|---|---:|---:|---:|---:|"
echo "| redis-benchmark INCR, -P 1 | $(echo "$peer" | awk -F'","' '{ gsub(/"/, "", $2); printf "%.0f", $2 }') | – | – | – |"
echo "| gofr POST /visits/{page} | $rps | $p50 | $p99 | $bad |"
echo "| gofr GET /hello, no Redis | $rps_h | $p50_h | $p99_h | $bad_h |"
[ "$bad" = 0 ] || { echo "requests failed" >&2; exit 1; }
