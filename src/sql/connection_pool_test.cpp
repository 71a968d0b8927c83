// The pool's own rules with a driver that opens instantly (the SQLite pool's tests cover waiting and resets): idle
// connections beyond max_idle are closed, and an idle connection that went bad is replaced rather than lent out.
#include "sql/connection_pool.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

namespace gofr::sql::detail {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

struct FakeConnection final : PooledConnection {
  explicit FakeConnection(int& alive) : alive(alive) { ++alive; }
  ~FakeConnection() override { --alive; }
  bool in_transaction() const noexcept override { return false; }
  bool healthy() noexcept override { return good; }
  int& alive;
  bool good = true;
};

struct FakeDriver final : ConnectionPool::Driver {
  Task<std::unique_ptr<PooledConnection>> open() override {
    ++opened;
    co_return std::make_unique<FakeConnection>(alive);
  }
  void reset(std::unique_ptr<PooledConnection> connection, ConnectionPool::ResetDone done) override {
    done(std::move(connection), true);
  }
  int alive = 0;
  int opened = 0;
};

void run(asio::io_context& io, std::function<Task<void>()> body) {
  std::exception_ptr failure;
  asio::co_spawn(io, body(), [&](std::exception_ptr e) { failure = e; });
  io.run();
  if (failure) std::rethrow_exception(failure);
}

TEST(ConnectionPool, IdleConnectionsBeyondMaxIdleAreClosed) {
  asio::io_context io;
  FakeDriver driver;
  ConnectionPool pool({.name = "fake", .max_open = 4, .max_idle = 1}, driver);
  run(io, [&]() -> Task<void> {
    auto a = co_await pool.acquire(ConnectionPool::Clock::now() + 1s);
    auto b = co_await pool.acquire(ConnectionPool::Clock::now() + 1s);
    auto c = co_await pool.acquire(ConnectionPool::Clock::now() + 1s);
    EXPECT_EQ(driver.alive, 3);
  });
  EXPECT_EQ(driver.alive, 1);  // the leases went out of scope: one kept idle, two closed
  EXPECT_EQ(pool.stats().open, 1u);
  EXPECT_EQ(pool.stats().in_use, 0u);
}

TEST(ConnectionPool, AConnectionThatWentBadIsReplacedNotLentOut) {
  asio::io_context io;
  FakeDriver driver;
  ConnectionPool pool({.name = "fake", .max_open = 1}, driver);
  run(io, [&]() -> Task<void> {
    FakeConnection* idle = nullptr;
    {
      auto first = co_await pool.acquire(ConnectionPool::Clock::now() + 1s);
      idle = static_cast<FakeConnection*>(first.get());
    }
    idle->good = false;  // the server closed it while it sat in the pool
    auto second = co_await pool.acquire(ConnectionPool::Clock::now() + 1s);
    EXPECT_EQ(driver.opened, 2);
    EXPECT_EQ(driver.alive, 1);
    auto* held = static_cast<FakeConnection*>(second.get());
    EXPECT_TRUE(held->good);
    held->good = false;  // goes bad while held
    second = {};
    EXPECT_EQ(driver.alive, 0);  // closed when given back
  });
  EXPECT_EQ(pool.stats().open, 0u);
  EXPECT_EQ(pool.stats().in_use, 0u);
}

}  // namespace
}  // namespace gofr::sql::detail
