#pragma once
// gofr::App: the service. Construct it (reads configs/.env and the environment), register routes, middleware,
// health checks and start hooks, then `run()` until SIGTERM/SIGINT or `shutdown()`.
//
//   gofr::App app;
//   app.get("/hello", [](gofr::Context&) { return "Hello World!"; });
//   return app.run();
//
// Registration is not thread-safe and must finish before run(). run() blocks the calling thread.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "gofr/config.hpp"
#include "gofr/grpc/interceptor.hpp"
#include "gofr/handler.hpp"
#include "gofr/health.hpp"
#include "gofr/logging.hpp"
#include "gofr/metrics.hpp"
#include "gofr/migration.hpp"
#include "gofr/service/options.hpp"

namespace grpc {
class ServerBuilder;
}

namespace gofr {

namespace grpc {
class ServiceBase;
struct ClientOptions;
}

namespace detail {
struct AppState;
struct GroupState;
}  // namespace detail

class App;

// Routes under a common prefix with their own middleware (applied after the app's, in registration order).
class Group : public Routes<Group> {
 public:
  Group& use(Middleware middleware);
  Group group(std::string_view prefix);
  void add_route(std::string_view method, std::string_view pattern, Handler handler) {
    add_route(method, pattern, detail::RouteHandler{nullptr, std::move(handler)});
  }
  void add_route(std::string_view method, std::string_view pattern, detail::RouteHandler handler);

 private:
  friend class App;
  Group(detail::AppState& app, std::shared_ptr<detail::GroupState> state) : app_(&app), state_(std::move(state)) {}
  detail::AppState* app_;
  std::shared_ptr<detail::GroupState> state_;
};

class App : public Routes<App> {
 public:
  // Loads configuration from ./configs and the environment. A malformed file makes run() fail start-up.
  App();
  explicit App(Config config);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  void add_route(std::string_view method, std::string_view pattern, Handler handler) {
    add_route(method, pattern, detail::RouteHandler{nullptr, std::move(handler)});
  }
  void add_route(std::string_view method, std::string_view pattern, detail::RouteHandler handler);
  Group group(std::string_view prefix);
  // Middleware for every request, run in registration order after the built-in ones (log, CORS).
  App& use(Middleware middleware);

  // Runs before the servers start, in order. An exception aborts start-up: run() logs it and returns 1.
  App& on_start(std::function<void(App&)> hook);

  void add_health_check(std::string name, HealthCheck check, HealthCheckOptions options = {});

  // GoFr's Migrate: run() applies the pending ones once the datasources are set up, before the servers start
  // (gofr/migration.hpp). Called again, it adds to the set; a version given twice fails start-up.
  App& migrate(migration::Migrations migrations);

  // GoFr's AddHTTPService: a downstream service that handlers call as ctx.service(name). The options
  // (gofr/service/options.hpp: Retry, CircuitBreaker, RateLimiter, …) may come in any order. An invalid base URL
  // or option makes run() fail start-up with a message naming the service.
  template <class... Options>
  void add_http_service(std::string name, std::string base_url, Options... options) {
    service::ServiceOptions config;
    config.name = std::move(name);
    config.base_url = std::move(base_url);
    (service::apply(config, std::move(options)), ...);
    add_http_service(std::move(config));
  }
  void add_http_service(service::ServiceOptions options);

  // The gRPC members, from here to add_grpc_service, are defined in the gofr::grpc library: a service that calls
  // them links gofr::grpc instead of gofr::gofr, and one that does not never links grpc++ (docs/grpc.md).
  //
  // GoFr's RegisterService: serves `service` (gofr/grpc/service.hpp) on GRPC_PORT. The gRPC server starts only
  // when at least one service is registered.
  void register_service(std::shared_ptr<grpc::ServiceBase> service);
  // An interceptor around every gRPC handler, after the built-in ones, in registration order
  // (gofr/grpc/interceptor.hpp); auth hooks are interceptors.
  App& grpc_use(grpc::Interceptor interceptor);
  // Tunes grpc++'s ServerBuilder before the server starts: message size limits, keepalive, channel arguments,
  // thread pools. Credentials and listening ports are the framework's (GRPC_PORT, plaintext for the mesh's
  // sidecar to secure).
  App& grpc_server_options(std::function<void(::grpc::ServerBuilder&)> configure);
  // A downstream gRPC service that handlers call as gofr::grpc::client<Generated>(ctx, name)
  // (gofr/grpc/client.hpp). `target` is a gRPC name: "host:port", "dns:///host:port", "unix:path". An invalid
  // option makes run() fail start-up with a message naming the service.
  void add_grpc_service(std::string name, std::string target);
  void add_grpc_service(std::string name, std::string target, const grpc::ClientOptions& options);

  const Config& config() const noexcept;
  Logger& logger() noexcept;
  // Custom metrics, served with the framework's on METRICS_PORT (GoFr's app.Metrics()); see gofr/metrics.hpp.
  Metrics& metrics() noexcept;

  // Serves until SIGTERM/SIGINT or shutdown(), then drains gracefully. Returns the process exit code:
  // 0 after a clean shutdown, 1 when start-up failed (bad config, port taken, failing start hook).
  int run();
  // Starts the graceful shutdown from any thread (or a signal handler's thread); run() then returns.
  void shutdown() noexcept;

  // The bound HTTP port once serving (useful with HTTP_PORT=0); 0 before.
  std::uint16_t http_port() const noexcept;
  // The bound gRPC port once serving (useful with GRPC_PORT=0); 0 before, and when no service is registered.
  std::uint16_t grpc_port() const noexcept;
  // Blocks until the app is serving or has failed to start; returns true when serving. For tests and embedding.
  bool wait_until_serving() const;

 private:
  std::unique_ptr<detail::AppState> state_;
};

}  // namespace gofr
