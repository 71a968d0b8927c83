# A gofr-cpp service as a container image: built on Debian 12 the way the README builds it (scripts/install-deps.sh
# through `make build`), run on debian:12-slim with only the shared libraries the binary links, as a non-root user.
#
#   docker build --build-arg EXAMPLE=grpc -t gofr-grpc .
#   docker run -p 8000:8000 -p 9000:9000 -p 2121:2121 gofr-grpc
#
# A service of your own: put it under examples/<name> (main.cpp, configs/.env, CMake target <name>) or change
# the build stage's last step to build your target. tests/deploy/test_image.py checks that the runtime packages
# below provide every library the binaries need, so the list cannot fall behind the code.
ARG EXAMPLE=hello

FROM debian:12 AS build
ARG EXAMPLE
WORKDIR /src
# The install script first, on its own layer: it changes far less often than the sources. The base image has no
# make, which the README takes for granted.
COPY Makefile ./
COPY scripts/install-deps.sh scripts/
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends make \
 && GOFR_DEPS=build make deps && rm -rf /var/lib/apt/lists/*
COPY . .
RUN GOFR_DEPS=build make build EXAMPLE="$EXAMPLE" \
      CMAKE_ARGS="-DGOFR_BUILD_TESTS=OFF -DGOFR_BUILD_BENCHMARKS=OFF" \
 && install -D -m 0755 "build/examples/$EXAMPLE/$EXAMPLE" /out/service \
 && install -m 0644 build/lib/gofr/libgofr_*.so /out/ \
 && cp -r "examples/$EXAMPLE/configs" /out/configs

FROM debian:12-slim
# The libraries the service links (and, through their own dependencies, theirs), those it loads when its
# configuration asks (libpq5 and libsqlite3-0 for DB_DIALECT, grpc++ for the OTLP/gRPC module copied next to the
# binary), and CA certificates for TLS to other services and to a tracing collector.
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends \
      libgrpc++1.51 libgrpc29 libprotobuf32 libabsl20220623 \
      libfmt9 libssl3 libprometheus-cpp-core1.0 \
      libsqlite3-0 libpq5 libhiredis0.14 \
      ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin gofr
WORKDIR /app
COPY --from=build --chown=root:root /out/ /app/
# configs/.env is read from the working directory, as GoFr does. The service may create files there (an SQLite
# DB_NAME relative to it, as the examples use) but not change the binary or its configs, which stay root's. Under
# a read-only root file system (deploy/k8s), give SQLite an absolute DB_NAME in /app/data, the writable volume.
RUN chown gofr:gofr /app && install -d -o gofr -g gofr /app/data
USER 10001:10001
# HTTP (with the health probes), gRPC, metrics.
EXPOSE 8000 9000 2121
ENTRYPOINT ["/app/service"]
