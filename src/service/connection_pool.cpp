#include "service/connection_pool.hpp"

#include <atomic>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/url/parse.hpp>

namespace gofr::service::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

std::optional<boost::urls::url_view> parse_http_url(std::string_view text) {
  const auto url = boost::urls::parse_absolute_uri(text);
  if (!url || !(url->scheme() == "http" || url->scheme() == "https") || url->host().empty()) return std::nullopt;
  return *url;
}

Origin origin_of(const boost::urls::url_view& url) {
  const bool tls = url.scheme() == "https";
  return {.tls = tls, .host = url.host_address(),
          .port = url.has_port() ? std::string(url.port()) : std::string(tls ? "443" : "80")};
}

std::uint64_t new_pool_owner_id() noexcept {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

asio::ssl::context& client_tls() {
  static asio::ssl::context tls = [] {
    asio::ssl::context c(asio::ssl::context::tls_client);
    c.set_default_verify_paths();
    c.set_verify_mode(asio::ssl::verify_peer);
    return c;
  }();
  return tls;
}

Connection::Connection(asio::any_io_executor executor, bool tls) {
  if (tls) {
    secure_.emplace(executor, client_tls());
  } else {
    plain_.emplace(executor);
  }
}

std::unique_ptr<Connection> ConnectionPool::take_idle(Clock::time_point now) {
  while (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    if (now - connection->idle_since < options_.idle_timeout) return connection;
    // Outlived its idle time: the server may be about to close it, so it is closed here instead.
  }
  return nullptr;
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection, Clock::time_point now) {
  connection->reused = true;
  connection->idle_since = now;
  idle_.push_back(std::move(connection));
  if (idle_.size() > options_.max_idle) idle_.erase(idle_.begin());  // the least recently used goes
}

Task<std::unique_ptr<Connection>> ConnectionPool::connect(Clock::time_point deadline,
                                                          std::optional<ConnectFailure>& failure) {
  if (const auto now = Clock::now(); options_.connect_timeout < deadline - now) deadline = now + options_.connect_timeout;
  auto executor = co_await asio::this_coro::executor;
  auto connection = std::make_unique<Connection>(executor, origin_.tls);
  const auto fail = [&](boost::system::error_code ec, const char* step) {
    failure = ConnectFailure{ec, std::string(step) + " " + origin_.host + ":" + origin_.port + ": " +
                                     (ec == beast::error::timeout ? std::string("timed out") : ec.message())};
  };
  boost::system::error_code ec;
  tcp::resolver resolver(executor);
  const auto endpoints =
      co_await resolver.async_resolve(origin_.host, origin_.port, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    fail(ec, "resolve");
    co_return nullptr;
  }
  connection->tcp().expires_at(deadline);
  co_await connection->tcp().async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    fail(ec, "connect to");
    co_return nullptr;
  }
  connection->tcp().socket().set_option(tcp::no_delay(true), ec);
  if (auto* secure = connection->secure()) {
    const auto& server_name = origin_.server_name.empty() ? origin_.host : origin_.server_name;
    if (!SSL_set_tlsext_host_name(secure->native_handle(), server_name.c_str())) {
      fail(asio::error::invalid_argument, "TLS server name for");
      co_return nullptr;
    }
    secure->set_verify_callback(asio::ssl::host_name_verification(server_name));
    co_await secure->async_handshake(asio::ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      fail(ec, "TLS handshake with");
      co_return nullptr;
    }
  }
  co_return connection;
}

}  // namespace gofr::service::detail
