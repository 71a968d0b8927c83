// App's gRPC members (gofr/app.hpp), defined in the gofr::grpc library with everything else that needs grpc++, so
// that a service which calls none of them never links it (ADR 0011). The first call installs a GrpcSupport in the
// app; run() then drives it through that interface (core/grpc_support.hpp).
#include <stdexcept>
#include <tuple>

#include "core/app_state.hpp"
#include "core/grpc_support.hpp"
#include "gofr/app.hpp"
#include "gofr/grpc/client.hpp"
#include "grpc/channel.hpp"
#include "grpc/grpc_metrics.hpp"
#include "grpc/grpc_server.hpp"
#include "grpc/runtime.hpp"

namespace gofr {

namespace grpc::detail {
namespace {

class Serving final : public gofr::detail::GrpcServing {
 public:
  Serving(const gofr::detail::Services& services, std::vector<std::shared_ptr<ServiceBase>> registered,
          std::vector<Interceptor> interceptors, GrpcServerOptions server_options,
          gofr::detail::GrpcServeOptions options)
      : runtime_(services, options.workers, std::move(interceptors), options.log_disable_probes),
        server_(runtime_, std::move(registered), std::move(server_options)) {
    server_.start();
    server_.follow_health(options.workers.front(), std::move(options.serving), options.health_interval);
  }

  std::uint16_t port() const noexcept override { return server_.port(); }
  void begin_drain() override { server_.begin_drain(); }
  void stop(std::chrono::steady_clock::time_point deadline) override { server_.stop(deadline); }

 private:
  Runtime runtime_;
  GrpcServer server_;  // after the runtime it uses
};

class Support final : public gofr::detail::GrpcSupport {
 public:
  void prepare(gofr::detail::Services& services) override {
    const auto& config = services.config;
    server_options_.port = static_cast<std::uint16_t>(config.get_int("GRPC_PORT", 9000, 0, 65535));
    server_options_.reflection = config.get_bool("GRPC_ENABLE_REFLECTION", false);
    server_options_.configure = configure;
    for (auto& [name, target, options] : clients) {
      if (channels_.contains(name)) throw std::invalid_argument("gRPC service " + name + " is added twice");
      channels_.emplace(name, std::make_unique<Channel>(name, target, options));
    }
    services.grpc_channels = &channels_;
    if (services.metrics) {
      metrics_ = std::make_shared<GrpcMetrics>(services.metrics->scope_labels());
      services.metrics->add_collector(metrics_,
                                      {GrpcMetrics::server_name, GrpcMetrics::stream_name, GrpcMetrics::client_name});
      services.grpc_metrics = metrics_.get();
    }
  }

  std::unique_ptr<gofr::detail::GrpcServing> serve(const gofr::detail::Services& services,
                                                   gofr::detail::GrpcServeOptions options) override {
    if (registered.empty()) return nullptr;
    register_grpc_gauges(services.metrics_api);
    return std::make_unique<Serving>(services, registered, interceptors, server_options_, std::move(options));
  }

  // What App's members registered, in order.
  std::vector<std::shared_ptr<ServiceBase>> registered;
  std::vector<Interceptor> interceptors;
  std::vector<std::function<void(::grpc::ServerBuilder&)>> configure;
  std::vector<std::tuple<std::string, std::string, ClientOptions>> clients;

 private:
  GrpcServerOptions server_options_;
  gofr::detail::GrpcChannels channels_;
  std::shared_ptr<GrpcMetrics> metrics_;
};

Support& support(gofr::detail::AppState& state) {
  if (!state.grpc) state.grpc = std::make_unique<Support>();
  return static_cast<Support&>(*state.grpc);
}

}  // namespace
}  // namespace grpc::detail

void App::register_service(std::shared_ptr<grpc::ServiceBase> service) {
  grpc::detail::support(*state_).registered.push_back(std::move(service));
}

App& App::grpc_use(grpc::Interceptor interceptor) {
  grpc::detail::support(*state_).interceptors.push_back(std::move(interceptor));
  return *this;
}

App& App::grpc_server_options(std::function<void(::grpc::ServerBuilder&)> configure) {
  grpc::detail::support(*state_).configure.push_back(std::move(configure));
  return *this;
}

void App::add_grpc_service(std::string name, std::string target) {
  add_grpc_service(std::move(name), std::move(target), {});
}

void App::add_grpc_service(std::string name, std::string target, const grpc::ClientOptions& options) {
  grpc::detail::support(*state_).clients.emplace_back(std::move(name), std::move(target), options);
}

}  // namespace gofr
