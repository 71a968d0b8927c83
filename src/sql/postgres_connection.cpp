#include "sql/postgres_connection.hpp"

#include <poll.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <system_error>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "sql/libpq.hpp"
#include "sql/placeholders.hpp"

namespace gofr::sql::detail {

namespace asio = boost::asio;

namespace {

// The deadline passed while waiting for the server.
struct TimedOut {};

// Type OIDs of pg_catalog (src/include/catalog/pg_type.dat): stable across releases.
enum Oid : unsigned {
  bool_oid = 16,
  bytea_oid = 17,
  int8_oid = 20,
  int2_oid = 21,
  int4_oid = 23,
  oid_oid = 26,
  float4_oid = 700,
  float8_oid = 701,
  numeric_oid = 1700,
};

Value column_value(const PGresult* r, int row, int column) {
  if (libpq().PQgetisnull(r, row, column)) return std::monostate{};
  const char* v = libpq().PQgetvalue(r, row, column);
  const auto length = static_cast<std::size_t>(libpq().PQgetlength(r, row, column));
  switch (libpq().PQftype(r, column)) {
    case bool_oid:
      return std::int64_t{v[0] == 't'};
    case int8_oid:
    case int2_oid:
    case int4_oid:
    case oid_oid: {
      std::int64_t n = 0;
      std::from_chars(v, v + length, n);
      return n;
    }
    case float4_oid:
    case float8_oid:
    case numeric_oid:  // as a double, like Go's float64 scan: exact decimals need a cast to text in the query
      return std::strtod(v, nullptr);  // also reads NaN, Infinity and -Infinity
    case bytea_oid: {
      std::size_t size = 0;
      auto* bytes = libpq().PQunescapeBytea(reinterpret_cast<const unsigned char*>(v), &size);
      if (!bytes) throw Error("cannot decode a bytea value", "22P03");
      Blob blob{std::string(reinterpret_cast<const char*>(bytes), size)};
      libpq().PQfreemem(bytes);
      return blob;
    }
    default:
      return std::string(v, length);
  }
}

// A double as PostgreSQL's float8 input reads it back exactly.
std::string float_text(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  return fmt::format("{}", d);
}

// libpq's messages end with a newline.
std::string_view trimmed(const char* message) {
  std::string_view m = message ? message : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.remove_suffix(1);
  return m;
}

}  // namespace

void PostgresConnection::ResultDeleter::operator()(pg_result* r) const noexcept { libpq().PQclear(r); }

PostgresConnection::PostgresConnection(pg_conn* conn, gofr::detail::BlockingPool& blocking)
    : conn_(conn), blocking_(&blocking) {}

PostgresConnection::~PostgresConnection() {
  unbind_socket();
  libpq().PQfinish(conn_);
}

// Off the event loop, without closing it: the socket is libpq's.
void PostgresConnection::unbind_socket() noexcept {
  if (!socket_) return;
  socket_->release();
  socket_.reset();
}

Task<std::unique_ptr<PostgresConnection>> PostgresConnection::connect(const PostgresOptions& o,
                                                                      Clock::time_point deadline,
                                                                      gofr::detail::BlockingPool& blocking) {
  const auto executor = co_await asio::this_coro::executor;
  deadline = std::min(deadline, Clock::now() + o.connect_timeout);
  // libpq would look the name up itself, blocking this thread: Asio's resolver does it off the event loop, and
  // libpq gets the address (and keeps the name for TLS host verification).
  std::string address;
  if (!o.host.empty() && o.host.front() != '/') {
    boost::system::error_code ec;
    asio::ip::make_address(o.host, ec);
    if (!ec) {
      address = o.host;
    } else {
      asio::ip::tcp::resolver resolver(executor);
      const auto found = co_await resolver.async_resolve(o.host, o.port, asio::redirect_error(asio::use_awaitable, ec));
      if (ec || found.empty()) {
        throw Error(fmt::format("cannot connect to PostgreSQL at {}:{}: cannot resolve {}: {}", o.host, o.port, o.host,
                                ec.message()),
                    "08001");
      }
      address = found.begin()->endpoint().address().to_string();
    }
  }
  std::vector<const char*> keys{"host", "port", "user", "password", "dbname", "sslmode", "application_name"};
  std::vector<const char*> values{o.host.c_str(),     o.port.c_str(),     o.user.c_str(),
                                  o.password.c_str(), o.database.c_str(), o.ssl_mode.c_str(),
                                  o.application_name.c_str()};
  if (!address.empty()) {
    keys.push_back("hostaddr");
    values.push_back(address.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = libpq().PQconnectStartParams(keys.data(), values.data(), 0);
  if (!conn) throw Error("cannot connect to PostgreSQL: out of memory", "08001");
  std::unique_ptr<PostgresConnection> c(new PostgresConnection(conn, blocking));
  // NOTICEs ("… does not exist, skipping") are noise
  libpq().PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  const auto where = fmt::format("cannot connect to PostgreSQL at {}:{}", o.host, o.port);
  if (libpq().PQstatus(conn) == CONNECTION_BAD) c->fail_connection(where, "08001");
  auto state = PGRES_POLLING_WRITING;
  try {
    while (state != PGRES_POLLING_OK) {
      if (state == PGRES_POLLING_FAILED) c->fail_connection(where, "08001");
      c->unbind_socket();  // the socket may change from one step to the next (another address, a TLS retry)
      co_await c->wait(state == PGRES_POLLING_WRITING, deadline);
      state = libpq().PQconnectPoll(conn);
    }
  } catch (const TimedOut&) {
    throw Error(where + ": timed out", "08001");
  }
  if (libpq().PQsetnonblocking(conn, 1) != 0) c->fail_connection(where, "08001");
  co_return c;
}

void PostgresConnection::bind_socket(const asio::any_io_executor& executor) {
  const int fd = libpq().PQsocket(conn_);
  if (fd < 0) fail_connection("the connection has no socket");
  if (socket_ && socket_->native_handle() == fd && executor_ == executor) return;
  unbind_socket();
  socket_.emplace(executor, fd);
  executor_ = executor;
}

Task<void> PostgresConnection::wait(bool for_write, Deadline deadline) {
  bind_socket(co_await asio::this_coro::executor);
  if (deadline && Clock::now() >= *deadline) throw TimedOut{};
  asio::steady_timer timer(executor_);
  if (deadline) {
    timer.expires_at(*deadline);
    timer.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) socket_->cancel();
    });
  }
  boost::system::error_code ec;
  co_await socket_->async_wait(for_write ? asio::posix::stream_descriptor::wait_write
                                         : asio::posix::stream_descriptor::wait_read,
                               asio::redirect_error(asio::use_awaitable, ec));
  timer.cancel();
  if (ec == asio::error::operation_aborted) {
    if (deadline && Clock::now() >= *deadline) throw TimedOut{};
    abandon();  // the caller was cancelled (its client went away): the statement's answer is nobody's now
    throw boost::system::system_error(ec);
  }
  if (ec) fail_connection(ec.message());
}

