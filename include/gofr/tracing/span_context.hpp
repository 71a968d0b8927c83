#pragma once
// The propagated identity of a span: the `traceparent` fields of W3C Trace Context Level 2 (§3.2) plus the
// vendors' `tracestate` (§3.3). Ids are kept as bytes, not hex, so comparing and hashing them is cheap and an
// id can never be stored in a non-canonical spelling.
#include <array>
#include <cstdint>
#include <string>

#include "gofr/tracing/trace_state.hpp"

namespace gofr::tracing {

struct SpanContext {
  // §3.2.2.5.1: the caller may have recorded trace data.
  static constexpr std::uint8_t sampled_flag = 0x01;
  // §3.2.2.5.2 (Level 2): at least the right-most 7 bytes of trace_id were chosen uniformly at random, so
  // samplers may use them as a coin. A participant continuing a trace MUST pass the received value on.
  static constexpr std::uint8_t random_flag = 0x02;
  // §3.2.2.5.3: every other bit is reserved and MUST be sent as zero, so only these bits are ever kept.
  static constexpr std::uint8_t known_flags = sampled_flag | random_flag;

  std::array<std::uint8_t, 16> trace_id{};
  std::array<std::uint8_t, 8> span_id{};  // the `parent-id` on the wire
  std::uint8_t flags = 0;
  TraceState state;
  bool remote = false;  // extracted from a peer's headers rather than created here

  bool sampled() const noexcept { return (flags & sampled_flag) != 0; }
  bool random() const noexcept { return (flags & random_flag) != 0; }
  // §3.2.2.3 and §3.2.2.4: an all-zero trace-id or parent-id is invalid.
  bool valid() const noexcept;
  // 32 and 16 lower-case hex digits, as on the wire.
  std::string trace_id_hex() const;
  std::string span_id_hex() const;

  friend bool operator==(const SpanContext&, const SpanContext&) = default;
};

}  // namespace gofr::tracing
