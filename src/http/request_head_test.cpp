#include "http/request_head.hpp"

#include <boost/asio/buffer.hpp>
#include <gtest/gtest.h>

#include "http/request_parser.hpp"

namespace gofr::http::detail {
namespace {

using Known = RequestHead::Known;

void parse(RequestHead& head, std::string_view raw) {
  head.clear();
  RequestParser parser(head);
  parser.eager(false);
  boost::system::error_code ec;
  parser.put(boost::asio::buffer(raw.data(), raw.size()), ec);
  ASSERT_FALSE(ec) << ec.message();
  ASSERT_TRUE(parser.is_header_done());
}

// Each Known field, named in any case, is found as find() finds it by name.
TEST(RequestHead, IndexesTheFieldsTheFrameworkReads) {
  const std::pair<Known, std::string_view> known[] = {
      {Known::user_agent, "User-Agent"},
      {Known::forwarded_for, "X-Forwarded-For"},
      {Known::traceparent, "traceparent"},
      {Known::grpc_timeout, "grpc-timeout"},
      {Known::request_timeout_ms, "X-Request-Timeout-Ms"},
      {Known::request_deadline, "X-Request-Deadline"},
      {Known::envoy_expected_rq_timeout_ms, "x-envoy-expected-rq-timeout-ms"},
      {Known::request_attempt, "X-Request-Attempt"},
      {Known::envoy_attempt_count, "x-envoy-attempt-count"},
      {Known::grpc_previous_rpc_attempts, "grpc-previous-rpc-attempts"},
  };
  static_assert(std::size(known) == RequestHead::known_count);
  RequestHead head;
  for (const auto& [k, name] : known) {
    std::string upper(name);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    parse(head, "GET / HTTP/1.1\r\nHost: a\r\n" + upper + ": first\r\n" + std::string(name) + ": second\r\n\r\n");
    EXPECT_EQ(head[k], "first") << name;  // the first value, as find() gives
    EXPECT_EQ(head.find(name), "first") << name;
    for (const auto& [other, other_name] : known) {
      if (other != k) {
        EXPECT_EQ(head[other], "") << name << " is not " << other_name;
      }
    }
  }
}

// A name of a Known field's length that is another name, and a request without any: nothing is found, and
// clear() forgets the previous request's fields.
TEST(RequestHead, FindsNothingForOtherNamesOrAfterClear) {
  RequestHead head;
  parse(head, "GET / HTTP/1.1\r\nHost: a\r\ntraceparenx: 1\r\ngrpc-timeouts: 2\r\nX-Forwarded-Fo: 3\r\n\r\n");
  for (std::size_t k = 0; k < RequestHead::known_count; ++k) EXPECT_EQ(head[static_cast<Known>(k)], "") << k;
  parse(head, "GET / HTTP/1.1\r\nHost: a\r\ngrpc-timeout: 1S\r\n\r\n");
  EXPECT_EQ(head[Known::grpc_timeout], "1S");
  parse(head, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(head[Known::grpc_timeout], "");
}

}  // namespace
}  // namespace gofr::http::detail
