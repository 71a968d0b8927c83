#include "sql/sqlite_pool.hpp"

#include <algorithm>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "gofr/offload.hpp"

namespace gofr::sql::detail {

namespace asio = boost::asio;

// A caller waiting for a connection. When one comes back, or a slot frees up, the pool hands it to the first waiter
// under its mutex (a connection, or the right to open one) and wakes the waiter by cancelling its timer on the
// waiter's own executor.
struct SqlitePool::Waiter {
  explicit Waiter(asio::any_io_executor executor, Clock::time_point deadline) : timer(executor, deadline) {}
  asio::steady_timer timer;
  std::unique_ptr<SqliteConnection> connection;
  bool may_open = false;  // a slot is reserved for this waiter to open a connection in
};

// A waiter's place in the queue, left however the wait ends: timed out, or the waiting coroutine destroyed. What was
// handed to a waiter that is gone goes on to the next one, so no connection or slot is ever lost.
class SqlitePool::Queued {
 public:
  Queued(SqlitePool& pool, std::shared_ptr<Waiter> waiter) : pool_(pool), waiter_(std::move(waiter)) {}
  Queued(const Queued&) = delete;
  Queued& operator=(const Queued&) = delete;
  ~Queued() {
    std::shared_ptr<Waiter> next;
    {
      const std::lock_guard lock(pool_.mutex_);
      if (const auto it = std::find(pool_.waiters_.begin(), pool_.waiters_.end(), waiter_);
          it != pool_.waiters_.end()) {
        pool_.waiters_.erase(it);
      }
      if (waiter_->connection) {
        next = pool_.hand_over_locked(std::move(waiter_->connection));
      } else if (std::exchange(waiter_->may_open, false)) {
        next = pool_.free_slot_locked();
      }
    }
    wake(std::move(next));
  }

 private:
  SqlitePool& pool_;
  std::shared_ptr<Waiter> waiter_;
};

// Counts a rollback posted to the blocking pool until it has run or been dropped with the pool's queue.
class SqlitePool::RollbackInFlight {
 public:
  explicit RollbackInFlight(SqlitePool& pool) : pool_(&pool) {
    const std::lock_guard lock(pool_->mutex_);
    ++pool_->rollbacks_;
  }
  RollbackInFlight(RollbackInFlight&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)) {}
  RollbackInFlight& operator=(RollbackInFlight&&) = delete;
  ~RollbackInFlight() {
    if (!pool_) return;
    const std::lock_guard lock(pool_->mutex_);
    if (--pool_->rollbacks_ == 0) pool_->rollbacks_done_.notify_all();
  }

 private:
  SqlitePool* pool_;
};

SqlitePool::Lease& SqlitePool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    if (pool_ && connection_) pool_->give_back(std::move(connection_));
    pool_ = std::exchange(other.pool_, nullptr);
    connection_ = std::move(other.connection_);
  }
  return *this;
}

SqlitePool::Lease::~Lease() {
  if (pool_ && connection_) pool_->give_back(std::move(connection_));
}

SqlitePool::SqlitePool(Options options, asio::thread_pool& blocking)
    : options_(std::move(options)), blocking_(blocking) {}

SqlitePool::~SqlitePool() {
  std::unique_lock lock(mutex_);
  rollbacks_done_.wait(lock, [this] { return rollbacks_ == 0; });
}

void SqlitePool::give_back(std::unique_ptr<SqliteConnection> connection) noexcept {
  // A transaction left open (its holder threw before COMMIT) must not leak into the next holder's statements. The
  // rollback writes to disk, so it runs on the blocking pool, and the connection comes back from there.
  if (connection->in_transaction()) {
    asio::post(blocking_, [this, in_flight = RollbackInFlight(*this), connection = std::move(connection)]() mutable {
      bool usable = true;
      try {
        connection->exec_script("ROLLBACK");
      } catch (const Error&) {
        usable = false;  // in an unknown state: closed, not reused
      }
      put_back(std::move(connection), usable);
    });
    return;
  }
  put_back(std::move(connection), true);
}

