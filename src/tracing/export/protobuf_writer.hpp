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

  explicit ProtobufWriter(std::string& out) noexcept : out_(out) {}

  // Tags and most lengths are below 128: one byte, the fast path.
  void varint(std::uint64_t value) {
    if (value < 0x80) {
      out_.push_back(static_cast<char>(value));
      return;
    }
    char bytes[10];
    std::size_t n = 0;
    while (value >= 0x80) {
      bytes[n++] = static_cast<char>((value & 0x7F) | 0x80);
      value >>= 7;
    }
    bytes[n++] = static_cast<char>(value);
    out_.append(bytes, n);
  }

  static constexpr std::size_t varint_size(std::uint64_t value) noexcept {
    std::size_t n = 1;
    for (; value >= 0x80; value >>= 7) ++n;
    return n;
  }

  void tag(std::uint32_t field, Wire wire) { varint((std::uint64_t{field} << 3) | static_cast<std::uint8_t>(wire)); }

  // int64 fields are varints of the two's complement, so a negative value takes ten bytes.
  void varint_field(std::uint32_t field, std::uint64_t value) {
    tag(field, Wire::varint);
    varint(value);
  }

  void fixed64_field(std::uint32_t field, std::uint64_t value) {
    tag(field, Wire::i64);
    little_endian(value, 8);
  }

  void fixed32_field(std::uint32_t field, std::uint32_t value) {
    tag(field, Wire::i32);
    little_endian(value, 4);
  }

  void double_field(std::uint32_t field, double value) {
    std::uint64_t bits;
    static_assert(sizeof bits == sizeof value);
    std::memcpy(&bits, &value, sizeof bits);
    fixed64_field(field, bits);
  }

  void bytes_field(std::uint32_t field, std::span<const std::uint8_t> bytes) {
    tag(field, Wire::len);
    varint(bytes.size());
    out_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  }

  // Ill-formed UTF-8 is repaired (see valid_utf8.hpp): a receiver would reject the whole request otherwise.
  void string_field(std::uint32_t field, std::string_view text) {
    tag(field, Wire::len);
    if (logging::is_ascii(text)) {  // nearly always: no need to look at the text twice
      varint(text.size());
      out_.append(text);
      return;
    }
    varint(valid_utf8_size(text));
    append_valid_utf8(out_, text);
  }

  // An embedded message: begin() writes the tag and a one-byte length placeholder and returns where the content
  // starts; end() fills in the length once the content is written. Nearly every OTLP submessage but a span is
  // shorter than 128 bytes, so the placeholder usually fits; otherwise the content moves up by the extra bytes.
  // Nest freely: an inner end() always comes before the outer one.
  std::size_t begin(std::uint32_t field) {
    tag(field, Wire::len);
    out_.push_back('\0');
    return out_.size();
  }

  void end(std::size_t start) {
    const std::size_t length = out_.size() - start;
    const std::size_t extra = varint_size(length) - 1;
    if (extra != 0) out_.insert(start, extra, '\0');
    std::size_t at = start - 1;
    std::size_t v = length;
    while (v >= 0x80) {
      out_[at++] = static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    out_[at] = static_cast<char>(v);
  }

  // Bytes that are already protobuf, e.g. fields encoded earlier.
  void raw(std::string_view bytes) { out_.append(bytes); }

 private:
  void little_endian(std::uint64_t value, std::size_t size) {
    char bytes[8];
    for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
    out_.append(bytes, size);
  }

  std::string& out_;
};

}  // namespace gofr::tracing
