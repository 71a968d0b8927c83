#include "service/outbound_request.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

#include <boost/beast/core/string.hpp>

#include "util/http_grammar.hpp"

namespace gofr::service::detail {

namespace {

bool valid_target(std::string_view target) {
  return !target.empty() && std::none_of(target.begin(), target.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7F; });
}

bool valid_value(std::string_view value) {
  return std::none_of(value.begin(), value.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

}  // namespace

bool client_owned_header(std::string_view name) noexcept {
  static constexpr std::string_view owned[] = {"Host",    "Content-Length", "Transfer-Encoding", "Connection",
                                               "Keep-Alive", "TE",        "Trailer",           "Upgrade",
                                               "Proxy-Connection"};
  return std::any_of(std::begin(owned), std::end(owned), [name](std::string_view o) { return boost::beast::iequals(name, o); });
}

OutboundRequest::OutboundRequest(std::string_view method, std::string_view target) : method_size_(method.size()) {
  if (!util::is_token(method)) throw std::invalid_argument("invalid HTTP method \"" + std::string(method) + "\"");
  if (!valid_target(target)) throw std::invalid_argument("invalid request target \"" + std::string(target) + "\"");
  head_.reserve(512);
  head_.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
}

void OutboundRequest::add(std::string_view name, std::string_view value) {
  if (!util::is_token(name)) throw std::invalid_argument("invalid header name \"" + std::string(name) + "\"");
  if (!valid_value(value)) {
    throw std::invalid_argument("the value of header " + std::string(name) + " holds CR, LF or NUL");
  }
  head_.append(name).append(": ").append(util::trim_ows(value)).append("\r\n");
}

std::array<boost::asio::const_buffer, 2> OutboundRequest::wire() {
  if (!finished_) {
    finished_ = true;
    // RFC 9110 §8.6: a request without content carries no Content-Length unless its method expects content.
    const auto m = method();
    if (!body_.empty() || m == "POST" || m == "PUT" || m == "PATCH") {
      head_.append("Content-Length: ").append(std::to_string(body_.size())).append("\r\n");
    }
    head_.append("\r\n");
  }
  return {boost::asio::buffer(head_), boost::asio::buffer(body_)};
}

}  // namespace gofr::service::detail
