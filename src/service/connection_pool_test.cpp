// Pooled connections and single exchanges against a scripted loopback server: keep-alive reuse, a kept-alive
// connection the server closed (stale), refused connections, and the deadline.
#include "service/connection_pool.hpp"

#include <functional>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include "service/exchange.hpp"

namespace gofr::service::detail {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// Answers each request head on a connection with `reply(connection_number, request_number)`; an empty reply
// closes the connection instead.
class ScriptedServer {
 public:
  using Reply = std::function<std::string(int connection, int request)>;

  ScriptedServer(asio::io_context& io, Reply reply) : acceptor_(io, {asio::ip::make_address("127.0.0.1"), 0}), reply_(std::move(reply)) {
    asio::co_spawn(io, accept(), asio::detached);
  }
  std::string port() const { return std::to_string(acceptor_.local_endpoint().port()); }
  int connections = 0;
  std::vector<std::string> heads;

 private:
  Task<void> accept() {
    for (;;) {
      boost::system::error_code ec;
      auto socket = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      asio::co_spawn(acceptor_.get_executor(), serve(std::move(socket), connections++), asio::detached);
    }
  }
  Task<void> serve(tcp::socket socket, int connection) {
    std::string buffer;
    boost::system::error_code ec;
    for (int request = 0;; ++request) {
      const auto n = co_await asio::async_read_until(socket, asio::dynamic_buffer(buffer), "\r\n\r\n",
                                                     asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      heads.push_back(buffer.substr(0, n));
      buffer.erase(0, n);
      const auto answer = reply_(connection, request);
      if (answer.empty()) co_return;  // closes
      co_await asio::async_write(socket, asio::buffer(answer), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
    }
  }
  tcp::acceptor acceptor_;
  Reply reply_;
};

std::string ok(std::string_view body = "hi") {
  std::string out = "HTTP/1.1 200 OK\r\nContent-Length: ";
  out.append(std::to_string(body.size())).append("\r\n\r\n").append(body);
  return out;
}

OutboundRequest get(std::string_view target) {
  OutboundRequest request("GET", target);
  request.add("Host", "test");
  return request;
}

// Runs `body` as a coroutine on `io` until it finishes.
void run(asio::io_context& io, std::function<Task<void>()> body) {
  bool done = false;
  asio::co_spawn(io, [&]() -> Task<void> { co_await body(); done = true; io.stop(); }, asio::detached);
  io.run_for(10s);
  ASSERT_TRUE(done);
}

TEST(ConnectionPool, KeepAliveConnectionsAreReused) {
  asio::io_context io;
  ScriptedServer server(io, [](int, int) { return ok(); });
  ConnectionPool pool({false, "127.0.0.1", server.port()}, {});
  run(io, [&]() -> Task<void> {
    for (int i = 0; i < 3; ++i) {
      auto connection = pool.take_idle(Clock::now());
      std::optional<ConnectFailure> failure;
      if (!connection) connection = co_await pool.connect(Clock::now() + 1s, failure);
      EXPECT_TRUE(connection);
      auto request = get("/x");
      const auto result = co_await exchange(*connection, request, Clock::now() + 1s);
      EXPECT_EQ(result.status, 200);
      EXPECT_EQ(result.body, "hi");
      EXPECT_TRUE(result.keep_alive);
      pool.give_back(std::move(connection), Clock::now());
    }
  });
  EXPECT_EQ(server.connections, 1);
  EXPECT_EQ(pool.idle(), 1u);
}

TEST(ConnectionPool, AConnectionTheServerClosedIsReportedStale) {
  asio::io_context io;
  // The server answers once per connection, then closes it when the next request arrives.
  ScriptedServer server(io, [](int, int request) { return request == 0 ? ok() : std::string(); });
  ConnectionPool pool({false, "127.0.0.1", server.port()}, {});
  run(io, [&]() -> Task<void> {
    std::optional<ConnectFailure> failure;
    auto connection = co_await pool.connect(Clock::now() + 1s, failure);
    auto first = get("/a");
    EXPECT_EQ((co_await exchange(*connection, first, Clock::now() + 1s)).status, 200);
    pool.give_back(std::move(connection), Clock::now());
    connection = pool.take_idle(Clock::now());
    auto second = get("/b");
    const auto result = co_await exchange(*connection, second, Clock::now() + 1s);
    EXPECT_EQ(result.status, 0);
    EXPECT_TRUE(result.stale) << result.error.message();
  });
}

TEST(ConnectionPool, ARefusedConnectionSaysSo) {
  asio::io_context io;
  tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = std::to_string(probe.local_endpoint().port());
  probe.close();  // nothing listens there now
  ConnectionPool pool({false, "127.0.0.1", port}, {});
  run(io, [&]() -> Task<void> {
    std::optional<ConnectFailure> failure;
    auto connection = co_await pool.connect(Clock::now() + 1s, failure);
    EXPECT_FALSE(connection);
    EXPECT_TRUE(failure);
    EXPECT_EQ(failure->code, asio::error::connection_refused);
    EXPECT_NE(failure->what.find("connect to 127.0.0.1:" + port), std::string::npos) << failure->what;
  });
}

TEST(ConnectionPool, TheDeadlineEndsASilentExchange) {
  asio::io_context io;
  ScriptedServer server(io, [](int, int) { return std::string("HTTP/1.1 200 OK\r\n"); });  // never finishes
  ConnectionPool pool({false, "127.0.0.1", server.port()}, {});
  run(io, [&]() -> Task<void> {
    std::optional<ConnectFailure> failure;
    auto connection = co_await pool.connect(Clock::now() + 1s, failure);
    auto request = get("/slow");
    const auto started = Clock::now();
    const auto result = co_await exchange(*connection, request, Clock::now() + 100ms);
    EXPECT_TRUE(result.timed_out);
    EXPECT_TRUE(result.request_written);
    EXPECT_FALSE(result.stale);
    EXPECT_LT(Clock::now() - started, 1s);
  });
}

TEST(ConnectionPool, IdleConnectionsExpire) {
  asio::io_context io;
  ScriptedServer server(io, [](int, int) { return ok(); });
  ConnectionPool pool({false, "127.0.0.1", server.port()}, {.max_idle = 1, .idle_timeout = 50ms});
  run(io, [&]() -> Task<void> {
    std::optional<ConnectFailure> failure;
    auto a = co_await pool.connect(Clock::now() + 1s, failure);
    auto b = co_await pool.connect(Clock::now() + 1s, failure);
    pool.give_back(std::move(a), Clock::now());
    pool.give_back(std::move(b), Clock::now());
    EXPECT_EQ(pool.idle(), 1u);  // max_idle
    EXPECT_FALSE(pool.take_idle(Clock::now() + 60ms));  // past the idle timeout
  });
}

}  // namespace
}  // namespace gofr::service::detail
