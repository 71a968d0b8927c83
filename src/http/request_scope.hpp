#pragma once
#include <array>
#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "core/services.hpp"
#include "gofr/http/response.hpp"
#include "gofr/http/response_writer.hpp"
#include "gofr/tracing/span.hpp"
#include "tracing/baggage.hpp"
#include "http/router.hpp"

namespace gofr::detail {

// Per-request state behind gofr::Context.
struct RequestScope {
  explicit RequestScope(const Services& s) : services(s) {}
  const Services& services;
  std::vector<http::PathParam> params;
  http::Response response;
  tracing::Span span;                      // the server span of this request
  std::vector<tracing::SpanContext> active;  // spans started by ctx.trace() and not yet ended, innermost last
  std::optional<tracing::Baggage> baggage;   // the inbound W3C baggage, passed on by outbound calls
  std::array<char, 32> trace_id{};         // hex of span's ids, for X-Correlation-ID and logs
  std::array<char, 16> span_id{};
  std::optional<std::chrono::steady_clock::time_point> deadline;
  std::string_view route_template;  // "" when no route matched
  std::string head_extra;
  bool client_gone = false;                                   // the client hung up while the handler ran
  bool timed_out = false;                                     // REQUEST_TIMEOUT expired while the handler ran
  bool probe = false;                                         // a /.well-known probe (for LOG_DISABLE_PROBES)
  std::function<Task<void>(response::StreamWriter&)> stream;  // set: the body is produced while it is sent
};

}  // namespace gofr::detail
