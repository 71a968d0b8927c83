#pragma once
#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace gofr::http::detail {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

// The parsed request behind gofr::http::Request: Beast's message plus what the server derived from it.
struct RequestData {
  const BeastRequest* message = nullptr;
  std::string_view method;
  std::string path;        // cleaned, percent-encoded
  std::string_view query;  // without '?'
  std::string_view host;   // from the absolute-form target or the Host header
  boost::asio::ip::tcp::endpoint remote;
  std::string_view remote_text;  // format_endpoint(remote), formatted once per connection
  bool secure = false;
};

// "ip:port", with IPv4-mapped IPv6 addresses shown as IPv4 and other IPv6 addresses in brackets.
std::string format_endpoint(const boost::asio::ip::tcp::endpoint& endpoint);

// The address part of format_endpoint's text, without brackets: "10.0.0.1:80" → "10.0.0.1", "[::1]:80" → "::1".
inline std::string_view endpoint_address(std::string_view endpoint_text) {
  const auto colon = endpoint_text.rfind(':');
  auto address = endpoint_text.substr(0, colon == std::string_view::npos ? endpoint_text.size() : colon);
  if (address.size() >= 2 && address.front() == '[') address = address.substr(1, address.size() - 2);
  return address;
}

}  // namespace gofr::http::detail
