#pragma once
// Keep-alive connections to one service, for one worker thread. A connection belongs to the io_context of the
// worker that opened it and is only ever used from that thread, so the pool has no lock: every worker keeps its
// own pool per service (see HttpService). Plain TCP or TLS (SNI, peer and host name verified against the system's
// CAs).
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/url_view.hpp>

#include "gofr/task.hpp"

namespace gofr::service::detail {

using Clock = std::chrono::steady_clock;

// Where connections go: one endpoint of a service.
struct Origin {
  bool tls = false;
  std::string host;  // a name or an address, without brackets
  std::string port;
  std::string server_name;  // the name TLS asks for and verifies (empty: host); a service's endpoints share it
};

// An absolute http:// or https:// URL with a host (a view of `text`), or nullopt.
std::optional<boost::urls::url_view> parse_http_url(std::string_view text);
// The URL's scheme, host and port (the scheme's default when it has none).
Origin origin_of(const boost::urls::url_view& url);

// Each worker thread keeps its own pools, in a thread_local map keyed by the owner's id (a service, a token
// endpoint): never by its address, which an owner created later may reuse while the old pools still hold
// connections of another io_context.
std::uint64_t new_pool_owner_id() noexcept;

// One client TLS context for the process: the system's CAs, peers verified.
boost::asio::ssl::context& client_tls();

struct PoolOptions {
  std::size_t max_idle = 100;
  std::chrono::milliseconds idle_timeout{90000};
  Clock::duration connect_timeout = Clock::duration::max();  // a new connection's bound, within the deadline
};

class Connection {
 public:
  using Plain = boost::beast::tcp_stream;
  using Secure = boost::beast::ssl_stream<boost::beast::tcp_stream>;

  Connection(boost::asio::any_io_executor executor, bool tls);

  Plain& tcp() noexcept { return secure_ ? boost::beast::get_lowest_layer(*secure_) : *plain_; }
  Secure* secure() noexcept { return secure_ ? &*secure_ : nullptr; }
  Plain* plain() noexcept { return plain_ ? &*plain_ : nullptr; }

  boost::beast::flat_buffer buffer;  // bytes read past the last response stay here for the next one
  bool reused = false;               // it carried an earlier exchange
  Clock::time_point idle_since{};

 private:
  std::optional<Plain> plain_;
  std::optional<Secure> secure_;
};

// Why a connection could not be opened; `code` is the socket, resolver or TLS error.
struct ConnectFailure {
  boost::system::error_code code;
  std::string what;  // "connect to orders:8080: Connection refused"
};

class ConnectionPool {
 public:
  ConnectionPool(Origin origin, PoolOptions options) : origin_(std::move(origin)), options_(options) {}

  // The most recently used idle connection that has not outlived the idle timeout, or nullptr.
  std::unique_ptr<Connection> take_idle(Clock::time_point now);
  // Back into the pool after an exchange that left it open and in a clean state.
  void give_back(std::unique_ptr<Connection> connection, Clock::time_point now);
  // A new connection: resolve, connect and, for https, the TLS handshake, all before `deadline` and within the
  // connect timeout.
  Task<std::unique_ptr<Connection>> connect(Clock::time_point deadline, std::optional<ConnectFailure>& failure);

  const Origin& origin() const noexcept { return origin_; }
  std::size_t idle() const noexcept { return idle_.size(); }

 private:
  Origin origin_;
  PoolOptions options_;
  std::vector<std::unique_ptr<Connection>> idle_;  // oldest first
};

}  // namespace gofr::service::detail
