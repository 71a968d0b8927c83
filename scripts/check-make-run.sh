#!/usr/bin/env bash
# The README's first command, tried as a user would: `make run` (and `make run EXAMPLE=echo`) must build and
# serve in the foreground, honour HTTP_PORT, answer, and exit 0 on SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

check() {
  local example=$1 path=$2 expected=$3 port log pid
  port=$(free_port)
  log=$(mktemp)
  HTTP_PORT=$port make --no-print-directory run EXAMPLE="$example" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/.well-known/alive" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "make run EXAMPLE=$example exited early"; exit 1; }
    sleep 0.2
  done
  if [ "$example" = hello ]; then
    body=$(curl -s "http://127.0.0.1:$port$path")
    # The sample service runs on its embedded SQLite database, with nothing installed for it.
    health=$(curl -s "http://127.0.0.1:$port/.well-known/health")
    case $health in
      *'"sql":{"status":"UP"'*) ;;
      *) cat "$log"; echo "make run: the sample service's database is not UP: $health"; exit 1 ;;
    esac
  else
    body=$(curl -s -X POST --data-binary "$expected" "http://127.0.0.1:$port$path" -H 'Content-Type: text/plain')
  fi
  # SIGTERM to the service itself (make's child, as Kubernetes would send it); make then exits with its status.
  kill -TERM "$(pgrep -P "$pid")"
  wait "$pid" || { cat "$log"; echo "make run EXAMPLE=$example did not exit 0 on SIGTERM"; exit 1; }
  if [ "$body" != "$expected" ]; then
    cat "$log"
    echo "make run EXAMPLE=$example answered '$body', expected '$expected'"
    exit 1
  fi
  grep -q "Starting server on port: $port" "$log" || { cat "$log"; echo "HTTP_PORT not honoured"; exit 1; }
  rm -f "$log"
  echo "make run EXAMPLE=$example: serves on :$port and stops cleanly"
}

check hello /hello '{"data":"Hello World!"}'
check echo / 'echo me'
