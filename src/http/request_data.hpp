#pragma once
#include <functional>
#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>

#include "http/request_head.hpp"

namespace gofr::http::detail {

// Headers that live elsewhere than in a RequestHead (a gRPC call's metadata, read where grpc++ keeps it), and the
// peer, asked for only when someone wants it (grpc++ formats it anew on every ask).
class HeaderSource {
 public:
  // The first value of `name` (case-insensitive), or "".
  virtual std::string_view find(std::string_view name) const noexcept = 0;
  // Every value of `name`, in order.
  virtual void find_all(std::string_view name, const std::function<void(std::string_view)>& visit) const = 0;
  virtual void for_each(const std::function<void(std::string_view, std::string_view)>& visit) const = 0;
  // "ip:port" of the peer, as format_endpoint writes it.
  virtual std::string remote_address() const = 0;

 protected:
  ~HeaderSource() = default;
};

// The parsed request behind gofr::http::Request: the head and body plus what the server derived from it. A gRPC call
// has no message: its headers come from `headers`, and it has no body.
struct RequestData {
  const RequestHead* message = nullptr;
  const HeaderSource* headers = nullptr;  // set when message is not
  std::string_view method;
  std::string_view path;   // cleaned, percent-encoded: into the message's target, or into cleaned_path
  std::string cleaned_path;  // the path when cleaning changed it
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
