#pragma once
// A minimal protobuf wire-format writer (https://protobuf.dev/programming-guides/encoding/), enough for OTLP.
//
// Why hand-written: the framework library must not depend on libprotobuf (and its generated code, version skew
// and ABI) just to serialise one request type of a dozen fields. The encoding is small and fully specified; the
// interop tests decode what this writes with Google's own runtime and the official .proto files, so the schema is
// checked by an independent implementation, not by this code.
//
// Callers write fields in field-number order and skip proto3 defaults themselves, which gives the canonical
// encoding (byte-identical to what Google's serialisers produce), so tests can compare bytes.
//
// Speed matters: every sampled span is encoded on the request's thread. So the writer works on raw pointers into
// the string's buffer and only fixes the string's size when it is done: the bytes written are in `out` once the
// writer is destroyed (or after finish()), not before.
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "logging/utf8.hpp"
#include "tracing/export/valid_utf8.hpp"

namespace gofr::tracing {

class ProtobufWriter {
 public:
  enum class Wire : std::uint8_t { varint = 0, i64 = 1, len = 2, i32 = 5 };

  // Appends to `out`.
  explicit ProtobufWriter(std::string& out) : out_(out) {
    const auto used = out_.size();
    out_.resize(std::max(out_.capacity(), used + 64));
    point_at(used);
  }
  ~ProtobufWriter() { finish(); }
  ProtobufWriter(const ProtobufWriter&) = delete;
  ProtobufWriter& operator=(const ProtobufWriter&) = delete;

  // Cuts `out` to the bytes written so far; writing may go on afterwards.
  void finish() {
    out_.resize(size());
    point_at(out_.size());
  }

  static constexpr std::size_t varint_size(std::uint64_t value) noexcept {
    std::size_t n = 1;
    for (; value >= 0x80; value >>= 7) ++n;
    return n;
  }

  void varint(std::uint64_t value) {
    room(max_varint);
    cursor_ = put_varint(cursor_, value);
  }

  // int64 fields are varints of the two's complement, so a negative value takes ten bytes.
  void varint_field(std::uint32_t field, std::uint64_t value) {
    room(2 * max_varint);
    cursor_ = put_varint(put_varint(cursor_, key(field, Wire::varint)), value);
  }

  void fixed64_field(std::uint32_t field, std::uint64_t value) { fixed_field(field, Wire::i64, value); }
  void fixed32_field(std::uint32_t field, std::uint32_t value) { fixed_field(field, Wire::i32, value); }
  void double_field(std::uint32_t field, double value) { fixed64_field(field, std::bit_cast<std::uint64_t>(value)); }

