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

#include "tracing/export/valid_utf8.hpp"

namespace gofr::tracing {

class ProtobufWriter {
 public:
  enum class Wire : std::uint8_t { varint = 0, i64 = 1, len = 2, i32 = 5 };

  explicit ProtobufWriter(std::string& out) noexcept : out_(out) {}

  void varint(std::uint64_t value) {
    while (value >= 0x80) {
      out_.push_back(static_cast<char>((value & 0x7F) | 0x80));
      value >>= 7;
    }
    out_.push_back(static_cast<char>(value));
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
    std::size_t extra = 0;
    for (std::size_t v = length >> 7; v != 0; v >>= 7) ++extra;
    if (extra != 0) out_.insert(start, extra, '\0');
    std::size_t at = start - 1;
    std::size_t v = length;
    while (v >= 0x80) {
      out_[at++] = static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    out_[at] = static_cast<char>(v);
  }

 private:
  void little_endian(std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out_.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  }

  std::string& out_;
};

}  // namespace gofr::tracing
