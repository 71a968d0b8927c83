// The protobuf wire format (https://protobuf.dev/programming-guides/encoding/): varints, fixed-width fields,
// length prefixes, including lengths that outgrow their one-byte placeholder.
#include "tracing/export/protobuf_writer.hpp"

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>

#include <gtest/gtest.h>

namespace gofr::tracing {
namespace {

std::string bytes(std::initializer_list<int> list) {
  std::string out;
  for (int b : list) out.push_back(static_cast<char>(b));
  return out;
}

TEST(ProtobufWriter, Varints) {
  const struct {
    std::uint64_t value;
    std::string encoded;
  } cases[] = {
      {0, bytes({0x00})},
      {1, bytes({0x01})},
      {127, bytes({0x7f})},
      {128, bytes({0x80, 0x01})},
      {150, bytes({0x96, 0x01})},  // the encoding guide's example
      {300, bytes({0xac, 0x02})},
      {16383, bytes({0xff, 0x7f})},
      {16384, bytes({0x80, 0x80, 0x01})},
      {std::numeric_limits<std::uint64_t>::max(), bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})},
  };
  for (const auto& c : cases) {
    std::string out;
    ProtobufWriter(out).varint(c.value);
    EXPECT_EQ(out, c.encoded) << c.value;
  }
}

TEST(ProtobufWriter, NegativeInt64TakesTenBytes) {
  std::string out;
  ProtobufWriter(out).varint_field(3, static_cast<std::uint64_t>(std::int64_t{-1}));
  EXPECT_EQ(out, bytes({0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
}

TEST(ProtobufWriter, TagsAndFixedWidthFields) {
  std::string out;
  ProtobufWriter w(out);
  w.fixed64_field(7, 0x0102030405060708);
  w.fixed32_field(16, 0x301);  // field 16 needs a two-byte tag: (16 << 3) | 5 = 133
  w.double_field(4, 1.5);
  w.finish();
  EXPECT_EQ(out, bytes({0x39, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,  //
                        0x85, 0x01, 0x01, 0x03, 0x00, 0x00,                    //
                        0x21, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f}));
}

TEST(ProtobufWriter, StringsAndBytes) {
  std::string out;
  ProtobufWriter w(out);
  w.string_field(2, "testing");  // the encoding guide's example
  const std::uint8_t id[] = {0xde, 0xad};
  w.bytes_field(1, id);
  w.finish();
  EXPECT_EQ(out, bytes({0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g', 0x0a, 0x02, 0xde, 0xad}));
}

TEST(ProtobufWriter, RepairsIllFormedUtf8) {
  std::string out;
  ProtobufWriter(out).string_field(1,
                                   "a\xff"
                                   "b\xc3");  // a stray byte and a truncated sequence
  EXPECT_EQ(out, bytes({0x0a, 0x08, 'a', 0xef, 0xbf, 0xbd, 'b', 0xef, 0xbf, 0xbd}));
  out.clear();
  ProtobufWriter(out).string_field(1, "\xc3\xa9\xe2\x98\x83");  // well-formed é and ☃ pass unchanged
  EXPECT_EQ(out, bytes({0x0a, 0x05, 0xc3, 0xa9, 0xe2, 0x98, 0x83}));
}

TEST(ProtobufWriter, EmbeddedMessages) {
  std::string out;
  ProtobufWriter w(out);
  const auto outer = w.begin(1);
  const auto inner = w.begin(2);
  w.varint_field(1, 150);
  w.end(inner);
  w.end(outer);
  w.finish();
  EXPECT_EQ(out, bytes({0x0a, 0x05, 0x12, 0x03, 0x08, 0x96, 0x01}));
}

// Lengths of 127, 128 and 16384 need 1, 2 and 3 bytes; the content moves up behind the longer prefix, and an
// enclosing message counts the moved bytes.
TEST(ProtobufWriter, LengthsOutgrowingThePlaceholder) {
  for (const std::size_t size : {std::size_t{127}, std::size_t{128}, std::size_t{16384}}) {
    std::string out;
    ProtobufWriter w(out);
    const auto outer = w.begin(1);
    const auto inner = w.begin(2);
    w.raw(std::string(size, 'x'));
    w.end(inner);
    w.end(outer);
    w.finish();
    std::string prefix;
    ProtobufWriter(prefix).varint(size);
    const std::string inner_message = bytes({0x12}) + prefix + std::string(size, 'x');
    std::string expected = bytes({0x0a});
    ProtobufWriter(expected).varint(inner_message.size());
    expected += inner_message;
    EXPECT_EQ(out, expected) << size;
  }
}

// A placeholder of two bytes (as for a span) fits lengths of 128 to 16 383; shorter content moves down and longer
// content up, so the encoding is the canonical one either way.
TEST(ProtobufWriter, LargerPlaceholderGivesTheCanonicalEncoding) {
  for (const std::size_t size : {std::size_t{0}, std::size_t{127}, std::size_t{128}, std::size_t{16383},
                                 std::size_t{16384}}) {
    std::string out;
    ProtobufWriter w(out);
    const auto outer = w.begin(1);
    const auto inner = w.begin(2, 2);
    w.raw(std::string(size, 'x'));
    w.end(inner);
    w.varint_field(3, 1);
    w.end(outer);
    w.finish();
    std::string prefix;
    ProtobufWriter(prefix).varint(size);
    const std::string inner_message = bytes({0x12}) + prefix + std::string(size, 'x') + bytes({0x18, 0x01});
    std::string expected = bytes({0x0a});
    ProtobufWriter(expected).varint(inner_message.size());
    expected += inner_message;
    EXPECT_EQ(out, expected) << size;
  }
}

// The bytes reach the string when the writer is done; what it held before stays in front of them.
TEST(ProtobufWriter, AppendsToWhatTheStringHolds) {
  std::string out = "head";
  {
    ProtobufWriter w(out);
    w.varint_field(1, 1);
    w.raw(std::string(1000, 'x'));  // grows the buffer while writing
  }
  EXPECT_EQ(out, "head" + bytes({0x08, 0x01}) + std::string(1000, 'x'));
}

}  // namespace
}  // namespace gofr::tracing
