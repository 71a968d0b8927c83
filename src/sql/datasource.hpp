#pragma once
// What ctx.sql() runs on, the same for every driver: a pool that lends sessions (one connection each), and what
// spans, log lines, metrics and the health check say of the database.
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/telemetry.hpp"
#include "gofr/sql/types.hpp"
#include "gofr/task.hpp"
#include "sql/pool_stats.hpp"

namespace gofr::sql::detail {

// One connection, held for one statement or one transaction; destroying it gives the connection back (a
// transaction still open is rolled back first). Statements run however the driver runs them (SQLite's on the
// blocking pool) and resume the caller on its own executor. The caller keeps `statement` and `args` alive until the
// call completes.
class Session {
 public:
  // When the statement must have finished (the request's deadline), if ever. A driver that can stop waiting for the
  // server at that point does (PostgreSQL); SQLite's statements are bounded by its busy timeout instead.
  using Deadline = std::optional<std::chrono::steady_clock::time_point>;

  virtual ~Session() = default;
  // At most `max_rows` rows: the rest are not read.
  virtual Task<std::vector<Row>> query(const std::string& statement, const std::vector<Value>& args,
                                       std::size_t max_rows, Deadline deadline) = 0;
  virtual Task<Result> exec(const std::string& statement, const std::vector<Value>& args, Deadline deadline) = 0;
};

using gofr::detail::Telemetry;

// How the database is named in telemetry.
struct Description {
  std::string system;    // OpenTelemetry's db.system: "sqlite", "postgresql"
  std::string hostname;  // app_sql_stats' hostname label
  std::string database;  // app_sql_stats' database label and db.name
  std::string host;      // the health check's details.host: "host:port/database", or the SQLite file
};

class Datasource {
 public:
  using Clock = std::chrono::steady_clock;

  Datasource(Description description, Telemetry telemetry)
      : description_(std::move(description)), telemetry_(telemetry) {}
  virtual ~Datasource() = default;
  Datasource(const Datasource&) = delete;
  Datasource& operator=(const Datasource&) = delete;

  virtual Dialect dialect() const noexcept = 0;
  // A connection of the caller's own. Throws Error: "pool_timeout" when none frees up before `deadline`, or the
  // driver's error when a new one cannot be opened.
  virtual Task<std::unique_ptr<Session>> acquire(Clock::time_point deadline) = 0;
  virtual PoolStats stats() const = 0;

  const Description& description() const noexcept { return description_; }
  const Telemetry& telemetry() const noexcept { return telemetry_; }

 private:
  const Description description_;
  const Telemetry telemetry_;
};

}  // namespace gofr::sql::detail
