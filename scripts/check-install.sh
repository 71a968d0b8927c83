#!/usr/bin/env bash
# Installs the built library into a temporary prefix and builds tests/consumer against it with
# find_package(gofr), then runs the result once: proof that the exported package is usable on its own.
set -euo pipefail
build_dir=${1:-build}
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
cmake -S tests/consumer -B "$prefix/consumer-build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$prefix/consumer-build" >/dev/null
"$prefix/consumer-build/consumer"
