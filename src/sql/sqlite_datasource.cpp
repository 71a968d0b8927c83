#include "sql/sqlite_datasource.hpp"

#include <filesystem>

#include "gofr/offload.hpp"

namespace gofr::sql::detail {

namespace {

// A pooled connection whose statements run on the blocking pool: SQLite blocks on the disk.
class SqliteSession final : public Session {
 public:
  SqliteSession(SqlitePool::Lease lease, boost::asio::thread_pool::executor_type blocking)
      : lease_(std::move(lease)), blocking_(blocking) {}

  Task<std::vector<Row>> query(const std::string& statement, const std::vector<Value>& args, std::size_t max_rows,
                               Deadline) override {
    auto work = [this, &statement, &args, max_rows] { return lease_->query(statement, args, max_rows); };
    co_return co_await offload(blocking_, work);
  }

  Task<Result> exec(const std::string& statement, const std::vector<Value>& args, Deadline) override {
    auto work = [this, &statement, &args] { return lease_->exec(statement, args); };
    co_return co_await offload(blocking_, work);
  }

 private:
  SqlitePool::Lease lease_;
  boost::asio::thread_pool::executor_type blocking_;
};

}  // namespace

SqliteDatasource::SqliteDatasource(SqlitePool::Options options, boost::asio::thread_pool& blocking,
                                   Telemetry telemetry)
    : Datasource({.system = "sqlite",
                  .hostname = "localhost",
                  .database = std::filesystem::path(options.path).stem().string(),  // DB_NAME, as GoFr labels it
                  .host = options.path},
                 telemetry),
      pool_(std::move(options), blocking) {}

Task<std::unique_ptr<Session>> SqliteDatasource::acquire(Clock::time_point deadline) {
  auto lease = co_await pool_.acquire(deadline);
  co_return std::make_unique<SqliteSession>(std::move(lease), pool_.blocking());
}

}  // namespace gofr::sql::detail
