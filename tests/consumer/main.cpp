// Built against the installed package by scripts/check-install.sh: registers a route and a gRPC service whose code
// gofr_grpc_generate() made, serves on ephemeral ports, and shuts down, proving headers, library and CMake package
// work outside the source tree.
#include <thread>

#include <gofr/gofr.hpp>
#include <gofr/grpc/service.hpp>

#include "ping.grpc.pb.h"

class Pinger final : public gofr::grpc::Service<consumer::Pinger> {
  grpc::ServerUnaryReactor* Ping(grpc::CallbackServerContext* call, const consumer::PingRequest*,
                                 consumer::PingReply* reply) override {
    return unary(call, [reply](gofr::Context&) { reply->set_message("pong"); });
  }
};

int main() {
  gofr::App app(gofr::Config({{"HTTP_PORT", "0"}, {"GRPC_PORT", "0"}, {"LOG_LEVEL", "ERROR"}}));
  app.get("/hello", [](gofr::Context&) { return "Hello World!"; });
  app.register_service(std::make_shared<Pinger>());
  std::thread stopper([&] {
    if (app.wait_until_serving()) app.shutdown();
  });
  const int code = app.run();
  stopper.join();
  return code == 0 && app.grpc_port() != 0 ? 0 : 1;
}
