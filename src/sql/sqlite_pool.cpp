#include "sql/sqlite_pool.hpp"

#include <boost/asio/post.hpp>

#include "gofr/offload.hpp"

namespace gofr::sql::detail {

SqlitePool::SqlitePool(Options options, boost::asio::thread_pool& blocking)
    : driver_(std::move(options), blocking),
      pool_({.name = driver_.options.path, .max_open = driver_.options.max_open}, driver_) {}

Task<std::unique_ptr<PooledConnection>> SqlitePool::Driver::open() {
  // Opening a file blocks: on the pool.
  const auto& o = options;
  auto open = [&o]() -> std::unique_ptr<PooledConnection> {
    return std::make_unique<SqliteConnection>(o.path, o.busy_timeout);
  };
  co_return co_await offload(blocking.get_executor(), open);
}

// The rollback writes to disk: on the blocking pool too.
void SqlitePool::Driver::reset(std::unique_ptr<PooledConnection> connection, ConnectionPool::ResetDone done) {
  boost::asio::post(blocking, [connection = std::move(connection), done = std::move(done)]() mutable {
    bool usable = true;
    try {
      static_cast<SqliteConnection&>(*connection).exec_script("ROLLBACK");
    } catch (const Error&) {
      usable = false;  // in an unknown state: closed, not reused
    }
    done(std::move(connection), usable);
  });
}

}  // namespace gofr::sql::detail
