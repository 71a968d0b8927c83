#pragma once
// The deadline a caller gave this request (resilience.md §11 F4), read from the first of these headers present:
//   grpc-timeout                      gRPC's relative form: 1-8 digits and a unit (H, M, S, m, u, n)
//   X-Request-Timeout-Ms              relative milliseconds, sent by gofr-cpp clients
//   X-Request-Deadline                absolute Unix time in milliseconds, only when trusted (clock skew), and only
//                                     within an hour of now
//   x-envoy-expected-rq-timeout-ms    relative milliseconds, set by Envoy (Istio) on the requests it forwards
// A malformed value is ignored, not rejected: the request is served without that deadline.
#include <chrono>
#include <optional>
#include <string_view>

#include "http/request_data.hpp"

namespace gofr::http {

struct DeadlineHeaders {
  std::string_view grpc_timeout, timeout_ms, deadline, envoy_timeout_ms;
};

// Relative values count from `now`; the absolute form is read only when `trust_absolute`.
std::optional<std::chrono::steady_clock::time_point> inbound_deadline(
    const DeadlineHeaders& headers, bool trust_absolute, std::chrono::steady_clock::time_point now,
    std::chrono::system_clock::time_point wall_now);

// gRPC's Timeout: TimeoutValue (1-8 ASCII digits) and TimeoutUnit (H hours, M minutes, S seconds, m millis,
// u micros, n nanos). nullopt when malformed.
std::optional<std::chrono::nanoseconds> parse_grpc_timeout(std::string_view value);

}  // namespace gofr::http
