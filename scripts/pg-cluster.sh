#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the tests: its own data directory, port and Unix socket, password
# authentication over TCP (user postgres, password gofr-test), durability off for speed.
#   pg-cluster.sh start DIR PORT    initialise DIR if needed, then start the server
#   pg-cluster.sh stop DIR          fast shutdown (connections are closed)
#   pg-cluster.sh restart DIR
# The server refuses to run as root, so under root it runs as the postgres user, which owns DIR.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/pg_ctl" ] || { echo "pg-cluster: PostgreSQL server binaries not found (install postgresql-15)" >&2; exit 1; }
password=${GOFR_TEST_PG_PASSWORD:-gofr-test}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir=$1 port=$2
  if [ ! -f "$dir/PG_VERSION" ]; then
    mkdir -p "$dir"
    chmod 700 "$dir"
    # The parent must let the server's user through (mktemp makes it private to root).
    chmod o+x "$(dirname "$dir")"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    local pwfile
    pwfile=$(mktemp)
    echo "$password" > "$pwfile"
    chmod 644 "$pwfile"
    as_owner "$bin/initdb" -D "$dir" -U postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
}

stop() {
  as_owner "$bin/pg_ctl" -D "$1" -m fast -w -t 30 stop >/dev/null
}

case "${1:-}" in
  start) start "$2" "$3" ;;
  stop) stop "$2" ;;
  restart) as_owner "$bin/pg_ctl" -D "$2" -m fast -w -t 30 restart >/dev/null ;;
  *) echo "usage: $0 start DIR PORT | stop DIR | restart DIR" >&2; exit 2 ;;
esac
