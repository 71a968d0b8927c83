#!/usr/bin/env bash
# Installs every Debian 12 package gofr-cpp needs to build, test, benchmark and run its examples.
# Idempotent: packages already present are skipped, and apt is not touched when nothing is missing.
# GOFR_DEPS=build installs only what building the library and a service needs (the container image's build stage);
# the default, all, adds the test backends, peers and benchmark tools.
set -euo pipefail

build_packages=(
  # toolchain
  build-essential cmake ninja-build ccache mold pkg-config git clang-14 lld-14 libclang-rt-14-dev
  clang-format clang-tidy
  # libraries
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-context1.81-dev
  libssl-dev libfmt-dev prometheus-cpp-dev libgrpc++-dev libsqlite3-dev libpq-dev libhiredis-dev
  # gofr_grpc_generate: protoc, its C++ runtime headers, and grpc++'s code generator
  protobuf-compiler libprotobuf-dev protobuf-compiler-grpc
)
test_packages=(
  # tests and benchmarks
  postgresql-15 redis-server
  libgtest-dev libgmock-dev libbenchmark-dev
  curl wrk nginx-light golang-go procps util-linux openssl
  # instruction counts of the hot paths (bench/grpc_instructions.sh)
  valgrind
  # h2load: HTTP/2 load for the gRPC benchmark
  nghttp2-client
  # Prometheus itself and promtool, to lint and scrape the metrics endpoint in the tests
  prometheus
  # interop checks of the trace exporters' payloads (tests/interop): Google's protobuf runtime, JSON Schema
  python3-protobuf python3-jsonschema
  # a real gRPC peer (Python grpcio): OTLP/gRPC collector in the tracing tests, client in the gRPC tests; the
  # official grpc.health.v1 and reflection .proto files those clients compile
  python3-grpcio grpc-proto
  # a real proxy that retries 5xx: the second retry layer of the service client's mesh tests
  haproxy
  # the deployment kit's tests read the Kubernetes manifests (tests/deploy)
  python3-yaml
  # the local mesh test puts each service in a network namespace (ip netns) behind an HAProxy sidecar (tests/mesh)
  iproute2
)


case ${GOFR_DEPS:-all} in
  all) packages=("${build_packages[@]}" "${test_packages[@]}") ;;
  build) packages=("${build_packages[@]}") ;;
  *) echo "install-deps: GOFR_DEPS is 'all' or 'build', not '$GOFR_DEPS'" >&2; exit 2 ;;
esac

# npm peers of the interop checks, pinned, outside the source tree (tests/interop reads GOFR_NODE_MODULES, defaulting
# to this prefix). Uses the machine's own Node.js and npm; a check whose peer is missing is skipped, not failed.
node_prefix=${GOFR_NODE_PREFIX:-/opt/gofr-interop-node}
node_packages=(@opentelemetry/exporter-zipkin@2.12.1 @opentelemetry/api@1.9.0 @opentelemetry/core@2.12.1
  @grpc/grpc-js@1.14.7 @grpc/proto-loader@0.8.1)
install_node_peers() {
  command -v npm >/dev/null || { echo "install-deps: npm not found; skipping the interop npm peers"; return 0; }
  local want have
  for want in "${node_packages[@]}"; do
    have=$(sed -n 's/^  "version": "\([^"]*\)".*/\1/p' "$node_prefix/node_modules/${want%@*}/package.json" 2>/dev/null || true)
    if [ "$have" != "${want##*@}" ]; then
      echo "install-deps: installing ${node_packages[*]} into $node_prefix"
      mkdir -p "$node_prefix" 2>/dev/null || { echo "install-deps: cannot create $node_prefix; skipping"; return 0; }
      npm install --prefix "$node_prefix" --no-audit --no-fund --silent "${node_packages[@]}" ||
        echo "install-deps: npm install failed; the interop checks that need these peers will be skipped"
      return 0
    fi
  done
}
[ "${GOFR_DEPS:-all}" = build ] || install_node_peers

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