  void bytes_field(std::uint32_t field, std::span<const std::uint8_t> bytes) {
    length_delimited(field, {reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  }

  // Ill-formed UTF-8 is repaired (see valid_utf8.hpp): a receiver would reject the whole request otherwise.
  void string_field(std::uint32_t field, std::string_view text) {
    if (logging::is_ascii(text)) {  // nearly always: no need to look at the text twice
      length_delimited(field, text);
      return;
    }
    std::string repaired;
    append_valid_utf8(repaired, text);
    length_delimited(field, repaired);
  }

  // Bytes that are already protobuf, e.g. fields encoded earlier.
  void raw(std::string_view bytes) {
    room(bytes.size());
    cursor_ = put_bytes(cursor_, bytes);
  }

  // An embedded message: begin() writes the tag and a placeholder for the length and returns where the content
  // starts; end() fills in the length once the content is written. Nest freely: an inner end() always comes before
  // the outer one. The placeholder is one byte unless the caller expects more: nearly every OTLP submessage but a
  // span is shorter than 128 bytes, and nearly every span shorter than 16 384. When the length needs another number
  // of bytes, the content moves up or down to make it fit, so the encoding stays the canonical one.
  struct Nested {
    std::size_t start;
    std::size_t placeholder;
  };

  Nested begin(std::uint32_t field, std::size_t expected_length_bytes = 1) {
    room(max_varint + expected_length_bytes);
    cursor_ = put_varint(cursor_, key(field, Wire::len)) + expected_length_bytes;  // end() writes the length there
    return {size(), expected_length_bytes};
  }

  void end(Nested nested) {
    const std::size_t length = size() - nested.start;
    const std::size_t needed = varint_size(length);
    if (needed != nested.placeholder) {
      if (needed > nested.placeholder) room(needed - nested.placeholder);
      char* content = begin_ + nested.start;
      char* moved = content + (static_cast<std::ptrdiff_t>(needed) - static_cast<std::ptrdiff_t>(nested.placeholder));
      std::memmove(moved, content, length);
      cursor_ = moved + length;
    }
    put_varint(begin_ + nested.start - nested.placeholder, length);
  }

  // Bytes written, counting what `out` held before.
  std::size_t size() const noexcept { return static_cast<std::size_t>(cursor_ - begin_); }

  // For an encoder that knows a message's exact bytes and lengths in advance: reserve() makes room for `n` bytes
  // and returns where they go; write them with the put_* primitives and hand the end to advance().
  char* reserve(std::size_t n) {
    room(n);
    return cursor_;
  }
  void advance(char* end) noexcept { cursor_ = end; }

  static constexpr std::size_t max_varint = 10;

  static constexpr std::uint64_t key(std::uint32_t field, Wire wire) noexcept {
    return (std::uint64_t{field} << 3) | static_cast<std::uint8_t>(wire);
  }

  // The writing primitives take and return a local pointer rather than moving cursor_ byte by byte: a store
  // through char* may alias any object, cursor_ included, which would force a reload after every byte.
  static char* put_varint(char* at, std::uint64_t value) noexcept {
    while (value >= 0x80) {
      *at++ = static_cast<char>((value & 0x7F) | 0x80);
      value >>= 7;
    }
    *at++ = static_cast<char>(value);
    return at;
  }

  // Most strings here are keys and short values: two overlapping fixed-size copies beat a call to memcpy.
  [[gnu::always_inline]] static char* put_bytes(char* at, std::string_view bytes) noexcept {
    const char* from = bytes.data();
    const std::size_t n = bytes.size();
    if (n > 16 && n <= 32) {
      std::memcpy(at, from, 16);
      std::memcpy(at + n - 16, from + n - 16, 16);
    } else if (n >= 8 && n <= 16) {
      std::memcpy(at, from, 8);
      std::memcpy(at + n - 8, from + n - 8, 8);
    } else if (n >= 4 && n < 8) {
      std::memcpy(at, from, 4);
      std::memcpy(at + n - 4, from + n - 4, 4);
    } else {
      std::memcpy(at, from, n);
    }
    return at + n;
  }

 private:
  void length_delimited(std::uint32_t field, std::string_view bytes) {
    room(2 * max_varint + bytes.size());
    char* at = put_varint(cursor_, key(field, Wire::len));
    cursor_ = put_bytes(put_varint(at, bytes.size()), bytes);
  }

  template <typename Unsigned>
  void fixed_field(std::uint32_t field, Wire wire, Unsigned value) {
    static_assert(std::endian::native == std::endian::little, "fixed-width fields are written as they are in memory");
    room(max_varint + sizeof value);
    char* at = put_varint(cursor_, key(field, wire));
    std::memcpy(at, &value, sizeof value);
    cursor_ = at + sizeof value;
  }

  // Makes sure `n` more bytes fit behind the cursor.
  void room(std::size_t n) {
    if (static_cast<std::size_t>(limit_ - cursor_) < n) grow(n);
  }

  void grow(std::size_t n) {
    const auto used = size();
    out_.resize(std::max(2 * out_.size(), used + n));
    point_at(used);
  }

  void point_at(std::size_t used) {
    begin_ = out_.data();
    cursor_ = begin_ + used;
    limit_ = begin_ + out_.size();
  }

  std::string& out_;  // its size runs ahead of the bytes written until finish()
  char* begin_ = nullptr;
  char* cursor_ = nullptr;
  char* limit_ = nullptr;
};

}  // namespace gofr::tracing
