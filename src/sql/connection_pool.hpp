#pragma once
// Database connections for the whole app, whatever the driver, handed out for one statement (or one transaction) at
// a time. At most `max_open` are open; a caller that finds them all in use waits, first come first served, without
// blocking any thread, until its deadline. A connection given back inside a transaction is reset by the driver
// (ROLLBACK) before anyone else gets it; one that is broken is closed and its slot reopened on demand.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gofr/task.hpp"
#include "sql/pool_stats.hpp"

namespace gofr::sql::detail {

// What the pool needs to know of a driver's connection.
class PooledConnection {
 public:
  virtual ~PooledConnection() = default;
  // Given back with a transaction open: the driver resets it first.
  virtual bool in_transaction() const noexcept = 0;
  // False when it can no longer be used (the server closed it): it is closed instead of reused.
  virtual bool healthy() noexcept { return true; }
  // Back in the pool: let go of whatever ties it to the holder's thread (its socket's registration with that
  // thread's event loop), since the next holder may run elsewhere, and the holder's event loop may be gone.
  virtual void released() noexcept {}
};

class ConnectionPool {
 public:
  using Clock = std::chrono::steady_clock;

  // Hands a reset connection back: usable, or to be closed. Destroyed uncalled (the executor that was to run the
  // reset has stopped), it counts the reset as over, so the pool's destructor does not wait for it.
  class ResetDone;

  class Driver {
   public:
    virtual ~Driver() = default;
    // A new connection, opened from the caller's executor. Throws Error when it cannot be opened.
    virtual Task<std::unique_ptr<PooledConnection>> open() = 0;
    // Rolls back the transaction `connection` was given back in, then calls `done`, from any thread.
    virtual void reset(std::unique_ptr<PooledConnection> connection, ResetDone done) = 0;
  };

  struct Options {
    std::string name;  // for messages: the file or host
    std::size_t max_open = 4;
    std::size_t max_idle = static_cast<std::size_t>(-1);  // idle connections kept; more are closed
  };

  // A connection of the holder's own; going out of scope gives it back.
  class Lease {
   public:
    Lease() = default;
    Lease(ConnectionPool* pool, std::unique_ptr<PooledConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept
        : pool_(std::exchange(other.pool_, nullptr)), connection_(std::move(other.connection_)) {}
    Lease& operator=(Lease&& other) noexcept;
    ~Lease();
    PooledConnection* get() const noexcept { return connection_.get(); }
    explicit operator bool() const noexcept { return connection_ != nullptr; }

   private:
    ConnectionPool* pool_ = nullptr;
    std::unique_ptr<PooledConnection> connection_;
  };

  ConnectionPool(Options options, Driver& driver);
  // After every lease has come back. Waits for resets still running.
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Throws Error (code "pool_timeout") when no connection frees up before `deadline`, or the driver's open error.
  Task<Lease> acquire(Clock::time_point deadline);

  PoolStats stats() const noexcept;

 private:
  struct Waiter;
  class Queued;

  Task<Lease> open_reserved();
  void give_back(std::unique_ptr<PooledConnection> connection) noexcept;
  void put_back(std::unique_ptr<PooledConnection> connection, bool usable) noexcept;
  std::shared_ptr<Waiter> hand_over_locked(std::unique_ptr<PooledConnection>& connection);
  std::shared_ptr<Waiter> free_slot_locked();
  std::unique_ptr<PooledConnection> take_idle_locked();
  static void wake(std::shared_ptr<Waiter> waiter);

  const Options options_;
  Driver& driver_;
  mutable std::mutex mutex_;  // guards everything below
  std::vector<std::unique_ptr<PooledConnection>> idle_;
  std::deque<std::shared_ptr<Waiter>> waiters_;
  std::size_t open_ = 0;
  std::size_t in_use_ = 0;  // leased, reserved for a waiter to open, or being reset
  std::size_t resets_ = 0;
  std::condition_variable resets_done_;
  std::uint64_t wait_count_ = 0;
  std::chrono::nanoseconds wait_duration_{};
};

class ConnectionPool::ResetDone {
 public:
  explicit ResetDone(ConnectionPool& pool);
  ResetDone(ResetDone&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)) {}
  ResetDone& operator=(ResetDone&&) = delete;
  ~ResetDone();
  void operator()(std::unique_ptr<PooledConnection> connection, bool usable) noexcept;

 private:
  ConnectionPool* pool_;
};

}  // namespace gofr::sql::detail
