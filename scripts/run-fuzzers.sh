#!/usr/bin/env bash
# Builds every libFuzzer target with clang + ASan/UBSan and runs each for a few seconds from its seed corpus
# (fuzz/corpus/<target>/). Usage: scripts/run-fuzzers.sh [seconds-per-target]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++-14 \
  -DGOFR_BUILD_FUZZERS=ON -DGOFR_BUILD_TESTS=OFF -DGOFR_BUILD_EXAMPLES=OFF -DGOFR_BUILD_BENCHMARKS=OFF \
  -DGOFR_SANITIZE=address,undefined >/dev/null
cmake --build build-fuzz -j "$(nproc)"
for corpus in fuzz/corpus/*/; do
  target=$(basename "$corpus")
  work=$(mktemp -d)
  cp -r "$corpus". "$work/"
  echo "fuzzing $target for ${seconds}s"
  build-fuzz/fuzz/"${target}"_fuzzer -max_total_time="$seconds" -max_len=16384 -timeout=10 -artifact_prefix=build-fuzz/"$target"- "$work" \
    2> "build-fuzz/${target}.log" || { tail -50 "build-fuzz/${target}.log"; exit 1; }
  rm -rf "$work"
done
echo "fuzzers: every target ran clean"
