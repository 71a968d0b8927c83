#pragma once
// ctx.sql() on PostgreSQL: a pool of libpq connections driven on the workers' event loops.
#include "sql/connection_pool.hpp"
#include "sql/datasource.hpp"
#include "sql/postgres_connection.hpp"

namespace gofr::sql::detail {

class PostgresDatasource final : public Datasource {
 public:
  struct Options {
    PostgresOptions connection;
    std::size_t max_open = 10;
    std::size_t max_idle = 2;
  };

  PostgresDatasource(Options options, gofr::detail::BlockingPool& blocking, Telemetry telemetry);

  Dialect dialect() const noexcept override { return Dialect::postgres; }
  Task<std::unique_ptr<Session>> acquire(Clock::time_point deadline) override;
  PoolStats stats() const override { return pool_.stats(); }

 private:
  struct Driver final : ConnectionPool::Driver {
    Driver(PostgresOptions o, gofr::detail::BlockingPool& b) : options(std::move(o)), blocking(b) {}
    Task<std::unique_ptr<PooledConnection>> open() override;
    void reset(std::unique_ptr<PooledConnection> connection, ConnectionPool::ResetDone done) override;
    const PostgresOptions options;
    gofr::detail::BlockingPool& blocking;  // started by the first cancel request only
  };

  Driver driver_;
  ConnectionPool pool_;  // after the driver: destroyed first, once its resets have run
};

}  // namespace gofr::sql::detail
