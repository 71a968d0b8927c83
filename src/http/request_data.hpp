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
  bool secure = false;
};

// "ip:port", with IPv4-mapped IPv6 addresses shown as IPv4 and other IPv6 addresses in brackets.
std::string format_endpoint(const boost::asio::ip::tcp::endpoint& endpoint);

}  // namespace gofr::http::detail
