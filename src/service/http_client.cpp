#include "gofr/service/http_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include "gofr/context.hpp"
#include "gofr/http/error.hpp"
#include "http/request_scope.hpp"
#include "service/connection_pool.hpp"
#include "tracing/trace_context.hpp"

namespace gofr::service {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

std::string_view ClientResponse::header(std::string_view name) const noexcept {
  for (const auto& [n, v] : headers)
    if (beast::iequals(n, name)) return v;
  return {};
}

namespace {

struct Target {
  bool tls = false;
  std::string host, port, path;
};

Target parse_target(std::string_view url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || !(parsed->scheme() == "http" || parsed->scheme() == "https") || parsed->host().empty()) {
    throw std::invalid_argument("not an http(s) URL: " + std::string(url));
  }
  Target t;
  t.tls = parsed->scheme() == "https";
  t.host = parsed->host();
  t.port = parsed->has_port() ? std::string(parsed->port()) : std::string(t.tls ? "443" : "80");
  t.path = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
  if (parsed->has_query()) t.path += "?" + std::string(parsed->encoded_query());
  return t;
}

// The trace headers for a call made inside `span`: its id becomes the callee's parent id.
void inject_trace(bhttp::request<bhttp::string_body>& request, const tracing::Span& span,
                  const gofr::detail::RequestScope& scope) {
  if (auto injected = tracing::inject(span.context())) {
    request.set(tracing::traceparent_header, injected->traceparent);
    if (injected->tracestate) request.set(tracing::tracestate_header, *injected->tracestate);
  }
  if (scope.baggage && !scope.baggage->empty()) request.set("baggage", scope.baggage->to_header());
}

template <class Stream>
Task<ClientResponse> exchange(Stream& stream, bhttp::request<bhttp::string_body>& request) {
  co_await bhttp::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> response;
  co_await bhttp::async_read(stream, buffer, response, asio::use_awaitable);
  ClientResponse out;
  out.status = static_cast<int>(response.result_int());
  for (const auto& field : response) out.headers.emplace_back(field.name_string(), field.value());
  out.body = std::move(response.body());
  co_return out;
}

}  // namespace

Task<ClientResponse> call(Context& ctx, std::string_view method, std::string_view url, std::string body,
                          CallOptions options) {
  const Target target = parse_target(url);
  auto& scope = ctx.scope();
  auto span = ctx.trace(std::string(method));
  span.set_attribute("http.request.method", std::string(method))
      .set_attribute("server.address", target.host)
      .set_attribute("server.port", std::int64_t{std::stoi(target.port)})
      .set_attribute("url.full", std::string(url));
  // The callee is a CLIENT span of ours; ctx.trace made it INTERNAL, so correct the kind.
  span.set_kind(tracing::SpanKind::client);

  bhttp::request<bhttp::string_body> request{bhttp::string_to_verb(method), target.path, 11};
  request.set(bhttp::field::host, target.host);
  request.set(bhttp::field::user_agent, "gofr-cpp");
  for (const auto& [name, value] : options.headers) request.set(name, value);
  inject_trace(request, span, scope);
  request.body() = std::move(body);
  request.prepare_payload();

  auto timeout = options.timeout;
  if (const auto deadline = ctx.deadline()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
    timeout = std::max(std::chrono::milliseconds(1), std::min(timeout, left));
  }

  auto executor = co_await asio::this_coro::executor;
  std::string failure;
  ClientResponse response;
  try {
    tcp::resolver resolver(executor);
    const auto endpoints = co_await resolver.async_resolve(target.host, target.port, asio::use_awaitable);
    if (target.tls) {
      beast::ssl_stream<beast::tcp_stream> stream(executor, detail::client_tls());
      if (!SSL_set_tlsext_host_name(stream.native_handle(), target.host.c_str())) {
        throw boost::system::system_error(asio::error::invalid_argument, "cannot set TLS server name");
      }
      stream.set_verify_callback(asio::ssl::host_name_verification(target.host));
      beast::get_lowest_layer(stream).expires_after(timeout);
      co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
      co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
      response = co_await exchange(stream, request);
    } else {
      beast::tcp_stream stream(executor);
      stream.expires_after(timeout);
      co_await stream.async_connect(endpoints, asio::use_awaitable);
      response = co_await exchange(stream, request);
    }
  } catch (const boost::system::system_error& e) {
    failure = e.code() == beast::error::timeout ? "timed out" : e.code().message();
  }
  if (!failure.empty()) {
    span.set_attribute("error.type", failure).set_status(tracing::StatusCode::error, failure);
    throw http::ServiceUnavailable(target.host + ":" + target.port, failure);
  }
  span.set_attribute("http.response.status_code", std::int64_t{response.status});
  if (response.status >= 400) {
    span.set_attribute("error.type", std::to_string(response.status)).set_status(tracing::StatusCode::error);
  }
  co_return response;
}

}  // namespace gofr::service
