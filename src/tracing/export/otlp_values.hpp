#pragma once
// The numbers OTLP's trace/v1 schema gives our model's enums and flags, shared by the protobuf and JSON encodings
// (opentelemetry/proto/trace/v1/trace.proto).
#include <cstdint>

#include "gofr/tracing/span_data.hpp"

namespace gofr::tracing::otlp {

// Span.SpanKind. UNSPECIFIED (0) is never sent: every span we make has a kind, INTERNAL by default.
constexpr std::uint32_t span_kind(SpanKind kind) noexcept {
  switch (kind) {
    case SpanKind::internal:
      return 1;
    case SpanKind::server:
      return 2;
    case SpanKind::client:
      return 3;
    case SpanKind::producer:
      return 4;
    case SpanKind::consumer:
      return 5;
  }
  return 1;
}

// Status.StatusCode: UNSET 0, OK 1, ERROR 2.
constexpr std::uint32_t status_code(StatusCode code) noexcept {
  switch (code) {
    case StatusCode::unset:
      return 0;
    case StatusCode::ok:
      return 1;
    case StatusCode::error:
      return 2;
  }
  return 0;
}

// SpanFlags: bits 0-7 are the W3C trace flags; bit 8 says whether bit 9 is known, and bit 9 says the parent (of a
// span) or the linked span (of a link) is remote. We always know, so bit 8 is always set, as the OTel SDKs do; a
// root span has no remote parent. The high 22 bits MUST be zero when built from a runtime span.
inline constexpr std::uint32_t flags_trace_flags_mask = 0x000000FF;
inline constexpr std::uint32_t flags_context_has_is_remote = 0x00000100;
inline constexpr std::uint32_t flags_context_is_remote = 0x00000200;

constexpr std::uint32_t flags(std::uint8_t trace_flags, bool remote) noexcept {
  return (trace_flags & flags_trace_flags_mask) | flags_context_has_is_remote | (remote ? flags_context_is_remote : 0);
}

}  // namespace gofr::tracing::otlp
