// RESP: commands encoded as arrays of bulk strings (binary-safe), replies decoded however the bytes are split, error
// replies kept as values with their prefix as the code, and bytes that are not RESP refused.
#include "redis/resp.hpp"

#include <gtest/gtest.h>

namespace gofr::redis::detail {
namespace {

TEST(Resp, CommandsAreArraysOfBulkStrings) {
  std::string out;
  append_command(out, {"SET", "k", std::string("a\r\n\0b", 5)});
  EXPECT_EQ(out, std::string("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\na\r\n\0b\r\n", 31));
}

TEST(Resp, RepliesAreDecodedAcrossArbitrarySplits) {
  const std::string wire = "+OK\r\n:42\r\n$5\r\nhello\r\n$-1\r\n*2\r\n$1\r\na\r\n*1\r\n:7\r\n-WRONGTYPE bad kind\r\n";
  for (std::size_t split = 0; split <= wire.size(); ++split) {
    ReplyReader reader;
    reader.feed(wire.data(), split);
    std::vector<Decoded> got;
    while (auto d = reader.next()) got.push_back(std::move(*d));
    reader.feed(wire.data() + split, wire.size() - split);
    while (auto d = reader.next()) got.push_back(std::move(*d));
    ASSERT_EQ(got.size(), 6u) << "split at " << split;
    EXPECT_EQ(got[0].reply.type, Reply::Type::status);
    EXPECT_EQ(got[0].reply.string, "OK");
    EXPECT_EQ(got[1].reply.integer, 42);
    EXPECT_EQ(got[2].reply.string, "hello");
    EXPECT_TRUE(got[3].reply.is_nil());
    ASSERT_EQ(got[4].reply.elements.size(), 2u);
    EXPECT_EQ(got[4].reply.elements[1].elements.at(0).integer, 7);
    ASSERT_TRUE(got[5].error);
    EXPECT_EQ(got[5].error->code(), "WRONGTYPE");
    EXPECT_STREQ(got[5].error->what(), "WRONGTYPE bad kind");
  }
}

// Found by fuzzing: an array header claiming a billion elements must cost memory only for elements that arrive.
TEST(Resp, AnArrayCountCostsNothingUntilTheElementsArrive) {
  ReplyReader reader;
  const std::string wire = "*1111111113\r\n$1\r\na\r\n:5\r\n";
  reader.feed(wire.data(), wire.size());
  EXPECT_FALSE(reader.next());  // two of the claimed elements so far: incomplete, and nothing allocated for the rest
}

TEST(Resp, BytesThatAreNotRespAreRefused) {
  ReplyReader reader;
  reader.feed("HTTP/1.1 400 Bad Request\r\n", 26);
  try {
    reader.next();
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "protocol");
  }
}

}  // namespace
}  // namespace gofr::redis::detail
