#pragma once
// One PostgreSQL connection driven by libpq in non-blocking mode on the caller's event loop: connecting, sending
// and reading never block a thread; the coroutine waits for the socket instead. Statements are prepared once per
// connection and kept (an LRU of 64), parameters are sent separately from the text, never interpolated.
//
// A connection serves one caller at a time (the pool's lease), from whichever worker thread holds it: its socket
// is registered with that worker's event loop for as long as the worker keeps using it.
#include <chrono>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include "core/blocking_pool.hpp"
#include "gofr/sql/types.hpp"
#include "gofr/task.hpp"
#include "sql/connection_pool.hpp"

struct pg_conn;
struct pg_result;

namespace gofr::sql::detail {

struct PostgresOptions {
  std::string host = "localhost";  // a name, an address, or a directory holding the server's Unix socket
  std::string port = "5432";
  std::string user;
  std::string password;
  std::string database;
  std::string ssl_mode = "disable";
  std::string application_name;
  std::chrono::milliseconds connect_timeout{5000};
};

class PostgresConnection final : public PooledConnection {
 public:
  using Clock = std::chrono::steady_clock;
  using Deadline = std::optional<Clock::time_point>;

  // Connects from the calling coroutine's executor. Throws Error (SQLSTATE "08001") naming the server and libpq's
  // reason when it cannot, or when `deadline` passes first. `blocking` runs cancel requests (libpq's PQcancel
  // blocks); its threads start with the first one.
  static Task<std::unique_ptr<PostgresConnection>> connect(const PostgresOptions& options, Clock::time_point deadline,
                                                           gofr::detail::BlockingPool& blocking);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  // One statement with ? or $n parameters. Throws Error with the server's message and SQLSTATE. When `deadline`
  // passes first, the server is asked to cancel the statement, the connection is closed (it is in an unknown
  // state) and Error "57014" (query_canceled) is thrown.
  Task<std::vector<Row>> query(const std::string& statement, const std::vector<Value>& args, std::size_t max_rows,
                               Deadline deadline);
  Task<Result> exec(const std::string& statement, const std::vector<Value>& args, Deadline deadline);

  bool in_transaction() const noexcept override;
  // False once the server has closed the connection (a restart, an idle timeout) or it was abandoned mid-statement.
  bool healthy() noexcept override;
  void released() noexcept override { unbind_socket(); }

  // The executor the connection was last used from: a reset after it is given back runs there.
  const boost::asio::any_io_executor& executor() const noexcept { return executor_; }

 private:
  struct ResultDeleter {
    void operator()(pg_result* r) const noexcept;
  };
  using ResultPtr = std::unique_ptr<pg_result, ResultDeleter>;

  PostgresConnection(pg_conn* conn, gofr::detail::BlockingPool& blocking);

  Task<ResultPtr> run(const std::string& statement, const std::vector<Value>& args, Deadline deadline);
  Task<std::string> prepared_name(const std::string& statement, Deadline deadline);
  Task<ResultPtr> result_of_sent(Deadline deadline);  // flushes what was sent, then reads its one result
  Task<void> wait(bool for_write, Deadline deadline);
  void bind_socket(const boost::asio::any_io_executor& executor);
  void unbind_socket() noexcept;
  [[noreturn]] void fail_connection(std::string_view what, const char* sqlstate = "08006");
  void abandon();  // the deadline passed mid-statement

  pg_conn* conn_;
  gofr::detail::BlockingPool* blocking_;
  boost::asio::any_io_executor executor_;
  std::optional<boost::asio::posix::stream_descriptor> socket_;  // libpq's socket, not owned: released, never closed
  bool broken_ = false;
  std::unordered_map<std::string, std::pair<std::string, std::list<std::string>::iterator>> prepared_;
  std::list<std::string> ages_;  // statement texts, most recently used first
  std::uint64_t next_name_ = 0;
  static constexpr std::size_t cache_size = 64;
};

}  // namespace gofr::sql::detail
