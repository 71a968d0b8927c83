#!/usr/bin/env bash
# Everything `make test` runs: the release build with unit, integration and deployment tests, the local mesh, a
# consumer project built against the installed package, the README's run command, the whole suite again under
# ASan+UBSan and under TSan, and a short run of every fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc)
export CCACHE_DIR=${CCACHE_DIR:-$PWD/.ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}

section() { printf '\n==== %s ====\n' "$*"; }

section "release build"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$jobs"

section "backends"
scripts/test-backends.sh start
trap 'scripts/test-backends.sh stop' EXIT
# A test that needs a backend fails, rather than skips, when it is missing.
export GOFR_REQUIRE_BACKENDS=1

section "unit and integration tests"
ctest --test-dir build --output-on-failure -j "$jobs" -LE mesh

section "the local mesh (as root): trace, probes, rolling restart, retry storm, sidecar hop"
# Alone, and verbose: it prints what it measured.
ctest --test-dir build --output-on-failure -L mesh -V | grep -v '^[0-9]*: Test timeout\|^UpdateCTestConfiguration\|^Parse Config'

section "consumer project against the installed package"
scripts/check-install.sh build

section "the README's run command"
scripts/check-make-run.sh

section "ASan + UBSan build"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGOFR_SANITIZE=address,undefined \
  -DGOFR_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-asan -j "$jobs"
# The whole suite again, integration tests included: the server itself runs under the sanitizers.
GOFR_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

section "TSan build"
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGOFR_SANITIZE=thread \
  -DGOFR_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-tsan -j "$jobs"
# The servers under test inherit TSAN_OPTIONS: a race makes them exit non-zero, which the tests check.
GOFR_SANITIZED=1 TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/scripts/tsan.supp \
  ctest --test-dir build-tsan --output-on-failure -j "$jobs"

section "fuzz targets (short runs)"
scripts/run-fuzzers.sh 20
