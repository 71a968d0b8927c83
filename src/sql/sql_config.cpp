#include "sql/sql_config.hpp"

#include "core/ascii.hpp"

#include <algorithm>

#include "sql/libpq.hpp"
#include "sql/libsqlite3.hpp"
#include "sql/postgres_datasource.hpp"
#include "sql/sqlite_datasource.hpp"

namespace gofr::sql::detail {

namespace {

// GoFr opens "file:<DB_NAME>.db"; a name that already ends in .db, or ":memory:", is taken as it is.
std::string sqlite_path(std::string_view name) {
  if (name == ":memory:" || name.ends_with(".db")) return std::string(name);
  return std::string(name) + ".db";
}

// GoFr's DB_SSL_MODE values (MySQL's names among them) as libpq's sslmode.
std::string libpq_ssl_mode(std::string_view mode) {
  const auto m = gofr::detail::ascii_lower(mode);
  if (m == "disable" || m == "allow" || m == "prefer" || m == "require" || m == "verify-ca" || m == "verify-full") {
    return m;
  }
  if (m == "preferred") return "prefer";
  if (m == "skip-verify") return "require";  // encrypted, certificate not checked: libpq's require
  throw config_error("invalid value \"" + std::string(mode) +
                     "\" for DB_SSL_MODE: expected disable, allow, prefer, require, verify-ca or verify-full");
}

std::unique_ptr<Datasource> postgres_from_config(const Config& config, std::size_t max_open,
                                                 gofr::detail::BlockingPool& blocking, Telemetry telemetry) {
  PostgresDatasource::Options o;
  o.connection.host = config.get_or("DB_HOST", "localhost");
  o.connection.port = std::to_string(config.get_int("DB_PORT", 5432, 1, 65535));
  o.connection.user = config.get_or("DB_USER", "");
  o.connection.password = config.get_or("DB_PASSWORD", "");
  o.connection.database = config.get_or("DB_NAME", "");
  o.connection.ssl_mode = libpq_ssl_mode(config.get_or("DB_SSL_MODE", "disable"));
  o.connection.application_name = config.get_or("APP_NAME", "gofr-app");
  if (o.connection.database.empty()) throw config_error("DB_DIALECT=postgres needs DB_NAME, the database to use");
  o.max_open = max_open == 0 ? 10 : max_open;
  o.max_idle = std::min(o.max_open, static_cast<std::size_t>(config.get_int("DB_MAX_IDLE_CONNECTION", 2, 0, 100000)));
  libpq();  // loaded now, so that a missing libpq fails start-up rather than the first query
  return std::make_unique<PostgresDatasource>(std::move(o), blocking, telemetry);
}

}  // namespace

std::unique_ptr<Datasource> datasource_from_config(const Config& config, gofr::detail::BlockingPool& blocking,
                                                   Telemetry telemetry) {
  const auto dialect = config.get("DB_DIALECT");
  if (!dialect || dialect->empty()) return nullptr;
  const auto max_open = static_cast<std::size_t>(config.get_int("DB_MAX_OPEN_CONNECTION", 0, 0, 100000));
  const auto which = gofr::detail::ascii_lower(*dialect);
  if (which == "sqlite") {
    const auto name = config.get("DB_NAME");
    if (!name || name->empty()) {
      throw config_error("DB_DIALECT=sqlite needs DB_NAME: the database file is <DB_NAME>.db");
    }
    const auto path = sqlite_path(*name);
    // Each running statement holds a blocking thread, so more connections than threads would only wait. An
    // in-memory database is private to its connection: one connection, or every statement would see another.
    std::size_t size = max_open == 0 ? blocking.size() : std::min(max_open, blocking.size());
    if (path == ":memory:") size = 1;
    libsqlite3();  // loaded now, so that a missing SQLite fails start-up rather than the first query
    return std::make_unique<SqliteDatasource>(SqlitePool::Options{.path = path, .max_open = size}, blocking.get(),
                                              telemetry);
  }
  if (which == "postgres" || which == "postgresql") {
    return postgres_from_config(config, max_open, blocking, telemetry);  // the pool runs cancel requests
  }
  throw config_error("invalid value \"" + std::string(*dialect) + "\" for DB_DIALECT: expected sqlite or postgres");
}

Task<Health> check_health(Datasource& datasource) {
  const auto stats = datasource.stats();
  boost::json::object details{
      {"host", datasource.description().host},
      {"stats",
       {{"maxOpenConnections", stats.max_open},
        {"openConnections", stats.open},
        {"inUse", stats.in_use},
        {"idle", stats.open - std::min(stats.open, stats.in_use)},
        {"waitCount", stats.wait_count},
        {"waitDuration", stats.wait_duration.count()}}}};
  // Within the health check's own second: half of it to get a connection, the rest for the answer.
  const auto started = Datasource::Clock::now();
  try {
    auto session = co_await datasource.acquire(started + std::chrono::milliseconds(500));
    const std::string ping = "SELECT 1";
    const std::vector<Value> none;
    co_await session->query(ping, none, 1, started + std::chrono::milliseconds(950));
  } catch (const Error& e) {
    // Every connection busy for half a second: the database is answering them, the pool is just full. Failing
    // readiness for that would take the pod out exactly when it is busiest and push its load onto the others.
    if (e.code() == "pool_timeout") {
      details["busy"] = true;
      co_return Health::up(std::move(details));
    }
    details["error"] = e.what();
    co_return Health::down(std::move(details));
  } catch (const std::exception& e) {
    details["error"] = e.what();
    co_return Health::down(std::move(details));
  }
  co_return Health::up(std::move(details));
}

}  // namespace gofr::sql::detail
