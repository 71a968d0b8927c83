#pragma once
// Trace and span ids: random, from a per-thread xoshiro256** generator seeded from the OS, so generating one
// costs a few nanoseconds and no lock.
#include <array>
#include <string_view>

namespace gofr::http {

void new_trace_id(std::array<char, 32>& out) noexcept;
void new_span_id(std::array<char, 16>& out) noexcept;
// True for 32 or 16 lower-case hex digits that are not all zero.
bool valid_hex_id(std::string_view id) noexcept;

}  // namespace gofr::http
