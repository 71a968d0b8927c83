#pragma once
// A read-only view of the request being served. It lives as long as the handler's Context.
// Threading: use it only on the thread that runs the handler (not from `offload`ed work; copy what you need).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gofr::http {

namespace detail {
struct RequestData;
}

class Request {
 public:
  explicit Request(const detail::RequestData& data) noexcept : data_(&data) {}

  std::string_view method() const noexcept;
  // The request target exactly as sent ("/users/1?x=2", or absolute-form).
  std::string_view target() const noexcept;
  // The cleaned path used for routing, still percent-encoded ("/users/1").
  std::string_view path() const noexcept;
  // The query string without '?', percent-encoded.
  std::string_view query() const noexcept;
  // 10 for HTTP/1.0, 11 for HTTP/1.1, 20 for a gRPC call (HTTP/2).
  unsigned version() const noexcept;

  // The first value of a header (case-insensitive name), or "" when absent.
  std::string_view header(std::string_view name) const noexcept;
  // Every value of a header, in order.
  std::vector<std::string_view> header_values(std::string_view name) const;
  void for_each_header(const std::function<void(std::string_view name, std::string_view value)>& visit) const;

  std::string_view body() const noexcept;
  // The peer's address as "ip:port".
  std::string remote_address() const;
  bool secure() const noexcept;

  const detail::RequestData& data() const noexcept { return *data_; }

 private:
  const detail::RequestData* data_;
};

// A file received in a multipart/form-data body.
struct FileHeader {
  std::string filename;
  std::string content_type;
  std::string content;
};

}  // namespace gofr::http
