#pragma once
// SQLite connections for the whole app (connection_pool.hpp), opened and rolled back on the blocking pool because
// SQLite blocks on the disk.
#include <chrono>
#include <string>

#include <boost/asio/thread_pool.hpp>

#include "sql/connection_pool.hpp"
#include "sql/sqlite_connection.hpp"

namespace gofr::sql::detail {

class SqlitePool {
 public:
  using Clock = ConnectionPool::Clock;

  struct Options {
    std::string path;  // a file, or ":memory:" (then every connection is its own database: use max_open 1)
    std::size_t max_open = 4;
    std::chrono::milliseconds busy_timeout{5000};
  };

  // A connection of the holder's own; going out of scope gives it back.
  class Lease {
   public:
    Lease() = default;
    explicit Lease(ConnectionPool::Lease lease) : lease_(std::move(lease)) {}
    SqliteConnection& operator*() const noexcept { return *operator->(); }
    SqliteConnection* operator->() const noexcept { return static_cast<SqliteConnection*>(lease_.get()); }
    explicit operator bool() const noexcept { return static_cast<bool>(lease_); }

   private:
    ConnectionPool::Lease lease_;
  };

  SqlitePool(Options options, boost::asio::thread_pool& blocking);

  // Throws Error (code "pool_timeout") when no connection frees up before `deadline`, or the open error.
  Task<Lease> acquire(Clock::time_point deadline) { co_return Lease(co_await pool_.acquire(deadline)); }

  boost::asio::thread_pool::executor_type blocking() const noexcept { return driver_.blocking.get_executor(); }
  PoolStats stats() const noexcept { return pool_.stats(); }

 private:
  struct Driver final : ConnectionPool::Driver {
    Driver(Options o, boost::asio::thread_pool& b) : options(std::move(o)), blocking(b) {}
    Task<std::unique_ptr<PooledConnection>> open() override;
    void reset(std::unique_ptr<PooledConnection> connection, ConnectionPool::ResetDone done) override;
    const Options options;
    boost::asio::thread_pool& blocking;
  };

  Driver driver_;
  ConnectionPool pool_;  // after the driver: destroyed first, once its resets have run
};

}  // namespace gofr::sql::detail
