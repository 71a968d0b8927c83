#pragma once
// A request as it goes on the wire: its head is written into one buffer as the fields are added, and sent with the
// body in one gather write. Beast's request serializer walks the field list through nested buffer views, which
// callgrind put at about 20,000 instructions for a dozen fields on every call; appending the bytes once is a
// fraction of that. Fields are checked as they are added, so no value can smuggle in another header.
#include <array>
#include <string>
#include <string_view>

#include <boost/asio/buffer.hpp>

namespace gofr::service::detail {

// Fields the client writes itself or that belong to one connection (RFC 9110 §7.6.1, RFC 9112 §6): Host,
// Content-Length, Transfer-Encoding, Connection, Keep-Alive, TE, Trailer, Upgrade, Proxy-Connection. A caller's
// own (forwarded inbound headers, say) are left out: a second Host is a 400, and a Transfer-Encoding next to the
// client's Content-Length would desynchronise a kept-alive connection.
bool client_owned_header(std::string_view name) noexcept;

class OutboundRequest {
 public:
  // Throws std::invalid_argument for a method that is not a token, or a target with spaces or control characters.
  OutboundRequest(std::string_view method, std::string_view target);

  // Throws std::invalid_argument for a name that is not a token or a value holding CR, LF or NUL.
  void add(std::string_view name, std::string_view value);
  void set_body(std::string body) { body_ = std::move(body); }

  std::string_view method() const noexcept { return std::string_view(head_).substr(0, method_size_); }
  const std::string& body() const noexcept { return body_; }

  // The head and the body, ready to write; the first call ends the head (Content-Length, the empty line), and the
  // request takes no more fields after it.
  std::array<boost::asio::const_buffer, 2> wire();

 private:
  std::string head_;
  std::string body_;
  std::size_t method_size_;
  bool finished_ = false;
};

}  // namespace gofr::service::detail
