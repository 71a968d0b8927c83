#include "metrics/metrics_server.hpp"

namespace gofr::detail {

namespace {

http::Router<Route> metrics_routes(metrics::Registry& registry) {
  http::Router<Route> router;
  Handler scrape = [&registry](Context& ctx) -> Task<void> {
    auto& response = ctx.response();
    response.set_header("Content-Type", metrics::Registry::content_type);
    response.body = registry.serialize();
    co_return;
  };
  router.add("GET", "/metrics", Route{"GET", "/metrics", RouteHandler{nullptr, std::move(scrape)}, {}, false});
  return router;
}

ServerOptions metrics_options(std::uint16_t port) {
  ServerOptions options;
  options.port = port;
  options.workers = 1;
  options.log_requests = false;
  options.thread_name = "gofr-metrics";
  return options;
}

}  // namespace

MetricsServer::MetricsServer(const Services& app, metrics::Registry& registry, std::uint16_t port)
    : tracer_(tracing::Sampler(0.0), nullptr),
      services_{app.config, app.logger,      app.blocking_pool, tracer_,
                nullptr,    app.metrics_api, app.app_name,      app.app_version},
      dispatcher_(std::make_unique<Dispatcher>(metrics_routes(registry), std::vector<Middleware>{},
                                               http::Cors(app.config, {"GET"}), DispatchOptions{})),
      server_(std::make_unique<Server>(services_, *dispatcher_, metrics_options(port))) {
  server_->start();
  server_->accept();
}

MetricsServer::~MetricsServer() = default;

}  // namespace gofr::detail
