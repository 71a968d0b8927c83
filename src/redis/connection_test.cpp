// One worker's Redis connection against a real server (scripts/test-backends.sh: 127.0.0.1:6380): commands from
// many coroutines pipelined and answered in order, error replies, a deadline that closes the connection, a refused
// handshake, and an unreachable server failing fast with a backoff. Skipped when no server is running, unless
// GOFR_REQUIRE_BACKENDS=1 (make test).
#include "redis/connection.hpp"

#include <cstdlib>
#include <functional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

namespace gofr::redis::detail {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using Clock = Connection::Clock;
using Commands = std::vector<std::vector<std::string>>;

RedisOptions test_server() {
  RedisOptions o;
  o.host = "127.0.0.1";
  o.port = std::getenv("GOFR_TEST_REDIS_PORT") ? std::getenv("GOFR_TEST_REDIS_PORT") : "6380";
  return o;
}

class RedisConnection : public ::testing::Test {
 protected:
  void SetUp() override {
    asio::ip::tcp::socket probe(io);
    boost::system::error_code ec;
    probe.connect({asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::stoi(options.port))}, ec);
    if (!ec) return;
    if (const char* required = std::getenv("GOFR_REQUIRE_BACKENDS"); required && std::string(required) == "1") {
      FAIL() << "Redis is not running on 127.0.0.1:" << options.port;
    }
    GTEST_SKIP() << "Redis is not running (scripts/test-backends.sh start)";
  }

  // Runs `body` on the loop; the connection's reader would keep the loop busy after it, so the loop stops there.
  void run(std::function<Task<void>()> body) {
    std::exception_ptr failure;
    asio::co_spawn(io, body(), [&](std::exception_ptr e) {
      failure = e;
      io.stop();
    });
    io.restart();
    io.run_for(20s);
    if (failure) std::rethrow_exception(failure);
  }

  // One command, its words given one by one (no braced list inside a co_await: ADR 0006).
  template <class... W>
  static Task<Reply> cmd(Connection& c, Clock::duration timeout, W... words) {
    return one(c, std::vector<std::string>{std::string(words)...}, timeout);
  }

  static Task<Reply> one(Connection& c, std::vector<std::string> command, Clock::duration timeout = 2s) {
    Commands commands;
    commands.push_back(std::move(command));
    auto replies = co_await c.send(std::move(commands), Clock::now() + timeout);
    if (replies.at(0).error) throw *replies.at(0).error;
    co_return std::move(replies.at(0).reply);
  }

  static Task<void> push(Connection& c, std::string key, int i, int& done) {
    std::vector<std::string> command{"RPUSH", std::move(key), std::to_string(i)};
    const auto r = co_await one(c, std::move(command));
    EXPECT_GE(r.integer, 1);
    ++done;
  }

  RedisOptions options = test_server();
  asio::io_context io;
  asio::ssl::context tls{asio::ssl::context::tls_client};
  Reachability reachability;
  std::string key = "gofr-test:" + std::to_string(::getpid()) + ":" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name();
};

TEST_F(RedisConnection, ConcurrentCommandsArePipelinedAndAnsweredInOrder) {
  auto c = std::make_shared<Connection>(io.get_executor(), options, tls, reachability);
  int done = 0;
  run([&]() -> Task<void> {
    co_await cmd(*c, 2s, "DEL", key);
    for (int i = 0; i < 200; ++i) asio::co_spawn(io, push(*c, key, i, done), asio::detached);
    while (done < 200) {
      asio::steady_timer t(io, 5ms);
      co_await t.async_wait(asio::use_awaitable);
    }
    const auto all = co_await cmd(*c, 2s, "LRANGE", key, "0", "-1");
    EXPECT_EQ(all.elements.size(), 200u);  // (ASSERT_* return, which a coroutine cannot)
    if (all.elements.size() != 200u) co_return;
    for (int i = 0; i < 200; ++i) EXPECT_EQ(all.elements[i].string, std::to_string(i));  // in the order issued
    co_await cmd(*c, 2s, "DEL", key);
  });
}

TEST_F(RedisConnection, ErrorRepliesAreValuesAndTheConnectionStaysInStep) {
  auto c = std::make_shared<Connection>(io.get_executor(), options, tls, reachability);
  run([&]() -> Task<void> {
    co_await cmd(*c, 2s, "SET", key, "text");
    Commands batch{{"INCR", key}, {"GET", key}, {"DEL", key}};
    const auto replies = co_await c->send(std::move(batch), Clock::now() + 2s);
    EXPECT_EQ(replies.size(), 3u);
    if (replies.size() != 3u || !replies[0].error) {
      ADD_FAILURE() << "the INCR of a string was not an error";
      co_return;
    }
    EXPECT_EQ(replies[0].error->code(), "ERR");
    EXPECT_EQ(replies[1].reply.string, "text");
    EXPECT_EQ(replies[2].reply.integer, 1);
    EXPECT_EQ((co_await cmd(*c, 2s, "PING")).string, "PONG");
  });
}

TEST_F(RedisConnection, ADeadlineClosesTheConnectionAndTheNextCommandReconnects) {
  auto c = std::make_shared<Connection>(io.get_executor(), options, tls, reachability);
  run([&]() -> Task<void> {
    try {
      co_await cmd(*c, 100ms, "DEBUG", "SLEEP", "0.5");
      ADD_FAILURE() << "no timeout";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), "timeout");
    }
    EXPECT_EQ((co_await cmd(*c, 2s, "PING")).string, "PONG");
  });
}

TEST_F(RedisConnection, ARefusedHandshakeFailsTheCommandsNamingWhy) {
  options.password = "wrong";  // the test server has none: AUTH is an error
  auto c = std::make_shared<Connection>(io.get_executor(), options, tls, reachability);
  run([&]() -> Task<void> {
    try {
      co_await cmd(*c, 2s, "PING");
      ADD_FAILURE();
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("refused the connection"), std::string::npos) << e.what();
    }
  });
}

TEST_F(RedisConnection, AnUnreachableServerFailsFastThenWaitsOutItsBackoff) {
  options.port = "1";
  auto c = std::make_shared<Connection>(io.get_executor(), options, tls, reachability);
  run([&]() -> Task<void> {
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        co_await cmd(*c, 2s, "PING");
        ADD_FAILURE();
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), "unavailable");
        if (attempt == 1) EXPECT_NE(std::string(e.what()).find("next attempt in"), std::string::npos) << e.what();
      }
    }
  });
}

}  // namespace
}  // namespace gofr::redis::detail
