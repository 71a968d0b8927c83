#include "service/exchange.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

namespace gofr::service::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

namespace {

template <class Stream>
Task<ExchangeResult> exchange_on(Stream& stream, Connection& connection, OutboundRequest& request) {
  ExchangeResult result;
  boost::system::error_code ec;
  const auto written = co_await asio::async_write(stream, request.wire(), asio::redirect_error(asio::use_awaitable, ec));
  result.request_written = written > 0;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(max_response_body);
  if (!ec) {
    // HEAD responses carry a Content-Length but no body.
    parser.skip(request.method() == "HEAD");
    co_await bhttp::async_read(stream, connection.buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  }
  if (ec) {
    result.error = ec;
    result.timed_out = ec == beast::error::timeout;
    // A kept-alive connection that the server closed meanwhile fails on its first read (or its write) without a
    // single response byte: the request can go again on a fresh connection.
    const bool closed = ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
                        ec == asio::error::connection_reset || ec == asio::error::broken_pipe;
    result.stale = connection.reused && closed && !parser.got_some();
    co_return result;
  }
  auto response = parser.release();
  result.status = static_cast<int>(response.result_int());
  result.keep_alive = response.keep_alive();
  result.headers.reserve(std::distance(response.begin(), response.end()));
  for (const auto& field : response) result.headers.emplace_back(field.name_string(), field.value());
  result.body = std::move(response.body());
  co_return result;
}

}  // namespace

Task<ExchangeResult> exchange(Connection& connection, OutboundRequest& request, Clock::time_point deadline) {
  connection.tcp().expires_at(deadline);
  if (auto* secure = connection.secure()) co_return co_await exchange_on(*secure, connection, request);
  co_return co_await exchange_on(*connection.plain(), connection, request);
}

Task<ExchangeResult> pooled_exchange(ConnectionPool& pool, OutboundRequest& request, Clock::time_point deadline,
                                     bool resendable, std::optional<ConnectFailure>& failure) {
  for (int round = 0; round < 2; ++round) {
    auto connection = pool.take_idle(Clock::now());
    if (!connection) {
      connection = co_await pool.connect(deadline, failure);
      if (!connection) co_return ExchangeResult{};
    }
    auto result = co_await exchange(*connection, request, deadline);
    if (result.stale && round == 0 && (resendable || !result.request_written)) continue;
    if (result.status != 0 && result.keep_alive) pool.give_back(std::move(connection), Clock::now());
    co_return result;
  }
  co_return ExchangeResult{};
}

}  // namespace gofr::service::detail
