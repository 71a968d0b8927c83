// Built against the installed package by scripts/check-install.sh, linking gofr::gofr alone: a service without gRPC
// or a database, which must not link grpc++, protobuf, libpq or SQLite (ADR 0011; the script checks with ldd). It
// exports spans over OTLP/gRPC, so the installed module libgofr_otlp_grpc.so must load, and it does the same with
// a SQLite database, which must load libsqlite3 on demand.
#include <thread>

#include <gofr/gofr.hpp>

int main() {
  gofr::App app(gofr::Config({{"HTTP_PORT", "0"},
                              {"METRICS_PORT", "0"},
                              {"LOG_LEVEL", "ERROR"},
                              {"TRACE_EXPORTER", "otlp"},
                              {"TRACER_URL", "127.0.0.1:9"},
                              {"DB_DIALECT", "sqlite"},
                              {"DB_NAME", ":memory:"}}));
  app.get("/hello", [](gofr::Context&) { return "Hello World!"; });
  std::thread stopper([&] {
    if (app.wait_until_serving()) app.shutdown();
  });
  const int code = app.run();
  stopper.join();
  return code == 0 && app.http_port() != 0 ? 0 : 1;
}
