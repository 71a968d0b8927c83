#include "gofr/service/http_client.hpp"

#include <memory>
#include <unordered_map>

#include <boost/beast/core/string.hpp>

#include "gofr/context.hpp"
#include "gofr/http/error.hpp"
#include "http/request_scope.hpp"
#include "service/connection_pool.hpp"
#include "service/exchange.hpp"
#include "service/retry_policy.hpp"
#include "tracing/trace_context.hpp"

namespace gofr::service {

namespace beast = boost::beast;

std::string_view ClientResponse::header(std::string_view name) const noexcept {
  for (const auto& [n, v] : headers)
    if (beast::iequals(n, name)) return v;
  return {};
}

namespace {

// Kept-alive connections per origin, for this worker thread (connections never leave the thread that opened them).
detail::ConnectionPool& pool_for(const detail::Origin& origin) {
  thread_local std::unordered_map<std::string, std::unique_ptr<detail::ConnectionPool>> pools;
  auto& pool = pools[(origin.tls ? "https://" : "http://") + origin.host + ":" + origin.port];
  if (!pool) pool = std::make_unique<detail::ConnectionPool>(origin, detail::PoolOptions{});
  return *pool;
}

}  // namespace

Task<ClientResponse> call(Context& ctx, std::string_view method, std::string_view url, std::string body,
                          CallOptions options) {
  const auto parsed = detail::parse_http_url(url);
  if (!parsed) throw std::invalid_argument("not an http(s) URL: " + std::string(url));
  const auto origin = detail::origin_of(*parsed);
  std::string target = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
  if (parsed->has_query()) {
    target.push_back('?');
    target.append(parsed->encoded_query());
  }

  auto span = ctx.trace(std::string(method));
  span.set_attribute("http.request.method", std::string(method))
      .set_attribute("server.address", origin.host)
      .set_attribute("server.port", std::int64_t{std::stoi(origin.port)})
      .set_attribute("url.full", std::string(url));
  // The callee is a CLIENT span of ours; ctx.trace made it INTERNAL, so correct the kind.
  span.set_kind(tracing::SpanKind::client);

  detail::OutboundRequest request(method, target);
  request.add("Host", parsed->encoded_host_and_port());
  request.add("User-Agent", "gofr-cpp");
  for (const auto& [name, value] : options.headers) {
    if (!detail::client_owned_header(name)) request.add(name, value);
  }
  // The span's id becomes the callee's parent id; the inbound baggage goes on.
  if (auto injected = tracing::inject(span.context())) {
    request.add(tracing::traceparent_header, injected->traceparent);
    if (injected->tracestate) request.add(tracing::tracestate_header, *injected->tracestate);
  }
  if (const auto& baggage = ctx.scope().baggage; baggage && !baggage->empty()) request.add("baggage", baggage->to_header());
  request.set_body(std::move(body));

  auto deadline = std::chrono::steady_clock::now() + options.timeout;
  if (const auto inbound = ctx.deadline()) deadline = std::min(deadline, *inbound);

  std::optional<detail::ConnectFailure> connect_failure;
  auto result = co_await detail::pooled_exchange(pool_for(origin), request, deadline,
                                                 detail::idempotent_method(method), connect_failure);
  if (result.status == 0) {
    const auto failure = connect_failure ? connect_failure->what
                                         : (result.timed_out ? "timed out" : result.error.message());
    span.set_attribute("error.type", failure).set_status(tracing::StatusCode::error, failure);
    throw http::ServiceUnavailable(origin.host + ":" + origin.port, failure);
  }
  span.set_attribute("http.response.status_code", std::int64_t{result.status});
  if (result.status >= 400) {
    span.set_attribute("error.type", std::to_string(result.status)).set_status(tracing::StatusCode::error);
  }
  co_return ClientResponse{result.status, std::move(result.headers), std::move(result.body)};
}

}  // namespace gofr::service
