#pragma once
// Trace and span ids: random, from a per-thread xoshiro256** generator seeded from the OS, so an id costs a few
// nanoseconds and no lock. Random trace ids let W3C Trace Context Level 2's random flag be set on new traces.
#include <array>
#include <cstdint>

namespace gofr::tracing {

std::array<std::uint8_t, 16> new_trace_id() noexcept;
std::array<std::uint8_t, 8> new_span_id() noexcept;

}  // namespace gofr::tracing
