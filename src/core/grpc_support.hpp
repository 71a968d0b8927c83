#pragma once
// The gRPC side of an App, behind an interface so that a service without gRPC never links grpc++ (ADR 0011). App's
// gRPC members (register_service, grpc_use, grpc_server_options, add_grpc_service) are defined in the gofr::grpc
// library; the first of them called installs that library's GrpcSupport in the app, and run() drives it.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "core/services.hpp"
#include "gofr/task.hpp"

namespace gofr::detail {

// A running gRPC server. Destroyed before the HTTP server, whose workers run its handlers.
class GrpcServing {
 public:
  virtual ~GrpcServing() = default;
  virtual std::uint16_t port() const noexcept = 0;
  // Health turns NOT_SERVING, so that clients move away before the server stops taking calls.
  virtual void begin_drain() = 0;
  // Lets the calls in flight finish until `deadline`, then cancels the rest.
  virtual void stop(std::chrono::steady_clock::time_point deadline) = 0;
};

struct GrpcServeOptions {
  std::vector<boost::asio::any_io_executor> workers;  // the HTTP server's: handlers run where requests do
  bool log_disable_probes = false;                    // LOG_DISABLE_PROBES
  std::function<Task<bool>()> serving;                // the app's health, which grpc.health.v1 follows
  std::chrono::milliseconds health_interval{1000};    // how often `serving` is asked
};

class GrpcSupport {
 public:
  virtual ~GrpcSupport() = default;
  // Before the datasources: reads the GRPC_* settings, makes the channels of add_grpc_service
  // (services.grpc_channels) and, when metrics are served, the gRPC metrics (services.grpc_metrics). Throws
  // config_error or std::invalid_argument naming the problem, which fails start-up.
  virtual void prepare(Services& services) = 0;
  // Once the HTTP server has started: serves the registered services on GRPC_PORT, or returns null when none is
  // registered. Throws when the port cannot be bound.
  virtual std::unique_ptr<GrpcServing> serve(const Services& services, GrpcServeOptions options) = 0;
};

}  // namespace gofr::detail
