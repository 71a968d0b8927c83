#include "grpc/health_codec.hpp"

#include <gtest/gtest.h>

namespace gofr::grpc::detail {
namespace {

using namespace std::string_literals;

TEST(HealthCodec, DecodesTheServiceName) {
  EXPECT_EQ(decode_health_request(""), "");  // the empty message: the server as a whole
  EXPECT_EQ(decode_health_request("\x0a\x05hello"s), "hello");
  EXPECT_EQ(decode_health_request("\x0a\x00"s), "");
}

TEST(HealthCodec, SkipsUnknownFieldsOfEveryWireType) {
  const auto bytes = "\x10\x96\x01"s                 // field 2, varint 150
                     "\x19" + std::string(8, 'x') +  // field 3, 64-bit
                     "\x22\x02" "ab"s                // field 4, length-delimited
                     "\x2d" + std::string(4, 'y') +  // field 5, 32-bit
                     "\x0a\x03svc"s;
  EXPECT_EQ(decode_health_request(bytes), "svc");
}

TEST(HealthCodec, LastValueOfARepeatedFieldWins) {
  EXPECT_EQ(decode_health_request("\x0a\x01" "a" "\x0a\x01" "b"s), "b");
}

TEST(HealthCodec, RejectsMalformedMessages) {
  EXPECT_EQ(decode_health_request("\x0a\x05hel"s), std::nullopt);         // length past the end
  EXPECT_EQ(decode_health_request("\x0a"s), std::nullopt);                 // no length
  EXPECT_EQ(decode_health_request("\x08"s), std::nullopt);                 // varint cut short
  EXPECT_EQ(decode_health_request("\x08\x80\x80"s), std::nullopt);
  EXPECT_EQ(decode_health_request("\x19\x01\x02"s), std::nullopt);         // 64-bit cut short
  EXPECT_EQ(decode_health_request("\x0b"s), std::nullopt);                 // start group
  EXPECT_EQ(decode_health_request("\x0e"s), std::nullopt);                 // wire type 6
  EXPECT_EQ(decode_health_request("\x02\x00"s), std::nullopt);             // field 0
  EXPECT_EQ(decode_health_request(std::string(11, '\xff')), std::nullopt);  // varint over 10 bytes
}

TEST(HealthCodec, EncodesTheStatus) {
  EXPECT_EQ(encode_health_response(ServingStatus::serving), "\x08\x01"s);
  EXPECT_EQ(encode_health_response(ServingStatus::not_serving), "\x08\x02"s);
  EXPECT_EQ(encode_health_response(ServingStatus::service_unknown), "\x08\x03"s);
  EXPECT_EQ(encode_health_response(ServingStatus::unknown), "");
}

}  // namespace
}  // namespace gofr::grpc::detail
