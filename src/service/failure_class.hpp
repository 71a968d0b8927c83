#pragma once
// What went wrong with an attempt (resilience.md §11 F11), so that retries, the breaker, the throttle and the
// metrics each react to the right thing: a proxy that could not reach the service (Envoy's or Linkerd's own
// reply) is not the application failing, a 429 is a request to slow down rather than ill health, and a spent
// deadline is nobody's failure to retry.
#include <string_view>

#include "gofr/service/types.hpp"

namespace gofr::service::detail {

enum class FailureClass : std::uint8_t {
  none,         // a response the caller should see as it is: 1xx–4xx (but 429), and 5xx never reached here
  transport,    // no response: refused, reset, closed, TLS failure, or the per-attempt timeout
  proxy_local,  // a sidecar's own error reply: l5d-proxy-error, or an Envoy local reply
  app_5xx,      // the application answered 5xx
  throttled,    // 429
  deadline,     // the call's deadline ran out, or the service said it had (X-Deadline-Expired)
};

std::string_view to_string(FailureClass c) noexcept;

// The class of a response. Unknown shapes of 5xx fall back to app_5xx.
FailureClass classify_response(int status, const Headers& headers, std::string_view body);

}  // namespace gofr::service::detail
