#pragma once
// One worker thread's connection to Redis, shared by every request on that thread: commands are written in the
// order they are issued, several per write when they arrive together (pipelining), and the replies, which Redis
// sends in the same order, are handed back to their callers. Everything happens on the worker's event loop, so the
// connection needs no lock.
//
// It connects on first use, and again after the server went away: at once the first time, then no sooner than a
// backoff (100 ms doubling to 5 s) after each failed attempt, failing commands meanwhile with "unavailable" rather
// than making them wait. A command with no reply by its deadline closes the connection (the server is stuck or the
// network is), which fails the commands behind it too; the next command reconnects.
#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>

#include "gofr/task.hpp"
#include "redis/resp.hpp"

namespace gofr::redis::detail {

// What the connections of one app know together: when any of them last connected. A worker whose own attempt
// failed waits out its backoff only until another worker has reached the server since; then it tries again at once,
// so no worker keeps failing requests after the server is back.
struct Reachability {
  std::atomic<std::chrono::steady_clock::rep> last_connected{0};
};

struct RedisOptions {
  std::string host = "localhost";
  std::string port = "6379";
  std::string user;
  std::string password;
  int database = 0;
  bool tls = false;
  std::chrono::milliseconds connect_timeout{5000};
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Clock = std::chrono::steady_clock;

  // `tls_context` is used when options.tls is set; it outlives the connection.
  Connection(boost::asio::any_io_executor executor, const RedisOptions& options,
             boost::asio::ssl::context& tls_context, Reachability& reachability);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Sends the commands and returns their replies, error replies included as values. Throws Error "unavailable"
  // when there is no connection and none can be made now, "timeout" when the replies do not come by `deadline`.
  // Call it from the connection's own executor.
  Task<std::vector<Decoded>> send(std::vector<std::vector<std::string>> commands, Clock::time_point deadline);

  // Closes the socket and fails what is waiting. For shutdown, before the event loop goes.
  void close() noexcept;

 private:
  enum class State { closed, connecting, open };

  // Commands written together, waiting for their replies.
  struct Batch {
    explicit Batch(boost::asio::any_io_executor executor, std::size_t n) : done(executor), expected(n) {}
    boost::asio::steady_timer done;  // cancelled when the replies are in, or the batch failed
    std::size_t expected;
    std::vector<Decoded> replies;
    std::optional<Error> failure;
    bool finished = false;
    bool handshake = false;  // AUTH and SELECT: a failure there fails the connection
  };

  Task<void> connect_and_read(std::shared_ptr<Connection> self);
  Task<void> open_socket();
  void start_flush();
  Task<void> flush(std::shared_ptr<Connection> self);
  Task<void> read_replies();
  void deliver(Decoded decoded);
  void fail_all(const Error& error, bool retry_at_once);
  static void finish(Batch& batch);
  std::string address() const;

  boost::asio::any_io_executor executor_;
  const RedisOptions& options_;
  boost::asio::ssl::context& tls_context_;
  Reachability& reachability_;
  // The current socket; the coroutines reading and writing it hold it too, and stop when it is no longer current.
  std::shared_ptr<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>> stream_;
  State state_ = State::closed;
  std::string outbox_;  // commands not written yet
  bool writing_ = false;
  std::deque<std::shared_ptr<Batch>> waiting_;  // in the order their commands were queued
  std::unique_ptr<ReplyReader> reader_;  // a fresh one per connection: a broken one may hold half a reply
  Clock::time_point next_attempt_{};
  Clock::time_point last_failure_{};
  std::chrono::milliseconds backoff_{0};
  std::string last_error_;
};

}  // namespace gofr::redis::detail
