#pragma once
// The checks a parsed request head must pass before dispatch (RFC 9110/9112): framing, Host, request target,
// method, version and Expect. Each failure names the problem and the status to answer with.
#include <optional>
#include <string>
#include <string_view>

#include <boost/system/error_code.hpp>

#include "http/request_data.hpp"

namespace gofr::http {

struct Rejection {
  int status;
  std::string message;
};

// The status and message for a Beast parse error (431, 413, 400, …). `head` is the unparsed input, used to tell
// a well-formed request line of another HTTP major version (505) from a malformed one (400).
Rejection rejection_for(const boost::system::error_code& ec, std::string_view head = {});

// Checks version, method, framing, Host and target; fills data.path, data.query and data.host on success.
std::optional<Rejection> validate_request(const detail::RequestHead& msg, detail::RequestData& data);

enum class Expectation { none, continue_100, unsupported };
// What the request's Expect header asks for (RFC 9110 §10.1.1); HTTP/1.0 clients cannot expect 100-continue.
Expectation expectation_of(const detail::RequestHead& msg);

}  // namespace gofr::http
