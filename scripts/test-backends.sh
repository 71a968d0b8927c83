#!/usr/bin/env bash
# Starts and stops the backends the tests share, on loopback and non-default ports: PostgreSQL 15 on 5433 (user
# postgres, password gofr-test) and Redis 7 on 6380. Tests that stop or restart a backend start a private one instead
# (tests/integration/backends.py). State lives in GOFR_BACKENDS_DIR (default /tmp/gofr-test-backends).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${GOFR_BACKENDS_DIR:-/tmp/gofr-test-backends}
pg_port=${GOFR_TEST_PG_PORT:-5433}
redis_port=${GOFR_TEST_REDIS_PORT:-6380}

stop_redis() {
  if [ -f "$dir/redis/redis.pid" ]; then
    kill "$(cat "$dir/redis/redis.pid")" 2>/dev/null || true
    for _ in $(seq 50); do [ -f "$dir/redis/redis.pid" ] || break; sleep 0.1; done
    rm -f "$dir/redis/redis.pid"
  fi
}

case "${1:-}" in
  start)
    mkdir -p "$dir"
    if [ -f "$dir/pg/postmaster.pid" ]; then scripts/pg-cluster.sh stop "$dir/pg" || true; fi
    scripts/pg-cluster.sh start "$dir/pg" "$pg_port"
    echo "test-backends: PostgreSQL on 127.0.0.1:$pg_port"
    stop_redis
    mkdir -p "$dir/redis"
    redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --dir "$dir/redis" \
      --pidfile "$dir/redis/redis.pid" --logfile "$dir/redis/redis.log" --save "" --appendonly no --enable-debug-command local
    for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && break; sleep 0.1; done
    echo "test-backends: Redis on 127.0.0.1:$redis_port"
    ;;
  stop)
    if [ -f "$dir/pg/postmaster.pid" ]; then scripts/pg-cluster.sh stop "$dir/pg"; fi
    stop_redis
    echo "test-backends: stopped"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
