#include "sql/connection_pool.hpp"

#include <algorithm>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "gofr/sql/types.hpp"

namespace gofr::sql::detail {

namespace asio = boost::asio;

// A caller waiting for a connection. When one comes back, or a slot frees up, the pool hands it to the first waiter
// under its mutex (a connection, or the right to open one) and wakes the waiter by cancelling its timer on the
// waiter's own executor.
struct ConnectionPool::Waiter {
  explicit Waiter(asio::any_io_executor executor, Clock::time_point deadline) : timer(executor, deadline) {}
  asio::steady_timer timer;
  std::unique_ptr<PooledConnection> connection;
  bool may_open = false;  // a slot is reserved for this waiter to open a connection in
};

// A waiter's place in the queue, left however the wait ends: timed out, or the waiting coroutine destroyed. What was
// handed to a waiter that is gone goes on to the next one, so no connection or slot is ever lost.
class ConnectionPool::Queued {
 public:
  Queued(ConnectionPool& pool, std::shared_ptr<Waiter> waiter) : pool_(pool), waiter_(std::move(waiter)) {}
  Queued(const Queued&) = delete;
  Queued& operator=(const Queued&) = delete;
  ~Queued() {
    std::shared_ptr<Waiter> next;
    std::unique_ptr<PooledConnection> closing;
    {
      const std::lock_guard lock(pool_.mutex_);
      if (const auto it = std::find(pool_.waiters_.begin(), pool_.waiters_.end(), waiter_);
          it != pool_.waiters_.end()) {
        pool_.waiters_.erase(it);
      }
      if (waiter_->connection) {
        closing = std::move(waiter_->connection);
        next = pool_.hand_over_locked(closing);
        if (closing) --pool_.open_;  // one idle too many: closed below, outside the lock
      } else if (std::exchange(waiter_->may_open, false)) {
        next = pool_.free_slot_locked();
      }
    }
    wake(std::move(next));
  }

 private:
  ConnectionPool& pool_;
  std::shared_ptr<Waiter> waiter_;
};

ConnectionPool::ResetDone::ResetDone(ConnectionPool& pool) : pool_(&pool) {
  const std::lock_guard lock(pool_->mutex_);
  ++pool_->resets_;
}

ConnectionPool::ResetDone::~ResetDone() {
  if (!pool_) return;
  // Never called: the connection was dropped with the executor's queue. Its slot is free again.
  std::shared_ptr<Waiter> next;
  {
    const std::lock_guard lock(pool_->mutex_);
    next = pool_->free_slot_locked();
    if (--pool_->resets_ == 0) pool_->resets_done_.notify_all();
  }
  wake(std::move(next));
}

void ConnectionPool::ResetDone::operator()(std::unique_ptr<PooledConnection> connection, bool usable) noexcept {
  auto* pool = std::exchange(pool_, nullptr);
  pool->put_back(std::move(connection), usable);
  const std::lock_guard lock(pool->mutex_);
  if (--pool->resets_ == 0) pool->resets_done_.notify_all();
}

ConnectionPool::Lease& ConnectionPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    if (pool_ && connection_) pool_->give_back(std::move(connection_));
    pool_ = std::exchange(other.pool_, nullptr);
    connection_ = std::move(other.connection_);
  }
  return *this;
}

ConnectionPool::Lease::~Lease() {
  if (pool_ && connection_) pool_->give_back(std::move(connection_));
}

ConnectionPool::ConnectionPool(Options options, Driver& driver) : options_(std::move(options)), driver_(driver) {}

ConnectionPool::~ConnectionPool() {
  std::unique_lock lock(mutex_);
  resets_done_.wait(lock, [this] { return resets_ == 0; });
}

void ConnectionPool::give_back(std::unique_ptr<PooledConnection> connection) noexcept {
  // A transaction left open (its holder threw before COMMIT) must not leak into the next holder's statements.
  if (connection->healthy() && connection->in_transaction()) {
    driver_.reset(std::move(connection), ResetDone(*this));
    return;
  }
  const bool usable = connection->healthy();
  put_back(std::move(connection), usable);
}

void ConnectionPool::put_back(std::unique_ptr<PooledConnection> connection, bool usable) noexcept {
  connection->released();
  std::shared_ptr<Waiter> next;
  {
    const std::lock_guard lock(mutex_);
    if (usable) {
      next = hand_over_locked(connection);  // leaves `connection` set when it is one idle too many
      if (connection) {
        --open_;
      }
    } else {
      next = free_slot_locked();
    }
  }
  wake(std::move(next));
}  // a connection not kept closes here, outside the lock

// A connection in use comes back: to the first waiter if any (it stays in use), else to the idle list unless that
// is full (then `connection` is left to the caller to close).
std::shared_ptr<ConnectionPool::Waiter> ConnectionPool::hand_over_locked(std::unique_ptr<PooledConnection>& connection) {
  if (waiters_.empty()) {
    --in_use_;
    if (idle_.size() < options_.max_idle) idle_.push_back(std::move(connection));
    return nullptr;
  }
  auto next = std::move(waiters_.front());
  waiters_.pop_front();
  next->connection = std::move(connection);
  return next;
}

// A slot in use is free again (its connection closed, or never opened): reserved for the first waiter if any, who
// opens a connection in it, else given up.
std::shared_ptr<ConnectionPool::Waiter> ConnectionPool::free_slot_locked() {
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

// The most recently used idle connection, or null.
std::unique_ptr<PooledConnection> ConnectionPool::take_idle_locked() {
  if (idle_.empty()) return nullptr;
  auto connection = std::move(idle_.back());
  idle_.pop_back();
  return connection;
}

void ConnectionPool::wake(std::shared_ptr<Waiter> waiter) {
  if (waiter) asio::post(waiter->timer.get_executor(), [waiter] { waiter->timer.cancel(); });
}

Task<ConnectionPool::Lease> ConnectionPool::acquire(Clock::time_point deadline) {
  const auto executor = co_await asio::this_coro::executor;
  std::shared_ptr<Waiter> waiter;
  for (;;) {
    std::unique_ptr<PooledConnection> connection;
    {
      const std::lock_guard lock(mutex_);
      connection = take_idle_locked();
      if (connection) {
        ++in_use_;
      } else if (open_ < options_.max_open) {
        ++open_;
        ++in_use_;
        break;  // open one in the slot just taken
      } else {
        waiter = std::make_shared<Waiter>(executor, deadline);
        waiters_.push_back(waiter);
        ++wait_count_;
        break;
      }
    }
    // An idle connection the server has closed since (a restart, an idle timeout) is dropped, not handed out.
    if (connection->healthy()) co_return Lease(this, std::move(connection));
    const std::lock_guard lock(mutex_);
    --open_;
    --in_use_;
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
  throw Error(fmt::format("all {} connections to {} are in use", options_.max_open, options_.name), "pool_timeout");
}

// Opens a connection in a slot already counted as open and in use; a failure frees the slot for the next waiter,
// who then tries (and reports the error itself if the database is still unreachable).
Task<ConnectionPool::Lease> ConnectionPool::open_reserved() {
  std::exception_ptr failure;
  try {
    co_return Lease(this, co_await driver_.open());
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

PoolStats ConnectionPool::stats() const noexcept {
  const std::lock_guard lock(mutex_);
  return {.max_open = options_.max_open, .open = open_, .in_use = in_use_, .wait_count = wait_count_,
          .wait_duration = wait_duration_};
}

}  // namespace gofr::sql::detail
