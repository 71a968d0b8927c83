#!/usr/bin/env bash
# Installs every Debian 12 package gofr-cpp needs to build, test, benchmark and run its examples.
# Idempotent: packages already present are skipped, and apt is not touched when nothing is missing.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache mold pkg-config git clang-14 lld-14 libclang-rt-14-dev
  clang-format clang-tidy
  # libraries
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-context1.81-dev
  libssl-dev libfmt-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  curl wrk nginx-light golang-go procps util-linux openssl
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
