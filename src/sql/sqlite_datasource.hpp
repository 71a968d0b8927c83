#pragma once
// ctx.sql() on SQLite: the pool of connections to one database file, each statement run on the blocking pool.
#include <boost/asio/thread_pool.hpp>

#include "sql/datasource.hpp"
#include "sql/sqlite_pool.hpp"

namespace gofr::sql::detail {

class SqliteDatasource final : public Datasource {
 public:
  SqliteDatasource(SqlitePool::Options options, boost::asio::thread_pool& blocking, Telemetry telemetry);

  Dialect dialect() const noexcept override { return Dialect::sqlite; }
  Task<std::unique_ptr<Session>> acquire(Clock::time_point deadline) override;
  PoolStats stats() const override { return pool_.stats(); }

 private:
  SqlitePool pool_;
};

}  // namespace gofr::sql::detail
