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

// A caller waiting for a connection. give_back hands one over under the pool's mutex and wakes the caller by
// cancelling its timer on the caller's own executor; a caller whose deadline came first leaves the queue under the
// same mutex, so a connection is never handed to a caller that stopped waiting.
struct SqlitePool::Waiter {
  explicit Waiter(asio::any_io_executor executor, Clock::time_point deadline) : timer(executor, deadline) {}
  asio::steady_timer timer;
  std::unique_ptr<SqliteConnection> connection;
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

// Every lease has been returned by now: the app closes datasources after its last request.
SqlitePool::~SqlitePool() = default;

void SqlitePool::give_back(std::unique_ptr<SqliteConnection> connection) noexcept {
  // A transaction left open (its holder threw before COMMIT) must not leak into the next holder's statements. The
  // rollback writes to disk, so it runs on the blocking pool, and the connection comes back from there.
  if (connection->in_transaction()) {
    asio::post(blocking_, [this, connection = std::move(connection)]() mutable {
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
    --in_use_;
    if (!usable) {
      --open_;
      closing = std::move(connection);
      // Room for a new one: the first waiter is woken, without a connection, to open it.
      if (!waiters_.empty()) {
        next = std::move(waiters_.front());
        waiters_.pop_front();
      }
    } else if (!waiters_.empty()) {
      next = std::move(waiters_.front());
      waiters_.pop_front();
      next->connection = std::move(connection);
      ++in_use_;
    } else {
      idle_.push_back(std::move(connection));
    }
  }
  if (next) asio::post(next->timer.get_executor(), [next] { next->timer.cancel(); });
}  // `closing` closes here, outside the lock (on the blocking pool: only a failed rollback gets here)

Task<SqlitePool::Lease> SqlitePool::acquire(Clock::time_point deadline) {
  const auto executor = co_await asio::this_coro::executor;
  for (;;) {
    std::shared_ptr<Waiter> waiter;
    bool open_one = false;
    {
      const std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        ++in_use_;
        co_return Lease(this, std::move(connection));
      }
      if (open_ < options_.max_open) {
        ++open_;
        ++in_use_;
        open_one = true;
      } else {
        waiter = std::make_shared<Waiter>(executor, deadline);
        waiters_.push_back(waiter);
        ++wait_count_;
      }
    }
    if (open_one) {
      // Opening a file blocks: on the pool.
      try {
        const auto& options = options_;
        auto open = [&options] { return std::make_unique<SqliteConnection>(options.path, options.busy_timeout); };
        co_return Lease(this, co_await offload(blocking(), open));
      } catch (...) {
        const std::lock_guard lock(mutex_);
        --open_;
        --in_use_;
        throw;
      }
    }
    const auto started = Clock::now();
    boost::system::error_code ec;
    co_await waiter->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    {
      const std::lock_guard lock(mutex_);
      wait_duration_ += Clock::now() - started;
      if (waiter->connection) co_return Lease(this, std::move(waiter->connection));
      const auto it = std::find(waiters_.begin(), waiters_.end(), waiter);
      if (it != waiters_.end()) waiters_.erase(it);
    }
    if (Clock::now() >= deadline) {
      throw Error(fmt::format("all {} connections to {} are in use", options_.max_open, options_.path),
                  "pool_timeout");
    }
    // Woken without a connection: one was closed, so there is room to open another.
  }
}

PoolStats SqlitePool::stats() const noexcept {
  const std::lock_guard lock(mutex_);
  return {.max_open = options_.max_open, .open = open_, .in_use = in_use_, .wait_count = wait_count_,
          .wait_duration = wait_duration_};
}

}  // namespace gofr::sql::detail