void SqlitePool::put_back(std::unique_ptr<SqliteConnection> connection, bool usable) noexcept {
  std::unique_ptr<SqliteConnection> closing;
  std::shared_ptr<Waiter> next;
  {
    const std::lock_guard lock(mutex_);
    if (usable) {
      next = hand_over_locked(std::move(connection));
    } else {
      closing = std::move(connection);
      next = free_slot_locked();
    }
  }
  wake(std::move(next));
}  // `closing` closes here, outside the lock (on the blocking pool: only a failed rollback gets here)

// A connection in use comes back: to the first waiter if any (it stays in use), else to the idle list.
std::shared_ptr<SqlitePool::Waiter> SqlitePool::hand_over_locked(std::unique_ptr<SqliteConnection> connection) {
  if (waiters_.empty()) {
    --in_use_;
    idle_.push_back(std::move(connection));
    return nullptr;
  }
  auto next = std::move(waiters_.front());
  waiters_.pop_front();
  next->connection = std::move(connection);
  return next;
}

// A slot in use is free again (its connection closed, or never opened): reserved for the first waiter if any, who
// opens a connection in it, else given up.
std::shared_ptr<SqlitePool::Waiter> SqlitePool::free_slot_locked() {
  if (waiters_.empty()) {
    --open_;
    --in_use_;
    return nullptr;
  }
  auto next = std::move(waiters_.front());
  waiters_.pop_front();
  next->may_open = true;
  return next;
}

void SqlitePool::wake(std::shared_ptr<Waiter> waiter) {
  if (waiter) asio::post(waiter->timer.get_executor(), [waiter] { waiter->timer.cancel(); });
}

Task<SqlitePool::Lease> SqlitePool::acquire(Clock::time_point deadline) {
  const auto executor = co_await asio::this_coro::executor;
  std::shared_ptr<Waiter> waiter;
  {
    const std::lock_guard lock(mutex_);
    ++in_use_;
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      co_return Lease(this, std::move(connection));
    }
    if (open_ < options_.max_open) {
      ++open_;
    } else {
      --in_use_;
      waiter = std::make_shared<Waiter>(executor, deadline);
      waiters_.push_back(waiter);
      ++wait_count_;
    }
  }
  if (!waiter) co_return co_await open_reserved();

  const Queued queued(*this, waiter);
  const auto started = Clock::now();
  boost::system::error_code ec;
  co_await waiter->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  bool may_open = false;
  {
    const std::lock_guard lock(mutex_);
    wait_duration_ += Clock::now() - started;
    if (waiter->connection) co_return Lease(this, std::move(waiter->connection));
    may_open = std::exchange(waiter->may_open, false);
  }
  if (may_open) co_return co_await open_reserved();
  throw Error(fmt::format("all {} connections to {} are in use", options_.max_open, options_.path), "pool_timeout");
}

// Opens a connection in a slot already counted as open and in use; a failure frees the slot for the next waiter,
// who then tries (and reports the error itself if the database is still unreachable).
Task<SqlitePool::Lease> SqlitePool::open_reserved() {
  std::exception_ptr failure;
  try {
    const auto& options = options_;
    auto open = [&options] { return std::make_unique<SqliteConnection>(options.path, options.busy_timeout); };
    co_return Lease(this, co_await offload(blocking(), open));
  } catch (...) {
    failure = std::current_exception();
  }
  std::shared_ptr<Waiter> next;
  {
    const std::lock_guard lock(mutex_);
    next = free_slot_locked();
  }
  wake(std::move(next));
  std::rethrow_exception(failure);
}

PoolStats SqlitePool::stats() const noexcept {
  const std::lock_guard lock(mutex_);
  return {.max_open = options_.max_open, .open = open_, .in_use = in_use_, .wait_count = wait_count_,
          .wait_duration = wait_duration_};
}

}  // namespace gofr::sql::detail
