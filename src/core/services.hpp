#pragma once
// What every request can reach: the app's config, logger, blocking pool and tracer. Owned by the app, shared read-only
// by the workers.
#include <memory>
#include <string>
#include <unordered_map>

#include "core/blocking_pool.hpp"
#include "gofr/config.hpp"
#include "gofr/logging.hpp"
#include "metrics/registry.hpp"
#include "tracing/tracer.hpp"

namespace gofr::service {
class HttpService;
}
namespace gofr::sql::detail {
class Datasource;
}
namespace gofr::redis::detail {
class Datasource;
}
namespace gofr::grpc::detail {
class Channel;
class GrpcMetrics;
}

namespace gofr::detail {

// The services registered with add_http_service, by name.
using HttpServices = std::unordered_map<std::string, std::unique_ptr<service::HttpService>>;
// The services registered with add_grpc_service, by name.
using GrpcChannels = std::unordered_map<std::string, std::unique_ptr<grpc::detail::Channel>>;

struct Services {
  const Config& config;
  Logger& logger;
  BlockingPool& blocking_pool;
  const tracing::Tracer& tracer;
  metrics::Registry* metrics = nullptr;  // null when METRICS_PORT=0: the server records nothing
  Metrics& metrics_api;                  // the user API, usable even when nothing is served
  std::string app_name;
  std::string app_version;
  const HttpServices* http_services = nullptr;
  const GrpcChannels* grpc_channels = nullptr;
  grpc::detail::GrpcMetrics* grpc_metrics = nullptr;  // null when METRICS_PORT=0 or without gRPC
  sql::detail::Datasource* sql = nullptr;      // DB_DIALECT's database, or null
  redis::detail::Datasource* redis = nullptr;  // REDIS_HOST's server, or null
};

}  // namespace gofr::detail
