#!/usr/bin/env bash
# Instructions per unary call, all threads, for bare grpc++ and for examples/grpc, under callgrind: repeatable
# where throughput on this VM is not. The load has the throughput bench's shape (h2load, 8 connections × 16
# streams), because grpc++ does less per call when calls come in batches, and the framework's share is then larger
# than with one call at a time.
# Usage: bench/grpc_instructions.sh [--calls N] [--connections C] [--streams S]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
calls=12000 connections=8 streams=16
while [ $# -gt 0 ]; do
  case $1 in
    --calls) calls=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --streams) streams=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
gofr=$ROOT/build/examples/grpc/grpc bare=$ROOT/build/bench/grpc_bare_server
for b in "$gofr" "$bare"; do [ -x "$b" ] || { echo "build it first: ninja -C build grpc grpc_bare_server" >&2; exit 2; }; done
for tool in h2load valgrind callgrind_control; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 2; }; done

work=$(mktemp -d -t gofr-grpc-instructions.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
printf '\x00\x00\x00\x00\x07\x0a\x05bench' > "$work/request"

load() {  # port count
  h2load -t1 -c"$connections" -m"$streams" -n "$2" -H 'content-type: application/grpc' -H 'te: trailers' \
    -d "$work/request" "http://127.0.0.1:$1/hello.Greeter/SayHello" | grep -q "$2 succeeded" ||
    { echo "calls failed on port $1" >&2; exit 1; }
}

measure() {  # variant → instructions per call
  local port out=$work/$1.callgrind
  port=$(free_port)
  case $1 in
    bare) valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$out" "$bare" "$port" \
            > /dev/null 2>&1 & ;;
    gofr) (cd "$ROOT/examples/grpc" && HTTP_PORT=$(free_port) GRPC_PORT=$port METRICS_PORT=$(free_port) \
             GRPC_ENABLE_REFLECTION=false exec valgrind --tool=callgrind --separate-threads=yes \
             --callgrind-out-file="$out" "$gofr" > /dev/null 2>&1) & ;;
  esac
  pid=$!
  for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  load "$port" 2000  # warm-up: connections, HPACK tables, pools
  callgrind_control -z "$pid" > /dev/null
  load "$port" "$calls"
  callgrind_control -d "$pid" > /dev/null
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  # One file per thread; each starts its totals with a "summary:" line.
  cat "$out".* | awk -v n="$calls" '/^summary:/ { total += $2 } END { printf "%.0f", total / n }'
}

bare_ir=$(measure bare)
gofr_ir=$(measure gofr)
echo "## gRPC unary, instructions per call (callgrind, ${connections} connections × ${streams} streams, $calls calls)"
echo
echo "| server | instructions per call | vs bare |"
echo "|---|---:|---:|"
echo "| bare | $bare_ir | |"
awk -v b="$bare_ir" -v g="$gofr_ir" 'BEGIN { printf "| gofr | %d | +%d (+%.1f%%) |\n", g, g - b, 100 * (g - b) / b }'
