#pragma once
// The small JSON writing pieces the span encoders share (OTLP/JSON, Zipkin, GoFr): strings escaped as Go's
// encoding/json does, integers without locale or padding, and ids as quoted lower-case hex.
#include <array>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "logging/json_escape.hpp"
#include "tracing/hex.hpp"

namespace gofr::tracing::json {

inline void append_string(std::string& out, std::string_view text) {
  out.push_back('"');
  logging::append_json_escaped(out, text);
  out.push_back('"');
}

template <typename Integer>
void append_integer(std::string& out, Integer value) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

template <std::size_t N>
void append_hex_id(std::string& out, const std::array<std::uint8_t, N>& id) {
  out.push_back('"');
  const auto at = out.size();
  out.append(2 * N, '0');
  hex::encode(id, out.data() + at);
  out.push_back('"');
}

}  // namespace gofr::tracing::json
