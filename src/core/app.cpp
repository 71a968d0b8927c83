#include "gofr/app.hpp"

#include <csignal>
#include <optional>

#include <boost/asio/ssl/context.hpp>
#include <boost/json/object.hpp>

#include "core/app_state.hpp"
#include "core/cpu_quota.hpp"
#include "core/open_file_limit.hpp"
#include "core/services.hpp"
#include "core/termination_signals.hpp"
#include "health/health_registry.hpp"
#include "http/dispatcher.hpp"
#include "http/server.hpp"
#include "metrics/metrics_server.hpp"
#include "migration/migrator.hpp"
#include "redis/datasource.hpp"
#include "service/amplification_lint.hpp"
#include "service/http_service.hpp"
#include "sql/observed_statement.hpp"
#include "sql/sql_config.hpp"
#include "tracing/tracing_setup.hpp"

namespace gofr {

namespace asio = boost::asio;

namespace detail {

namespace {

std::string join_pattern(const GroupState* group, std::string_view pattern) {
  std::string prefix;
  for (auto* g = group; g; g = g->parent.get()) prefix.insert(0, g->prefix);
  if (prefix.empty()) return std::string(pattern);
  if (pattern == "/" || pattern.empty()) return prefix;
  return prefix + std::string(pattern);
}

std::vector<Middleware> chain_of(const std::shared_ptr<GroupState>& group) {
  std::vector<const GroupState*> groups;
  for (auto* g = group.get(); g; g = g->parent.get()) groups.insert(groups.begin(), g);
  std::vector<Middleware> chain;
  for (auto* g : groups) chain.insert(chain.end(), g->middleware.begin(), g->middleware.end());
  return chain;
}

// A connection timeout of zero would close every connection at once; it is a mistake, not "no timeout".
std::chrono::nanoseconds positive_duration(const Config& config, std::string_view key,
                                           std::chrono::nanoseconds fallback) {
  const auto value = config.get_duration(key, fallback);
  if (value.count() <= 0) {
    throw config_error("invalid value \"" + std::string(*config.get(key)) + "\" for " + std::string(key) +
                       ": expected a duration greater than zero, such as 5s");
  }
  return value;
}

ServerOptions server_options(const Config& config) {
  ServerOptions o;
  o.port = static_cast<std::uint16_t>(config.get_int("HTTP_PORT", 8000, 0, 65535));
  const auto workers = config.get_int("WORKER_THREADS", 0, 0, 1024);
  o.workers = workers == 0 ? usable_cpus() : static_cast<std::size_t>(workers);
  o.max_header_bytes = static_cast<std::size_t>(config.get_int("HTTP_MAX_HEADER_BYTES", 64 * 1024, 1024, 16 << 20));
  o.max_body_bytes =
      static_cast<std::uint64_t>(config.get_int("HTTP_MAX_BODY_BYTES", 32 << 20, 0, std::int64_t{1} << 40));
  o.header_timeout = positive_duration(config, "HTTP_READ_HEADER_TIMEOUT", std::chrono::seconds(5));
  o.idle_timeout = positive_duration(config, "HTTP_IDLE_TIMEOUT", std::chrono::seconds(120));
  o.body_timeout = positive_duration(config, "HTTP_READ_BODY_TIMEOUT", std::chrono::seconds(60));
  o.log_disable_probes = config.get_bool("LOG_DISABLE_PROBES", false);

  const auto cert = config.get("CERT_FILE");
  const auto key = config.get("KEY_FILE");
  if (cert.has_value() != key.has_value()) {
    throw config_error("CERT_FILE and KEY_FILE must be set together to serve HTTPS");
  }
  if (cert) {
    auto tls = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
    tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    try {
      tls->use_certificate_chain_file(std::string(*cert));
      tls->use_private_key_file(std::string(*key), asio::ssl::context::pem);
    } catch (const boost::system::system_error& e) {
      throw config_error("cannot load CERT_FILE/KEY_FILE (" + std::string(*cert) + ", " + std::string(*key) +
                         "): " + e.code().message());
    }
    o.tls = std::move(tls);
  }
  return o;
}

}  // namespace
}  // namespace detail

App::App() {
  std::vector<std::string> notes;
  std::string load_error;
  Config config;
  try {
    config = Config::load("configs", &notes);
  } catch (const config_error& e) {
    load_error = e.what();  // reported by run(), which then fails start-up with exit code 1
  }
  state_ = std::make_unique<detail::AppState>(std::move(config));
  state_->config_notes = std::move(notes);
  state_->load_error = std::move(load_error);
}

App::App(Config config) : state_(std::make_unique<detail::AppState>(std::move(config))) {}

App::~App() = default;

void App::add_route(std::string_view method, std::string_view pattern, detail::RouteHandler handler) {
  state_->routes.push_back({std::string(method), std::string(pattern), std::move(handler), nullptr});
}

Group App::group(std::string_view prefix) {
  return Group(*state_, std::make_shared<detail::GroupState>(detail::GroupState{std::string(prefix), {}, nullptr}));
}

App& App::use(Middleware middleware) {
  state_->middleware.push_back(std::move(middleware));
  return *this;
}

App& App::migrate(migration::Migrations migrations) {
  for (auto& [version, up] : migrations) {
    if (!state_->migrations.emplace(version, std::move(up)).second) {
      state_->migration_error = "app.migrate: version " + std::to_string(version) + " is given twice";
    }
  }
  return *this;
}

App& App::on_start(std::function<void(App&)> hook) {
  state_->start_hooks.push_back(std::move(hook));
  return *this;
}

void App::add_http_service(service::ServiceOptions options) { state_->http_services.push_back(std::move(options)); }

void App::add_health_check(std::string name, HealthCheck check, HealthCheckOptions options) {
  state_->health_checks.emplace_back(std::move(name), std::move(check), options);
}

const Config& App::config() const noexcept { return state_->config; }
Logger& App::logger() noexcept { return state_->logger; }
Metrics& App::metrics() noexcept { return state_->metrics.metrics(); }
std::uint16_t App::http_port() const noexcept { return state_->port.load(); }
std::uint16_t App::grpc_port() const noexcept { return state_->grpc_port.load(); }

bool App::wait_until_serving() const {
  std::unique_lock lock(state_->phase_mutex);
  state_->phase_changed.wait(lock, [&] { return state_->phase != detail::AppState::Phase::registering; });
  return state_->phase == detail::AppState::Phase::serving;
}

void App::shutdown() noexcept {
  state_->shutdown_requested = true;
  asio::post(state_->control, [s = state_.get()] { s->control.stop(); });
}

Group& Group::use(Middleware middleware) {
  state_->middleware.push_back(std::move(middleware));
  return *this;
}

Group Group::group(std::string_view prefix) {
  return Group(*app_, std::make_shared<detail::GroupState>(detail::GroupState{std::string(prefix), {}, state_}));
}

void Group::add_route(std::string_view method, std::string_view pattern, detail::RouteHandler handler) {
  app_->routes.push_back({std::string(method), std::string(pattern), std::move(handler), state_});
}

int App::run() {
  auto& s = *state_;
  detail::TerminationSignals termination_signals;  // a SIGTERM during start-up waits until the app serves
  // A log pipe whose reader died must not kill the service: writes then fail with EPIPE instead (sockets never
  // raise SIGPIPE, Asio sends with MSG_NOSIGNAL). Servers such as nginx make the same choice.
  std::signal(SIGPIPE, SIG_IGN);
  detail::raise_open_file_limit();
  auto& log = s.logger;
  for (const auto& note : s.config_notes) log.info(note);
  auto fail = [&](std::string_view message) {
    log.fatal(message);
    log.flush();
    s.set_phase(detail::AppState::Phase::failed);
    return 1;
  };

  detail::ServerOptions options;
  std::optional<std::chrono::nanoseconds> request_timeout;
  std::chrono::nanoseconds grace{}, drain_delay{}, health_ttl{};
  std::size_t blocking_threads = 0;
  std::uint16_t metrics_port = 0;
  tracing::TracingSetup tracing_setup;
  try {
    if (!s.load_error.empty()) throw config_error(s.load_error);
    if (auto level = s.config.get("LOG_LEVEL"); level && !parse_level(*level)) {
      throw config_error("invalid value \"" + std::string(*level) +
                         "\" for LOG_LEVEL: expected DEBUG, INFO, NOTICE, WARN, ERROR or FATAL");
    }
    options = detail::server_options(s.config);
    if (s.config.get("REQUEST_TIMEOUT")) {
      request_timeout = s.config.get_duration("REQUEST_TIMEOUT", {});
      if (request_timeout->count() == 0) request_timeout.reset();
    }
    grace = s.config.get_duration("SHUTDOWN_GRACE_PERIOD", std::chrono::seconds(30));
    drain_delay = s.config.get_duration("SHUTDOWN_DRAIN_DELAY", std::chrono::seconds(0));
    health_ttl = s.config.get_duration("HEALTH_CACHE_TTL", std::chrono::seconds(1));
    blocking_threads = static_cast<std::size_t>(s.config.get_int("BLOCKING_POOL_SIZE", 16, 1, 4096));
    metrics_port = static_cast<std::uint16_t>(s.config.get_int("METRICS_PORT", 2121, 0, 65535));
    tracing_setup = tracing::make_tracing(s.config, log, s.app_name, s.app_version);
  } catch (const config_error& e) {
    return fail(e.what());
  }

  for (auto& hook : s.start_hooks) {
    try {
      hook(*this);
    } catch (const std::exception& e) {
      return fail(std::string("start hook failed: ") + e.what());
    }
  }

  detail::BlockingPool blocking_pool(blocking_threads);  // its threads start on first use
  tracing::Tracer tracer(tracing::Sampler(tracing_setup.ratio), tracing_setup.processor.get());
  log.info(tracing_setup.summary);
  detail::Services services{s.config,    log,        blocking_pool, tracer, metrics_port ? &s.metrics : nullptr,
                            s.metrics.metrics(), s.app_name, s.app_version};
  detail::HttpServices http_services;
  try {
    const auto mesh_retries = static_cast<int>(s.config.get_int("MESH_RETRIES", 0, 0, 100));
    for (auto& options : s.http_services) {
      auto name = options.name;
      if (http_services.contains(name)) throw std::invalid_argument("service " + name + " is added twice");
      auto service = std::make_unique<service::HttpService>(options, services);
      if (const auto warning = service::detail::amplification_warning(
              {name, service->max_attempts(), mesh_retries, service->retry_owner() != service::RetryOwner::mesh})) {
        log.warn(*warning);
      }
      http_services.emplace(name, std::move(service));
    }
  } catch (const std::invalid_argument& e) {
    return fail(e.what());
  }
  services.http_services = &http_services;
  if (s.grpc) {
    try {
      s.grpc->prepare(services);
    } catch (const std::exception& e) {  // config_error, or std::invalid_argument for a client's options
      return fail(e.what());
    }
  }
  if (!s.migration_error.empty()) return fail(s.migration_error);
  std::unique_ptr<redis::detail::Datasource> redis;
  try {
    redis = redis::detail::datasource_from_config(s.config, {log, s.metrics.metrics(), tracer});
  } catch (const config_error& e) {
    return fail(e.what());
  }
  if (redis) {
    services.redis = redis.get();
    redis::detail::register_redis_metrics(s.metrics.metrics());
    log.infof("Redis at {} (connects on first use)", redis->host());
  }
  std::unique_ptr<sql::detail::Datasource> sql;
  try {
    sql = sql::detail::datasource_from_config(s.config, blocking_pool,
                                              {log, s.metrics.metrics(), tracer});
  } catch (const config_error& e) {
    return fail(e.what());
  }
  if (sql) {
    services.sql = sql.get();
    sql::detail::register_sql_metrics(s.metrics.metrics());
    if (metrics_port) {
      s.metrics.on_scrape([&metrics = s.metrics.metrics(), db = sql.get()] {
        const auto stats = db->stats();
        metrics.set_gauge("app_sql_open_connections", static_cast<double>(stats.open));
        metrics.set_gauge("app_sql_inUse_connections", static_cast<double>(stats.in_use));
      });
    }
    log.infof("SQL: {} database at {} (connections open on first use)", sql->description().system,
              sql->description().host);
  }
  if (auto error = migration::detail::run_migrations(s.migrations, sql.get(), log)) return fail(*error);
  detail::HealthRegistry health(s.app_name, s.app_version,
                                std::chrono::duration_cast<std::chrono::milliseconds>(health_ttl));
  http::Router<detail::Route> router;
  try {
    for (auto& [name, check, opts] : s.health_checks) health.add(name, check, opts);
    if (sql) health.add("sql", [db = sql.get()] { return sql::detail::check_health(*db); }, {});
    if (redis) health.add("redis", [r = redis.get()] { return redis::detail::check_health(*r); }, {});
    // Each service's entry: not critical by default, so one downstream outage degrades this app's health rather
    // than taking the whole fleet out of readiness.
    for (const auto& [name, service] : http_services) {
      const auto config = service->config().health.value_or(service::HealthConfig{});
      health.add(name, [svc = service.get()] { return svc->health(); },
                 HealthCheckOptions{.critical = config.critical, .timeout = config.timeout});
    }
    router.add("GET", "/.well-known/alive",
               {"GET",
                "/.well-known/alive",
                detail::make_handler([](Context&) {
                  return boost::json::object{{"status", "UP"}};
                }),
                {},
                true});
    router.add("GET", "/.well-known/health",
               {"GET",
                "/.well-known/health",
                {nullptr,
                 [&health, &s](Context& ctx) -> Task<void> {
                   auto report = co_await health.report(s.draining.load());
                   auto& r = ctx.response();
                   r.status = report.status;
                   r.set_header("Content-Type", "application/json");
                   r.body = std::move(report.body);
                 }},
                {},
                true});
    for (auto& route : s.routes) {
      const auto pattern = detail::join_pattern(route.group.get(), route.pattern);
      router.add(route.method, pattern,
                 {route.method, pattern, std::move(route.handler), detail::chain_of(route.group), false});
    }
  } catch (const std::invalid_argument& e) {
    return fail(e.what());
  }
  http::Cors cors(s.config, router.methods());
  detail::Dispatcher dispatcher(std::move(router), s.middleware, std::move(cors),
                                {request_timeout, s.config.get_bool("REQUEST_DEADLINE_ABSOLUTE", false)});

  detail::Server server(services, dispatcher, options);
  std::optional<detail::MetricsServer> metrics_server;
  std::unique_ptr<detail::GrpcServing> grpc_server;  // after `server`: stopped before the workers it runs on
  try {
    server.start();
    if (metrics_port) metrics_server.emplace(services, s.metrics, metrics_port);
    if (s.grpc) {
      // grpc.health.v1 follows /.well-known/health, polled as often as its cache allows (at least every second).
      auto serving = [&health, &s]() -> Task<bool> {
        co_return (co_await health.report(s.draining.load())).status == 200;
      };
      grpc_server = s.grpc->serve(
          services, {server.executors(), options.log_disable_probes, serving,
                     std::max(std::chrono::milliseconds(1000),
                              std::chrono::duration_cast<std::chrono::milliseconds>(health_ttl))});
    }
    server.accept();
  } catch (const std::exception& e) {  // std::system_error from the probe, boost::system_error from a bind race
    return fail(e.what());
  }
  s.port = server.port();
  if (metrics_server) log.infof("Starting metrics server on port: {}", metrics_server->port());
  if (grpc_server) {
    s.grpc_port = grpc_server->port();
    log.infof("Starting gRPC server on port: {}", grpc_server->port());
  }
  log.infof("Starting server on port: {}", server.port());
  s.set_phase(detail::AppState::Phase::serving);

  // Wait for SIGINT/SIGTERM or shutdown().
  try {
    termination_signals.async_wait(s.control, [&s] { s.control.stop(); });
  } catch (const std::system_error& e) {
    return fail(e.what());
  }
  if (!s.shutdown_requested) s.control.run();

  // Graceful shutdown: readiness fails first, then the listener closes and in-flight requests finish.
  s.draining = true;
  if (grpc_server) grpc_server->begin_drain();
  log.infof("Shutting down server: draining connections (grace period {}ms)",
            std::chrono::duration_cast<std::chrono::milliseconds>(grace).count());
  if (drain_delay.count() > 0) std::this_thread::sleep_for(drain_delay);
  server.begin_drain();
  const auto drain_deadline = std::chrono::steady_clock::now() + grace;
  // gRPC calls and HTTP connections drain at the same time, within one grace period.
  if (grpc_server) grpc_server->stop(drain_deadline);
  const auto left = server.wait_for_connections(drain_deadline);
  if (left > 0) log.errorf("{} connection(s) still busy after SHUTDOWN_GRACE_PERIOD; closing them", left);
  server.stop();
  if (redis) redis->close();  // its connections' sockets belong to the workers' event loops, gone with `server`
  if (metrics_server) metrics_server->stop();  // after the HTTP server, as GoFr: the last scrape sees the drain
  // Blocking work that is still running completes into the stopped loops (kept alive until `server` is
  // destroyed); work not started yet is dropped with the pool, before the loops go.
  blocking_pool.stop();
  // Spans of the last requests are exported before the process goes (bounded by the exporter's timeout).
  if (tracing_setup.processor) tracing_setup.processor->shutdown();
  log.info("Application shutdown complete");
  log.flush();
  s.set_phase(detail::AppState::Phase::stopped);
  return 0;
}

}  // namespace gofr
