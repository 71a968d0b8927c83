#pragma once
// Fixed-width lower-case hex for trace context ids and flags. Trace Context only admits HEXDIGLC (§3.2.2), so
// decoding rejects upper case rather than folding it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

namespace gofr::tracing::hex {

constexpr int nibble(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The byte spelled by two HEXDIGLC, or -1.
constexpr int byte(char high, char low) noexcept {
  const int h = nibble(high), l = nibble(low);
  return h < 0 || l < 0 ? -1 : (h << 4) | l;
}

// `in` must be exactly 2 * N characters.
template <std::size_t N>
constexpr bool decode(std::string_view in, std::array<std::uint8_t, N>& out) noexcept {
  if (in.size() != 2 * N) return false;
  for (std::size_t i = 0; i < N; ++i) {
    const int b = byte(in[2 * i], in[2 * i + 1]);
    if (b < 0) return false;
    out[i] = static_cast<std::uint8_t>(b);
  }
  return true;
}

// Writes 2 * in.size() characters, a byte's two digits at a time (every request encodes its trace and span ids).
inline void encode(std::span<const std::uint8_t> in, char* out) noexcept {
  static constexpr auto pairs = [] {
    constexpr char digits[] = "0123456789abcdef";
    std::array<std::array<char, 2>, 256> table{};
    for (std::size_t b = 0; b < 256; ++b) table[b] = {digits[b >> 4], digits[b & 0xF]};
    return table;
  }();
  for (const std::uint8_t b : in) {
    std::memcpy(out, pairs[b].data(), 2);
    out += 2;
  }
}

}  // namespace gofr::tracing::hex
