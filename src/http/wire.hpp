#pragma once
// Serialising responses: the status line, a cached Date header, framing headers, then the handler's headers.
#include <string>
#include <string_view>

#include "gofr/http/response_writer.hpp"

namespace gofr::http {

std::string_view reason_phrase(int status) noexcept;

struct WireOptions {
  bool head = false;       // HEAD: send Content-Length of the body but not the body
  bool keep_alive = true;  // false adds Connection: close
  bool http10 = false;     // an HTTP/1.0 client that asked for keep-alive needs Connection: keep-alive
  bool streamed = false;   // body length unknown: chunked for HTTP/1.1, close-delimited for HTTP/1.0
};

// Appends status line and headers (not the body) to `out`; `extra` holds pre-serialised header lines
// ("Name: value\r\n") the framework adds to every response (X-Correlation-ID, CORS).
void serialize_head(std::string& out, const Response& response, const WireOptions& options,
                    std::string_view extra = {});

// A complete response for errors detected before a request could be dispatched (400, 413, 431, …).
std::string simple_error_response(int status, std::string_view message, bool keep_alive);

}  // namespace gofr::http
