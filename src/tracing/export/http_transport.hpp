#pragma once
// A small blocking HTTP/1.1 client for the span exporters. It runs on the batch processor's thread only (never on
// a request's), keeps one connection open between exports, and bounds every exchange with a timeout, so a dead
// collector costs one timeout per batch and nothing else.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gofr::tracing {

class HttpTransport {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  // `url` is an absolute http:// or https:// URL; throws std::invalid_argument otherwise.
  HttpTransport(std::string_view url, Headers headers, std::chrono::milliseconds timeout);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // POSTs `body`; returns the response status, or 0 with `error` set when there was no response.
  int post(std::string body, std::string_view content_type, std::string& error);

  const std::string& url() const noexcept { return url_; }

 private:
  struct Connection;
  std::string url_;
  std::string host_, port_, target_;
  bool tls_ = false;
  Headers headers_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace gofr::tracing
