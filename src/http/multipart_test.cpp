#include "http/multipart.hpp"

#include <gtest/gtest.h>

namespace gofr::http {
namespace {

TEST(Multipart, ParsesFieldsAndFiles) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a b.txt\"\r\n"
      "Content-Type: text/plain\r\n\r\nline1\r\nline2\r\n--XyZ--\r\n";
  ASSERT_EQ(multipart_boundary("multipart/form-data; boundary=XyZ"), "XyZ");
  ASSERT_EQ(multipart_boundary("multipart/form-data; charset=utf-8; boundary=\"XyZ\""), "XyZ");
  std::string error;
  auto parts = parse_multipart(body, "XyZ", error);
  ASSERT_TRUE(parts) << error;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "title");
  EXPECT_EQ((*parts)[0].data, "hello");
  EXPECT_FALSE((*parts)[0].filename);
  EXPECT_EQ((*parts)[1].filename, "a b.txt");
  EXPECT_EQ((*parts)[1].content_type, "text/plain");
  EXPECT_EQ((*parts)[1].data, "line1\r\nline2");
}

TEST(Multipart, RejectsMalformedBodies) {
  std::string error;
  EXPECT_FALSE(parse_multipart("no boundary here", "XyZ", error));
  EXPECT_FALSE(
      parse_multipart("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated", "XyZ", error));
  EXPECT_FALSE(parse_multipart("--XyZ\r\nX: y\r\n\r\nv\r\n--XyZ--", "XyZ", error));
  EXPECT_FALSE(multipart_boundary("multipart/form-data"));
}

}  // namespace
}  // namespace gofr::http
