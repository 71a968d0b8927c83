#pragma once
// The server span of a request, per OpenTelemetry's HTTP semantic conventions (stable, v1.23+): kind SERVER,
// named "{method} {http.route}" ("{method}" when no route matched), continuing the caller's W3C trace context.
#include "gofr/context.hpp"
#include "http/request_scope.hpp"

namespace gofr::detail {

// Extracts traceparent/tracestate and starts the span; fills the scope's hex ids.
void start_server_span(Context& ctx, RequestScope& scope);
// After routing: the span's name and http.route.
void name_server_span(Context& ctx, RequestScope& scope);
// Once the response is sent (its final status known, 499 included): the request and response attributes, and the
// span ends.
void end_server_span(Context& ctx, RequestScope& scope);

}  // namespace gofr::detail
