#!/usr/bin/env bash
# What the framework adds to a PostgreSQL read, and how its pool behaves under ten times its size in concurrent
# requests. A private PostgreSQL 15 cluster holds 1000 items; examples/hello serves GET /items/{id}
# (SELECT id, name, price FROM items WHERE id = ?) with DB_MAX_OPEN_CONNECTION=POOL:
#   libpq:      POOL threads of bare libpq, one connection each, the statement prepared once, synchronous round trips
#               (bench/peers/libpq/read_loop.cpp): the database's own cost, with nothing around it
#   gofr xPOOL: wrk with POOL connections against the service: HTTP, routing, pool, driver, spans and metrics on top
#   gofr x10:   wrk with 10 x POOL connections against the same pool: requests wait for a connection, none may fail
#   hello:      wrk with POOL connections against GET /hello of the same process: the HTTP side alone
# Everything shares the machine's cores (PostgreSQL, the service, wrk): compare the rows with each other.
# Usage: bench/sql_read.sh [--duration SEC] [--pool N] [--binary build/examples/hello/hello]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
duration=10 pool=4 binary=$ROOT/build/examples/hello/hello
while [ $# -gt 0 ]; do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --pool) pool=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x "$binary" ] || { echo "build the hello example first: $binary" >&2; exit 2; }
for tool in wrk psql g++ curl; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 2; }; done

work=$(mktemp -d -t gofr-sql.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$ROOT/scripts/pg-cluster.sh" stop "$work/pg" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pg_port=$(free_port) http=$(free_port)
password=gofr-test
"$ROOT/scripts/pg-cluster.sh" start "$work/pg" "$pg_port"
PGPASSWORD=$password psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -c "CREATE DATABASE bench"

(cd "$ROOT/examples/hello" && HTTP_PORT=$http METRICS_PORT=0 LOG_LEVEL=WARN DB_DIALECT=postgres DB_HOST=127.0.0.1 \
  DB_PORT=$pg_port DB_USER=postgres DB_PASSWORD=$password DB_NAME=bench DB_MAX_OPEN_CONNECTION=$pool \
  DB_MAX_IDLE_CONNECTION=$pool exec "$binary" > "$work/hello.log" 2>&1) &
pids+=($!)
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$http/.well-known/alive" && break; sleep 0.1; done
PGPASSWORD=$password psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d bench \
  -c "INSERT INTO items (name, price) SELECT 'item ' || g, g * 0.5 FROM generate_series(1, 1000) g"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http/items/1000")" = 200 ] ||
  { echo "the service does not serve /items/1000" >&2; cat "$work/hello.log" >&2; exit 1; }

g++ -O2 -std=c++20 -I/usr/include/postgresql "$ROOT/bench/peers/libpq/read_loop.cpp" -o "$work/read_loop" -lpq -pthread
conninfo="host=127.0.0.1 port=$pg_port user=postgres password=$password dbname=bench"
"$work/read_loop" "$conninfo" "$pool" 2 > /dev/null  # warm the server's caches
libpq=$("$work/read_loop" "$conninfo" "$pool" "$duration")

to_us() { awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); print v } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v*1000 } else if (v ~ /s$/) { sub(/s$/,"",v); print v*1000000 } }'; }
run_wrk() {  # connections [path] → "rps p50 p99 non2xx errors" (without a path: /items/{id} over the 1000 rows)
  local out
  if [ $# -gt 1 ]; then
    out=$(wrk -t2 -c"$1" -d"${duration}s" --latency "http://127.0.0.1:$http$2")
  else
    out=$(wrk -t2 -c"$1" -d"${duration}s" --latency -s "$ROOT/bench/peers/wrk/items.lua" "http://127.0.0.1:$http")
  fi
  echo "$(echo "$out" | awk '/^Requests\/sec/ { printf "%.0f", $2 }') \
$(echo "$out" | awk '$1 == "50%" { print $2 }' | to_us) $(echo "$out" | awk '$1 == "99%" { print $2 }' | to_us) \
$(echo "$out" | awk '/Non-2xx/ { print $5 }' | grep . || echo 0) \
$(echo "$out" | awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' | grep . || echo 0)"
}
wrk -t2 -c"$pool" -d2s -s "$ROOT/bench/peers/wrk/items.lua" "http://127.0.0.1:$http" > /dev/null  # warm-up
read -r rps1 p50_1 p99_1 bad1 err1 <<< "$(run_wrk "$pool")"
read -r rps10 p50_10 p99_10 bad10 err10 <<< "$(run_wrk $((pool * 10)))"
read -r rps_h p50_h p99_h bad_h err_h <<< "$(run_wrk "$pool" /hello)"
health=$(curl -s "http://127.0.0.1:$http/.well-known/health")

echo "## PostgreSQL read: pool $pool, ${duration}s per row, $(date -u +%FT%TZ), $(git -C "$ROOT" rev-parse --short HEAD)"
echo
echo "| path | concurrency | requests or queries/s | p50 (µs) | p99 (µs) | non-2xx | socket errors |"
echo "|---|---:|---:|---:|---:|---:|---:|"
echo "| bare libpq loop | $pool | $(echo "$libpq" | awk '/queries_per_second/ { print $2 }') | $(echo "$libpq" | awk '/p50_us/ { print $2 }') | $(echo "$libpq" | awk '/p99_us/ { print $2 }') | – | – |"
echo "| gofr GET /items/{id} | $pool | $rps1 | $p50_1 | $p99_1 | $bad1 | $err1 |"
echo "| gofr GET /items/{id}, 10 x pool | $((pool * 10)) | $rps10 | $p50_10 | $p99_10 | $bad10 | $err10 |"
echo "| gofr GET /hello, no database | $pool | $rps_h | $p50_h | $p99_h | $bad_h | $err_h |"
echo
echo "Pool after the run (health details): $(echo "$health" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["data"]["sql"]["details"]["stats"]))')"
[ "$bad10" = 0 ] && [ "$err10" = 0 ] || { echo "requests failed under 10 x pool" >&2; exit 1; }
