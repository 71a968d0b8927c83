#pragma once
// Beast's HTTP/1.1 request parser — its grammar, limits and framing rules — writing into a RequestHead instead of
// a beast::http::message. Trailer fields of a chunked body are not merged into the head (RFC 9110 §6.5.1).
#include <boost/beast/http/basic_parser.hpp>

#include "http/request_head.hpp"

namespace gofr::http::detail {

class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  // `head` must be empty (RequestHead::clear()) and outlive the parser.
  explicit RequestParser(RequestHead& head) noexcept : head_(head) {}

  RequestHead& get() noexcept { return head_; }
  const RequestHead& get() const noexcept { return head_; }

 private:
  using error_code = boost::system::error_code;
  using verb = boost::beast::http::verb;
  using field = boost::beast::http::field;
  using sv = boost::beast::string_view;  // Boost's own, which Beast's callbacks take

  void on_request_impl(verb method, sv method_text, sv target, int version,
                       error_code& ec) override;
  void on_response_impl(int, sv, int, error_code&) override {}  // never called for requests
  void on_field_impl(field id, sv name, sv value, error_code& ec) override;
  void on_header_impl(error_code& ec) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length, error_code& ec) override;
  std::size_t on_body_impl(sv body, error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t size, sv extensions, error_code& ec) override;
  std::size_t on_chunk_body_impl(std::uint64_t remain, sv body, error_code& ec) override;
  void on_finish_impl(error_code& ec) override;

  RequestHead& head_;
  bool header_done_ = false;
};

}  // namespace gofr::http::detail
