#pragma once
// The gRPC server on GRPC_PORT: grpc++'s callback server with the app's services, the observing interceptor,
// grpc.health.v1 kept in step with the app's health, reflection when asked for, and a graceful stop inside the
// app's shutdown.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "gofr/grpc/service.hpp"

namespace grpc {
class Server;
class ServerBuilder;
}  // namespace grpc

namespace gofr::grpc::detail {

struct Runtime;
class HealthService;

struct GrpcServerOptions {
  std::uint16_t port = 9000;  // 0: any free port (tests)
  bool reflection = false;    // GRPC_ENABLE_REFLECTION
  std::vector<std::function<void(::grpc::ServerBuilder&)>> configure;  // app.grpc_server_options
};

class GrpcServer {
 public:
  GrpcServer(Runtime& runtime, std::vector<std::shared_ptr<ServiceBase>> services, GrpcServerOptions options);
  ~GrpcServer();

  // Binds and serves. Throws std::runtime_error when the port cannot be bound (taken, or not allowed).
  void start();
  std::uint16_t port() const noexcept { return port_; }

  // Keeps grpc.health.v1 (the server as "" and every service by name) in step with `serving`, polled on
  // `executor` every `interval`, from now until begin_drain().
  void follow_health(boost::asio::any_io_executor executor, std::function<Task<bool>()> serving,
                     std::chrono::milliseconds interval);
  // Health answers NOT_SERVING from now on, so that clients and load balancers move away; calls are still served.
  void begin_drain();
  // Stops accepting calls and lets those in flight finish until `deadline`, then cancels the rest. Returns once
  // every call is over.
  void stop(std::chrono::steady_clock::time_point deadline);

 private:
  struct HealthFollower;
  void set_serving(bool serving);

  Runtime& runtime_;
  std::vector<std::shared_ptr<ServiceBase>> services_;
  GrpcServerOptions options_;
  std::unique_ptr<HealthService> health_;
  std::unique_ptr<::grpc::Server> server_;
  std::shared_ptr<HealthFollower> follower_;
  std::uint16_t port_ = 0;
};

}  // namespace gofr::grpc::detail
