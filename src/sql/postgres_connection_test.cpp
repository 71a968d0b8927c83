// The PostgreSQL driver against a real server (scripts/test-backends.sh: 127.0.0.1:5433): values of every type both
// ways, errors with their SQLSTATE, the statement cache, deadlines that cancel, and a closed connection noticed.
// Skipped when no server is running, unless GOFR_REQUIRE_BACKENDS=1 (make test).
#include "sql/postgres_connection.hpp"

#include <sys/socket.h>

#include <cstdlib>
#include <filesystem>
#include <functional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>

namespace gofr::sql::detail {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using Clock = PostgresConnection::Clock;

PostgresOptions test_server() {
  PostgresOptions o;
  o.host = "localhost";
  o.port = std::getenv("GOFR_TEST_PG_PORT") ? std::getenv("GOFR_TEST_PG_PORT") : "5433";
  o.user = "postgres";
  o.password = std::getenv("GOFR_TEST_PG_PASSWORD") ? std::getenv("GOFR_TEST_PG_PASSWORD") : "gofr-test";
  o.database = "postgres";
  o.application_name = "gofr-unit";
  return o;
}

bool server_running() {
  asio::io_context io;
  asio::ip::tcp::socket s(io);
  boost::system::error_code ec;
  s.connect({asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::stoi(test_server().port))}, ec);
  return !ec;
}

class Postgres : public ::testing::Test {
 protected:
  void SetUp() override {
    if (server_running()) return;
    if (const char* required = std::getenv("GOFR_REQUIRE_BACKENDS"); required && std::string(required) == "1") {
      FAIL() << "PostgreSQL is not running on 127.0.0.1:" << test_server().port;
    }
    GTEST_SKIP() << "PostgreSQL is not running (scripts/test-backends.sh start)";
  }

  void run(std::function<Task<void>(PostgresConnection&)> body) {
    std::exception_ptr failure;
    asio::co_spawn(io, [&]() -> Task<void> {
      auto c = co_await PostgresConnection::connect(test_server(), Clock::now() + 5s, blocking);
      co_await body(*c);
    }, [&](std::exception_ptr e) { failure = e; });
    io.run_for(30s);
    if (failure) std::rethrow_exception(failure);
  }

  // Statements with their arguments, the values built outside any co_await expression (ADR 0006).
  template <class... A>
  static Task<std::vector<Row>> q(PostgresConnection& c, std::string statement, const A&... args) {
    return query_values(c, std::move(statement), {to_value(args)...});
  }
  template <class... A>
  static Task<Result> x(PostgresConnection& c, std::string statement, const A&... args) {
    return exec_values(c, std::move(statement), {to_value(args)...});
  }
  static Task<std::vector<Row>> query_values(PostgresConnection& c, std::string statement, std::vector<Value> args) {
    co_return co_await c.query(statement, args, static_cast<std::size_t>(-1), std::nullopt);
  }
  static Task<Result> exec_values(PostgresConnection& c, std::string statement, std::vector<Value> args) {
    co_return co_await c.exec(statement, args, std::nullopt);
  }

  asio::io_context io;
  gofr::detail::BlockingPool blocking{1};
};

TEST_F(Postgres, StatementsStartNoBlockingThread) {
  const auto threads = [] {
    const std::filesystem::directory_iterator tasks("/proc/self/task");
    return std::distance(begin(tasks), end(tasks));
  };
  auto o = test_server();
  o.host = "127.0.0.1";  // an address, so that no resolver thread starts either
  const auto before = threads();
  std::exception_ptr failure;
  asio::co_spawn(io, [&]() -> Task<void> {
    auto c = co_await PostgresConnection::connect(o, Clock::now() + 5s, blocking);
    co_await q(*c, "SELECT 1 AS one");
  }, [&](std::exception_ptr e) { failure = e; });
  io.run_for(10s);
  if (failure) std::rethrow_exception(failure);
  EXPECT_EQ(threads(), before) << "the blocking pool starts with the first cancel request, not before";
}

TEST_F(Postgres, ValuesRoundTrip) {
  run([](PostgresConnection& c) -> Task<void> {
    const std::int64_t big = std::int64_t{1} << 40;
    const std::string text = "héllo 'quoted'";
    const Blob blob{std::string("\0\1\xff", 3)};
    co_await x(c, "CREATE TEMP TABLE t (i BIGINT, s INT, d DOUBLE PRECISION, n NUMERIC, b BOOLEAN, txt TEXT, "
                  "raw BYTEA, nothing TEXT)");
    const auto r = co_await x(c, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                              big, 7, 2.5, 1.25, true, text, blob, nullptr);
    EXPECT_EQ(r.rows_affected, 1);
    EXPECT_EQ(r.last_insert_id, std::nullopt);
    const auto rows = co_await q(c, "SELECT * FROM t WHERE i = $1", big);
    EXPECT_EQ(rows.size(), 1u);
    const auto& row = rows.at(0);
    EXPECT_EQ(row.get<std::int64_t>("i"), std::int64_t{1} << 40);
    EXPECT_EQ(row.get<int>("s"), 7);
    EXPECT_DOUBLE_EQ(row.get<double>("d"), 2.5);
    EXPECT_DOUBLE_EQ(row.get<double>("n"), 1.25);
    EXPECT_TRUE(row.get<bool>("b"));
    EXPECT_EQ(row.get<std::string>("txt"), "héllo 'quoted'");
    EXPECT_EQ(row.get<Blob>("raw").bytes, std::string("\0\1\xff", 3));
    EXPECT_EQ(row.get<std::optional<std::string>>("nothing"), std::nullopt);
  });
}

