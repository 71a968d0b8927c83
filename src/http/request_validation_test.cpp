#include "http/request_validation.hpp"

#include <cctype>

#include <boost/beast/http/error.hpp>
#include <gtest/gtest.h>

#include "http/request_parser.hpp"

namespace gofr::http {
namespace {

namespace bhttp = boost::beast::http;

// Parses a request head and validates it; returns the status of the rejection, or 0 when accepted.
struct Checked {
  int status = 0;
  std::string message;
  detail::RequestData data;
};

Checked check(std::string_view raw) {
  static detail::RequestHead head;  // the views in `data` point into it until the next check()
  static detail::RequestParser* parser = nullptr;
  delete parser;
  head.clear();
  parser = new detail::RequestParser(head);
  parser->eager(false);
  boost::system::error_code ec;
  parser->put(boost::asio::buffer(raw.data(), raw.size()), ec);
  Checked out;
  if (ec && ec != bhttp::error::need_more) {
    const auto r = rejection_for(ec, raw);
    out.status = r.status;
    out.message = r.message;
    return out;
  }
  EXPECT_TRUE(parser->is_header_done()) << raw;
  out.data.message = &parser->get();
  out.data.method = parser->get().method_string();
  if (auto r = validate_request(parser->get(), out.data)) {
    out.status = r->status;
    out.message = r->message;
  }
  return out;
}

TEST(RequestValidation, AcceptsOrdinaryRequestsAndSplitsTheTarget) {
  auto c = check("GET //users/./1/?q=a%20b HTTP/1.1\r\nHost: example.com:8080\r\n\r\n");
  EXPECT_EQ(c.status, 0) << c.message;
  EXPECT_EQ(c.data.path, "/users/1");
  EXPECT_EQ(c.data.query, "q=a%20b");
  EXPECT_EQ(c.data.host, "example.com:8080");
  EXPECT_EQ(check("GET /x HTTP/1.0\r\n\r\n").status, 0);
  EXPECT_EQ(check("GET /x HTTP/1.1\r\nHost: [::1]:80\r\n\r\n").status, 0);
  EXPECT_EQ(check("GET /x HTTP/1.1\r\nHost:\r\n\r\n").status, 0);
  auto abs = check("GET http://h.example/a/../b?x=1 HTTP/1.1\r\nHost: h.example\r\n\r\n");
  EXPECT_EQ(abs.status, 0);
  EXPECT_EQ(abs.data.path, "/b");
  EXPECT_EQ(abs.data.host, "h.example");
  EXPECT_EQ(check("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").status, 0);
}

// A reg-name Host takes exactly RFC 3986's unreserved and sub-delims characters and '%'; every other byte a field
// value may hold is refused.
TEST(RequestValidation, HostRegNameCharacters) {
  const std::string_view allowed = "-._~!$&'()*+,;=%";
  for (int c = 0x21; c < 0x100; ++c) {
    if (c == ':' || c == 0x7f) continue;  // ':' starts the port; DEL is not a field-value byte
    const bool valid = std::isalnum(c) || allowed.find(static_cast<char>(c)) != std::string_view::npos;
    const std::string host = std::string("a") + static_cast<char>(c) + "b";
    EXPECT_EQ(check("GET /x HTTP/1.1\r\nHost: " + host + "\r\n\r\n").status, valid ? 0 : 400) << c;
  }
}

TEST(RequestValidation, RejectsWhatRfc9112Forbids) {
  EXPECT_EQ(check("GET /x HTTP/1.1\r\n\r\n").status, 400);                        // no Host
  EXPECT_EQ(check("GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").status, 400);  // two Hosts
  EXPECT_EQ(check("GET /x HTTP/1.1\r\nHost: a b\r\n\r\n").status, 400);           // bad Host
  EXPECT_EQ(check("GET /x HTTP/1.1\r\nHost: u@h\r\n\r\n").status, 400);           // userinfo
  EXPECT_EQ(check("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n").status, 501);
  EXPECT_EQ(check("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").status, 501);
  EXPECT_EQ(check("BREW /x HTTP/1.1\r\nHost: a\r\n\r\n").status, 501);
  EXPECT_EQ(check("CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n").status, 501);
  EXPECT_EQ(check("GET * HTTP/1.1\r\nHost: a\r\n\r\n").status, 400);
  EXPECT_EQ(check("GET ftp://a/b HTTP/1.1\r\nHost: a\r\n\r\n").status, 400);
  EXPECT_EQ(check("GET /x HTTP/2.0\r\nHost: a\r\n\r\n").status, 505);
}

TEST(RequestValidation, RejectsAmbiguousFraming) {
  EXPECT_EQ(check("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n").status, 400);
  EXPECT_EQ(check("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 1\r\n\r\n").status, 400);
  EXPECT_EQ(check("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n").status,
            400);
  EXPECT_EQ(check("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n").status, 400);
  EXPECT_EQ(check("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n").status, 400);
}

}  // namespace
}  // namespace gofr::http
