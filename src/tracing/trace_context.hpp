#pragma once
// W3C Trace Context Level 2 propagation over HTTP: reading `traceparent`/`tracestate` from a request and
// writing them to an outgoing one. Header names are case-insensitive on receipt and sent lower-case
// (§3.2.1, §3.3.1); finding the fields is the caller's job, this file only handles their values.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "gofr/tracing/span_context.hpp"

namespace gofr::tracing {

inline constexpr std::string_view traceparent_header = "traceparent";
inline constexpr std::string_view tracestate_header = "tracestate";

// One `traceparent` value (§3.2.2), surrounding OWS ignored as for any HTTP field value. Version 00 must be
// exactly 55 characters; a higher version is read by the version-00 layout as long as its first 55 characters
// fit it and are followed by the end or a '-' (§3.2.4), and anything after them is ignored. Version ff, upper
// case hex and all-zero ids are invalid. Reserved flag bits are cleared (§3.2.2.5.3), so the result re-sends
// as version 00 with only the sampled and random bits. The result is `remote`, with an empty state.
std::optional<SpanContext> parse_traceparent(std::string_view value) noexcept;

// The version-00 `traceparent` of `context` (§3.2.2), reserved flag bits cleared.
std::string format_traceparent(const SpanContext& context);

struct Extracted {
  // The remote parent, with its tracestate; nullopt when the request starts or restarts the trace.
  std::optional<SpanContext> parent;
};

// The incoming trace context from all received values of each header, in order. A traceparent that is
// missing, repeated (which is ambiguous) or invalid means a new trace, and then tracestate is not even parsed
// (§3.3: MUST NOT). With a valid traceparent an invalid tracestate is discarded on its own (§3.3: it MUST NOT
// affect traceparent), leaving the parent with an empty state.
Extracted extract(std::span<const std::string_view> traceparent_values,
                  std::span<const std::string_view> tracestate_values);

struct Injected {
  std::string traceparent;
  std::optional<std::string> tracestate;  // absent when there is nothing to send (§3.3.1.1: SHOULD avoid empty)
};

// The header values to send for `context`; nullopt when it is not valid and so cannot be propagated.
// tracestate is truncated to `tracestate_limit` characters (§3.3.1.5).
std::optional<Injected> inject(const SpanContext& context,
                               std::size_t tracestate_limit = TraceState::propagation_limit);

}  // namespace gofr::tracing