TEST_F(Postgres, ErrorsCarryTheSqlstateAndTheConnectionGoesOn) {
  run([](PostgresConnection& c) -> Task<void> {
    co_await x(c, "CREATE TEMP TABLE u (name TEXT UNIQUE)");
    co_await x(c, "INSERT INTO u VALUES (?)", "a");
    try {
      co_await x(c, "INSERT INTO u VALUES (?)", "a");
      ADD_FAILURE() << "a duplicate was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), "23505");
      EXPECT_NE(std::string(e.what()).find("duplicate key"), std::string::npos) << e.what();
    }
    try {
      co_await q(c, "SELEC 1");
      ADD_FAILURE();
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), "42601");  // syntax_error
    }
    EXPECT_TRUE(c.healthy());
    EXPECT_EQ((co_await q(c, "SELECT count(*) AS n FROM u")).at(0).get<int>("n"), 1);
  });
}

TEST_F(Postgres, ParametersAreNeverSql) {
  run([](PostgresConnection& c) -> Task<void> {
    co_await x(c, "CREATE TEMP TABLE v (name TEXT)");
    const std::string evil = "x'); DROP TABLE v; --";
    co_await x(c, "INSERT INTO v VALUES ($1)", evil);
    EXPECT_EQ((co_await q(c, "SELECT name FROM v WHERE name = ?", evil)).size(), 1u);
    try {
      const std::string with_nul("a\0b", 3);
      co_await x(c, "INSERT INTO v VALUES (?)", with_nul);
      ADD_FAILURE() << "a NUL was sent cut short";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), "22021");
    }
  });
}

TEST_F(Postgres, ManyStatementsOutliveTheCacheAndTransactionsAreSeen) {
  run([](PostgresConnection& c) -> Task<void> {
    for (int i = 0; i < 100; ++i) {  // more distinct statements than the cache keeps
      const auto rows = co_await q(c, "SELECT " + std::to_string(i) + " + ? AS n", 1);
      EXPECT_EQ(rows.at(0).get<int>("n"), i + 1);
    }
    EXPECT_FALSE(c.in_transaction());
    co_await x(c, "BEGIN");
    EXPECT_TRUE(c.in_transaction());
    co_await x(c, "ROLLBACK");
    EXPECT_FALSE(c.in_transaction());
  });
}

TEST_F(Postgres, ADeadlineCancelsTheStatementAndClosesTheConnection) {
  run([](PostgresConnection& c) -> Task<void> {
    const auto started = Clock::now();
    const std::vector<Value> none;
    try {
      co_await c.query("SELECT pg_sleep(10)", none, 1, Clock::now() + 200ms);
      ADD_FAILURE() << "pg_sleep(10) finished";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), "57014");
    }
    EXPECT_LT(Clock::now() - started, 5s);
    EXPECT_FALSE(c.healthy());
  });
}

TEST_F(Postgres, AnIdleConnectionTheServerClosedIsNotHealthy) {
  run([this](PostgresConnection& c) -> Task<void> {
    const auto pid = (co_await q(c, "SELECT pg_backend_pid() AS pid")).at(0).get<std::int64_t>("pid");
    auto other = co_await PostgresConnection::connect(test_server(), Clock::now() + 5s, blocking);
    co_await q(*other, "SELECT pg_terminate_backend(?)", pid);
    for (int i = 0; i < 100 && c.healthy(); ++i) {
      asio::steady_timer t(co_await asio::this_coro::executor, 10ms);
      co_await t.async_wait(asio::use_awaitable);
    }
    EXPECT_FALSE(c.healthy());
  });
}

TEST_F(Postgres, AnUnreachableServerIsAnErrorNamingIt) {
  std::exception_ptr failure;
  asio::co_spawn(io, [&]() -> Task<void> {
    auto o = test_server();
    o.port = "1";
    co_await PostgresConnection::connect(o, Clock::now() + 5s, blocking);
  }, [&](std::exception_ptr e) { failure = e; });
  io.run_for(10s);
  ASSERT_TRUE(failure);
  try {
    std::rethrow_exception(failure);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "08001");
    EXPECT_NE(std::string(e.what()).find("localhost:1"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace gofr::sql::detail