void PostgresConnection::fail_connection(std::string_view what, const char* sqlstate) {
  broken_ = true;
  throw Error(fmt::format("{}: {}", what, trimmed(libpq().PQerrorMessage(conn_))), sqlstate);
}

void PostgresConnection::abandon() {
  broken_ = true;
  // The server is still running the statement: ask it to stop. PQcancel opens a connection of its own and blocks.
  std::unique_ptr<PGcancel, void (*)(PGcancel*)> cancel(libpq().PQgetCancel(conn_), libpq().PQfreeCancel);
  if (!cancel) return;
  try {
    asio::post(blocking_->get(), [cancel = std::move(cancel)] {
      char error[256];
      libpq().PQcancel(cancel.get(), error, sizeof error);
    });
  } catch (const std::system_error&) {
    // No thread to send the cancel request from: the statement runs on at the server until it ends. The connection
    // is closed all the same.
  }
}

Task<PostgresConnection::ResultPtr> PostgresConnection::result_of_sent(Deadline deadline) {
  try {
    for (;;) {
      const int pending = libpq().PQflush(conn_);
      if (pending == 0) break;
      if (pending < 0) fail_connection("cannot send to PostgreSQL");
      co_await wait(true, deadline);
    }
    ResultPtr first;
    for (;;) {
      while (libpq().PQisBusy(conn_)) {
        co_await wait(false, deadline);
        if (!libpq().PQconsumeInput(conn_)) fail_connection("lost the connection to PostgreSQL");
      }
      ResultPtr next(libpq().PQgetResult(conn_));
      if (!next) break;
      if (!first) first = std::move(next);  // one statement, one result; anything after it is drained
    }
    if (libpq().PQstatus(conn_) != CONNECTION_OK) broken_ = true;
    if (!first) fail_connection("PostgreSQL sent no result");
    const auto status = libpq().PQresultStatus(first.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      const char* state = libpq().PQresultErrorField(first.get(), PG_DIAG_SQLSTATE);
      const char* primary = libpq().PQresultErrorField(first.get(), PG_DIAG_MESSAGE_PRIMARY);
      throw Error(std::string(primary ? trimmed(primary) : trimmed(libpq().PQresultErrorMessage(first.get()))),
                  state ? state : (broken_ ? "08006" : "XX000"));
    }
    co_return first;
  } catch (const TimedOut&) {
    abandon();
  }
  throw Error("the statement did not finish before the request's deadline", "57014");
}

