// The SQLite pool: connections reused, at most max_open of them, waiters served in order without blocking a
// thread, the deadline honoured, and a transaction left open rolled back before the next holder.
#include "sql/sqlite_pool.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include "gofr/offload.hpp"

namespace gofr::sql::detail {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using Clock = SqlitePool::Clock;

class Pool : public ::testing::Test {
 protected:
  std::filesystem::path file = std::filesystem::temp_directory_path() /
                               ("gofr-pool-" + std::to_string(::getpid()) + "-" +
                                ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
  asio::thread_pool blocking{2};
  asio::io_context io;
  SqlitePool pool{{.path = file.string(), .max_open = 2}, blocking};

  ~Pool() override {
    std::filesystem::remove(file);
    std::filesystem::remove(file.string() + "-wal");
    std::filesystem::remove(file.string() + "-shm");
  }

  void run(std::function<Task<void>()> body) {
    std::exception_ptr failure;
    bool done = false;
    asio::co_spawn(io, body(), [&](std::exception_ptr e) {
      failure = e;
      done = true;
    });
    io.restart();
    io.run_for(20s);
    ASSERT_TRUE(done);
    if (failure) std::rethrow_exception(failure);
  }
};

TEST_F(Pool, ConnectionsAreReused) {
  run([&]() -> Task<void> {
    for (int i = 0; i < 5; ++i) {
      auto lease = co_await pool.acquire(Clock::now() + 1s);
      auto work = [&lease] { lease->exec_script("CREATE TABLE IF NOT EXISTS t (x INTEGER)"); };
      co_await offload(pool.blocking(), work);
    }
  });
  EXPECT_EQ(pool.stats().open, 1u);
  EXPECT_EQ(pool.stats().in_use, 0u);
}

TEST_F(Pool, WaitersAreServedInOrderAndTheDeadlineHolds) {
  std::vector<int> order;
  run([&]() -> Task<void> {
    auto a = co_await pool.acquire(Clock::now() + 1s);
    auto b = co_await pool.acquire(Clock::now() + 1s);
    EXPECT_EQ(pool.stats().open, 2u);
    // Two callers wait; the first in line gets the first connection given back.
    for (int n : {1, 2}) {
      asio::co_spawn(io, [&, n]() -> Task<void> {
        auto lease = co_await pool.acquire(Clock::now() + 5s);
        order.push_back(n);
      }, asio::detached);
    }
    // A third gives up at its deadline, without a connection.
    bool timed_out = false;
    asio::co_spawn(io, [&]() -> Task<void> {
      try {
        auto lease = co_await pool.acquire(Clock::now() + 50ms);
      } catch (const Error& e) {
        timed_out = e.code() == "pool_timeout";
      }
    }, asio::detached);
    asio::steady_timer wait(io, 100ms);
    co_await wait.async_wait(asio::use_awaitable);
    EXPECT_TRUE(timed_out);
    EXPECT_TRUE(order.empty());
    a = {};
    b = {};
    wait.expires_after(50ms);
    co_await wait.async_wait(asio::use_awaitable);
  });
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  EXPECT_EQ(pool.stats().open, 2u);
  EXPECT_EQ(pool.stats().in_use, 0u);
  EXPECT_EQ(pool.stats().wait_count, 3u);
}

TEST_F(Pool, ATransactionLeftOpenIsRolledBackBeforeTheNextHolder) {
  SqlitePool single({.path = file.string(), .max_open = 1}, blocking);  // the next holder gets the same connection
  run([&]() -> Task<void> {
    {
      auto lease = co_await single.acquire(Clock::now() + 1s);
      auto work = [&lease] {
        lease->exec_script("CREATE TABLE t (x INTEGER); BEGIN; INSERT INTO t VALUES (1);");
      };
      co_await offload(single.blocking(), work);
    }  // given back mid-transaction: rolled back on the blocking pool, then handed on
    auto lease = co_await single.acquire(Clock::now() + 1s);
    EXPECT_FALSE(lease->in_transaction());
    auto count = [&lease] { return lease->query("SELECT count(*) AS n FROM t", {})[0].get<int>("n"); };
    EXPECT_EQ(co_await offload(single.blocking(), count), 0);
  });
  EXPECT_EQ(single.stats().open, 1u);
}

// Workers on two threads share the pool, as the app's workers do: every lease is exclusive, none is lost, and the
// count of open connections never passes max_open (run under TSan in CI).
TEST_F(Pool, WorkersOnSeveralThreadsShareItSafely) {
  std::atomic<int> holders{0}, most{0}, done{0};
  constexpr int per_worker = 200;
  auto worker = [&](asio::io_context& own) {
    for (int i = 0; i < 8; ++i) {
      asio::co_spawn(own, [&]() -> Task<void> {
        for (int n = 0; n < per_worker / 8; ++n) {
          auto lease = co_await pool.acquire(Clock::now() + 10s);
          const int now = ++holders;
          for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
          }
          auto work = [&lease] { return lease->query("SELECT 1 AS one", {})[0].get<int>("one"); };
          EXPECT_EQ(co_await offload(pool.blocking(), work), 1);
          --holders;
        }
        ++done;
      }, asio::detached);
    }
    own.run();
  };
  asio::io_context other;
  std::thread second([&] { worker(other); });
  worker(io);
  second.join();
  EXPECT_EQ(done.load(), 16);
  EXPECT_LE(most.load(), 2);
  EXPECT_EQ(pool.stats().in_use, 0u);
  EXPECT_LE(pool.stats().open, 2u);
}

TEST_F(Pool, AFileThatCannotBeOpenedIsAnErrorAndFreesItsSlot) {
  SqlitePool broken({.path = "/nonexistent-dir/x.db", .max_open = 1}, blocking);
  for (int i = 0; i < 2; ++i) {
    EXPECT_THROW(run([&]() -> Task<void> { co_await broken.acquire(Clock::now() + 1s); }), Error);
  }
  EXPECT_EQ(broken.stats().open, 0u);
}

// A caller that goes away while waiting (its coroutine destroyed with its io_context) leaves the queue, and a
// connection already handed to it goes on to the next holder instead of being lost.
TEST_F(Pool, AWaiterThatGoesAwayLosesNothing) {
  run([&]() -> Task<void> {
    auto a = co_await pool.acquire(Clock::now() + 1s);
    auto b = co_await pool.acquire(Clock::now() + 1s);
    {
      asio::io_context gone;
      asio::co_spawn(gone, [&]() -> Task<void> {
        auto lease = co_await pool.acquire(Clock::now() + 10s);
        ADD_FAILURE() << "the waiter was never resumed";
      }, asio::detached);
      gone.run_for(20ms);  // queued now
      a = {};              // handed to the queued waiter, whose wake-up never runs
    }
    EXPECT_EQ(pool.stats().in_use, 1u);
    auto c = co_await pool.acquire(Clock::now() + 50ms);  // the handed connection came back: no wait
    EXPECT_TRUE(c);
    {
      asio::io_context gone;
      asio::co_spawn(gone, [&]() -> Task<void> { co_await pool.acquire(Clock::now() + 10s); }, asio::detached);
      gone.run_for(20ms);
    }  // left the queue: the next connection given back goes idle
    c = {};
    EXPECT_EQ(pool.stats().in_use, 1u);
    auto d = co_await pool.acquire(Clock::now() + 50ms);
    EXPECT_TRUE(d);
  });
  EXPECT_EQ(pool.stats().open, 2u);
  EXPECT_EQ(pool.stats().in_use, 0u);
}

// An open that fails frees its slot for the caller queued behind it, who tries too and reports the open error
// rather than waiting out its deadline.
TEST_F(Pool, AFailedOpenHandsItsSlotToTheNextWaiter) {
  SqlitePool broken({.path = "/nonexistent-dir/x.db", .max_open = 1}, blocking);
  std::vector<std::string> codes;
  for (int i = 0; i < 2; ++i) {
    asio::co_spawn(io, [&]() -> Task<void> {
      try {
        co_await broken.acquire(Clock::now() + 20s);
      } catch (const Error& e) {
        codes.push_back(e.code());
      }
    }, asio::detached);
  }
  io.run_for(10s);
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_NE(codes[0], "pool_timeout");
  EXPECT_NE(codes[1], "pool_timeout");
  EXPECT_EQ(broken.stats().wait_count, 1u);
  EXPECT_EQ(broken.stats().open, 0u);
  EXPECT_EQ(broken.stats().in_use, 0u);
}

}  // namespace
}  // namespace gofr::sql::detail
