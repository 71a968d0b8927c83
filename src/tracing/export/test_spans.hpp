#pragma once
// Small known spans for the exporters' unit tests.
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "gofr/tracing/span_data.hpp"
#include "tracing/hex.hpp"

namespace gofr::tracing::test {

template <std::size_t N>
std::array<std::uint8_t, N> id(std::string_view hex_digits) {
  std::array<std::uint8_t, N> out{};
  if (!hex::decode(hex_digits, out)) throw std::invalid_argument("bad hex id");
  return out;
}

inline constexpr std::string_view trace_id = "0102030405060708090a0b0c0d0e0f10";
inline constexpr std::string_view span_id = "1112131415161718";

// A sampled root SERVER span "a" from 1000 ns to 3000 ns, nothing else set.
inline SpanData minimal_span() {
  SpanData span;
  span.name = "a";
  span.kind = SpanKind::server;
  span.context.trace_id = id<16>(trace_id);
  span.context.span_id = id<8>(span_id);
  span.context.flags = SpanContext::sampled_flag;
  span.start_unix_nano = 1000;
  span.end_unix_nano = 3000;
  return span;
}

}  // namespace gofr::tracing::test
