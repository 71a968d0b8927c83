#!/usr/bin/env bash
# Starts and stops the backends the tests share, on loopback and non-default ports: PostgreSQL 15 on 5433 (user
# postgres, password gofr-test). Tests that stop or restart a backend start a private one instead
# (tests/integration/backends.py). State lives in GOFR_BACKENDS_DIR (default /tmp/gofr-test-backends).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${GOFR_BACKENDS_DIR:-/tmp/gofr-test-backends}
pg_port=${GOFR_TEST_PG_PORT:-5433}

case "${1:-}" in
  start)
    mkdir -p "$dir"
    if [ -f "$dir/pg/postmaster.pid" ]; then scripts/pg-cluster.sh stop "$dir/pg" || true; fi
    scripts/pg-cluster.sh start "$dir/pg" "$pg_port"
    echo "test-backends: PostgreSQL on 127.0.0.1:$pg_port"
    ;;
  stop)
    if [ -f "$dir/pg/postmaster.pid" ]; then scripts/pg-cluster.sh stop "$dir/pg"; fi
    echo "test-backends: stopped"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