Task<std::string> PostgresConnection::prepared_name(const std::string& text, Deadline deadline) {
  if (const auto it = prepared_.find(text); it != prepared_.end()) {
    ages_.splice(ages_.begin(), ages_, it->second.second);
    co_return it->second.first;
  }
  if (prepared_.size() >= cache_size) {
    const auto oldest = prepared_.find(ages_.back());
    const auto deallocate = "DEALLOCATE " + oldest->second.first;
    prepared_.erase(oldest);
    ages_.pop_back();
    if (!libpq().PQsendQuery(conn_, deallocate.c_str())) fail_connection("cannot send to PostgreSQL");
    co_await result_of_sent(deadline);
  }
  auto name = "gofr_" + std::to_string(next_name_++);
  if (!libpq().PQsendPrepare(conn_, name.c_str(), text.c_str(), 0, nullptr)) {
    fail_connection("cannot send to PostgreSQL");
  }
  co_await result_of_sent(deadline);  // a syntax error is thrown here, and nothing is cached
  ages_.push_front(text);
  prepared_.emplace(text, std::make_pair(name, ages_.begin()));
  co_return name;
}

Task<PostgresConnection::ResultPtr> PostgresConnection::run(const std::string& statement,
                                                            const std::vector<Value>& args, Deadline deadline) {
  if (broken_) throw Error("the connection to PostgreSQL is closed", "08003");
  const auto text = rewrite_placeholders(statement, Dialect::postgres);
  const auto n = args.size();
  std::vector<std::string> storage(n);
  std::vector<const char*> values(n, nullptr);
  std::vector<int> lengths(n, 0);
  std::vector<int> formats(n, 0);  // text, except bytea
  for (std::size_t i = 0; i < n; ++i) {
    const auto& v = args[i];
    if (const auto* integer = std::get_if<std::int64_t>(&v)) {
      storage[i] = std::to_string(*integer);
    } else if (const auto* real = std::get_if<double>(&v)) {
      storage[i] = float_text(*real);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      // libpq sends text parameters as C strings: a NUL would cut the value short without a word.
      if (s->find('\0') != std::string::npos) {
        throw Error(fmt::format("parameter {} holds a NUL byte, which PostgreSQL text cannot: bind it as a Blob", i + 1),
                    "22021");
      }
      values[i] = s->c_str();
      continue;
    } else if (const auto* blob = std::get_if<Blob>(&v)) {
      values[i] = blob->bytes.data();
      lengths[i] = static_cast<int>(blob->bytes.size());
      formats[i] = 1;
      continue;
    } else {
      continue;  // NULL
    }
    values[i] = storage[i].c_str();
  }
  const auto name = co_await prepared_name(text, deadline);
  if (!libpq().PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(n), values.data(), lengths.data(),
                                   formats.data(), 0)) {
    fail_connection("cannot send to PostgreSQL");
  }
  co_return co_await result_of_sent(deadline);
}

Task<std::vector<Row>> PostgresConnection::query(const std::string& statement, const std::vector<Value>& args,
                                                 std::size_t max_rows, Deadline deadline) {
  const auto result = co_await run(statement, args, deadline);
  const int columns = libpq().PQnfields(result.get());
  auto names = std::make_shared<std::vector<std::string>>();
  for (int c = 0; c < columns; ++c) names->emplace_back(libpq().PQfname(result.get(), c));
  const auto count = std::min(static_cast<std::size_t>(libpq().PQntuples(result.get())), max_rows);
  std::vector<Row> rows;
  rows.reserve(count);
  for (std::size_t r = 0; r < count; ++r) {
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) values.push_back(column_value(result.get(), static_cast<int>(r), c));
    rows.emplace_back(names, std::move(values));
  }
  co_return rows;
}

Task<Result> PostgresConnection::exec(const std::string& statement, const std::vector<Value>& args,
                                      Deadline deadline) {
  const auto result = co_await run(statement, args, deadline);
  const char* affected = libpq().PQcmdTuples(result.get());  // "" for statements that report no count (CREATE …)
  co_return Result{.rows_affected = affected && *affected ? std::strtoll(affected, nullptr, 10) : 0};
}

bool PostgresConnection::in_transaction() const noexcept {
  const auto status = libpq().PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

bool PostgresConnection::healthy() noexcept {
  if (broken_ || libpq().PQstatus(conn_) != CONNECTION_OK) return false;
  // Given back mid-statement (its holder was cancelled while waiting for the answer): the answer would reach the
  // next holder. The server is asked to stop, and the connection is closed.
  if (libpq().PQtransactionStatus(conn_) == PQTRANS_ACTIVE || libpq().PQisBusy(conn_)) {
    abandon();
    return false;
  }
  // An idle connection the server closed (a restart sends a FATAL notice, then EOF) is readable: read it now
  // rather than fail the next statement with it.
  // One read may bring the notice and leave the end of the stream for the next: read while there is something.
  pollfd p{libpq().PQsocket(conn_), POLLIN, 0};
  for (int reads = 0; reads < 8 && ::poll(&p, 1, 0) > 0; ++reads) {
    if (!libpq().PQconsumeInput(conn_) || libpq().PQstatus(conn_) != CONNECTION_OK) {
      broken_ = true;
      break;
    }
  }
  return !broken_;
}

}  // namespace gofr::sql::detail
