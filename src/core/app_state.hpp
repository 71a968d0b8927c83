#pragma once
// What an App holds between construction and the end of run(): the configuration, the registrations, the phase.
// Private to the framework; shared by app.cpp and the gofr::grpc library's App members (app_grpc.cpp).
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "core/grpc_support.hpp"
#include "gofr/app.hpp"
#include "gofr/version.hpp"
#include "metrics/registry.hpp"

namespace gofr::detail {

struct GroupState {
  std::string prefix;
  std::vector<Middleware> middleware;
  std::shared_ptr<GroupState> parent;
};

struct PendingRoute {
  std::string method;
  std::string pattern;
  RouteHandler handler;
  std::shared_ptr<GroupState> group;
};

struct AppState {
  explicit AppState(Config c)
      : config(std::move(c)),
        logger(LoggerOptions{.level = initial_level(config), .framework_version = framework_version}),
        app_name(config.get_or("APP_NAME", "gofr-app")),
        app_version(config.get_or("APP_VERSION", "dev")),
        metrics(metrics::RegistryOptions{.app_name = app_name, .app_version = app_version}, logger) {}

  // An invalid LOG_LEVEL is reported by run() (start-up fails); until then the logger uses INFO.
  static Level initial_level(const Config& config) {
    return parse_level(config.get_or("LOG_LEVEL", "INFO")).value_or(Level::info);
  }

  Config config;
  Logger logger;
  std::string app_name, app_version;
  metrics::Registry metrics;  // exists from construction, so metrics can be registered before run()
  std::vector<std::string> config_notes;
  std::string load_error;  // a config file that could not be parsed

  std::vector<PendingRoute> routes;
  std::vector<Middleware> middleware;
  std::vector<std::function<void(App&)>> start_hooks;
  std::vector<std::tuple<std::string, HealthCheck, HealthCheckOptions>> health_checks;
  std::vector<service::ServiceOptions> http_services;
  migration::Migrations migrations;
  std::string migration_error;  // a version given twice
  std::unique_ptr<GrpcSupport> grpc;  // installed by the first of App's gRPC members (gofr::grpc), else null

  boost::asio::io_context control{1};
  std::atomic<bool> shutdown_requested{false};
  std::atomic<bool> draining{false};
  std::atomic<std::uint16_t> port{0};
  std::atomic<std::uint16_t> grpc_port{0};

  enum class Phase { registering, serving, failed, stopped };
  mutable std::mutex phase_mutex;
  mutable std::condition_variable phase_changed;
  Phase phase = Phase::registering;

  void set_phase(Phase p) {
    {
      std::lock_guard lock(phase_mutex);
      phase = p;
    }
    phase_changed.notify_all();
  }
};

}  // namespace gofr::detail
