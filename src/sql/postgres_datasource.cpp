#include "sql/postgres_datasource.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <fmt/format.h>

namespace gofr::sql::detail {

namespace asio = boost::asio;

namespace {

// How long a connection may take to roll back a transaction its holder abandoned before it is closed instead.
constexpr auto reset_timeout = std::chrono::seconds(5);

class PostgresSession final : public Session {
 public:
  explicit PostgresSession(ConnectionPool::Lease lease) : lease_(std::move(lease)) {}

  Task<std::vector<Row>> query(const std::string& statement, const std::vector<Value>& args, std::size_t max_rows,
                               Deadline deadline) override {
    return connection().query(statement, args, max_rows, deadline);
  }
  Task<Result> exec(const std::string& statement, const std::vector<Value>& args, Deadline deadline) override {
    return connection().exec(statement, args, deadline);
  }

 private:
  PostgresConnection& connection() { return static_cast<PostgresConnection&>(*lease_.get()); }
  ConnectionPool::Lease lease_;
};

Task<void> roll_back(std::unique_ptr<PooledConnection> connection, ConnectionPool::ResetDone done) {
  bool usable = true;
  try {
    const std::string rollback = "ROLLBACK";
    const std::vector<Value> none;
    co_await static_cast<PostgresConnection&>(*connection).exec(rollback, none, std::chrono::steady_clock::now() + reset_timeout);
  } catch (const Error&) {
    usable = false;
  }
  done(std::move(connection), usable);
}

}  // namespace

PostgresDatasource::PostgresDatasource(Options options, gofr::detail::BlockingPool& blocking, Telemetry telemetry)
    : Datasource({.system = "postgresql",
                  .hostname = options.connection.host,
                  .database = options.connection.database,
                  .host = fmt::format("{}:{}/{}", options.connection.host, options.connection.port,
                                      options.connection.database)},
                 telemetry),
      driver_(options.connection, blocking),
      pool_({.name = description().host, .max_open = options.max_open, .max_idle = options.max_idle}, driver_) {}

Task<std::unique_ptr<Session>> PostgresDatasource::acquire(Clock::time_point deadline) {
  auto lease = co_await pool_.acquire(deadline);
  co_return std::make_unique<PostgresSession>(std::move(lease));
}

Task<std::unique_ptr<PooledConnection>> PostgresDatasource::Driver::open() {
  co_return co_await PostgresConnection::connect(options, std::chrono::steady_clock::now() + options.connect_timeout,
                                                 blocking);
}

// On the event loop the connection was last used from (the worker that gave it back).
void PostgresDatasource::Driver::reset(std::unique_ptr<PooledConnection> connection, ConnectionPool::ResetDone done) {
  const auto executor = static_cast<PostgresConnection&>(*connection).executor();
  asio::co_spawn(executor, roll_back(std::move(connection), std::move(done)), asio::detached);
}

}  // namespace gofr::sql::detail
