#!/usr/bin/env bash
# Installs the built library into a temporary prefix and builds tests/consumer against it with
# find_package(gofr), then runs the results once: proof that the exported package is usable on its own, and that a
# service linking gofr::gofr alone does not link what only gRPC services and databases need (ADR 0011).
set -euo pipefail
build_dir=${1:-build}
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
cmake -S tests/consumer -B "$prefix/consumer-build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$prefix/consumer-build" >/dev/null
"$prefix/consumer-build/consumer"
http_only="$prefix/consumer-build/consumer_http_only"
if linked=$(ldd "$http_only" | grep -E 'libgrpc|libprotobuf|libabsl|libpq|libsqlite3'); then
  echo "check-install: a service linking gofr::gofr alone links:" >&2
  echo "$linked" >&2
  exit 1
fi
# The installed module, not the build tree's: GOFR_MODULE_PATH is searched first.
GOFR_MODULE_PATH=$(dirname "$(find "$prefix" -name libgofr_otlp_grpc.so | head -1)") "$http_only"
