#pragma once
// SQLite connections for the whole app, handed out one call (or one transaction) at a time. At most `max_open` are
// open; a caller that finds them all in use waits, first come first served, without blocking any thread, until its
// deadline. Statements run on the blocking pool (SQLite blocks on disk) and resume the caller on its own worker
// thread.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "gofr/task.hpp"
#include "sql/pool_stats.hpp"
#include "sql/sqlite_connection.hpp"

namespace gofr::sql::detail {

class SqlitePool {
 public:
  using Clock = std::chrono::steady_clock;

  struct Options {
    std::string path;  // a file, or ":memory:" (then every connection is its own database: use max_open 1)
    std::size_t max_open = 4;
    std::chrono::milliseconds busy_timeout{5000};
  };

  // A connection of the holder's own; going out of scope gives it back.
  class Lease {
   public:
    Lease() = default;
    Lease(SqlitePool* pool, std::unique_ptr<SqliteConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&& other) noexcept;
    ~Lease();
    SqliteConnection& operator*() const noexcept { return *connection_; }
    SqliteConnection* operator->() const noexcept { return connection_.get(); }
    explicit operator bool() const noexcept { return connection_ != nullptr; }

   private:
    SqlitePool* pool_ = nullptr;
    std::unique_ptr<SqliteConnection> connection_;
  };

  SqlitePool(Options options, boost::asio::thread_pool& blocking);
  // After every lease has come back. Waits for rollbacks still running on the blocking pool.
  ~SqlitePool();

  // Throws Error (code "pool_timeout") when no connection frees up before `deadline`, or the open error.
  Task<Lease> acquire(Clock::time_point deadline);

  boost::asio::thread_pool::executor_type blocking() const noexcept { return blocking_.get_executor(); }
  const std::string& path() const noexcept { return options_.path; }
  PoolStats stats() const noexcept;

 private:
  struct Waiter;
  class Queued;
  class RollbackInFlight;

  Task<Lease> open_reserved();
  void give_back(std::unique_ptr<SqliteConnection> connection) noexcept;
  void put_back(std::unique_ptr<SqliteConnection> connection, bool usable) noexcept;
  std::shared_ptr<Waiter> hand_over_locked(std::unique_ptr<SqliteConnection> connection);
  std::shared_ptr<Waiter> free_slot_locked();
  static void wake(std::shared_ptr<Waiter> waiter);

  const Options options_;
  boost::asio::thread_pool& blocking_;
  mutable std::mutex mutex_;  // guards everything below
  std::vector<std::unique_ptr<SqliteConnection>> idle_;
  std::deque<std::shared_ptr<Waiter>> waiters_;
  std::size_t open_ = 0;
  std::size_t in_use_ = 0;  // leased, reserved for a waiter to open, or being rolled back
  std::size_t rollbacks_ = 0;
  std::condition_variable rollbacks_done_;
  std::uint64_t wait_count_ = 0;
  std::chrono::nanoseconds wait_duration_{};
};

}  // namespace gofr::sql::detail
