#include "http/request_parser.hpp"

#include <boost/beast/http/error.hpp>

namespace gofr::http::detail {

void RequestParser::on_request_impl(verb method, sv method_text, sv target, int version, error_code&) {
  head_.set_request_line(method, method_text, target, static_cast<unsigned>(version));
}

void RequestParser::on_field_impl(field id, sv name, sv value, error_code&) {
  if (!header_done_) head_.add_field(id, name, value);  // trailers are dropped
}

void RequestParser::on_header_impl(error_code&) { header_done_ = true; }

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length, error_code& ec) {
  // Beast has already refused a length above body_limit().
  if (!content_length) return;
  if (*content_length > head_.body().max_size()) {
    ec = boost::beast::http::error::buffer_overflow;
    return;
  }
  head_.body().reserve(static_cast<std::size_t>(*content_length));
}

std::size_t RequestParser::on_body_impl(sv body, error_code&) {
  head_.body().append(body);
  return body.size();
}

void RequestParser::on_chunk_header_impl(std::uint64_t, sv, error_code&) {}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, sv body, error_code&) {
  head_.body().append(body);
  return body.size();
}

void RequestParser::on_finish_impl(error_code&) {}

}  // namespace gofr::http::detail
