// The outbound request's wire form: the head as fields were added, Content-Length by RFC 9110 §8.6, and fields
// that could smuggle in another header refused.
#include "service/outbound_request.hpp"

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

namespace gofr::service::detail {
namespace {

std::string text(OutboundRequest& request) {
  std::string out;
  for (const auto& b : request.wire()) out.append(static_cast<const char*>(b.data()), b.size());
  return out;
}

TEST(OutboundRequest, HeadFieldsAndBodyInOrder) {
  OutboundRequest post("POST", "/orders?x=1");
  post.add("Host", "orders:8080");
  post.add("X-Tag", "  padded\t");
  post.set_body(R"({"id":1})");
  EXPECT_EQ(text(post), "POST /orders?x=1 HTTP/1.1\r\nHost: orders:8080\r\nX-Tag: padded\r\nContent-Length: 8\r\n\r\n{\"id\":1}");
  EXPECT_EQ(text(post), text(post)) << "a resend writes the same bytes";
  EXPECT_EQ(post.method(), "POST");
}

TEST(OutboundRequest, ContentLengthOnlyWhenThereIsContentOrTheMethodExpectsIt) {
  OutboundRequest get("GET", "/");
  EXPECT_EQ(text(get), "GET / HTTP/1.1\r\n\r\n");
  OutboundRequest put("PUT", "/x");
  EXPECT_EQ(text(put), "PUT /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
  OutboundRequest del("DELETE", "/x");
  del.set_body("why");
  EXPECT_EQ(text(del), "DELETE /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nwhy");
}

TEST(OutboundRequest, NothingCanSmuggleInAHeader) {
  OutboundRequest request("GET", "/");
  EXPECT_THROW(request.add("X-A", "1\r\nX-Injected: 1"), std::invalid_argument);
  EXPECT_THROW(request.add("X-A", "1\nX"), std::invalid_argument);
  EXPECT_THROW(request.add("X-A", std::string("1\0", 2)), std::invalid_argument);
  EXPECT_THROW(request.add("X A", "1"), std::invalid_argument);
  EXPECT_THROW(request.add("", "1"), std::invalid_argument);
  EXPECT_THROW(OutboundRequest("GE T", "/"), std::invalid_argument);
  EXPECT_THROW(OutboundRequest("GET", "/a b"), std::invalid_argument);
  EXPECT_THROW(OutboundRequest("GET", "/a\r\nX: 1"), std::invalid_argument);
  EXPECT_THROW(OutboundRequest("GET", ""), std::invalid_argument);
  EXPECT_EQ(text(request), "GET / HTTP/1.1\r\n\r\n");
}

TEST(OutboundRequest, TheClientOwnsFramingAndHopByHopFields) {
  for (const char* name : {"Host", "content-length", "Transfer-Encoding", "CONNECTION", "Keep-Alive", "TE", "Trailer",
                           "Upgrade", "Proxy-Connection"}) {
    EXPECT_TRUE(client_owned_header(name)) << name;
  }
  for (const char* name : {"X-Host", "Content-Type", "Hostname", "T", ""}) EXPECT_FALSE(client_owned_header(name)) << name;
}

}  // namespace
}  // namespace gofr::service::detail
