// Request parsing as the server does it: Beast's parser with our limits into the flat RequestHead, then our
// validation of the head (framing, Host, target) and path cleaning. Any crash, leak or sanitizer report is a bug.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "http/request_parser.hpp"
#include "http/request_validation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace bhttp = boost::beast::http;
  gofr::http::detail::RequestHead head;
  gofr::http::detail::RequestParser parser(head);
  parser.header_limit(8 * 1024);
  parser.body_limit(64 * 1024);
  parser.eager(true);
  boost::system::error_code ec;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // Feed in two pieces to exercise the incremental path.
  const auto half = size / 2;
  auto used = parser.put(boost::asio::buffer(input.data(), half), ec);
  if (ec == bhttp::error::need_more) ec = {};
  if (!ec) parser.put(boost::asio::buffer(input.data() + used, size - used), ec);
  if (parser.is_header_done()) {
    // Every field the head kept reads back whole (offsets into the moved text buffer).
    for (std::size_t i = 0; i < head.size(); ++i) (void)head.find(head[i].name);
    gofr::http::detail::RequestData request;
    request.message = &parser.get();
    request.method = parser.get().method_string();
    if (!gofr::http::validate_request(parser.get(), request)) (void)gofr::http::expectation_of(parser.get());
  }
  if (!ec || ec == bhttp::error::need_more) return 0;
  (void)gofr::http::rejection_for(ec);
  return 0;
}
