#include "tracing/export/http_transport.hpp"

#include <stdexcept>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>

namespace gofr::tracing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

struct HttpTransport::Connection {
  asio::io_context io{1};
  // Only for an https collector: loading the system's CA bundle takes tens of milliseconds at start-up.
  std::optional<asio::ssl::context> tls;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
  bool open = false;

  void enable_tls() {
    tls.emplace(asio::ssl::context::tls_client);
    tls->set_default_verify_paths();
    tls->set_verify_mode(asio::ssl::verify_peer);
  }
  beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }
  void reset() {
    plain.reset();
    secure.reset();
    buffer.clear();
    open = false;
  }
};

HttpTransport::HttpTransport(std::string_view url, Headers headers, std::chrono::milliseconds timeout)
    : url_(url), headers_(std::move(headers)), timeout_(timeout), connection_(std::make_unique<Connection>()) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || !(parsed->scheme() == "http" || parsed->scheme() == "https") || parsed->host().empty()) {
    throw std::invalid_argument("not an http(s) URL: " + std::string(url));
  }
  tls_ = parsed->scheme() == "https";
  host_ = parsed->host();
  port_ = parsed->has_port() ? std::string(parsed->port()) : std::string(tls_ ? "443" : "80");
  target_ = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
  if (parsed->has_query()) target_ += "?" + std::string(parsed->encoded_query());
  if (tls_) connection_->enable_tls();
}

HttpTransport::~HttpTransport() = default;

int HttpTransport::post(std::string body, std::string_view content_type, std::string& error) {
  auto& c = *connection_;
  bhttp::request<bhttp::string_body> request{bhttp::verb::post, target_, 11};
  request.set(bhttp::field::host, host_);
  request.set(bhttp::field::user_agent, "gofr-cpp");
  request.set(bhttp::field::content_type, content_type);
  for (const auto& [name, value] : headers_) request.set(name, value);
  request.body() = std::move(body);  // a batch is a few hundred kilobytes: moved, not copied
  request.prepare_payload();

  int status = 0;
  // Two tries: a kept-alive connection the collector closed in the meantime fails at once and is reopened.
  for (int attempt = 0; attempt < 2 && status == 0; ++attempt) {
    const bool reused = c.open;
    boost::system::error_code ec;
    auto exchange = [&]() -> asio::awaitable<void> {
      if (!c.open) {
        c.reset();
        tcp::resolver resolver(c.io);
        const auto endpoints = co_await resolver.async_resolve(host_, port_, asio::use_awaitable);
        if (tls_) {
          c.secure.emplace(c.io, *c.tls);
          if (!SSL_set_tlsext_host_name(c.secure->native_handle(), host_.c_str())) {
            throw boost::system::system_error(asio::error::invalid_argument, "cannot set TLS server name");
          }
          c.secure->set_verify_callback(asio::ssl::host_name_verification(host_));
        } else {
          c.plain.emplace(c.io);
        }
        c.lowest().expires_after(timeout_);
        co_await c.lowest().async_connect(endpoints, asio::use_awaitable);
        if (tls_) co_await c.secure->async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
        c.open = true;
      }
      c.lowest().expires_after(timeout_);
      bhttp::response<bhttp::string_body> response;
      if (tls_) {
        co_await bhttp::async_write(*c.secure, request, asio::use_awaitable);
        co_await bhttp::async_read(*c.secure, c.buffer, response, asio::use_awaitable);
      } else {
        co_await bhttp::async_write(*c.plain, request, asio::use_awaitable);
        co_await bhttp::async_read(*c.plain, c.buffer, response, asio::use_awaitable);
      }
      status = static_cast<int>(response.result_int());
      if (!response.keep_alive()) c.reset();
      if (status < 200 || status >= 300) {
        error = "HTTP " + std::to_string(status) + " from " + url_;
        if (!response.body().empty()) error += ": " + response.body().substr(0, 200);
      }
    };
    c.io.restart();
    asio::co_spawn(c.io, exchange(), [&](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const boost::system::system_error& se) {
        ec = se.code();
      } catch (const std::exception& other) {
        error = other.what();
        ec = asio::error::fault;
      }
    });
    c.io.run();
    if (ec) {
      c.reset();
      status = 0;
      if (error.empty() || ec != asio::error::fault) error = ec.message() + " (" + url_ + ")";
      if (!reused) break;  // a fresh connection failed: the collector is really unavailable
    }
  }
  return status;
}

}  // namespace gofr::tracing
