#pragma once
// Outbound HTTP calls that carry the request's trace: each call is a CLIENT span, child of the active span, and
// sends `traceparent` (with that span's id as the new parent id), `tracestate` and the inbound `baggage`, so the
// next service — and every mesh proxy on the way — joins the same trace. The request's deadline bounds the call.
//
// For a URL known only at run time. A registered service (app.add_http_service, ctx.service(name)) adds retries,
// the breaker, metrics and the log line; this is the same connection pool and wire code without them.
// Threading: call it from a handler; it runs on the handler's worker thread and never blocks it.
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gofr/service/types.hpp"
#include "gofr/task.hpp"

namespace gofr {
class Context;
}

namespace gofr::service {

struct ClientResponse {
  int status = 0;
  Headers headers;
  std::string body;

  // The first value of a header (case-insensitive), or "".
  std::string_view header(std::string_view name) const noexcept;
};

// Not an aggregate on purpose: GCC 12 mishandles aggregate temporaries built inside a co_await expression
// (`co_await service::get(ctx, url, {...})`; ADR 0006), and a constructor makes that spelling safe.
struct CallOptions {
  CallOptions() {}
  explicit CallOptions(Headers h, std::chrono::milliseconds t = std::chrono::milliseconds(30000))
      : headers(std::move(h)), timeout(t) {}

  Headers headers;
  std::chrono::milliseconds timeout{30000};  // for the whole call; the request's deadline wins when earlier
};

// Calls `url` (http:// or https://). Throws http::ServiceUnavailable naming the host when there is no response
// (connection refused, timeout, TLS failure); a response of any status is returned, not thrown.
Task<ClientResponse> call(Context& ctx, std::string_view method, std::string_view url, std::string body = {},
                          CallOptions options = {});

inline Task<ClientResponse> get(Context& ctx, std::string_view url, CallOptions options = {}) {
  return call(ctx, "GET", url, {}, std::move(options));
}
inline Task<ClientResponse> post(Context& ctx, std::string_view url, std::string body, CallOptions options = {}) {
  return call(ctx, "POST", url, std::move(body), std::move(options));
}

}  // namespace gofr::service
