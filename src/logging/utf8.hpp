#pragma once
// UTF-8 well-formedness (RFC 3629 §4), shared by the JSON escaper and the OTLP protobuf encoder: both replace
// each byte that does not start a well-formed sequence with U+FFFD.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace gofr::logging {

// True when every byte is ASCII, the common case worth a fast path. Eight bytes at a time; the last, partial word
// is read as the eight (or four) bytes that end the text, overlapping what was already seen, rather than a byte at
// a time: most texts checked are keys and header values of a few dozen bytes, where the tail is half the work.
inline bool is_ascii(std::string_view text) noexcept {
  constexpr std::uint64_t high_bits = 0x8080808080808080ULL;
  const char* p = text.data();
  const std::size_t n = text.size();
  const auto word = [](const char* at) {
    std::uint64_t w;
    std::memcpy(&w, at, sizeof w);
    return w;
  };
  if (n >= 8) {
    std::uint64_t seen = word(p + n - 8);
    for (std::size_t i = 0; i + 8 < n; i += 8) seen |= word(p + i);
    return (seen & high_bits) == 0;
  }
  if (n >= 4) {
    std::uint32_t head, tail;
    std::memcpy(&head, p, sizeof head);
    std::memcpy(&tail, p + n - 4, sizeof tail);
    return ((head | tail) & 0x80808080U) == 0;
  }
  unsigned seen = 0;
  for (std::size_t i = 0; i < n; ++i) seen |= static_cast<unsigned char>(p[i]);
  return (seen & 0x80U) == 0;
}

// Length of the well-formed UTF-8 sequence starting at text[i] (1 for ASCII), or 0 when it is not one.
constexpr std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u; };
  const auto in = [](unsigned v, unsigned lo, unsigned hi) { return v >= lo && v <= hi; };
  const unsigned b0 = byte(0), b1 = byte(1);
  if (b0 < 0x80) return 1;
  if (in(b0, 0xC2, 0xDF)) return in(b1, 0x80, 0xBF) ? 2 : 0;
  if (in(b0, 0xE0, 0xEF)) {
    const bool second = b0 == 0xE0 ? in(b1, 0xA0, 0xBF) : b0 == 0xED ? in(b1, 0x80, 0x9F) : in(b1, 0x80, 0xBF);
    return second && in(byte(2), 0x80, 0xBF) ? 3 : 0;
  }
  if (in(b0, 0xF0, 0xF4)) {
    const bool second = b0 == 0xF0 ? in(b1, 0x90, 0xBF) : b0 == 0xF4 ? in(b1, 0x80, 0x8F) : in(b1, 0x80, 0xBF);
    return second && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

}  // namespace gofr::logging
