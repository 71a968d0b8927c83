#!/usr/bin/env bash
# Starts and stops the backends the tests need, on loopback and non-default ports. The foundation's tests need
# none yet; datasource issues add PostgreSQL (5433) and Redis (6380) here.
set -euo pipefail
case "${1:-}" in
  start) echo "test-backends: nothing to start" ;;
  stop) echo "test-backends: nothing to stop" ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
