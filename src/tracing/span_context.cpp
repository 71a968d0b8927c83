#include "gofr/tracing/span_context.hpp"

#include <algorithm>

#include "tracing/hex.hpp"

namespace gofr::tracing {

namespace {

template <std::size_t N>
bool non_zero(const std::array<std::uint8_t, N>& id) noexcept {
  return std::any_of(id.begin(), id.end(), [](std::uint8_t b) { return b != 0; });
}

template <std::size_t N>
std::string to_hex(const std::array<std::uint8_t, N>& id) {
  std::string out(2 * N, '0');
  hex::encode(id, out.data());
  return out;
}

}  // namespace

bool SpanContext::valid() const noexcept { return non_zero(trace_id) && non_zero(span_id); }

std::string SpanContext::trace_id_hex() const { return to_hex(trace_id); }

std::string SpanContext::span_id_hex() const { return to_hex(span_id); }

}  // namespace gofr::tracing
