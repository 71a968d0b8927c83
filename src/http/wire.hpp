#pragma once
// Serialising responses: the status line, a cached Date header, framing headers, then the handler's headers.
#include <string>
#include <string_view>

#include "gofr/http/response_writer.hpp"

namespace gofr::http {

std::string_view reason_phrase(int status) noexcept;

// 1xx, 204 and 304 responses never have a body (RFC 9110 §6.4.1).
bool body_allowed(int status) noexcept;

struct WireOptions {
  bool keep_alive = true;  // false adds Connection: close
  bool http10 = false;     // an HTTP/1.0 client that asked for keep-alive needs Connection: keep-alive
  bool streamed = false;   // body length unknown: chunked for HTTP/1.1, close-delimited for HTTP/1.0
};

// Appends status line and headers (not the body) to `out`; `extra` holds pre-serialised header lines
// ("Name: value\r\n") the framework adds to every response (X-Correlation-ID, CORS). Handler-set headers are
// made safe for the wire: a name that is not an RFC 9110 token is dropped, and control characters in a value
// (CR and LF above all: response splitting) become spaces, as Go's server does. A status outside 100–599 is sent
// as 500. For HEAD the head is the same as for GET; the caller leaves the body out.
void serialize_head(std::string& out, const Response& response, const WireOptions& options,
                    std::string_view extra = {});

// A complete `Connection: close` response for errors detected before a request could be dispatched (400, 413,
// 431, …).
std::string simple_error_response(int status, std::string_view message);

}  // namespace gofr::http
