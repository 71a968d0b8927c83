// Proxy/app error attribution (resilience.md §11 F11, T11a): responses shaped like those of stock Envoy (as Istio
// runs it) and linkerd2-proxy, reconstructed from their documented formats, each classified correctly.
#include "service/failure_class.hpp"

#include <gtest/gtest.h>

namespace gofr::service::detail {
namespace {

struct Fixture {
  const char* what;
  int status;
  Headers headers;
  std::string body;
  FailureClass expected;
};

TEST(FailureClass, T11aProxyAndAppResponses) {
  const Fixture fixtures[] = {
      {"envoy UF: upstream connect failure", 503,
       {{"content-length", "145"}, {"content-type", "text/plain"}, {"server", "envoy"}},
       "upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport "
       "failure reason: delayed connect error: 111",
       FailureClass::proxy_local},
      {"envoy UH: no healthy upstream", 503, {{"content-type", "text/plain"}, {"server", "envoy"}},
       "no healthy upstream", FailureClass::proxy_local},
      {"envoy UT: upstream timeout", 504, {{"content-type", "text/plain"}, {"server", "istio-envoy"}},
       "upstream request timeout", FailureClass::proxy_local},
      {"envoy overload manager", 503, {{"x-envoy-overloaded", "true"}, {"server", "envoy"}}, "", FailureClass::proxy_local},
      {"istio sidecar, empty local reply", 503, {{"server", "istio-envoy"}, {"content-length", "0"}}, "",
       FailureClass::proxy_local},
      {"app 503 through envoy", 503,
       {{"x-envoy-upstream-service-time", "3"}, {"server", "istio-envoy"}, {"content-type", "application/json"}},
       R"({"error":{"message":"no database"}})", FailureClass::app_5xx},
      {"app 500 through envoy", 500, {{"x-envoy-upstream-service-time", "12"}, {"server", "envoy"}}, "oops",
       FailureClass::app_5xx},
      {"linkerd: connection refused", 502, {{"l5d-proxy-error", "client error (Connect): Connection refused (os error 111)"}},
       "", FailureClass::proxy_local},
      {"linkerd: fail-fast", 503, {{"l5d-proxy-error", "service in fail-fast"}, {"l5d-proxy-connection", "close"}}, "",
       FailureClass::proxy_local},
      {"linkerd: timeout", 504, {{"L5d-Proxy-Error", "request timed out"}}, "", FailureClass::proxy_local},
      {"app 503 through linkerd", 503, {{"content-type", "application/json"}}, "{}", FailureClass::app_5xx},
      {"nginx 502 page: unknown shape", 502, {{"server", "nginx/1.22.1"}, {"content-type", "text/html"}},
       "<html><head><title>502 Bad Gateway</title></head></html>", FailureClass::app_5xx},
      {"429", 429, {{"retry-after", "2"}}, "", FailureClass::throttled},
      {"429 from envoy's rate limit", 429, {{"x-envoy-ratelimited", "true"}, {"server", "envoy"}}, "",
       FailureClass::throttled},
      {"deadline expired downstream", 504, {{"X-Deadline-Expired", "1"}}, "", FailureClass::deadline},
      {"404", 404, {{"server", "envoy"}}, "", FailureClass::none},
      {"200", 200, {}, "ok", FailureClass::none},
  };
  for (const auto& f : fixtures) EXPECT_EQ(classify_response(f.status, f.headers, f.body), f.expected) << f.what;
}

}  // namespace
}  // namespace gofr::service::detail
