#pragma once
// GET /metrics on METRICS_PORT, served by the framework's own HTTP server (one worker thread), so scrapes never
// compete with the app's request loops. Scrapes are not logged, traced or counted, like GoFr's metrics server.
#include <cstdint>
#include <memory>

#include "core/services.hpp"
#include "http/dispatcher.hpp"
#include "http/server.hpp"
#include "metrics/registry.hpp"

namespace gofr::detail {

class MetricsServer {
 public:
  // Binds and starts serving; throws like Server::start() when the port is taken.
  MetricsServer(const Services& app_services, metrics::Registry& registry, std::uint16_t port);
  ~MetricsServer();

  std::uint16_t port() const noexcept { return server_->port(); }
  void stop() { server_->stop(); }

 private:
  tracing::Tracer tracer_;  // ids only: scrapes are not exported
  Services services_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<Server> server_;
};

}  // namespace gofr::detail
